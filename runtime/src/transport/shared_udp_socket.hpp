//===- shared_udp_socket.hpp - -t u1's one UDP socket ----------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The process's one UDP socket (-t u1, and -t ui's main one): shard 0 reads
// it in batches (recvmmsg) and hands each datagram on; every shard sends on
// it, queuing what a handler produces and sending it with one sendmmsg when
// the handler ends, since a system call per datagram is most of a UDP run's
// cost. With -udp_gso the datagrams of a batch that go to one peer with
// one size leave as one segmented send (segment_groups.hpp), and the reader
// takes a peer's segmented sends whole (UDP_GRO) and cuts them up again.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "transport/poll_policy.hpp"
#include "transport/segment_groups.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <vector>

namespace gossipper::runtime {

/// One shard's sends on the shared socket.
class UdpSendQueue {
public:
  /// `segmented`: -udp_gso, the batch leaves in segmented sends where it
  /// can.
  explicit UdpSendQueue(int fd, bool segmented = false) : fd_(fd), segmented_(segmented) {}
  /// Where a datagram the kernel refused for good is reported, by Call-ID.
  using Failed = std::function<void(std::string_view call_id)>;

  /// Queues `bytes` for `to`, on behalf of call `call_id` (inline: every
  /// datagram of a u1 run passes here).
  void push(std::string_view bytes, const boost::asio::ip::udp::endpoint &to,
            std::string_view call_id) {
    Queued q{};
    q.offset = bytes_.size();
    q.length = bytes.size();
    bytes_.insert(bytes_.end(), bytes.begin(), bytes.end());
    q.id_offset = bytes_.size();
    q.id_length = call_id.size();
    bytes_.insert(bytes_.end(), call_id.begin(), call_id.end());
    q.to_length = static_cast<socklen_t>(to.size());
    std::memcpy(&q.to, to.data(), q.to_length);
    q.call = segmented_ ? std::hash<std::string_view>{}(call_id) : 0;
    queued_.push_back(q);
  }
  /// Sends what is queued (every tick: nothing to do when nothing waits). A
  /// datagram the kernel refused for a full buffer is lost as a network
  /// would lose it (retransmission repairs it); a hard error is reported to
  /// `failed` (when set), once the queue is empty.
  void flush(const Failed &failed) {
    if (!queued_.empty()) {
      send_all(failed);
    }
  }
  /// Sends one datagram at once, for a socket that sends one at a time
  /// (a media stream's: queuing it would only touch it twice). Call it
  /// only when empty(): it would pass what waits. False when the kernel
  /// refused it (a full buffer or a hard error), the caller's to count; an
  /// ICMP error of an earlier datagram is no refusal of this one.
  bool send_now(std::string_view bytes, const boost::asio::ip::udp::endpoint &to);
  /// As many as one sendmmsg takes: time to flush.
  [[nodiscard]] bool full() const { return queued_.size() >= kMaxQueued; }
  [[nodiscard]] bool empty() const { return queued_.empty(); }
  [[nodiscard]] size_t drops() const { return drops_; }
  [[nodiscard]] size_t errors() const { return errors_; }
  /// Datagrams that left in a segmented send of two or more.
  [[nodiscard]] size_t segmented() const { return segmented_sent_; }

private:
  void send_all(const Failed &failed);
  /// send_all's work: a send per group (with -udp_gso, a segmented one).
  void send_groups(std::vector<std::string> &refused);
  /// A group the kernel would not segment leaves datagram by datagram.
  void send_singly(const SegmentGroups::Group &group, std::vector<std::string> &refused);
  /// The kernel refused datagram `index` with `err`: counted, and its call
  /// failed for a hard error.
  void refused_one(size_t index, int err, std::vector<std::string> &refused);

  struct Queued {
    size_t offset;
    size_t length;
    size_t id_offset;
    size_t id_length;
    sockaddr_storage to;
    socklen_t to_length;
    uint64_t call; ///< -udp_gso: a hash of the Call-ID
  };
  static constexpr size_t kMaxQueued = 64;

  int fd_;
  bool segmented_;
  /// Datagrams longer than this are not grouped: a segment above the
  /// path's MTU makes the kernel refuse the send, which lowers it.
  size_t max_segment_ = SegmentGroups::kMaxBytes;
  size_t segmented_sent_ = 0;
  SegmentGroups groups_;
  std::vector<SegmentItem> items_;
  std::vector<iovec> iov_;
  std::vector<char> bytes_;
  std::vector<Queued> queued_;
  size_t drops_ = 0;
  size_t errors_ = 0;
};

/// Shard 0's reading of the shared socket: on readiness, or on the tick
/// under load (PollPolicy).
class UdpReader {
public:
  /// Where each datagram read goes.
  using Sink =
      std::function<void(std::string_view raw, const boost::asio::ip::udp::endpoint &from)>;

  /// `fd` is duplicated: the reader owns its copy. `max_reads`: SIPp's
  /// -max_recv_loops, the datagrams one read takes at most. `after_read`
  /// runs when an event's datagrams were handed on (the sends they caused
  /// leave then). `coalesced`: -udp_gso, a peer's segmented send is read
  /// whole and cut into its datagrams here.
  UdpReader(boost::asio::io_context &io, int fd, uint32_t max_reads, Sink sink,
            std::function<void()> after_read, std::function<void(const std::string &)> warn,
            bool coalesced = false);
  ~UdpReader();
  UdpReader(const UdpReader &) = delete;
  UdpReader &operator=(const UdpReader &) = delete;

  /// Starts waiting for datagrams.
  void start();
  /// On the tick: reads, if the socket is read on the tick now.
  void on_tick();
  void close();

private:
  void wait();
  /// Reads what the socket holds, at most max_reads datagrams; how many.
  size_t read();

  struct Batch {
    static constexpr unsigned kSize = 32;
    std::array<std::array<char, 65536>, kSize> bufs;
    std::array<mmsghdr, kSize> msgs{};
    std::array<iovec, kSize> iov{};
    std::array<sockaddr_storage, kSize> addrs{};
    struct Control {
      alignas(cmsghdr) std::array<char, CMSG_SPACE(sizeof(int))> bytes;
    };
    std::array<Control, kSize> controls; ///< UDP_GRO: the segments' size
  };
  /// Hands on one read datagram, cut into its segments when it was read
  /// coalesced.
  void hand_on(unsigned index);

  int fd_;                                           ///< read with recvmmsg
  boost::asio::posix::stream_descriptor descriptor_; ///< a copy of fd_, waited on
  int polled_fd_ = -1; ///< the descriptor while it is out of the reactor
  uint32_t max_reads_;
  Sink sink_;
  std::function<void()> after_read_;
  std::function<void(const std::string &)> warn_;
  bool coalesced_;
  PollPolicy policy_;
  uint64_t ticks_ = 0;           ///< the policy's time window: a wake-up is counted per tick
  std::unique_ptr<Batch> batch_; ///< made at the first read
};

} // namespace gossipper::runtime

//===- shared_udp_socket.hpp - -t u1's one UDP socket ----------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The process's one UDP socket (-t u1, and -t ui's main one): shard 0 reads
// it in batches (recvmmsg) and hands each datagram on; every shard sends on
// it, queuing what a handler produces and sending it with one sendmmsg when
// the handler ends, since a system call per datagram is most of a UDP run's
// cost.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "transport/poll_policy.hpp"

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
  explicit UdpSendQueue(int fd) : fd_(fd) {}
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

private:
  void send_all(const Failed &failed);

  struct Queued {
    size_t offset;
    size_t length;
    size_t id_offset;
    size_t id_length;
    sockaddr_storage to;
    socklen_t to_length;
  };
  static constexpr size_t kMaxQueued = 64;

  int fd_;
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
  /// leave then).
  UdpReader(boost::asio::io_context &io, int fd, uint32_t max_reads, Sink sink,
            std::function<void()> after_read, std::function<void(const std::string &)> warn);
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
  };

  int fd_;                                           ///< read with recvmmsg
  boost::asio::posix::stream_descriptor descriptor_; ///< a copy of fd_, waited on
  int polled_fd_ = -1; ///< the descriptor while it is out of the reactor
  uint32_t max_reads_;
  Sink sink_;
  std::function<void()> after_read_;
  std::function<void(const std::string &)> warn_;
  PollPolicy policy_;
  uint64_t ticks_ = 0;           ///< the policy's time window: a wake-up is counted per tick
  std::unique_ptr<Batch> batch_; ///< made at the first read
};

} // namespace gossipper::runtime

//===- hep_sender.hpp - The HEP exporter's connection ----------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The one socket the HEP exporter thread writes to: a connected UDP socket
// (packets sent by batches of datagrams), or a TCP stream (TLS over it with -hep_transport tls)
// whose packets wait in a bounded buffer while the receiver is slow. Every call is non-blocking or
// bounded in time (a connection attempt, one second), so a dead or stalled receiver slows only the
// exporter thread, never a shard; and a stream that drops is connected again, at most once a
// second. With -udp_gso a batch of datagrams leaves in segmented sends, one
// per size (transport/segment_groups.hpp).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/runtime/run_config.hpp"
#include "transport/segment_groups.hpp"

#include <boost/asio/ip/udp.hpp>

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

using SSL = struct ssl_st;
using SSL_CTX = struct ssl_ctx_st;

namespace gossipper::runtime {

class HepSender {
public:
  /// What became of the packets since the last take_outcome().
  struct Outcome {
    uint64_t sent = 0;      ///< handed whole to the kernel
    uint64_t failed = 0;    ///< refused by the socket, or lost with a connection
    uint64_t segmented = 0; ///< of the sent, those in a segmented send of two or more
    std::string error;      ///< the last failure's reason, when any failed
  };

  /// `segmented`: -udp_gso, UDP datagrams of one size leave as one send.
  HepSender(HepOptions::Transport transport, const boost::asio::ip::udp::endpoint &receiver,
            bool segmented = false);
  ~HepSender();
  HepSender(const HepSender &) = delete;
  HepSender &operator=(const HepSender &) = delete;

  /// Whether it takes another packet now: false while a batch of datagrams
  /// or a stream's buffer is full (then flush).
  [[nodiscard]] bool ready();
  /// Room at the end of the buffer for one whole packet of `size` bytes
  /// (ready() was true), which the caller fills for flush(): the packet
  /// goes from its queue to the buffer in one copy. Null when the packet
  /// cannot be sent (no socket, no connection): it is counted failed.
  char *room(size_t size);
  /// Writes what a stream buffered, waiting at most `wait_ms` for room.
  void flush(int wait_ms);
  /// Whether a stream still holds bytes to write.
  [[nodiscard]] bool pending() const { return !out_.empty(); }
  /// Forgets the packets still buffered (the run is over); how many.
  uint64_t abandon();
  Outcome take_outcome();

private:
  bool connect_stream();
  bool handshake();
  void close(const std::string &why);
  void fail(uint64_t packets, const std::string &why);
  /// Writes from out_; the bytes written, or -1 on a broken connection.
  long write_some();
  /// Counts `n` more bytes of out_ written (the packets they end, sent).
  void account_written(size_t n);
  /// UDP: sends what out_ holds, a datagram per packet, in one call.
  void flush_datagrams(int wait_ms);
  /// -udp_gso: the same, a segmented send per size.
  void flush_segmented(int wait_ms);
  /// Of the batch's first `count` packets, the groups from `sent` on did
  /// not leave: they stay, in their order, before the packets after them.
  void keep_unsent(size_t count, size_t sent);

  HepOptions::Transport transport_;
  boost::asio::ip::udp::endpoint receiver_;
  int fd_ = -1;
  SSL_CTX *tls_ctx_ = nullptr;
  SSL *tls_ = nullptr;
  uint64_t next_attempt_ms_ = 0; ///< no new connection before (steady ms)
  std::string out_;              ///< the packets not yet written
  size_t written_ = 0;           ///< of out_'s first bytes
  std::deque<size_t> sizes_;     ///< the packets in out_, to count them sent
  size_t front_left_ = 0;        ///< bytes of sizes_.front() not yet written
  Outcome outcome_;
  bool segmented_;
  size_t max_segment_ = SegmentGroups::kMaxBytes; ///< lowered when the kernel refuses
  SegmentGroups groups_;
  std::vector<SegmentItem> items_;
  std::vector<size_t> offsets_; ///< the batch's packets in out_
};

} // namespace gossipper::runtime

//===- rtp_echo.hpp - SIPp's -rtp_echo --------------------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Every datagram that reaches the echo ports goes back to its sender, as
// SIPp's echo threads do, but on shard 0's reactor instead of two blocking
// threads, in batches. Beyond SIPp, each sender's RTP is measured (loss,
// jitter, MOS) and counted as a stream when it falls silent or the run ends.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/runtime/media_ports.hpp"
#include "media/media_socket.hpp"
#include "media/stream_figures.hpp"
#include "stats/media_counters.hpp"

#include <boost/asio/io_context.hpp>

#include <atomic>
#include <memory>
#include <unordered_map>

namespace gossipper::runtime::media {

class RtpEcho {
public:
  /// Takes the sockets' descriptors; `on`: <rtp_echo value=...>'s switch.
  RtpEcho(boost::asio::io_context &io, EchoSockets sockets, size_t buffer_size,
          const std::atomic<bool> &on, MediaCounters &counters);
  ~RtpEcho();
  RtpEcho(const RtpEcho &) = delete;
  RtpEcho &operator=(const RtpEcho &) = delete;

  /// Shard 0's tick: the echoes leave; senders silent for a while are
  /// counted as ended streams.
  void on_tick(uint64_t now_ms);
  /// The run is over: every sender still known is counted.
  void finish();

private:
  struct Sender {
    StreamReception reception;
    uint64_t last_ms = 0;
    uint32_t clock_rate = 8000;
    uint8_t payload_type = 255;
  };

  void on_datagram(MediaSocket &socket, std::string_view datagram,
                   const boost::asio::ip::udp::endpoint &from);
  void count(const Sender &sender);

  ReceiveBatch batch_;
  const std::atomic<bool> &on_;
  MediaCounters &counters_;
  std::unique_ptr<MediaSocket> audio_;
  std::unique_ptr<MediaSocket> video_;
  std::unordered_map<boost::asio::ip::udp::endpoint, Sender> senders_;
  uint64_t now_ms_ = 0;
  uint64_t swept_ms_ = 0;
};

} // namespace gossipper::runtime::media

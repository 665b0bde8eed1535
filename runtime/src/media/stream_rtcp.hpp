//===- stream_rtcp.hpp - One stream's RTCP ----------------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// RFC 3550 §6 for one stream: a sender report while we stream (rtp_stream,
// whose SSRC is ours), a receiver report otherwise, each with a block about
// what we receive and a CNAME; the peer's reports read back: its sender
// reports give LSR/DLSR to our blocks, its blocks about our SSRC the loss
// and jitter of what we send and the round trip. SIPp sends and reads no
// RTCP; a replayed capture keeps its own SSRCs and RTCP, so a replay is
// never described in our sender reports.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "media/rtcp_packet.hpp"
#include "media/stream_figures.hpp"
#include "media/stream_player.hpp"
#include "time/timer_wheel.hpp"

#include <boost/asio/ip/udp.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gossipper::runtime::media {

struct MediaStream;

class StreamRtcp {
public:
  TimerNode timer;  ///< first: the engine finds the stream's RTCP from its node
  uint8_t kind = 2; ///< second, as in Playback and StreamPlayer
  MediaStream *stream = nullptr;

  /// Where the peer's SDP says its RTCP goes (a=rtcp, else port+1; its RTP
  /// port with rtcp-mux on both sides).
  boost::asio::ip::udp::endpoint remote;
  bool peer_mux = false;
  bool our_mux = false;
  [[nodiscard]] bool muxed() const { return peer_mux && our_mux; }
  /// Our RTCP port (0 until bound; the RTP port when muxed).
  uint16_t local_port = 0;
  bool started = false;

  /// The next report: an SR when `sending` streams, else an RR with our
  /// own SSRC; a block about the peer's source when RTP came from it.
  void report(std::string &out, StreamReception &reception, const StreamPlayer *sending,
              std::string_view cname, uint64_t wall_us, uint64_t now_us);
  /// A compound packet from the peer.
  void on_reports(const std::vector<RtcpReport> &reports, StreamReception &reception,
                  const StreamPlayer *sending, uint64_t wall_us, uint64_t now_us);
  /// What the peer reported about our stream, into the run's figures.
  void count(MediaCounters &counters) const;
  [[nodiscard]] double rtt_ms() const { return rtt_ms_; }
  [[nodiscard]] uint64_t sent() const { return sent_; }
  /// The report made last has left (SRTP and DTLS may hold one back).
  void note_sent() { ++sent_; }

private:
  uint32_t ssrc_ = 0; ///< ours when we do not stream: made at the first report
  uint64_t sent_ = 0;
  bool peer_reported_ = false;
  int32_t peer_lost_ = 0;
  uint32_t peer_jitter_ts_ = 0;
  uint32_t peer_jitter_clock_ = 8000;
  double rtt_ms_ = -1;
};

/// RFC 3550 §6.2's interval for one stream (5 s), randomised over 0.5 to
/// 1.5 of it, as §6.3.1 asks; the first report after half of it.
[[nodiscard]] uint64_t rtcp_interval_ms(uint32_t random, bool first);

} // namespace gossipper::runtime::media

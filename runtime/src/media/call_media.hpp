//===- call_media.hpp - What a call's media holds ---------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A call's media, kept in its extras: one stream per kind (audio, video,
// image), each with where the peer's last SDP sends it, the local port our
// last SDP announced, the replay in progress, and what was received. The
// shard's MediaEngine drives it; it is made at the call's first SDP or
// media action, so a call without media carries nothing.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "call/call.hpp"
#include "media/pcap_file.hpp"
#include "media/srtp_debug.hpp"
#include "media/stream_dtls.hpp"
#include "media/stream_figures.hpp"
#include "media/stream_player.hpp"
#include "media/stream_rtcp.hpp"
#include "media/stream_srtp.hpp"
#include "time/timer_wheel.hpp"

#include <boost/asio/ip/udp.hpp>
#include <boost/container/small_vector.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace gossipper::runtime::media {

enum class StreamKind : uint8_t { Audio, Video, Image };
inline constexpr size_t kStreamKinds = 3;

struct MediaStream;

/// A pcap (or play_dtmf's packets) being replayed on one stream.
struct Playback {
  TimerNode timer;  ///< first: the engine finds the playback from its node
  uint8_t kind = 0; ///< second, as in StreamPlayer (1) and StreamRtcp (2)
  MediaStream *stream = nullptr;
  std::shared_ptr<const PcapMedia> packets;
  size_t next = 0;
  uint64_t start_us = 0; ///< steady clock
  /// The time packet `i` is due (µs, steady clock).
  [[nodiscard]] uint64_t due_us(size_t i) const { return start_us + packets->packets[i].offset_us; }
};

struct MediaStream {
  /// Where the peer's last SDP says this stream goes.
  boost::asio::ip::udp::endpoint remote;
  bool has_remote = false;
  /// The port our last SDP gave this stream (0: none announced).
  uint16_t announced_port = 0;
  /// Ports we send from, by offset from the stream's port (a capture may
  /// hold RTP and RTCP): the socket's real port, 0 until bound.
  boost::container::small_vector<std::pair<uint16_t, uint16_t>, 2> bound;
  /// The real port of offset 0, where this stream's RTP is received.
  uint16_t rtp_port = 0;
  bool listening = false;
  /// The peer's codec for this stream, from its SDP (MOS needs it).
  std::string encoding;
  uint32_t clock_rate = 8000;
  StreamReception reception;
  std::unique_ptr<Playback> playing;
  std::unique_ptr<StreamPlayer> streaming; ///< rtp_stream
  bool stream_paused = false;              ///< rtp_stream="pause": audio and video
  bool pattern_paused = false;             ///< "pauseapattern" (audio), "pausevpattern"
  bool echo = false;                       ///< <exec rtp_echo="start..."/>: what arrives goes back
  StreamRtcp rtcp;
  /// SDES keys and SRTP sessions, made at the first a=crypto either way.
  std::unique_ptr<StreamSrtp> srtp;
  /// DTLS-SRTP's handshake, made at the first a=fingerprint either way.
  std::unique_ptr<StreamDtls> dtls;
  /// -srtpcheck_debug: what its lines name (null without the option).
  std::unique_ptr<SrtpDebugStream> srtp_debug;
  /// Its call's Call-ID (the call outlives its media), for mirrored RTCP.
  std::string_view call_id;
  /// What it sent (counted as the summary's rtp_packets_sent) and the
  /// octets of the RTP it received, for its report at the end (HEP).
  uint64_t rtp_sent = 0;
  uint64_t rtp_sent_octets = 0;
  uint64_t rtp_received_octets = 0;
};

class CallMedia final : public CallMediaState {
public:
  std::array<MediaStream, kStreamKinds> streams;
  /// play_dtmf's next sequence number, as SIPp counts it for the call.
  uint16_t dtmf_sequence = 1200;
};

} // namespace gossipper::runtime::media

//===- media_engine.hpp - A shard's media -----------------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The media room's side of MediaService, one per shard: no thread of its
// own. Replays are timed on the engine's timer wheel, advanced at every tick
// of the shard; a stream's packet leaves at once, an echo with its port's
// others in one sendmmsg at the end of the tick.
// Local ports are shared by the streams that send from them (SIPp's
// [media_port] is one port for every call); what arrives on a port goes to
// the stream whose peer sent it, where its loss and jitter are measured
// (docs/media.md).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "call/media_service.hpp"
#include "gossipper/runtime/media_files.hpp"
#include "gossipper/runtime/run_config.hpp"
#include "media/call_media.hpp"
#include "media/media_socket.hpp"
#include "media/port_map.hpp"
#include "media/rtpcheck_debug.hpp"
#include "media/srtp_debug.hpp"
#include "stats/media_counters.hpp"
#include "time/timer_wheel.hpp"
#include "trace/call_observer.hpp"
#include "trace/message_observer.hpp"

#include <boost/asio/io_context.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

namespace gossipper::runtime::media {

class MediaEngine final : public MediaService {
public:
  struct Shared {
    const RunConfig *config = nullptr;
    const MediaFiles *files = nullptr;
    /// <rtp_echo value=...>: SIPp's one switch of the -rtp_echo sockets.
    std::atomic<bool> *echo_on = nullptr;
    /// The next port [rtpstream_audio_port] tries, shared by the shards.
    std::atomic<uint32_t> *next_stream_port = nullptr;
    /// -rtpcheck_debug's files; null without the option.
    RtpcheckDebug *rtpcheck_debug = nullptr;
    /// -srtpcheck_debug's file; null without the option.
    SrtpDebug *srtp_debug = nullptr;
    /// The run's message observers (-hep_addr mirrors RTCP), and this shard.
    const MessageObservers *observers = nullptr;
    uint32_t shard = 0;
    /// Hears of streams starting and ending (structured events); null: none.
    CallObserver *observer = nullptr;
  };

  MediaEngine(boost::asio::io_context &io, const Shared &shared, MediaCounters &counters,
              uint64_t seed);
  ~MediaEngine() override;
  MediaEngine(const MediaEngine &) = delete;
  MediaEngine &operator=(const MediaEngine &) = delete;

  void on_received(Call &call, std::string_view msg) override;
  void on_sent(Call &call, std::string_view msg) override;
  int run(Call &call, const ir::MediaAction &action, std::string_view text) override;
  void release(Call &call) override;
  uint16_t stream_port(Call &call, bool video) override;
  void render_keyword(Call &call, ir::Keyword keyword, int32_t offset, MessageBytes &out) override;

  /// Who fails a call whose secure media failed (the call engine).
  void on_call_failed(std::function<void(const std::string &call_id)> f) {
    fail_call_ = std::move(f);
  }

  /// The shard's tick: the replays that are due send, the queues leave.
  void on_tick(uint64_t now_ms);
  /// Streams replaying now (tests and the screens).
  [[nodiscard]] size_t playing() const { return wheel_.size(); }

private:
  /// A local port, its socket, and the streams that receive on it by peer.
  struct Port {
    std::unique_ptr<MediaSocket> socket;
    uint32_t users = 0;
    bool dirty = false; ///< datagrams queued this tick
    struct Listener {
      MediaStream *stream = nullptr;
      uint32_t count = 0; ///< more than one: the port cannot tell them apart
    };
    std::unordered_map<boost::asio::ip::udp::endpoint, Listener> listeners;
  };

  CallMedia &media_of(Call &call);
  /// -srtpcheck_debug: names the call's streams for the file's lines.
  void label_streams(CallMedia &media, const Call &call);
  /// The stream's -srtpcheck_debug state; null without the option.
  [[nodiscard]] SrtpDebugStream *debug_of(MediaStream &stream) const {
    return shared_.srtp_debug != nullptr ? stream.srtp_debug.get() : nullptr;
  }
  void play(MediaStream &stream, std::shared_ptr<const PcapMedia> packets);
  void stop(MediaStream &stream);
  void fire(Playback &playback);
  /// rtp_stream: a file or pattern played, or a stream held or freed.
  void rtp_stream(Call &call, const ir::MediaAction &action);
  void hold(CallMedia &media, StreamControl control);
  void stream(MediaStream &stream, std::shared_ptr<const RtpStreamMedia> file, const Call &call);
  void fire(StreamPlayer &player);
  void fire(StreamRtcp &rtcp);
  void start_rtcp(MediaStream &stream);
  /// The peer's RTCP on one of our ports.
  void on_rtcp(MediaStream *stream, std::string_view datagram);
  /// Tells the run's observers (HEP) about an RTCP packet, when one listens.
  void observe_rtcp(MessageEvent::Direction direction, const MediaStream *stream,
                    uint16_t local_port, const boost::asio::ip::udp::endpoint &peer,
                    std::string_view bytes) const;
  /// Tells the run's observers (HEP's QoS report) that a stream which sent
  /// or received RTP ends with its call (media_engine_report.cpp).
  void observe_end(const Call &call, const MediaStream &stream, std::string_view media) const;
  /// RTP of `stream` has left: the run's figures and the stream's own.
  void count_sent(MediaStream &stream, size_t octets);
  /// Tells the run's call observer (media.started, media.ended), if any.
  void tell(const Call &call, CallEvent::Kind kind, std::string_view text,
            const MediaQos *qos = nullptr) const;
  /// rtpcheck's verdict on a stream that ends.
  void judge(const MediaStream &stream);
  void send(MediaStream &stream, const PcapPacket &packet);
  /// When a datagram leaves: now (a stream's own packets, one per socket
  /// and tick: nothing to batch), or with the port's others at the end of
  /// the tick (an echo: a port echoes a batch of streams at a time).
  enum class Leave : uint8_t { Now, WithTheTick };
  /// Sends a datagram of `stream` on `port`, SRTP-protected when the
  /// stream is keyed (queued behind anything the port has queued); false
  /// (counted) when it may not leave: a DTLS handshake has not keyed the
  /// stream yet, or protecting it failed.
  bool transmit(MediaStream &stream, uint16_t port, std::string_view bytes,
                const boost::asio::ip::udp::endpoint &to, Leave leave = Leave::Now);
  /// The stream's a=crypto lines of an SDP, into its SRTP: `ours` for the
  /// SDP we sent.
  void key_stream(MediaStream &stream, const std::vector<std::string> &lines, bool ours);
  /// `datagram` unprotected into `unprotected_` when the stream is keyed;
  /// false (counted) when it fails its check.
  bool unprotect(MediaStream &stream, std::string_view &datagram, bool rtcp);
  /// DTLS-SRTP without rtcp-mux: its RTCP is neither sent nor read.
  [[nodiscard]] static bool unkeyed_rtcp(const MediaStream &stream);
  /// An SDP's a=fingerprint and a=setup for `stream`: ours, or the peer's.
  void note_dtls(Call &call, MediaStream &stream, const std::string &fingerprint,
                 const std::string &setup, bool ours);
  /// The handshake, once both SDPs have a fingerprint.
  void start_dtls(MediaStream &stream);
  void on_dtls(MediaStream &stream, std::string_view datagram);
  /// A DTLS datagram no stream of `port` listens for yet, kept (the last
  /// of each port) for the handshake its answer will start; false when it
  /// is not DTLS.
  bool keep_early_dtls(uint16_t port, std::string_view datagram,
                       const boost::asio::ip::udp::endpoint &from);
  void fire(StreamDtls &dtls);
  /// Sends what the handshake wrote (dtls_out_), times its next step,
  /// counts its end and keys the stream's SRTP.
  void after_dtls(MediaStream &stream);
  /// The real port of the stream's socket at `offset` from its port,
  /// bound now if need be (0: no socket could be made).
  uint16_t port_for(MediaStream &stream, uint16_t offset);
  /// A socket at `wanted` (0: any port); taken by another, any port when
  /// `exact` is false (counted), none (0) when it is true.
  uint16_t acquire(uint16_t wanted, bool exact = false);
  void give_back(uint16_t port);
  void mark_dirty(uint16_t port, Port &p);
  void listen(MediaStream &stream);
  void unlisten(MediaStream &stream);
  /// What arrives on `port` from `from` goes to `stream`.
  void add_listener(uint16_t port, const boost::asio::ip::udp::endpoint &from, MediaStream &stream);
  void remove_listener(uint16_t port, const boost::asio::ip::udp::endpoint &from);
  [[nodiscard]] MediaStream *listener(uint16_t port, const boost::asio::ip::udp::endpoint &from);
  void on_datagram(MediaSocket &socket, std::string_view datagram,
                   const boost::asio::ip::udp::endpoint &from);
  void on_rtp(MediaStream &stream, std::string_view datagram);
  void read_remote(Call &call, CallMedia &media, std::string_view msg);
  /// The call of a stream whose DTLS failed fails, once this handler is
  /// done with the stream (failing it frees the stream).
  void fail_call_later(const StreamDtls &dtls);
  /// A STUN connectivity check on `socket` answered (ICE-lite); false when
  /// the datagram is not STUN or the run has no ICE credentials.
  bool answer_stun(MediaSocket &socket, std::string_view datagram,
                   const boost::asio::ip::udp::endpoint &from);
  /// The port's queue leaves at the next tick.
  void flush_soon(uint16_t port);

  boost::asio::io_context &io_;
  Shared shared_;
  MediaCounters &counters_;
  TimerWheel wheel_;
  ReceiveBatch batch_;
  PortMap<Port> ports_;
  std::vector<uint16_t> dirty_; ///< ports with datagrams queued this tick
  uint64_t now_ms_ = 0;
  uint32_t dtmf_ssrc_;
  std::mt19937 rng_;
  std::string packet_;                ///< rtp_stream's packet being made
  std::string cname_;                 ///< RTCP's CNAME
  boost::asio::ip::address media_ip_; ///< -mi: our side of mirrored RTCP
  std::string unprotected_;           ///< the peer's packet, SRTP taken off
  std::string protected_;             ///< ours, SRTP put on
  std::vector<std::string> dtls_out_; ///< a handshake's datagrams to send
  /// The last DTLS datagram each port got from a peer no stream listens to
  /// yet: an answerer's ClientHello may come before its answer is read.
  struct EarlyDtls {
    boost::asio::ip::udp::endpoint from;
    std::string datagram;
  };
  std::unordered_map<uint16_t, EarlyDtls> early_dtls_;
  std::function<void(const std::string &)> fail_call_;
};

} // namespace gossipper::runtime::media

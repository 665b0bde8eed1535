//===- media_engine.cpp - A shard's media ---------------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "media/media_engine.hpp"

#include "media/dtmf_events.hpp"
#include "media/rtcp_packet.hpp"
#include "media/rtp_header.hpp"
#include "media/sdes_attribute.hpp"
#include "media/sdp.hpp"
#include "media/stream_figures.hpp"
#include "time/clock.hpp"

#include <algorithm>
#include <cerrno>

namespace gossipper::runtime::media {

namespace asio = boost::asio;
using Field = MediaSummary::Field;

namespace {

/// The codec and clock of a static payload type (RFC 3551), when the peer
/// gives no rtpmap; G.722's clock is 8000 by RFC 3551 §4.5.2.
std::pair<std::string, uint32_t> static_payload(uint8_t pt, StreamKind kind) {
  std::string_view codec = static_codec(pt);
  return {std::string(codec), !codec.empty() || kind == StreamKind::Audio ? 8000U : 90000U};
}

/// SIPp reads the SDP of every response, and of INVITE, ACK and PRACK
/// requests (docs/sipp-behaviour.md, "Media").
bool may_carry_remote_sdp(std::string_view msg) {
  return msg.starts_with("SIP/2.0") || msg.starts_with("INVITE ") || msg.starts_with("ACK ") ||
         msg.starts_with("PRACK ");
}

bool has_media_lines(std::string_view msg) { return msg.find("\nm=") != std::string_view::npos; }

/// How early a replayed packet may leave (µs).
constexpr uint64_t kEarlyUs = 500;

StreamKind kind_of(ir::MediaAction::Op op) {
  switch (op) {
  case ir::MediaAction::Op::PlayPcapVideo: return StreamKind::Video;
  case ir::MediaAction::Op::PlayPcapImage: return StreamKind::Image;
  default: return StreamKind::Audio;
  }
}

} // namespace

MediaEngine::MediaEngine(asio::io_context &io, const Shared &shared, MediaCounters &counters,
                         uint64_t seed)
    : io_(io), shared_(shared), counters_(counters), wheel_(steady_ms()),
      batch_(std::max<size_t>(shared.config->media_bufsize, 2048)),
      dtmf_ssrc_(static_cast<uint32_t>(seed)), rng_(static_cast<uint32_t>(seed >> 32) ^ 0x5eed),
      cname_("gossipper@" + shared.config->media_ip) {
  boost::system::error_code ec;
  media_ip_ = asio::ip::make_address(shared.config->media_ip, ec);
}

MediaEngine::~MediaEngine() = default;

CallMedia &MediaEngine::media_of(Call &call) {
  CallExtras &extras = call.extras();
  if (!extras.media) {
    extras.media = std::make_unique<CallMedia>();
    for (MediaStream &stream : static_cast<CallMedia &>(*extras.media).streams) {
      stream.call_id = call.id;
    }
  }
  return static_cast<CallMedia &>(*extras.media);
}

void MediaEngine::label_streams(CallMedia &media, const Call &call) {
  if (shared_.srtp_debug == nullptr) {
    return;
  }
  static constexpr std::string_view kKinds[kStreamKinds] = {"audio", "video", "image"};
  for (size_t k = 0; k < kStreamKinds; ++k) {
    if (!media.streams[k].srtp_debug) {
      media.streams[k].srtp_debug = std::make_unique<SrtpDebugStream>();
      media.streams[k].srtp_debug->call_id = call.id;
      media.streams[k].srtp_debug->kind = kKinds[k];
    }
  }
}

//===----------------------------------------------------------------------===//
// SDP
//===----------------------------------------------------------------------===//

void MediaEngine::on_received(Call &call, std::string_view msg) {
  if (!may_carry_remote_sdp(msg) || !has_media_lines(msg)) {
    return;
  }
  CallMedia &media = media_of(call);
  label_streams(media, call);
  read_remote(call, media, msg);
}

void MediaEngine::read_remote(Call &call, CallMedia &media, std::string_view msg) {
  std::optional<std::string_view> body = sdp_body(msg);
  if (!body) {
    return;
  }
  Expected<Sdp> sdp = read_sdp(*body);
  if (!sdp) {
    counters_.add(Field::BadSdp);
    return;
  }
  for (size_t k = 0; k < kStreamKinds; ++k) {
    const SdpMedia *m = sdp->first(static_cast<MediaKind>(k));
    if (m == nullptr) {
      continue;
    }
    boost::system::error_code ec;
    asio::ip::address address = asio::ip::make_address(m->address, ec);
    if (ec) {
      counters_.add(Field::BadSdp);
      continue;
    }
    MediaStream &stream = media.streams[k];
    asio::ip::udp::endpoint remote(address, m->port);
    if (!stream.has_remote || stream.remote != remote) {
      bool was_listening = stream.listening;
      if (was_listening) {
        unlisten(stream);
      }
      stream.remote = remote;
      stream.has_remote = true;
      if (was_listening) {
        listen(stream);
      }
    }
    auto [encoding, clock] = static_payload(
        m->payload_types.empty() ? 255 : m->payload_types.front(), static_cast<StreamKind>(k));
    for (const RtpMap &map : m->rtpmaps) {
      if (!m->payload_types.empty() && map.payload_type == m->payload_types.front()) {
        encoding = map.encoding;
        clock = map.clock_rate;
      }
    }
    stream.encoding = encoding;
    stream.clock_rate = clock == 0 ? 8000 : clock;
    StreamRtcp &rtcp = stream.rtcp;
    asio::ip::udp::endpoint rtcp_remote(address, m->rtcp_mux ? m->port : m->rtcp_port);
    if (rtcp.started && !rtcp.muxed() && rtcp.local_port != 0 && rtcp.remote != rtcp_remote) {
      remove_listener(rtcp.local_port, rtcp.remote);
      add_listener(rtcp.local_port, rtcp_remote, stream);
    }
    rtcp.remote = rtcp_remote;
    rtcp.peer_mux = m->rtcp_mux;
    if (!m->crypto.empty() || stream.srtp) {
      key_stream(stream, m->crypto, false);
    }
    if (!m->fingerprint.empty()) {
      note_dtls(call, stream, m->fingerprint, m->setup, false);
    }
  }
}

void MediaEngine::on_sent(Call &call, std::string_view msg) {
  if (!has_media_lines(msg)) {
    return;
  }
  std::optional<std::string_view> body = sdp_body(msg);
  if (!body) {
    return;
  }
  // Our own SDP: only its ports matter (the address is -mi's).
  Expected<Sdp> sdp = read_sdp(*body);
  if (!sdp) {
    return;
  }
  CallMedia &media = media_of(call);
  label_streams(media, call);
  for (size_t k = 0; k < kStreamKinds; ++k) {
    MediaStream &stream = media.streams[k];
    if (stream.srtp) {
      stream.srtp->message_done();
    }
    if (const SdpMedia *m = sdp->first(static_cast<MediaKind>(k))) {
      stream.announced_port = m->port;
      stream.rtcp.our_mux = m->rtcp_mux;
      if (!m->crypto.empty() || stream.srtp) {
        key_stream(stream, m->crypto, true);
      }
      if (!m->fingerprint.empty()) {
        note_dtls(call, stream, m->fingerprint, m->setup, true);
      }
    }
  }
}

//===----------------------------------------------------------------------===//
// Actions
//===----------------------------------------------------------------------===//

int MediaEngine::run(Call &call, const ir::MediaAction &action, std::string_view text) {
  now_ms_ = steady_ms();
  switch (action.op) {
  case ir::MediaAction::Op::PlayPcapAudio:
  case ir::MediaAction::Op::PlayPcapVideo:
  case ir::MediaAction::Op::PlayPcapImage: {
    const auto *packets = shared_.files->pcap(action);
    if (packets != nullptr) {
      tell(call, CallEvent::Kind::MediaStarted, "play_pcap");
      play(media_of(call).streams[static_cast<size_t>(kind_of(action.op))], *packets);
    }
    return GSP_OK;
  }
  case ir::MediaAction::Op::PlayDtmf: {
    CallMedia &media = media_of(call);
    Expected<DtmfMedia> dtmf = dtmf_packets(text, media.dtmf_sequence, ++dtmf_ssrc_);
    if (!dtmf) {
      counters_.add(Field::BadDtmf);
      return GSP_OK;
    }
    media.dtmf_sequence = dtmf->next_seq;
    counters_.add(Field::DtmfDigits, dtmf->digits);
    play(media.streams[0], std::make_shared<const PcapMedia>(std::move(dtmf->media)));
    return GSP_OK;
  }
  case ir::MediaAction::Op::RtpEchoToggle: {
    double v = action.toggle.value                    ? *action.toggle.value
               : action.toggle.var < call.vars.size() ? call.vars[action.toggle.var].as_double()
                                                      : 0.0;
    if (shared_.echo_on != nullptr) {
      shared_.echo_on->store(v != 0, std::memory_order_relaxed);
    }
    return GSP_OK;
  }
  case ir::MediaAction::Op::RtpStream:
    tell(call, CallEvent::Kind::MediaStarted, "rtp_stream");
    rtp_stream(call, action);
    return GSP_OK;
  case ir::MediaAction::Op::RtpEcho: {
    // SIPp's newer per-call echo: startaudio, updateaudio, stopaudio and the
    // video three, read by their prefix as SIPp does.
    const std::string &arg = action.argument;
    bool video = arg.find("video") != std::string::npos;
    MediaStream &stream = media_of(call).streams[video ? 1 : 0];
    stream.echo = !arg.starts_with("stop");
    if (stream.echo) {
      if (!stream.has_remote) {
        counters_.add(Field::NoRemote);
        stream.echo = false;
      } else if (stream.rtp_port != 0 || port_for(stream, 0) != 0) {
        listen(stream);
      }
    }
    return GSP_OK;
  }
  }
  return GSP_OK;
}

void MediaEngine::play(MediaStream &stream, std::shared_ptr<const PcapMedia> packets) {
  // A new replay on a stream replaces the one in progress, as SIPp cancels
  // the stream's thread.
  stop(stream);
  if (!stream.has_remote) {
    counters_.add(Field::NoRemote);
    return;
  }
  if (packets->packets.empty() || port_for(stream, 0) == 0) {
    return;
  }
  listen(stream);
  stream.playing = std::make_unique<Playback>();
  Playback &p = *stream.playing;
  p.stream = &stream;
  p.packets = std::move(packets);
  p.start_us = steady_us();
  fire(p);
}

void MediaEngine::stop(MediaStream &stream) {
  if (stream.playing) {
    wheel_.cancel(stream.playing->timer);
    stream.playing.reset();
  }
  if (stream.streaming) {
    wheel_.cancel(stream.streaming->timer);
  }
}

void MediaEngine::rtp_stream(Call &call, const ir::MediaAction &action) {
  CallMedia &media = media_of(call);
  StreamControl control = stream_control(action.argument);
  if (control != StreamControl::None) {
    hold(media, control);
    return;
  }
  const auto *file = shared_.files->stream(action);
  if (file != nullptr) {
    stream(media.streams[(*file)->spec.video ? 1 : 0], *file, call);
  }
}

void MediaEngine::hold(CallMedia &media, StreamControl control) {
  // SIPp's pause and resume hold the call's audio and video streams, the
  // pattern words one of them; a stream is held while either holds it.
  using C = StreamControl;
  bool on = control == C::Pause || control == C::PauseAudio || control == C::PauseVideo;
  if (control == C::Pause || control == C::Resume) {
    media.streams[0].stream_paused = media.streams[1].stream_paused = on;
  } else {
    bool video = control == C::PauseVideo || control == C::ResumeVideo;
    media.streams[video ? 1 : 0].pattern_paused = on;
  }
  for (size_t k = 0; k < 2; ++k) {
    MediaStream &s = media.streams[k];
    if (s.streaming) {
      s.streaming->set_paused(s.stream_paused || s.pattern_paused);
    }
  }
}

void MediaEngine::stream(MediaStream &stream, std::shared_ptr<const RtpStreamMedia> file,
                         const Call &call) {
  if (stream.streaming) {
    wheel_.cancel(stream.streaming->timer);
    judge(stream);
    stream.streaming.reset();
  }
  if (!stream.has_remote) {
    counters_.add(Field::NoRemote);
    return;
  }
  if (stream.rtp_port == 0 && port_for(stream, 0) == 0) {
    return;
  }
  listen(stream);
  // RFC 3550 §5.1: a random first sequence number and timestamp.
  stream.streaming = std::make_unique<StreamPlayer>(std::move(file), static_cast<uint32_t>(rng_()),
                                                    static_cast<uint16_t>(rng_()),
                                                    static_cast<uint32_t>(rng_()), steady_us());
  stream.streaming->stream = &stream;
  if (shared_.rtpcheck_debug != nullptr) {
    stream.streaming->call_id = call.id;
  }
  stream.streaming->set_paused(stream.stream_paused || stream.pattern_paused);
  fire(*stream.streaming);
}

void MediaEngine::fire(StreamPlayer &player) {
  MediaStream &stream = *player.stream;
  uint64_t now_us = steady_us();
  while (!player.done() && player.due_us() <= now_us + kEarlyUs) {
    uint64_t due = player.due_us();
    player.next(packet_);
    if (packet_.empty()) {
      continue; // paused
    }
    if (transmit(stream, stream.rtp_port, packet_, stream.remote)) {
      count_sent(stream, packet_.size());
      counters_.record_send_error(static_cast<int64_t>(now_us) - static_cast<int64_t>(due));
    }
  }
  if (!player.done()) {
    uint64_t due = player.due_us();
    wheel_.schedule(player.timer, (due > kEarlyUs ? due - kEarlyUs : 0) / 1000);
  }
  // A finished stream stays with its call: echoes still come back to be
  // checked, until the call ends.
}

void MediaEngine::judge(const MediaStream &stream) {
  const StreamPlayer &p = *stream.streaming;
  const RunConfig &cfg = *shared_.config;
  RtpcheckVerdict v = p.verdict(p.spec().video ? cfg.video_tolerance : cfg.audio_tolerance);
  if (shared_.rtpcheck_debug != nullptr) {
    shared_.rtpcheck_debug->verdict(p, v, wall_us());
  }
  if (v.result == RtpcheckVerdict::Result::Unchecked) {
    return; // nothing came back: no echo to check (docs/sipp-behaviour.md, "rtpcheck")
  }
  counters_.add(Field::RtpcheckStreams);
  if (v.result == RtpcheckVerdict::Result::Failed) {
    counters_.add(Field::RtpcheckFailed);
  }
}

uint16_t MediaEngine::stream_port(Call &call, bool video) {
  MediaStream &stream = media_of(call).streams[video ? 1 : 0];
  if (stream.rtp_port != 0) {
    return stream.rtp_port;
  }
  const RunConfig &cfg = *shared_.config;
  uint32_t low = cfg.min_rtp_port;
  uint32_t high = std::max<uint32_t>(cfg.max_rtp_port, low + 2);
  uint32_t span = (high - low) / 2;
  // SIPp's rtpstream_get_localport: even ports in turn, round the range.
  for (uint32_t tries = 0; tries < span && tries < 1000; ++tries) {
    uint32_t n = shared_.next_stream_port->fetch_add(1, std::memory_order_relaxed) % span;
    auto port = static_cast<uint16_t>(low + 2 * n);
    if (acquire(port, true) != 0) {
      stream.bound.emplace_back(0, port);
      stream.rtp_port = port;
      return port;
    }
  }
  counters_.add(Field::PortBusy);
  return 0;
}

void MediaEngine::fire(Playback &p) {
  const std::vector<PcapPacket> &packets = p.packets->packets;
  uint64_t now_us = steady_us();
  // Half a millisecond early at most: the tick is a millisecond, so a packet
  // leaves within half of one of its time either way. The wheel wakes the
  // replay at the first tick that may send it.
  while (p.next < packets.size() && p.due_us(p.next) <= now_us + kEarlyUs) {
    send(*p.stream, packets[p.next]);
    counters_.record_send_error(static_cast<int64_t>(now_us) -
                                static_cast<int64_t>(p.due_us(p.next)));
    ++p.next;
  }
  if (p.next < packets.size()) {
    uint64_t due = p.due_us(p.next);
    wheel_.schedule(p.timer, (due > kEarlyUs ? due - kEarlyUs : 0) / 1000);
    return;
  }
  p.stream->playing.reset(); // the replay is over: `p` is gone
}

void MediaEngine::send(MediaStream &stream, const PcapPacket &packet) {
  uint16_t port = port_for(stream, packet.port_delta);
  if (port == 0) {
    counters_.add(Field::SendErrors);
    return;
  }
  asio::ip::udp::endpoint to = stream.remote;
  to.port(static_cast<uint16_t>(to.port() + packet.port_delta));
  if (transmit(stream, port, packet.payload, to)) {
    count_sent(stream, packet.payload.size());
  }
}

void MediaEngine::count_sent(MediaStream &stream, size_t octets) {
  counters_.add(Field::RtpSent);
  counters_.add(Field::RtpSentOctets, octets);
  ++stream.rtp_sent;
  stream.rtp_sent_octets += octets;
}

void MediaEngine::on_tick(uint64_t now_ms) {
  now_ms_ = now_ms;
  wheel_.advance(now_ms, [this](TimerNode &node) {
    // NOLINTBEGIN: the node is the first member of both, the flag the second
    auto *replay = reinterpret_cast<Playback *>(&node);
    if (replay->kind == 1) {
      fire(*reinterpret_cast<StreamPlayer *>(&node));
    } else if (replay->kind == 2) {
      fire(*reinterpret_cast<StreamRtcp *>(&node));
    } else if (replay->kind == 3) {
      fire(*reinterpret_cast<StreamDtls *>(&node));
    } else {
      fire(*replay);
    }
    // NOLINTEND
  });
  for (uint16_t port : dirty_) {
    if (Port *p = ports_.find(port); p != nullptr) {
      p->dirty = false;
      if (size_t refused = p->socket->flush(); refused != 0) {
        counters_.add(Field::SendErrors, refused);
      }
    }
  }
  dirty_.clear();
}

//===----------------------------------------------------------------------===//
// Ports
//===----------------------------------------------------------------------===//

uint16_t MediaEngine::port_for(MediaStream &stream, uint16_t offset) {
  for (const auto &[o, port] : stream.bound) {
    if (o == offset) {
      return port;
    }
  }
  uint16_t wanted =
      stream.announced_port == 0 ? 0 : static_cast<uint16_t>(stream.announced_port + offset);
  uint16_t port = acquire(wanted);
  if (port == 0) {
    return 0;
  }
  stream.bound.emplace_back(offset, port);
  if (offset == 0) {
    stream.rtp_port = port;
  }
  return port;
}

uint16_t MediaEngine::acquire(uint16_t wanted, bool exact) {
  if (wanted != 0) {
    if (Port *p = ports_.find(wanted); p != nullptr) {
      ++p->users;
      return wanted;
    }
  }
  boost::system::error_code ec;
  asio::ip::address ip = asio::ip::make_address(shared_.config->media_ip, ec);
  if (ec) {
    ip = asio::ip::address_v4::loopback();
  }
  auto sink = [this](MediaSocket &s, std::string_view d, const asio::ip::udp::endpoint &from) {
    on_datagram(s, d, from);
  };
  Expected<std::unique_ptr<MediaSocket>> socket = MediaSocket::open(
      io_, asio::ip::udp::endpoint(ip, wanted), batch_, sink, shared_.config->rtp_buffsize);
  if (!socket && exact) {
    return 0;
  }
  if (!socket && wanted != 0) {
    // The port is another program's (or another shard's): this stream
    // sends from a port of the system's choosing, and says so.
    counters_.add(Field::PortBusy);
    socket = MediaSocket::open(io_, asio::ip::udp::endpoint(ip, 0), batch_, sink,
                               shared_.config->rtp_buffsize);
  }
  if (!socket) {
    counters_.add(Field::SendErrors);
    return 0;
  }
  uint16_t port = (*socket)->port();
  Port &p = ports_[port];
  p.socket = std::move(*socket);
  p.users = 1;
  return port;
}

void MediaEngine::give_back(uint16_t port) {
  Port *p = ports_.find(port);
  if (p == nullptr || --p->users != 0) {
    return;
  }
  p->socket->flush();
  ports_.erase(port);
  early_dtls_.erase(port);
}

void MediaEngine::listen(MediaStream &stream) {
  if (stream.listening || stream.rtp_port == 0 || !stream.has_remote) {
    return;
  }
  add_listener(stream.rtp_port, stream.remote, stream);
  stream.listening = true;
  start_rtcp(stream);
}

void MediaEngine::unlisten(MediaStream &stream) {
  if (!stream.listening) {
    return;
  }
  stream.listening = false;
  remove_listener(stream.rtp_port, stream.remote);
}

void MediaEngine::add_listener(uint16_t port, const asio::ip::udp::endpoint &from,
                               MediaStream &stream) {
  Port::Listener &l = ports_[port].listeners[from];
  l.stream = &stream;
  ++l.count;
}

void MediaEngine::remove_listener(uint16_t port, const asio::ip::udp::endpoint &from) {
  Port *p = ports_.find(port);
  if (p == nullptr) {
    return;
  }
  auto it = p->listeners.find(from);
  if (it != p->listeners.end() && --it->second.count == 0) {
    p->listeners.erase(it);
  }
}

MediaStream *MediaEngine::listener(uint16_t port, const asio::ip::udp::endpoint &from) {
  Port *p = ports_.find(port);
  if (p == nullptr) {
    return nullptr;
  }
  auto it = p->listeners.find(from);
  // Several streams of the port with the same peer cannot be told apart.
  return it == p->listeners.end() || it->second.count != 1 ? nullptr : it->second.stream;
}

//===----------------------------------------------------------------------===//
// RTCP
//===----------------------------------------------------------------------===//

void MediaEngine::start_rtcp(MediaStream &stream) {
  StreamRtcp &rtcp = stream.rtcp;
  if (rtcp.started) {
    return;
  }
  rtcp.started = true;
  rtcp.stream = &stream;
  if (rtcp.muxed()) {
    rtcp.local_port = stream.rtp_port;
  } else {
    rtcp.local_port = acquire(static_cast<uint16_t>(stream.rtp_port + 1));
    if (rtcp.local_port != 0) {
      add_listener(rtcp.local_port, rtcp.remote, stream);
    }
  }
  wheel_.schedule(rtcp.timer, now_ms_ + rtcp_interval_ms(static_cast<uint32_t>(rng_()), true));
}

void MediaEngine::fire(StreamRtcp &rtcp) {
  MediaStream &stream = *rtcp.stream;
  if (rtcp.local_port != 0 && rtcp.remote.port() != 0) {
    rtcp.report(packet_, stream.reception, stream.streaming.get(), cname_, wall_us(), steady_us());
    if (transmit(stream, rtcp.local_port, packet_, rtcp.remote)) {
      rtcp.note_sent();
      observe_rtcp(MessageEvent::Direction::Sent, &stream, rtcp.local_port, rtcp.remote, packet_);
    }
  }
  wheel_.schedule(rtcp.timer, now_ms_ + rtcp_interval_ms(static_cast<uint32_t>(rng_()), false));
}

void MediaEngine::on_rtcp(MediaStream *stream, std::string_view datagram) {
  Expected<std::vector<RtcpReport>> reports = parse_rtcp(datagram);
  if (!reports) {
    counters_.add(Field::Malformed);
    return;
  }
  counters_.add(Field::RtcpReceived);
  if (stream != nullptr) {
    stream->rtcp.on_reports(*reports, stream->reception, stream->streaming.get(), wall_us(),
                            steady_us());
  }
}

void MediaEngine::observe_rtcp(MessageEvent::Direction direction, const MediaStream *stream,
                               uint16_t local_port, const asio::ip::udp::endpoint &peer,
                               std::string_view bytes) const {
  if (shared_.observers == nullptr || !shared_.observers->active()) {
    return;
  }
  RtcpEvent e;
  e.direction = direction;
  e.bytes = bytes;
  e.call_id = stream != nullptr ? stream->call_id : std::string_view();
  e.local = asio::ip::udp::endpoint(media_ip_, local_port);
  e.peer = peer;
  e.wall_us = wall_us();
  e.shard = shared_.shard;
  shared_.observers->notify(e);
}

//===----------------------------------------------------------------------===//
// Receiving
//===----------------------------------------------------------------------===//

void MediaEngine::on_datagram(MediaSocket &socket, std::string_view datagram,
                              const asio::ip::udp::endpoint &from) {
  if (answer_stun(socket, datagram, from)) {
    return;
  }
  MediaStream *stream = listener(socket.port(), from);
  bool rtcp = is_rtcp(datagram);
  if (stream != nullptr && !unprotect(*stream, datagram, rtcp)) {
    return;
  }
  if (rtcp) {
    observe_rtcp(MessageEvent::Direction::Received, stream, socket.port(), from, datagram);
    on_rtcp(stream, datagram);
    return;
  }
  if (stream == nullptr) {
    if (keep_early_dtls(socket.port(), datagram, from)) {
      return;
    }
    // Several streams of this port talk to the same peer address: the
    // packet is counted, no single stream's quality can take it.
    if (parse_rtp(datagram)) {
      counters_.add(Field::RtpReceived);
      counters_.add(Field::RtpReceivedOctets, datagram.size());
      counters_.add(Field::Unattributed);
    } else {
      counters_.add(Field::Malformed);
    }
    return;
  }
  on_rtp(*stream, datagram);
}

void MediaEngine::flush_soon(uint16_t port) {
  if (Port *p = ports_.find(port); p != nullptr) {
    mark_dirty(port, *p);
  }
}

void MediaEngine::mark_dirty(uint16_t port, Port &p) {
  if (!p.dirty) {
    p.dirty = true;
    dirty_.push_back(port);
  }
}

void MediaEngine::on_rtp(MediaStream &stream, std::string_view datagram) {
  Expected<RtpHeader> rtp = parse_rtp(datagram);
  if (!rtp) {
    counters_.add(Field::Malformed);
    return;
  }
  counters_.add(Field::RtpReceived);
  counters_.add(Field::RtpReceivedOctets, datagram.size());
  stream.rtp_received_octets += datagram.size();
  stream.reception.on_packet(*rtp, steady_us(), stream.clock_rate);
  if (stream.echo) {
    if (transmit(stream, stream.rtp_port, datagram, stream.remote, Leave::WithTheTick)) {
      counters_.add(Field::Echoed);
      counters_.add(Field::EchoedOctets, datagram.size());
    }
  }
  if (stream.streaming) {
    EchoCheck c = stream.streaming->check(*rtp, datagram);
    if (c.failed() && shared_.rtpcheck_debug != nullptr) {
      shared_.rtpcheck_debug->mismatch(*stream.streaming, c, *rtp, datagram, wall_us());
    }
  }
}

void MediaEngine::tell(const Call &call, CallEvent::Kind kind, std::string_view text,
                       const MediaQos *qos) const {
  if (shared_.observer == nullptr) {
    return;
  }
  CallEvent e;
  e.kind = kind;
  e.call_id = call.id;
  e.call_number = call.number;
  e.text = text;
  e.media = qos;
  e.wall_us = wall_us();
  shared_.observer->on_call_event(e);
}

void MediaEngine::release(Call &call) {
  if (!call.extras_ || !call.extras_->media) {
    return;
  }
  auto &media = static_cast<CallMedia &>(*call.extras_->media);
  for (MediaStream &stream : media.streams) {
    static constexpr const char *kKinds[kStreamKinds] = {"audio", "video", "image"};
    auto kind = static_cast<size_t>(&stream - media.streams.data());
    if (shared_.observer != nullptr && stream.reception.received() != 0) {
      MediaQos qos = stream.reception.figures(stream.encoding, stream.rtcp.rtt_ms());
      qos.video = kind == static_cast<size_t>(StreamKind::Video);
      tell(call, CallEvent::Kind::MediaEnded, kKinds[kind], &qos);
    }
    observe_end(call, stream, kKinds[kind]);
    stop(stream);
    if (stream.streaming) {
      judge(stream);
      stream.streaming.reset();
    }
    wheel_.cancel(stream.rtcp.timer);
    if (stream.dtls) {
      wheel_.cancel(stream.dtls->timer);
    }
    if (stream.srtp && stream.srtp->tx() != nullptr) {
      counters_.add(Field::SrtpStreams);
    }
    if (stream.srtp && stream.srtp->auth_failed + stream.srtp->replayed != 0) {
      counters_.add(Field::SrtpStreamsFailing);
    }
    if (SrtpDebugStream *debug = debug_of(stream); debug && (stream.srtp || stream.dtls)) {
      shared_.srtp_debug->stream_end(*debug, stream.srtp.get(), wall_us());
    }
    stream.rtcp.count(counters_);
    stream.reception.count(counters_, stream.encoding, stream.rtcp.rtt_ms());
    unlisten(stream);
    if (stream.rtcp.started && !stream.rtcp.muxed() && stream.rtcp.local_port != 0) {
      remove_listener(stream.rtcp.local_port, stream.rtcp.remote);
      give_back(stream.rtcp.local_port);
    }
    for (const auto &[offset, port] : stream.bound) {
      give_back(port);
    }
    stream.bound.clear();
  }
  call.extras_->media.reset();
}

} // namespace gossipper::runtime::media

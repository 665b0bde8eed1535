//===- media_engine_secure.cpp - A shard's SRTP: SDES and DTLS ------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The engine's secure side: SDES keywords and a=crypto lines key a stream
// (stream_srtp.cpp), or a DTLS handshake on the stream's socket does
// (stream_dtls.cpp, docs/srtp.md); every datagram a keyed stream sends is
// protected here, every one it gets unprotected here.
//
//===----------------------------------------------------------------------===//
#include "media/media_engine.hpp"

#include "media/datagram_kind.hpp"
#include "media/dtls_identity.hpp"
#include "media/rtcp_packet.hpp"
#include "media/sdes_attribute.hpp"
#include "media/stun_message.hpp"
#include "time/clock.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>

namespace gossipper::runtime::media {

namespace asio = boost::asio;
using Field = MediaSummary::Field;

namespace {

/// -srtpcheck_debug's line for what a negotiation did; `was_keyed`: the
/// stream had keys before it.
void note_sdes(SrtpDebug &file, const SrtpDebugStream &s, const StreamSrtp &srtp,
               StreamSrtp::Outcome outcome, bool was_keyed) {
  uint64_t now = wall_us();
  switch (outcome) {
  case StreamSrtp::Outcome::Keyed:
    file.sdes_keyed(s, srtp.tx()->crypto(), srtp.rx()->crypto(), now);
    return;
  case StreamSrtp::Outcome::NoCommonSuite:
    file.sdes_no_common_suite(s, srtp.our_lines(), srtp.peer_lines(), now);
    return;
  case StreamSrtp::Outcome::Refused: file.sdes_refused(s, srtp.refusal(), now); return;
  case StreamSrtp::Outcome::Plain:
    if (was_keyed && srtp.tx() == nullptr) {
      file.sdes_off(s, now);
    }
    return;
  case StreamSrtp::Outcome::Unchanged: return;
  }
}

std::string setup_or_none(const std::string &setup) { return setup.empty() ? "(none)" : setup; }

} // namespace

//===----------------------------------------------------------------------===//
// Keywords
//===----------------------------------------------------------------------===//

void MediaEngine::render_keyword(Call &call, ir::Keyword keyword, int32_t offset,
                                 MessageBytes &out) {
  CallMedia &media = media_of(call);
  if (keyword == ir::Keyword::DtlsFingerprint) {
    if (shared_.files != nullptr && shared_.files->dtls) {
      out += shared_.files->dtls->fingerprint();
    }
    return;
  }
  if (keyword == ir::Keyword::IceUfrag || keyword == ir::Keyword::IcePwd) {
    if (shared_.files != nullptr) {
      out += keyword == ir::Keyword::IceUfrag ? shared_.files->ice_ufrag : shared_.files->ice_pwd;
    }
    return;
  }
  if (keyword == ir::Keyword::DtlsSetup) {
    // The audio stream's peer decides, as it does for most calls' one stream.
    const StreamDtls *dtls = media.streams[0].dtls.get();
    bool answering = dtls != nullptr && dtls->peers && dtls->peer_latest;
    out += dtls_setup_text(dtls != nullptr ? dtls->peer_setup : "", answering);
    return;
  }
  std::optional<ir::CryptoKeyword> k = ir::crypto_keyword(keyword);
  if (!k) {
    return;
  }
  MediaStream &stream = media.streams[k->video ? 1 : 0];
  if (!stream.srtp) {
    stream.srtp = std::make_unique<StreamSrtp>();
  }
  stream.srtp->render(*k, offset, out);
}

//===----------------------------------------------------------------------===//
// SDES
//===----------------------------------------------------------------------===//

void MediaEngine::key_stream(MediaStream &stream, const std::vector<std::string> &lines,
                             bool ours) {
  SrtpDebugStream *debug = debug_of(stream);
  std::vector<SdesCrypto> read;
  for (const std::string &line : lines) {
    Expected<std::optional<SdesCrypto>> c = read_sdes_crypto(line);
    if (!c) {
      counters_.add(Field::BadCrypto);
      if (debug != nullptr) {
        shared_.srtp_debug->sdes_malformed(*debug, c.error().message, wall_us());
      }
    } else if (*c) {
      read.push_back(std::move(**c));
    }
  }
  if (!stream.srtp) {
    stream.srtp = std::make_unique<StreamSrtp>();
  }
  StreamSrtp &srtp = *stream.srtp;
  bool was_keyed = srtp.tx() != nullptr;
  StreamSrtp::Outcome outcome =
      ours ? srtp.on_ours(std::move(read)) : srtp.on_peers(std::move(read));
  switch (outcome) {
  case StreamSrtp::Outcome::NoCommonSuite: counters_.add(Field::SrtpNoCommonSuite); break;
  case StreamSrtp::Outcome::Refused: counters_.add(Field::SrtpRefused); break;
  default: break;
  }
  if (debug != nullptr) {
    note_sdes(*shared_.srtp_debug, *debug, srtp, outcome, was_keyed);
  }
}

//===----------------------------------------------------------------------===//
// DTLS-SRTP
//===----------------------------------------------------------------------===//

void MediaEngine::note_dtls(Call &call, MediaStream &stream, const std::string &fingerprint,
                            const std::string &setup, bool ours) {
  if (!stream.dtls) {
    stream.dtls = std::make_unique<StreamDtls>();
    stream.dtls->stream = &stream;
    stream.dtls->call_id = call.id;
  }
  StreamDtls &d = *stream.dtls;
  if (ours) {
    d.ours = true;
    d.our_setup = setup;
  } else {
    d.peers = true;
    d.peer_setup = setup;
    d.peer_fingerprint = fingerprint;
  }
  d.peer_latest = !ours;
  start_dtls(stream);
}

void MediaEngine::start_dtls(MediaStream &stream) {
  StreamDtls &d = *stream.dtls;
  if (d.session || !d.ours || !d.peers || !stream.has_remote || shared_.files == nullptr ||
      !shared_.files->dtls) {
    return;
  }
  std::optional<DtlsSession::Role> role = dtls_role(d.our_setup, d.peer_setup);
  Expected<Fingerprint> peer = read_fingerprint(d.peer_fingerprint);
  if (!role || !peer) {
    counters_.add(role ? Field::DtlsBadFingerprint : Field::DtlsFailed);
    if (SrtpDebugStream *debug = debug_of(stream)) {
      shared_.srtp_debug->dtls_failed(
          *debug,
          role ? "the peer's a=fingerprint cannot be read: " + peer.error().message
               : "a=setup roles clash: ours " + setup_or_none(d.our_setup) + ", the peer's " +
                     setup_or_none(d.peer_setup),
          wall_us());
    }
    d.peers = false; // until the peer's next SDP
    return;
  }
  if (stream.rtp_port == 0 && port_for(stream, 0) == 0) {
    return;
  }
  listen(stream);
  Expected<std::unique_ptr<DtlsSession>> session =
      DtlsSession::make(*shared_.files->dtls, *role, std::move(*peer));
  if (!session) {
    counters_.add(Field::DtlsFailed);
    if (SrtpDebugStream *debug = debug_of(stream)) {
      shared_.srtp_debug->dtls_failed(*debug, session.error().message, wall_us());
    }
    return;
  }
  d.session = std::move(*session);
  d.started_ms = steady_ms();
  if (SrtpDebugStream *debug = debug_of(stream)) {
    shared_.srtp_debug->dtls_started(*debug, *role, wall_us());
  }
  dtls_out_.clear();
  d.session->start(dtls_out_);
  // The peer's ClientHello, come before its answer was read.
  auto early = early_dtls_.find(stream.rtp_port);
  if (early != early_dtls_.end()) {
    if (early->second.from == stream.remote && *role == DtlsSession::Role::Server) {
      d.session->on_datagram(early->second.datagram, dtls_out_);
    }
    early_dtls_.erase(early);
  }
  after_dtls(stream);
}

void MediaEngine::on_dtls(MediaStream &stream, std::string_view datagram) {
  if (!stream.dtls || !stream.dtls->session) {
    counters_.add(Field::Malformed);
    return;
  }
  // A peer whose a=setup made us the client may send its own ClientHello
  // all the same (rtpengine told DTLS=passive in its answer does): ours
  // gets its ServerHello, its hello is left unanswered.
  if (stream.dtls->session->role() == DtlsSession::Role::Client &&
      stream.dtls->session->state() == DtlsSession::State::Handshaking &&
      is_client_hello(datagram)) {
    return;
  }
  dtls_out_.clear();
  stream.dtls->session->on_datagram(datagram, dtls_out_);
  after_dtls(stream);
}

void MediaEngine::fire(StreamDtls &d) {
  if (!d.session || d.session->state() != DtlsSession::State::Handshaking) {
    return;
  }
  if (steady_ms() - d.started_ms >= kDtlsGiveUpMs) {
    counters_.add(Field::DtlsTimeouts);
    if (SrtpDebugStream *debug = debug_of(*d.stream)) {
      shared_.srtp_debug->dtls_timeout(*debug, steady_ms() - d.started_ms, wall_us());
    }
    d.counted = true;
    fail_call_later(d);
    return;
  }
  dtls_out_.clear();
  d.session->on_timeout(dtls_out_);
  after_dtls(*d.stream);
}

void MediaEngine::after_dtls(MediaStream &stream) {
  StreamDtls &d = *stream.dtls;
  // Handshake records go as they are: SRTP is for RTP and RTCP.
  Port &p = ports_[stream.rtp_port];
  for (const std::string &datagram : dtls_out_) {
    p.socket->queue(datagram, stream.remote);
  }
  if (!dtls_out_.empty()) {
    mark_dirty(stream.rtp_port, p);
  }
  switch (d.session->state()) {
  case DtlsSession::State::Handshaking: {
    uint64_t now = steady_ms();
    uint64_t wait = std::max<uint64_t>(d.session->timeout_ms().value_or(50), 1);
    wheel_.schedule(d.timer, std::min(now + wait, d.started_ms + kDtlsGiveUpMs));
    return;
  }
  case DtlsSession::State::Keyed:
    wheel_.cancel(d.timer);
    if (!d.counted) {
      d.counted = true;
      if (!stream.srtp) {
        stream.srtp = std::make_unique<StreamSrtp>();
      }
      Expected<void> keyed = stream.srtp->key(d.session->local_key(), d.session->remote_key());
      counters_.add(keyed ? Field::DtlsKeyed : Field::SrtpRefused);
      if (SrtpDebugStream *debug = debug_of(stream)) {
        shared_.srtp_debug->dtls_keyed(*debug, d.session->local_key().suite,
                                       steady_ms() - d.started_ms,
                                       keyed ? "" : keyed.error().message, wall_us());
      }
    }
    return;
  case DtlsSession::State::Failed:
    wheel_.cancel(d.timer);
    if (!d.counted) {
      d.counted = true;
      counters_.add(d.session->fingerprint_mismatch() ? Field::DtlsBadFingerprint
                                                      : Field::DtlsFailed);
      if (SrtpDebugStream *debug = debug_of(stream)) {
        shared_.srtp_debug->dtls_failed(*debug, d.session->failure(), wall_us());
      }
      fail_call_later(d);
    }
    return;
  }
}

bool MediaEngine::answer_stun(MediaSocket &socket, std::string_view datagram,
                              const asio::ip::udp::endpoint &from) {
  if (datagram_kind(datagram) != DatagramKind::Stun || shared_.files == nullptr ||
      shared_.files->ice_pwd.empty()) {
    return false;
  }
  // RFC 8445 §7.3: a check names us first in its USERNAME and is keyed
  // with our password; a bad one is dropped, counted.
  Expected<StunBinding> check = read_stun_binding(datagram);
  const std::string &ufrag = shared_.files->ice_ufrag;
  if (!check || check->username.size() <= ufrag.size() ||
      check->username.compare(0, ufrag.size(), ufrag) != 0 ||
      check->username[ufrag.size()] != ':' ||
      !stun_integrity_ok(datagram, shared_.files->ice_pwd)) {
    counters_.add(Field::IceRefused);
    return true;
  }
  socket.queue(stun_binding_success(check->transaction, from, shared_.files->ice_pwd), from);
  flush_soon(socket.port());
  counters_.add(Field::IceAnswered);
  return true;
}

void MediaEngine::fail_call_later(const StreamDtls &d) {
  if (fail_call_) {
    asio::post(io_, [fail = fail_call_, id = d.call_id] { fail(id); });
  }
}

//===----------------------------------------------------------------------===//
// Datagrams
//===----------------------------------------------------------------------===//

bool MediaEngine::unkeyed_rtcp(const MediaStream &stream) {
  // RFC 5764 §4.1: RTCP on a port of its own has a handshake of its own,
  // which is not run here; its SRTCP has other keys.
  return stream.dtls && stream.dtls->ours && stream.dtls->peers && !stream.rtcp.muxed();
}

bool MediaEngine::transmit(MediaStream &stream, uint16_t port, std::string_view bytes,
                           const asio::ip::udp::endpoint &to, Leave leave) {
  if (is_rtcp(bytes) && unkeyed_rtcp(stream)) {
    counters_.add(Field::DtlsHeld);
    return false;
  }
  if (stream.srtp && stream.srtp->tx() != nullptr) {
    protected_.assign(bytes);
    if (stream.srtp->tx()->protect(protected_, is_rtcp(bytes)) != SrtpSession::Status::Ok) {
      counters_.add(Field::SendErrors);
      return false;
    }
    bytes = protected_;
  } else if (stream.dtls && stream.dtls->ours && stream.dtls->peers) {
    // DTLS-SRTP, not keyed yet (or failed): nothing leaves in the clear.
    counters_.add(Field::DtlsHeld);
    return false;
  }
  Port &p = ports_[port];
  if (leave == Leave::Now && p.socket->idle()) {
    if (!p.socket->send_now(bytes, to)) {
      counters_.add(Field::SendErrors);
    }
    return true;
  }
  p.socket->queue(bytes, to);
  mark_dirty(port, p);
  return true;
}

bool MediaEngine::keep_early_dtls(uint16_t port, std::string_view datagram,
                                  const asio::ip::udp::endpoint &from) {
  if (datagram_kind(datagram) != DatagramKind::Dtls || early_dtls_.size() > 4096) {
    return false;
  }
  early_dtls_[port] = EarlyDtls{from, std::string(datagram)};
  return true;
}

bool MediaEngine::unprotect(MediaStream &stream, std::string_view &datagram, bool rtcp) {
  if (datagram_kind(datagram) == DatagramKind::Dtls && stream.dtls) {
    on_dtls(stream, datagram);
    return false;
  }
  if (rtcp && unkeyed_rtcp(stream)) {
    counters_.add(Field::DtlsHeld);
    return false;
  }
  if (!stream.srtp || stream.srtp->rx() == nullptr) {
    return true;
  }
  unprotected_.assign(datagram);
  SrtpSession::Status status = stream.srtp->rx()->unprotect(unprotected_, rtcp);
  if (status == SrtpSession::Status::Ok) {
    datagram = unprotected_;
    return true;
  }
  bool replay = status == SrtpSession::Status::Replayed;
  uint64_t &count = replay ? stream.srtp->replayed : stream.srtp->auth_failed;
  ++count;
  counters_.add(replay ? Field::SrtpReplayed : Field::SrtpAuthFailed);
  if (SrtpDebugStream *debug = debug_of(stream)) {
    using P = SrtpDebug::Packet;
    P what = replay                               ? P::Replayed
             : status == SrtpSession::Status::Bad ? P::Malformed
                                                  : P::AuthFailed;
    shared_.srtp_debug->packet(*debug, what, datagram, rtcp, count, wall_us());
  }
  return false;
}

} // namespace gossipper::runtime::media

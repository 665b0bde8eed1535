//===- media_engine_report.cpp - A stream's figures at its end ------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// When a call's media ends, each stream that sent or received RTP is told
// to the run's message observers with its figures: what HEP sends Homer as
// the stream's QoS report. Apart from media_engine.cpp, which is long enough.
//
//===----------------------------------------------------------------------===//
#include "media/media_engine.hpp"

#include "time/clock.hpp"

namespace gossipper::runtime::media {

void MediaEngine::observe_end(const Call &call, const MediaStream &stream,
                              std::string_view media) const {
  if (shared_.observers == nullptr || !shared_.observers->active()) {
    return;
  }
  uint64_t received = stream.reception.received();
  if (received == 0 && stream.rtp_sent == 0) {
    return; // announced, never used: nothing to report
  }
  StreamEndEvent e;
  e.call_id = call.id;
  e.media = media;
  e.local = boost::asio::ip::udp::endpoint(media_ip_, stream.rtp_port);
  e.peer = stream.remote;
  e.codec = stream.encoding;
  e.clock_rate = stream.clock_rate;
  e.packets_received = received;
  e.octets_received = stream.rtp_received_octets;
  e.packets_sent = stream.rtp_sent;
  e.octets_sent = stream.rtp_sent_octets;
  e.rtt_ms = stream.rtcp.rtt_ms();
  if (received != 0) {
    // The same figures as media.ended's and the summary's (count()).
    e.qos = stream.reception.figures(stream.encoding, e.rtt_ms);
    e.jitter_ms = stream.reception.current().jitter_ms();
  }
  e.wall_us = wall_us();
  e.shard = shared_.shard;
  shared_.observers->notify(e);
}

} // namespace gossipper::runtime::media

//===- message_observer.hpp - Who sees every SIP message -------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The seam where exporters plug in: every SIP message a call engine sends or
// receives reaches each observer of the run, on the thread of the shard that
// handled it. The message trace files (-trace_msg, -trace_shortmsg) are the
// first observers; mirroring to Homer and structured events are the next.
// The media's RTCP and the end of each stream come here too, for HEP.
// An observer must not block: it formats, or queues for a thread of its own.
// With no observer active the message path pays one relaxed load and a
// branch.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/runtime/run_config.hpp"
#include "trace/call_observer.hpp"

#include <boost/asio/ip/udp.hpp>

#include <atomic>
#include <cstdint>
#include <string_view>
#include <vector>

struct gsp_call;

namespace gossipper::runtime {

/// One SIP message as it left or arrived.
struct MessageEvent {
  enum class Direction : uint8_t { Sent, Received };
  Direction direction = Direction::Sent;
  std::string_view bytes;
  /// Its Call-ID (the one its call goes by: SIPp's "///" prefix removed).
  std::string_view call_id;
  /// The call it belongs to; null when no call holds it (an answer to a
  /// message for no call, a message for a dead call).
  const gsp_call *call = nullptr;
  /// The other side: where it went, or where it came from.
  boost::asio::ip::udp::endpoint peer;
  TransportMode transport = TransportMode::UdpOne;
  /// A retransmission: ours (a timer fired, or the peer's retransmission
  /// answered again) or the peer's (recognised by its hash).
  bool retransmission = false;
  /// Wall clock, µs since the epoch.
  uint64_t wall_us = 0;
  /// The shard whose thread reports it: an observer with a queue per shard
  /// (the HEP exporter) keeps each queue single-producer.
  uint32_t shard = 0;
};

/// One RTCP compound packet of a call's media, as it left or arrived: in
/// the clear (before SRTCP protects it, after it is unprotected).
struct RtcpEvent {
  MessageEvent::Direction direction = MessageEvent::Direction::Sent;
  std::string_view bytes;
  /// The Call-ID of the call whose stream it belongs to; empty when no
  /// stream of ours claims it.
  std::string_view call_id;
  boost::asio::ip::udp::endpoint local; ///< our media address and RTCP port
  boost::asio::ip::udp::endpoint peer;
  uint64_t wall_us = 0;
  uint32_t shard = 0;
};

/// One media stream of a call, as it ends with its call: what it sent and
/// received, and the quality of what it received (the figures media.ended
/// and the summary's media carry).
struct StreamEndEvent {
  std::string_view call_id;
  std::string_view media;               ///< "audio", "video" or "image"
  boost::asio::ip::udp::endpoint local; ///< our media address and RTP port
  boost::asio::ip::udp::endpoint peer;  ///< where the peer's SDP sends it
  std::string_view codec;               ///< the peer's, from its SDP; may be empty
  uint32_t clock_rate = 8000;
  uint64_t packets_received = 0;
  uint64_t octets_received = 0;
  uint64_t packets_sent = 0;
  uint64_t octets_sent = 0;
  /// What was received (RFC 3550, the E-model): only when packets_received.
  MediaQos qos;
  double jitter_ms = 0; ///< the last source's interarrival jitter at the end
  double rtt_ms = -1;   ///< from RTCP; negative when the peer's reports gave none
  uint64_t wall_us = 0;
  uint32_t shard = 0;
};

class MessageObserver {
public:
  virtual ~MessageObserver() = default;
  /// Whether it wants messages now (a trace turned off by "trace messages
  /// off" does not).
  [[nodiscard]] virtual bool enabled() const = 0;
  virtual void on_message(const MessageEvent &event) = 0;
  /// RTCP of the media: only the observers that want it (HEP) look.
  virtual void on_rtcp(const RtcpEvent & /*event*/) {}
  /// A stream that sent or received RTP ends (HEP's QoS report).
  virtual void on_stream_end(const StreamEndEvent & /*event*/) {}
};

/// The observers of a run: attached before the shards start, turned on and
/// off at any time (then refresh()).
class MessageObservers {
public:
  void add(MessageObserver *observer) {
    list_.push_back(observer);
    refresh();
  }
  /// Recomputes active() after an observer was turned on or off.
  void refresh() {
    bool any = false;
    for (const MessageObserver *o : list_) {
      any = any || o->enabled();
    }
    active_.store(any, std::memory_order_relaxed);
  }
  /// Some observer wants messages: only then is an event made.
  [[nodiscard]] bool active() const { return active_.load(std::memory_order_relaxed); }
  void notify(const MessageEvent &event) const {
    for (MessageObserver *o : list_) {
      if (o->enabled()) {
        o->on_message(event);
      }
    }
  }
  void notify(const RtcpEvent &event) const {
    for (MessageObserver *o : list_) {
      if (o->enabled()) {
        o->on_rtcp(event);
      }
    }
  }
  void notify(const StreamEndEvent &event) const {
    for (MessageObserver *o : list_) {
      if (o->enabled()) {
        o->on_stream_end(event);
      }
    }
  }

private:
  std::vector<MessageObserver *> list_;
  std::atomic<bool> active_{false};
};

} // namespace gossipper::runtime

//===- sip_extraction.cpp - The SIP messages of a capture -----------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "capture/sip_extraction.hpp"

#include "sip/sip_message.hpp"
#include "sip/stream_framer.hpp"

#include <map>
#include <memory>

namespace gossipper::runtime::capture {
namespace {

/// A message is SIP when it parses with a Call-ID and a CSeq.
bool is_sip(std::string_view bytes) {
  SipMessage message;
  return parse_sip_message(bytes, message) == SipParseError::None && !message.call_id().empty() &&
         !message.cseq_method().empty();
}

/// A datagram whose Content-Length claims more than it holds is still the
/// message its peer received (a stack reads a datagram to its end): its
/// Content-Length is made the body's, which the template replaces with
/// [len] anyway.
bool repair_content_length(std::string &datagram) {
  SipMessage message;
  if (parse_sip_message(datagram, message) != SipParseError::BodyTooShort) {
    return false;
  }
  size_t head_end = datagram.find("\r\n\r\n");
  const size_t separator = head_end == std::string::npos ? 2 : 4;
  if (head_end == std::string::npos) {
    head_end = datagram.find("\n\n");
  }
  if (head_end == std::string::npos) {
    return false;
  }
  const std::string body_length = std::to_string(datagram.size() - head_end - separator);
  for (size_t line = 0; line < head_end;) {
    const size_t end = datagram.find('\n', line);
    const size_t colon = datagram.find(':', line);
    if (colon < end && (same_header_name(std::string_view(datagram).substr(line, colon - line),
                                         "Content-Length"))) {
      const size_t value_end = datagram[end - 1] == '\r' ? end - 1 : end;
      datagram.replace(colon + 1, value_end - colon - 1, " " + body_length);
      return is_sip(datagram);
    }
    line = end + 1;
  }
  return false;
}

/// One direction of a TCP connection: its bytes in sequence order, framed.
class TcpDirection {
public:
  /// Adds a segment; calls `deliver` for each message it completes. False
  /// once the stream could not be framed (its later bytes are ignored).
  template <class Deliver> void add(const DecodedPacket &segment, Deliver &&deliver) {
    uint32_t seq = segment.tcp_sequence;
    if (segment.tcp_syn) {
      next_ = seq + 1;
      started_ = true;
      return;
    }
    if (broken_ || segment.payload.empty()) {
      return;
    }
    if (!started_) { // the capture began inside the connection
      next_ = seq;
      started_ = true;
    }
    pending_[seq] =
        std::string(reinterpret_cast<const char *>(segment.payload.data()), segment.payload.size());
    drain(deliver);
  }

private:
  template <class Deliver> void drain(Deliver &&deliver) {
    while (!pending_.empty() && !broken_) {
      auto it = pending_.begin();
      // The earliest segment by distance from next_ (sequence numbers wrap).
      for (auto j = pending_.begin(); j != pending_.end(); ++j) {
        if (static_cast<int32_t>(j->first - next_) < static_cast<int32_t>(it->first - next_)) {
          it = j;
        }
      }
      const auto ahead = static_cast<int32_t>(it->first - next_);
      if (ahead > 0) {
        return; // a gap: wait for the missing bytes
      }
      const auto skip = static_cast<size_t>(-static_cast<int64_t>(ahead));
      std::string bytes = std::move(it->second);
      pending_.erase(it);
      if (skip >= bytes.size()) {
        continue; // all seen before: a retransmission
      }
      next_ += static_cast<uint32_t>(bytes.size() - skip);
      Expected<bool> fed =
          framer_.feed(std::string_view(bytes).substr(skip), [&](std::string_view message) {
            deliver(message);
            return true;
          });
      broken_ = !fed;
    }
  }

  StreamFramer framer_;
  std::map<uint32_t, std::string> pending_;
  uint32_t next_ = 0;
  bool started_ = false;
  bool broken_ = false;
};

struct FlowKey {
  Endpoint source;
  Endpoint destination;
  friend bool operator<(const FlowKey &a, const FlowKey &b) {
    auto tie = [](const FlowKey &k) {
      return std::tie(k.source.address.version, k.source.address.bytes, k.source.port,
                      k.destination.address.bytes, k.destination.port);
    };
    return tie(a) < tie(b);
  }
};

} // namespace

std::string Endpoint::text() const {
  return address.version == 6 ? "[" + address.text() + "]:" + std::to_string(port)
                              : address.text() + ":" + std::to_string(port);
}

Expected<CaptureContent> extract_sip(const CaptureSource &source) {
  CaptureContent content;
  std::map<FlowKey, TcpDirection> flows;
  Expected<void> read = for_each_frame(source, [&](const CapturedFrame &frame) -> Expected<void> {
    content.frames = frame.number;
    const std::string where =
        "PCAP file '" + source.name + "', packet " + std::to_string(frame.number);
    if (frame.bytes.size() < frame.wire_length) {
      return Error{where + ": " + std::to_string(frame.bytes.size()) + " of " +
                   std::to_string(frame.wire_length) +
                   " bytes captured, so its SIP may be cut off; capture again with no snap "
                   "length limit (tshark -s 0, tcpdump -s 0)"};
    }
    Expected<std::optional<DecodedPacket>> decoded = decode_packet(frame.framing, frame.bytes);
    if (!decoded) {
      return Error{where + ": " + decoded.error().message};
    }
    if (!*decoded) {
      return {};
    }
    const DecodedPacket &packet = **decoded;
    const Endpoint from{packet.source, packet.source_port};
    const Endpoint to{packet.destination, packet.destination_port};
    if (packet.protocol == TransportProtocol::tcp) {
      flows[FlowKey{from, to}].add(packet, [&](std::string_view message) {
        if (is_sip(message)) {
          content.sip.push_back(CapturedSip{frame.number, frame.stamp_us, TransportProtocol::tcp,
                                            from, to, std::string(message)});
        }
      });
      return {};
    }
    std::string payload(reinterpret_cast<const char *>(packet.payload.data()),
                        packet.payload.size());
    if (is_sip(payload) || repair_content_length(payload)) {
      content.sip.push_back(CapturedSip{frame.number, frame.stamp_us, TransportProtocol::udp, from,
                                        to, std::move(payload)});
    } else {
      content.datagrams.push_back(
          CapturedDatagram{frame.number, frame.stamp_us, from, to, std::move(payload)});
    }
    return {};
  });
  if (!read) {
    return read.error();
  }
  return content;
}

} // namespace gossipper::runtime::capture

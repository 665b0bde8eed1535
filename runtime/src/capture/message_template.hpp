//===- message_template.hpp - A captured message as a scenario's <send> -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Turns the text of a captured SIP message into the template one side of
// the call sends, with the call's values as SIPp's keywords, so that the
// scenario makes a new call each time: the Call-ID as [call_id], the top Via
// as [transport], [local_ip]:[local_port] and [branch], the sender's own tag
// as one made from [pid] and [call_number], the peer's as
// [peer_tag_param], CSeq numbers as [cseq], the two ends' addresses as
// [local_ip]:[local_port] and [remote_ip]:[remote_port], the SDP's address
// and ports as [media_ip] and [media_port], Content-Length as [len], a
// digest Authorization as [authentication] and a Route set as [routes]. A
// response copies what it answers with SIPp's [last_*:] keywords.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "capture/sip_extraction.hpp"

#include <string>
#include <vector>

namespace gossipper::runtime::capture {

/// What one side of the call knows of it, as captured.
struct SideValues {
  Endpoint local;  ///< this side's SIP address
  Endpoint remote; ///< the other side's
  /// The ports each side gave in its Via other than the one its packets
  /// came from: a TCP client connects from a port of the system's choosing
  /// and names its listening port there. Written as [local_port] and
  /// [remote_port] too.
  std::vector<uint16_t> local_ports;
  std::vector<uint16_t> remote_ports;
  std::string call_id;
  /// The tags this side gave (a proxy that challenges, then forwards, gives
  /// one in its 407 and passes on another in the 200).
  std::vector<std::string> local_tags;
  std::vector<std::string> remote_tags; ///< the peer's
  std::string tag_keyword; ///< what replaces local_tag, e.g. "[pid]SIPpTag00[call_number]"
  uint16_t media_port = 0; ///< the first m= port this side offered (0: none yet)
};

/// What the template needs beyond the message.
struct TemplateNeeds {
  bool authentication = false; ///< [authentication]: the challenge must be kept (auth="true")
  bool routes = false;         ///< [routes]: the route set must be recorded (rrs="true")
};

/// The template of a request this side sends.
[[nodiscard]] std::string request_template(std::string_view text, const SideValues &side,
                                           TemplateNeeds &needs);

/// The template of a response this side sends to the request it received
/// last. `adds_tag`: the request's To had no tag, the response's has one.
[[nodiscard]] std::string response_template(std::string_view text, const SideValues &side,
                                            bool adds_tag);

/// `text` with the two ends' addresses as keywords: "ip:port" of each end
/// (its other Via ports too) first, then the bare address ([local_ip]
/// before [remote_ip] when both are the same address).
[[nodiscard]] std::string with_address_keywords(std::string_view text, const SideValues &side);

/// An SDP body with [media_ip], [media_ip_type] and [media_port+N] (N from
/// side.media_port; the first m= port when that is 0).
[[nodiscard]] std::string sdp_template(std::string_view body, const SideValues &side);

} // namespace gossipper::runtime::capture

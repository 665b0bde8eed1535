//===- scenario_writer.cpp - A captured call as a UAC or UAS scenario -----===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "capture/scenario_writer.hpp"

#include "capture/message_template.hpp"
#include "gossipper/stdlib/markup_escape.hpp"
#include "sip/sip_message.hpp"

#include <algorithm>
#include <optional>

namespace gossipper::runtime::capture {
namespace {

constexpr int64_t kPauseThresholdUs = 200'000;

/// A comment's text: XML forbids "--" inside one.
std::string comment_text(std::string_view text) {
  std::string out(text);
  size_t at = 0;
  while ((at = out.find("--", at)) != std::string::npos) {
    out.replace(at, 2, "- -");
  }
  return out;
}

/// A template inside CDATA, indented as SIPp's built-ins are (SIPp's clean-up
/// takes the indentation off again); "]]>" split across two sections.
std::string cdata(std::string_view text) {
  std::string out = "    <![CDATA[\n";
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string line(text.substr(start, end - start));
    size_t at = 0;
    while ((at = line.find("]]>", at)) != std::string::npos) {
      line.replace(at, 3, "]]]]><![CDATA[>");
      at += 15;
    }
    out += line.empty() ? "\n" : "      " + line + "\n";
    start = end + 1;
  }
  out += "    ]]>\n";
  return out;
}

/// The first m= port of the first SDP body this side sent (0 when none).
uint16_t first_media_port(const CapturedCall &call, bool caller) {
  for (const CallMessage &cm : call.messages) {
    if (cm.from_caller != caller) {
      continue;
    }
    SipMessage m;
    if (parse_sip_message(cm.sip.text, m) != SipParseError::None) {
      continue;
    }
    const std::string_view body = m.body();
    const size_t at = body.starts_with("m=") ? 0 : body.find("\nm=");
    if (at == std::string_view::npos) {
      continue;
    }
    const size_t sp = body.find(' ', at);
    if (sp == std::string_view::npos) {
      continue;
    }
    unsigned port = 0;
    for (size_t i = sp + 1; i < body.size() && i < sp + 6 && body[i] >= '0' && body[i] <= '9';
         ++i) {
      port = port * 10 + static_cast<unsigned>(body[i] - '0');
    }
    if (port > 0 && port <= 65535) {
      return static_cast<uint16_t>(port);
    }
  }
  return 0;
}

/// The tags each side gave: the From tag of its requests, the To tag of its
/// responses.
void find_tags(const CapturedCall &call, std::vector<std::string> &caller_tags,
               std::vector<std::string> &callee_tags) {
  for (const CallMessage &cm : call.messages) {
    SipMessage m;
    if (parse_sip_message(cm.sip.text, m) != SipParseError::None) {
      continue;
    }
    const std::string mine(m.is_request() ? m.from_tag() : m.to_tag());
    std::vector<std::string> &tags = cm.from_caller ? caller_tags : callee_tags;
    if (!mine.empty() && std::find(tags.begin(), tags.end(), mine) == tags.end()) {
      tags.push_back(mine);
    }
  }
}

/// The ports of the top Via of each side's requests that are not the port
/// its packets came from.
void find_via_ports(const CapturedCall &call, std::vector<uint16_t> &caller_ports,
                    std::vector<uint16_t> &callee_ports) {
  for (const CallMessage &cm : call.messages) {
    SipMessage m;
    if (parse_sip_message(cm.sip.text, m) != SipParseError::None || !m.is_request()) {
      continue;
    }
    const SipHeader *via = m.find("Via");
    if (via == nullptr) {
      continue;
    }
    // "SIP/2.0/TCP host:port;params": the digits after the sent-by's last ':'.
    std::string_view sent_by = via->value.substr(0, via->value.find(';'));
    const size_t colon = sent_by.rfind(':');
    if (colon == std::string_view::npos || sent_by.find(' ') > colon) {
      continue;
    }
    unsigned port = 0;
    for (char c : sent_by.substr(colon + 1)) {
      port =
          c >= '0' && c <= '9' && port < 65536 ? port * 10 + static_cast<unsigned>(c - '0') : 65536;
    }
    const Endpoint &from = cm.from_caller ? call.caller : call.callee;
    std::vector<uint16_t> &ports = cm.from_caller ? caller_ports : callee_ports;
    if (port > 0 && port < 65536 && port != from.port &&
        std::find(ports.begin(), ports.end(), port) == ports.end()) {
      ports.push_back(static_cast<uint16_t>(port));
    }
  }
}

SideValues side_values(const CapturedCall &call, CallSide side) {
  const bool caller = side == CallSide::caller;
  SideValues v;
  v.local = caller ? call.caller : call.callee;
  v.remote = caller ? call.callee : call.caller;
  v.call_id = call.call_id;
  std::vector<std::string> caller_tags;
  std::vector<std::string> callee_tags;
  find_tags(call, caller_tags, callee_tags);
  v.local_tags = caller ? caller_tags : callee_tags;
  std::vector<uint16_t> caller_ports;
  std::vector<uint16_t> callee_ports;
  find_via_ports(call, caller_ports, callee_ports);
  v.local_ports = caller ? caller_ports : callee_ports;
  v.remote_ports = caller ? callee_ports : caller_ports;
  v.remote_tags = caller ? callee_tags : caller_tags;
  v.tag_keyword = caller ? "[pid]SIPpTag00[call_number]" : "[pid]SIPpTag01[call_number]";
  v.media_port = first_media_port(call, caller);
  return v;
}

/// Writes the elements, counting them: [branch-N] names an element N back.
class ScenarioBody {
public:
  ScenarioBody(const ScenarioInput &input, SideValues values)
      : input_(input), values_(std::move(values)) {}

  std::string write() {
    const CapturedCall &call = *input_.call;
    const bool caller = input_.side == CallSide::caller;
    for (size_t i = 0; i < call.messages.size(); ++i) {
      const CallMessage &cm = call.messages[i];
      if (cm.from_caller == caller) {
        write_send(cm, i);
      } else {
        write_recv(cm, i);
      }
      previous_us_ = cm.sip.stamp_us;
    }
    return out_;
  }

private:
  void element(const std::string &text) {
    out_ += text;
    ++index_;
  }

  void write_pause(const CallMessage &cm) {
    if (previous_us_ && cm.sip.stamp_us - *previous_us_ >= kPauseThresholdUs) {
      const int64_t ms = (cm.sip.stamp_us - *previous_us_ + 500) / 1000;
      element("  <pause milliseconds=\"" + std::to_string(ms) + "\"/>\n\n");
    }
  }

  void write_send(const CallMessage &cm, size_t position) {
    SipMessage m;
    (void)parse_sip_message(cm.sip.text, m);
    write_pause(cm);
    std::string text;
    std::string attributes;
    if (m.is_request()) {
      TemplateNeeds needs;
      text = request_template(cm.sip.text, values_, needs);
      branch_of_transaction(m, text);
      if (m.method() == "INVITE") {
        invite_index_ = index_;
      }
      if (m.method() != "ACK" && input_.call->transport == TransportProtocol::udp) {
        attributes = " retrans=\"500\"";
      }
    } else {
      text = response_template(cm.sip.text, values_, adds_tag(m, position));
    }
    element("  <!-- packet " + std::to_string(cm.sip.frame) + ": " +
            comment_text(stdlib::markup_escape(m.start_line())) + " -->\n  <send" + attributes +
            ">\n" + cdata(text) + "  </send>\n\n");
    if (m.is_request() && m.method() == "ACK" && !input_.media_file.empty() && !media_played_) {
      play_media();
    }
  }

  /// An ACK for a non-2xx answer and a CANCEL share the INVITE's branch.
  void branch_of_transaction(const SipMessage &m, std::string &text) const {
    const bool same_branch =
        m.method() == "CANCEL" || (m.method() == "ACK" && last_invite_status_ >= 300);
    if (!same_branch || !invite_index_) {
      return;
    }
    const size_t at = text.find("branch=[branch]");
    if (at != std::string::npos) {
      text.replace(at, 15, "branch=[branch-" + std::to_string(index_ - *invite_index_) + "]");
    }
  }

  /// True when the response's To has a tag the request it answers lacked.
  bool adds_tag(const SipMessage &response, size_t position) const {
    if (response.to_tag().empty()) {
      return false;
    }
    const SipHeader *cseq = response.find("CSeq");
    for (size_t i = position; i-- > 0;) {
      const CallMessage &cm = input_.call->messages[i];
      SipMessage request;
      if (parse_sip_message(cm.sip.text, request) != SipParseError::None || !request.is_request()) {
        continue;
      }
      const SipHeader *rc = request.find("CSeq");
      if (cseq != nullptr && rc != nullptr && rc->value == cseq->value) {
        return request.to_tag().empty();
      }
    }
    return true;
  }

  /// A provisional response may be waited for as optional only when a
  /// mandatory receive comes before this side's next send: SIPp (and the
  /// verifier) refuse a send after optional receives alone.
  [[nodiscard]] bool may_be_optional(size_t position) const {
    const bool caller = input_.side == CallSide::caller;
    const std::vector<CallMessage> &messages = input_.call->messages;
    for (size_t i = position + 1; i < messages.size(); ++i) {
      if (messages[i].from_caller == caller) {
        return false;
      }
      SipMessage m;
      if (parse_sip_message(messages[i].sip.text, m) == SipParseError::None &&
          (m.is_request() || m.status() >= 200)) {
        return true;
      }
    }
    return true;
  }

  void write_recv(const CallMessage &cm, size_t position) {
    SipMessage m;
    (void)parse_sip_message(cm.sip.text, m);
    std::string attributes;
    if (m.is_request()) {
      attributes = " request=\"" + stdlib::markup_escape(m.method()) + "\"";
    } else {
      attributes = " response=\"" + std::to_string(m.status()) + "\"";
      if (m.status() < 200 && may_be_optional(position)) {
        attributes += " optional=\"true\"";
      }
      if (m.status() == 401 || m.status() == 407) {
        attributes += " auth=\"true\"";
      }
      if (m.cseq_method() == "INVITE" && m.status() >= 200) {
        last_invite_status_ = m.status();
      }
    }
    if (m.find("Record-Route") != nullptr) {
      attributes += " rrs=\"true\"";
    }
    element("  <!-- packet " + std::to_string(cm.sip.frame) + ": " +
            comment_text(stdlib::markup_escape(m.start_line())) + " -->\n  <recv" + attributes +
            "/>\n\n");
    if (m.is_request() && m.method() == "ACK" && !input_.media_file.empty() && !media_played_) {
      play_media();
    }
  }

  void play_media() {
    media_played_ = true;
    element("  <!-- this side's RTP, as captured -->\n  <nop>\n    <action>\n"
            "      <exec play_pcap_audio=\"" +
            stdlib::markup_escape(input_.media_file) + "\"/>\n    </action>\n  </nop>\n\n");
  }

  const ScenarioInput &input_;
  SideValues values_;
  std::string out_;
  int index_ = 0;
  std::optional<int> invite_index_;
  int last_invite_status_ = 0;
  std::optional<int64_t> previous_us_;
  bool media_played_ = false;
};

} // namespace

std::string write_scenario(const ScenarioInput &input) {
  const bool caller = input.side == CallSide::caller;
  std::string out = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\" ?>\n"
                    "<!DOCTYPE scenario SYSTEM \"sipp.dtd\">\n\n"
                    "<!-- Written by gossipper pcap2scenario from " +
                    comment_text(stdlib::markup_escape(input.source)) + ": the " +
                    (caller ? "caller's (UAC)" : "callee's (UAS)") + " side of call " +
                    comment_text(stdlib::markup_escape(input.call->call_id)) + ", " +
                    input.call->caller.text() + " to " + input.call->callee.text() + ". -->\n" +
                    "<scenario name=\"" + stdlib::markup_escape(input.name) + "\">\n\n";
  out += ScenarioBody(input, side_values(*input.call, input.side)).write();
  out += "</scenario>\n";
  return out;
}

} // namespace gossipper::runtime::capture

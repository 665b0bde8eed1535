//===- call_grouping.cpp - A capture's SIP messages as calls --------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "capture/call_grouping.hpp"

#include "sip/sip_message.hpp"

#include <set>
#include <tuple>
#include <unordered_map>

namespace gossipper::runtime::capture {
namespace {

/// What makes two copies of a message the same message: a retransmission
/// repeats its start line, CSeq, top Via branch and To tag.
std::string retransmission_key(const SipMessage &m, bool from_caller) {
  std::string key(from_caller ? "c|" : "s|");
  key += m.start_line();
  key += '|';
  if (const SipHeader *cseq = m.find("CSeq")) {
    key += cseq->value;
  }
  key += '|';
  if (const SipHeader *via = m.find("Via")) {
    key += header_param(via->value, "branch");
  }
  key += '|';
  key += m.to_tag();
  return key;
}

bool same_leg(const CapturedSip &s, const CapturedCall &call) {
  return (s.source == call.caller && s.destination == call.callee) ||
         (s.source == call.callee && s.destination == call.caller);
}

} // namespace

std::vector<CapturedCall> group_calls(const std::vector<CapturedSip> &messages) {
  std::vector<CapturedCall> calls;
  std::vector<std::set<std::string>> seen;
  std::unordered_map<std::string, size_t> by_call_id; // a capture may hold thousands of calls
  for (const CapturedSip &s : messages) {
    SipMessage m;
    if (parse_sip_message(s.text, m) != SipParseError::None) {
      continue;
    }
    const auto [found, added] = by_call_id.try_emplace(std::string(m.call_id()), calls.size());
    const size_t i = found->second;
    if (added) {
      if (!m.is_request()) {
        by_call_id.erase(found); // a response to a request the capture missed: no call for it
        continue;
      }
      CapturedCall &call = calls.emplace_back();
      call.call_id = std::string(m.call_id());
      call.caller = s.source;
      call.callee = s.destination;
      call.transport = s.transport;
      seen.emplace_back();
    }
    CapturedCall &call = calls[i];
    if (!same_leg(s, call)) {
      continue;
    }
    const bool from_caller = s.source == call.caller;
    if (seen[i].insert(retransmission_key(m, from_caller)).second) {
      call.messages.push_back(CallMessage{s, from_caller});
    }
  }
  return calls;
}

Expected<void> check_complete(const CapturedCall &call) {
  // The transactions (CSeq, direction) that got a final response.
  std::set<std::tuple<std::string, bool>> answered;
  for (const CallMessage &cm : call.messages) {
    SipMessage m;
    if (parse_sip_message(cm.sip.text, m) == SipParseError::None && m.is_response() &&
        m.status() >= 200) {
      const SipHeader *cseq = m.find("CSeq");
      answered.emplace(std::string(cseq != nullptr ? cseq->value : ""), !cm.from_caller);
    }
  }
  for (const CallMessage &cm : call.messages) {
    SipMessage m;
    if (parse_sip_message(cm.sip.text, m) != SipParseError::None || !m.is_request() ||
        m.method() == "ACK") {
      continue;
    }
    const SipHeader *cseq = m.find("CSeq");
    if (!answered.contains({std::string(cseq != nullptr ? cseq->value : ""), cm.from_caller})) {
      return Error{"call '" + call.call_id + "': its " + std::string(m.method()) + " (packet " +
                   std::to_string(cm.sip.frame) +
                   ") has no final response in the capture; the call never completed"};
    }
  }
  return {};
}

} // namespace gossipper::runtime::capture

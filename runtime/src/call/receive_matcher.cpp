//===- receive_matcher.cpp - Which <recv> a message is for ----------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "call/receive_matcher.hpp"

#include <string>

namespace gossipper::runtime {

ReceiveMatcher::ReceiveMatcher(const ir::Scenario &scenario) : scenario_(scenario) {
  regexes_.reserve(scenario.states.size());
  cseq_lists_.reserve(scenario.states.size());
  for (const ir::State &st : scenario.states) {
    const auto *r = std::get_if<ir::RecvState>(&st.body);
    std::string &list = cseq_lists_.emplace_back();
    for (size_t i = 0; r != nullptr && i < r->cseq_methods.size(); ++i) {
      list += r->cseq_methods[i];
    }
    if (r != nullptr && r->regexp_match) {
      regexes_.push_back(
          compile_regex(r->request.empty() ? r->response_text : r->request, REG_NOSUB));
    } else {
      regexes_.push_back(no_regex());
    }
  }
}

bool ReceiveMatcher::matches(const Call &call, int index, const ReceivedKey &key) const {
  const ir::RecvState *r = recv(index);
  if (r == nullptr) {
    return false;
  }
  const regex_t *re = regexes_[static_cast<size_t>(index)].get();
  if (!r->request.empty()) {
    if (key.code != 0 && !r->regexp_match) {
      return false;
    }
    if (r->regexp_match) {
      std::string m(key.method);
      return re != nullptr && regexec(re, m.c_str(), 0, nullptr, 0) == 0;
    }
    return key.method == r->request;
  }
  if (key.code == 0) {
    return false;
  }
  if (r->regexp_match) {
    std::string c = std::to_string(key.code);
    if (re == nullptr || regexec(re, c.c_str(), 0, nullptr, 0) != 0) {
      return false;
    }
  } else if (!r->response || *r->response != key.code) {
    return false;
  }
  if (r->response_txn != 0) {
    return call.txn_branch[r->response_txn - 1] == key.branch;
  }
  if (index == 0) {
    return true;
  }
  if (r->cseq_methods.empty()) {
    return false; // SIPp: no method list at all
  }
  // SIPp concatenates the methods sent so far and looks for the CSeq method
  // in that string; an empty CSeq method is found in any list.
  return cseq_lists_[static_cast<size_t>(index)].find(key.cseq_method) != std::string::npos;
}

ReceiveMatch ReceiveMatcher::find(const Call &call, const ReceivedKey &key) const {
  const auto count = static_cast<int>(scenario_.states.size());
  // Forward through optional elements.
  for (int i = call.msg_index; i < count; ++i) {
    if (matches(call, i, key)) {
      return {ReceiveMatch::Kind::Element, i};
    }
    const ir::RecvState *r = recv(i);
    if (r == nullptr || r->optional == ir::Optional::No) {
      break;
    }
  }
  // Then backward: contiguous optional elements, or optional="global".
  bool contiguous = true;
  for (int i = call.msg_index - 1; i >= 0; --i) {
    const ir::RecvState *r = recv(i);
    if (r == nullptr || r->optional == ir::Optional::No) {
      contiguous = false;
    }
    if (!matches(call, i, key)) {
      continue;
    }
    if (contiguous || (r != nullptr && r->optional == ir::Optional::Global)) {
      return {ReceiveMatch::Kind::Element, i};
    }
    if (key.code != 0 && std::string_view("INVITE").starts_with(key.cseq_method) && i + 1 < count) {
      const auto *ack =
          std::get_if<ir::SendState>(&scenario_.states[static_cast<size_t>(i) + 1].body);
      if (ack != nullptr && ack->method == "ACK") {
        return {ReceiveMatch::Kind::ResendAck, i + 1};
      }
    }
  }
  return {};
}

} // namespace gossipper::runtime

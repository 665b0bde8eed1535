//===- lowering_messages.cpp - <send>, <recv> and their transactions ------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A message sent is a request or a response by its first line, as in SIPp.
// Transactions are numbered in order of first mention; a request sent
// outside them adds its method to those a later <recv response=> accepts.
//
//===----------------------------------------------------------------------===//
#include "lowering_pass.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <strings.h>

namespace gossipper::compiler {
namespace {

ir::ContentLengthFlag content_length(const std::string &cleaned) {
  size_t pos = 0;
  while (pos < cleaned.size()) {
    size_t eol = cleaned.find('\n', pos);
    std::string_view line(cleaned.data() + pos,
                          (eol == std::string::npos ? cleaned.size() : eol) - pos);
    if (line.empty()) {
      break; // end of headers
    }
    constexpr std::string_view kName = "content-length:";
    if (line.size() >= kName.size() && strncasecmp(line.data(), kName.data(), kName.size()) == 0) {
      std::string value(line.substr(kName.size()));
      size_t b = value.find_first_not_of(" \t");
      if (b == std::string::npos) {
        return ir::ContentLengthFlag::Absent;
      }
      return std::atoi(value.c_str() + b) == 0 ? ir::ContentLengthFlag::Zero
                                               : ir::ContentLengthFlag::NonZero;
    }
    if (eol == std::string::npos) {
      break;
    }
    pos = eol + 1;
  }
  return ir::ContentLengthFlag::Absent;
}

/// The first line decides request or response, as in SIPp: "SIP/2.0 CODE"
/// is a response (code 0 when it is not a number), any other first word the
/// request's method.
void read_first_line(ir::SendState &s) {
  if (s.message.empty() || s.message.segments[0].kind != ir::Segment::Kind::Literal) {
    return;
  }
  const std::string &first = s.message.segments[0].text;
  size_t b = first.find_first_not_of(" \t\r\n");
  size_t sp = b == std::string::npos ? b : first.find(' ', b);
  if (sp == std::string::npos) {
    return;
  }
  std::string head = first.substr(b, sp - b);
  if (head != "SIP/2.0") {
    s.method = head;
    return;
  }
  s.is_response = true;
  size_t c = first.find_first_not_of(' ', sp);
  std::string rest = c == std::string::npos ? std::string() : first.substr(c);
  char *end = nullptr;
  long code = std::strtol(rest.c_str(), &end, 10);
  bool valid =
      end != rest.c_str() && (*end == '\0' || std::isspace(static_cast<unsigned char>(*end)));
  s.code = valid ? static_cast<int32_t>(code) : 0;
}

} // namespace

/// The transaction's number, counted from 1; 0 for a refused name.
uint32_t Lowering::transaction(const AttrValue &a, TxnUse use, bool is_invite) {
  const std::string &name = a.text;
  if (name.empty() || name.find_first_of("$,") != std::string::npos) {
    d_.error(a.value_loc, "transaction names must be non-empty and without '$' or ','");
    return 0;
  }
  size_t i = find_or_add(
      s_.transactions, name, [](const ir::Transaction &t) -> const std::string & { return t.name; },
      [&] {
        ir::Transaction t;
        t.name = name;
        t.loc = a.value_loc;
        return t;
      });
  ir::Transaction &t = s_.transactions[i];
  switch (use) {
  case TxnUse::Start:
    ++t.started;
    t.is_invite = t.is_invite || is_invite;
    break;
  case TxnUse::Response: ++t.responses; break;
  case TxnUse::Ack: ++t.acks; break;
  }
  return static_cast<uint32_t>(i + 1);
}

ir::SendState Lowering::lower_send(const Node &n) {
  ir::SendState s;
  if (n.message) {
    s.message = lower_template(*n.message);
    s.content_length = content_length(n.cleaned_message);
    if (!n.message->complete) {
      s.message = {}; // its syntax error was reported; nothing more to say about it
    }
  }
  read_first_line(s);
  if (const AttrValue *a = n.attr("retrans")) {
    s.retrans_ms = static_cast<uint32_t>(a->integer);
  }
  if (const AttrValue *a = n.attr("timeout")) {
    s.timeout_ms = static_cast<uint32_t>(a->integer);
  }
  lower_send_transaction(n, s);
  return s;
}

/// start_txn= on a request other than ACK, ack_txn= on an ACK, neither on a
/// response.
void Lowering::lower_send_transaction(const Node &n, ir::SendState &s) {
  const AttrValue *start = n.attr("start_txn");
  const AttrValue *ack = n.attr("ack_txn");
  if (s.is_response) {
    if (start != nullptr) {
      d_.error(start->loc, "a response cannot start a transaction");
    }
    if (ack != nullptr) {
      d_.error(ack->loc, "a response cannot acknowledge a transaction");
    }
    return;
  }
  if (s.method.empty()) {
    return;
  }
  bool is_ack = s.method == "ACK";
  if (start != nullptr) {
    if (is_ack) {
      d_.error(start->loc, "an ACK cannot start a transaction");
    } else {
      s.start_txn = transaction(*start, TxnUse::Start, s.method == "INVITE");
    }
  } else if (ack != nullptr) {
    if (!is_ack) {
      d_.error(ack->loc, "ack_txn= is only valid on an ACK");
    } else {
      s.ack_txn = transaction(*ack, TxnUse::Ack, false);
    }
  } else if (std::find(methods_.begin(), methods_.end(), s.method) == methods_.end()) {
    methods_.push_back(s.method);
  }
}

ir::RecvState Lowering::lower_recv(const Node &n) {
  ir::RecvState r;
  const AttrValue *response = n.attr("response");
  const AttrValue *request = n.attr("request");
  if (const AttrValue *a = n.attr("regexp_match")) {
    r.regexp_match = a->boolean;
  }
  if ((response != nullptr) == (request != nullptr)) {
    d_.error(n.loc, "<recv> needs exactly one of request= or response=");
  }
  if (request != nullptr) {
    r.request = request->text;
    if (r.request.empty()) {
      d_.error(request->value_loc, "request= is empty");
    }
    if (const AttrValue *t = n.attr("response_txn")) {
      d_.error(t->loc, "response_txn= is only valid on a response");
    }
  } else if (response != nullptr) {
    r.response_text = response->text;
    if (!r.regexp_match) {
      char *end = nullptr;
      long code = std::strtol(response->text.c_str(), &end, 10);
      if (!response->text.empty() && *end == '\0') {
        r.response = static_cast<int32_t>(code);
      }
    }
    r.cseq_methods = methods_;
    if (const AttrValue *t = n.attr("response_txn")) {
      r.response_txn = transaction(*t, TxnUse::Response, false);
    }
  }
  r.optional = optional_of(n);
  if (const AttrValue *a = n.attr("advance_state")) {
    r.advance_state = a->boolean;
  }
  if (const AttrValue *a = n.attr("timeout")) {
    r.timeout_ms = static_cast<uint32_t>(a->integer);
  }
  if (const AttrValue *a = n.attr("rrs")) {
    r.record_routes = a->boolean;
  }
  if (const AttrValue *a = n.attr("auth")) {
    r.authentication = a->boolean;
  }
  return r;
}

} // namespace gossipper::compiler

//===- default_messages.cpp - The messages SIPp sends on its own -----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// When SIPp aborts a call or answers an unexpected BYE/CANCEL/PING, it sends
// built-in templates (ack, bye, cancel, 200) that a <DefaultMessage> may
// replace. These are SIPp 3.6.1's, so what goes on the wire matches.
//
//===----------------------------------------------------------------------===//
#include "gossipper/compiler/default_messages.hpp"

#include "gossipper/compiler/template_parser.hpp"

namespace gossipper::compiler {
namespace {

struct Builtin {
  const char *id;
  const char *text;
};

constexpr Builtin kBuiltins[] = {
    {"3pcc_abort", "call-id: [call_id]\ninternal-cmd: abort_call\n\n"},
    {"ack", "ACK [last_Request_URI] SIP/2.0\n"
            "[last_Via]\n"
            "[last_From]\n"
            "[last_To]\n"
            "Call-ID: [call_id]\n"
            "CSeq: [last_cseq_number] ACK\n"
            "Contact: <sip:sipp@[local_ip]:[local_port];transport=[transport]>\n"
            "Max-Forwards: 70\n"
            "Subject: Performance Test\n"
            "Content-Length: 0\n\n"},
    {"bye", "BYE [last_Request_URI] SIP/2.0\n"
            "Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]\n"
            "[last_From]\n"
            "[last_To]\n"
            "Call-ID: [call_id]\n"
            "CSeq: [last_cseq_number+1] BYE\n"
            "Max-Forwards: 70\n"
            "Contact: <sip:sipp@[local_ip]:[local_port];transport=[transport]>\n"
            "Content-Length: 0\n\n"},
    {"cancel", "CANCEL [last_Request_URI] SIP/2.0\n"
               "[last_Via]\n"
               "[last_From]\n"
               "[last_To]\n"
               "Call-ID: [call_id]\n"
               "CSeq: [last_cseq_number] CANCEL\n"
               "Max-Forwards: 70\n"
               "Contact: <sip:sipp@[local_ip]:[local_port];transport=[transport]>\n"
               "Content-Length: 0\n\n"},
    {"200", "SIP/2.0 200 OK\n"
            "[last_Via:]\n"
            "[last_From:]\n"
            "[last_To:]\n"
            "[last_Call-ID:]\n"
            "[last_CSeq:]\n"
            "Contact: <sip:[local_ip]:[local_port];transport=[transport]>\n"
            "Content-Length: 0\n\n"},
};

} // namespace

std::vector<std::pair<std::string, TemplateAst>> builtin_default_messages() {
  std::vector<std::pair<std::string, TemplateAst>> out;
  for (const Builtin &b : kBuiltins) {
    SourceBuffer src("<built-in>", b.text);
    MappedText text = attribute_text(b.text, 0, src.bytes().size());
    ir::DiagnosticEngine diags("<built-in>");
    out.emplace_back(b.id, parse_template(text, src, diags));
  }
  return out;
}

} // namespace gossipper::compiler

// libFuzzer: any bytes as a received datagram (the SIP parser) and as a TCP
// byte stream cut into pieces (the stream framer, then the parser). Every
// view the parser hands out must lie inside the bytes it was given. What a
// call keeps of a received message (sipp_keep_headers) must read as the
// whole message does for every header kept.
#include "sip/header_lookup.hpp"
#include "sip/sip_message.hpp"
#include "sip/stream_framer.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

using gossipper::runtime::SipMessage;
using gossipper::runtime::SipParseError;

void inside(std::string_view whole, std::string_view part) {
  if (part.empty()) {
    return;
  }
  if (part.data() < whole.data() || part.data() + part.size() > whole.data() + whole.size()) {
    std::abort();
  }
}

void parse_and_check(std::string_view bytes) {
  SipMessage msg;
  if (parse_sip_message(bytes, msg) != SipParseError::None) {
    return;
  }
  for (std::string_view v : {msg.raw(), msg.start_line(), msg.method(), msg.request_uri(),
                             msg.reason(), msg.body(), msg.call_id(), msg.cseq_method()}) {
    inside(bytes, v);
  }
  for (size_t i = 0; i < msg.header_count(); ++i) {
    const auto &h = msg.header(i);
    inside(bytes, h.name);
    inside(bytes, h.value);
    inside(bytes, h.line);
    if (h.name.empty()) {
      std::abort();
    }
  }
  (void)msg.find("Via");
  (void)msg.to_tag();
  (void)msg.from_tag();
}

void keep_and_check(std::string_view bytes) {
  static const std::vector<std::string> kNames = {
      "Via:", "From:", "To:", "CSeq:", "Call-ID:", "Subject:"};
  static const gossipper::runtime::HeaderSpellings kSpellings =
      gossipper::runtime::sipp_lookup_spellings(kNames);
  gossipper::runtime::HeaderLines lines;
  std::string kept;
  gossipper::runtime::sipp_keep_headers(bytes, kSpellings, lines, kept);
  for (const std::string &name : kNames) {
    for (bool content : {false, true}) {
      if (gossipper::runtime::sipp_get_header(kept, name, content) !=
          gossipper::runtime::sipp_get_header(bytes, name, content)) {
        std::abort();
      }
    }
  }
  if (gossipper::runtime::sipp_last_request_uri(kept) !=
      gossipper::runtime::sipp_last_request_uri(bytes)) {
    std::abort();
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char *>(data), size);
  parse_and_check(bytes);
  keep_and_check(bytes);
  // The same bytes as a stream, in pieces whose sizes the first byte picks.
  gossipper::runtime::StreamFramer framer;
  size_t piece = size == 0 ? 1 : 1 + data[0] % 97;
  for (size_t at = 0; at < size; at += piece) {
    framer.append(bytes.substr(at, piece));
    for (auto message = framer.next(); message && *message; message = framer.next()) {
      parse_and_check(**message);
    }
  }
  return 0;
}

// Google Benchmark: the SIP parser on the messages a built-in uas receives
// (an INVITE with SDP, its ACK, the BYE), and the SIPp-style header
// extraction the uas's [last_*] keywords do. Run under valgrind --tool=
// callgrind for instruction counts that do not depend on the machine's load.
#include "sip/header_lookup.hpp"
#include "sip/sip_message.hpp"

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

namespace {

/// A message as the built-in uac sends it: the start line, the dialog's
/// headers, then `extra` headers and the body with its Content-Length.
std::string message(const std::string &start, const std::string &extra, const std::string &body) {
  std::string m = start + "\r\n";
  for (const char *h :
       {"Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-4242-1-0",
        "From: sipp <sip:sipp@127.0.0.1:5061>;tag=4242SIPpTag001",
        "To: service <sip:service@127.0.0.1:5060>", "Call-ID: 1-4242@127.0.0.1",
        "Contact: sip:sipp@127.0.0.1:5061", "Max-Forwards: 70", "Subject: Performance Test"}) {
    m += h;
    m += "\r\n";
  }
  return m + extra + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

const std::string kInvite =
    message("INVITE sip:service@127.0.0.1:5060 SIP/2.0",
            "CSeq: 1 INVITE\r\nContent-Type: application/sdp\r\n",
            "v=0\r\no=user1 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 "
            "127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n");
const std::string kBye = message("BYE sip:service@127.0.0.1:5060 SIP/2.0", "CSeq: 2 BYE\r\n", "");

void parse(benchmark::State &state, const std::string &text) {
  gossipper::runtime::SipMessage msg;
  for (auto _ : state) {
    auto e = gossipper::runtime::parse_sip_message(text, msg);
    benchmark::DoNotOptimize(e);
    benchmark::DoNotOptimize(msg);
  }
}

void headers(benchmark::State &state) {
  // What the uas's 200 asks of the INVITE: [last_Via:] [last_From:] ...
  const std::vector<std::string> names = {"Via:", "From:", "To:", "Call-ID:", "CSeq:"};
  std::vector<std::string> out;
  for (auto _ : state) {
    gossipper::runtime::sipp_get_headers(kInvite, names, out);
    benchmark::DoNotOptimize(out);
  }
}

} // namespace

BENCHMARK_CAPTURE(parse, invite, kInvite);
BENCHMARK_CAPTURE(parse, bye, kBye);
BENCHMARK(headers);
BENCHMARK_MAIN();

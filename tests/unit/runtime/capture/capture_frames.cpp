//===- capture_frames.cpp - Captures built in memory for the tests --------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "capture_frames.hpp"

#include <arpa/inet.h>

#include <array>

namespace gossipper::runtime::capture::test {
namespace {

void put16(std::string &out, uint32_t v) {
  out += static_cast<char>((v >> 8) & 0xff);
  out += static_cast<char>(v & 0xff);
}
void put32(std::string &out, uint32_t v) {
  put16(out, v >> 16);
  put16(out, v & 0xffff);
}
void put32le(std::string &out, uint32_t v) {
  for (int i = 0; i < 4; ++i) {
    out += static_cast<char>((v >> (8 * i)) & 0xff);
  }
}

std::string address(const std::string &text, bool v6) {
  std::array<uint8_t, 16> bytes{};
  inet_pton(v6 ? AF_INET6 : AF_INET, text.c_str(), bytes.data());
  return std::string(reinterpret_cast<const char *>(bytes.data()), v6 ? 16 : 4);
}

std::string transport(const FrameSpec &spec) {
  std::string out;
  put16(out, spec.source_port);
  put16(out, spec.destination_port);
  if (spec.tcp) {
    put32(out, spec.sequence);
    put32(out, 0);                    // acknowledgement
    out += static_cast<char>(5 << 4); // 20-byte header
    out += static_cast<char>(spec.syn ? 0x02 : 0x18);
    put16(out, 65535);
    put16(out, 0);
    put16(out, 0);
  } else {
    put16(out, static_cast<uint32_t>(8 + spec.payload.size()));
    put16(out, 0);
  }
  return out + spec.payload;
}

} // namespace

std::string ip_packet(const FrameSpec &spec) {
  const bool v6 = spec.source.find(':') != std::string::npos;
  const std::string body = transport(spec);
  const char protocol = spec.tcp ? 6 : 17;
  std::string ip;
  if (v6) {
    put32(ip, 0x60000000);
    put16(ip, static_cast<uint32_t>(body.size()));
    ip += protocol;
    ip += static_cast<char>(64);
  } else {
    put16(ip, 0x4500);
    put16(ip, static_cast<uint32_t>(20 + body.size()));
    put32(ip, 0);
    ip += static_cast<char>(64);
    ip += protocol;
    put16(ip, 0);
  }
  return ip + address(spec.source, v6) + address(spec.destination, v6) + body;
}

std::string frame(Link link, const FrameSpec &spec) {
  const bool v6 = spec.source.find(':') != std::string::npos;
  const uint32_t ether_type = v6 ? 0x86dd : 0x0800;
  std::string header;
  switch (link) {
  case Link::ethernet:
    header.assign(12, '\0');
    put16(header, ether_type);
    break;
  case Link::sll:
    header.assign(14, '\0');
    put16(header, ether_type);
    break;
  case Link::sll2:
    put16(header, ether_type);
    header.append(18, '\0');
    break;
  case Link::null: put32le(header, v6 ? 30 : 2); break;
  case Link::loop: put32(header, v6 ? 24 : 2); break;
  case Link::raw: break;
  }
  return header + ip_packet(spec);
}

std::string pcap_file(Link link, const std::vector<std::pair<int64_t, std::string>> &frames,
                      uint32_t cut) {
  std::string out;
  put32le(out, 0xa1b2c3d4);
  out += std::string("\x02\x00\x04\x00", 4);
  put32le(out, 0);
  put32le(out, 0);
  put32le(out, 65535);
  put32le(out, static_cast<uint32_t>(link));
  for (const auto &[stamp, bytes] : frames) {
    const auto captured = static_cast<uint32_t>(bytes.size() > cut ? bytes.size() - cut : 0);
    put32le(out, static_cast<uint32_t>(stamp / 1'000'000));
    put32le(out, static_cast<uint32_t>(stamp % 1'000'000));
    put32le(out, captured);
    put32le(out, static_cast<uint32_t>(bytes.size()));
    out += bytes.substr(0, captured);
  }
  return out;
}

std::string capture(Link link, const std::vector<FrameSpec> &specs) {
  std::vector<std::pair<int64_t, std::string>> frames;
  for (const FrameSpec &s : specs) {
    frames.emplace_back(s.stamp_us, frame(link, s));
  }
  return pcap_file(link, frames);
}

std::string sample_message(std::string_view start_line, std::string_view cseq, bool from_caller,
                           bool with_to_tag, bool with_sdp, std::string_view call_id) {
  const bool request = !start_line.starts_with("SIP/2.0");
  const std::string caller = "127.0.0.1:5061";
  const std::string callee = "127.0.0.1:5060";
  // A request's Via is its sender's; a response repeats its request's.
  const bool via_of_caller = request ? from_caller : !from_caller;
  std::string m = std::string(start_line) + "\r\n";
  m += "Via: SIP/2.0/UDP " + (via_of_caller ? caller : callee) + ";branch=z9hG4bK" +
       std::string(cseq.substr(0, 1)) + (via_of_caller ? "c" : "s") + "\r\n";
  const std::string a = "<sip:alice@" + caller + ">;tag=a1";
  const std::string b = std::string("<sip:bob@") + callee + ">" + (with_to_tag ? ";tag=b2" : "");
  const bool caller_is_from = request ? from_caller : !from_caller;
  m += "From: " + (caller_is_from ? a : std::string("<sip:bob@") + callee + ">;tag=b2") + "\r\n";
  m += "To: " + (caller_is_from ? b : "<sip:alice@" + caller + ">;tag=a1") + "\r\n";
  m += "Call-ID: " + std::string(call_id) + "\r\n";
  m += "CSeq: " + std::string(cseq) + "\r\n";
  m += "Contact: <sip:" + std::string(from_caller ? "alice@" + caller : "bob@" + callee) + ">\r\n";
  std::string body;
  if (with_sdp) {
    const std::string port = from_caller ? "6000" : "7000";
    body = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
           "m=audio " +
           port + " RTP/AVP 0\r\n";
    m += "Content-Type: application/sdp\r\n";
  }
  m += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  return m;
}

std::vector<FrameSpec> sample_call(std::string_view call_id, int64_t start_us) {
  struct Step {
    const char *start_line;
    const char *cseq;
    bool from_caller;
    bool to_tag;
    bool sdp;
  };
  const Step steps[] = {
      {"INVITE sip:bob@127.0.0.1:5060 SIP/2.0", "1 INVITE", true, false, true},
      {"SIP/2.0 100 Trying", "1 INVITE", false, false, false},
      {"SIP/2.0 180 Ringing", "1 INVITE", false, true, false},
      {"SIP/2.0 200 OK", "1 INVITE", false, true, true},
      {"ACK sip:bob@127.0.0.1:5060 SIP/2.0", "1 ACK", true, true, false},
      {"BYE sip:bob@127.0.0.1:5060 SIP/2.0", "2 BYE", true, true, false},
      {"SIP/2.0 200 OK", "2 BYE", false, true, false},
  };
  std::vector<FrameSpec> out;
  int64_t at = start_us;
  for (const Step &s : steps) {
    FrameSpec f;
    f.source_port = s.from_caller ? 5061 : 5060;
    f.destination_port = s.from_caller ? 5060 : 5061;
    f.payload = sample_message(s.start_line, s.cseq, s.from_caller, s.to_tag, s.sdp, call_id);
    at += std::string_view(s.start_line).starts_with("BYE") ? 300'000 : 10'000;
    f.stamp_us = at;
    out.push_back(f);
  }
  return out;
}

} // namespace gossipper::runtime::capture::test

//===- rtp_extraction.cpp - The RTP each side of a call sent --------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "capture/rtp_extraction.hpp"

#include "sip/sip_message.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace gossipper::runtime::capture {
namespace {

constexpr uint32_t kPcapMagic = 0xa1b2c3d4;
constexpr uint32_t kLinkEthernet = 1;
constexpr uint32_t kSnapLength = 65535;

/// The (address, port) pairs an SDP body offers: each m= port, at the
/// session's c= address or the media's own.
std::vector<Endpoint> offered(std::string_view body) {
  std::vector<Endpoint> out;
  std::optional<IpAddress> session;
  std::optional<IpAddress> media;
  std::vector<uint16_t> ports;
  bool seen_media = false;
  auto flush = [&] {
    const std::optional<IpAddress> at = media ? media : session;
    for (uint16_t p : ports) {
      if (at) {
        out.push_back(Endpoint{*at, p});
      }
    }
    ports.clear();
    media.reset();
  };
  while (!body.empty()) {
    const size_t end = body.find('\n');
    std::string_view line = body.substr(0, end);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (line.starts_with("m=")) {
      flush();
      seen_media = true;
      const size_t sp = line.find(' ');
      if (sp != std::string_view::npos) {
        unsigned port = 0;
        for (size_t i = sp + 1; i < line.size() && line[i] >= '0' && line[i] <= '9' && i < sp + 6;
             ++i) {
          port = port * 10 + static_cast<unsigned>(line[i] - '0');
        }
        if (port > 0 && port <= 65535) {
          ports.push_back(static_cast<uint16_t>(port));
        }
      }
    } else if (line.starts_with("c=IN IP4 ") || line.starts_with("c=IN IP6 ")) {
      IpAddress a;
      a.version = line[7] == '4' ? 4 : 6;
      std::string text(line.substr(9));
      text = text.substr(0, text.find('/'));
      if (inet_pton(a.version == 4 ? AF_INET : AF_INET6, text.c_str(), a.bytes.data()) == 1) {
        (seen_media ? media : session) = a;
      }
    }
    if (end == std::string_view::npos) {
      break;
    }
    body.remove_prefix(end + 1);
  }
  flush();
  return out;
}

void put16(std::string &out, uint16_t v) {
  out += static_cast<char>(v >> 8);
  out += static_cast<char>(v & 0xff);
}

void put32le(std::string &out, uint32_t v) {
  for (int i = 0; i < 4; ++i) {
    out += static_cast<char>((v >> (8 * i)) & 0xff);
  }
}

uint16_t ipv4_checksum(const std::string &header) {
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < header.size(); i += 2) {
    sum += static_cast<uint32_t>(static_cast<uint8_t>(header[i]) << 8 |
                                 static_cast<uint8_t>(header[i + 1]));
  }
  while ((sum >> 16) != 0) {
    sum = (sum & 0xffff) + (sum >> 16);
  }
  return static_cast<uint16_t>(~sum);
}

/// One Ethernet frame: zero MAC addresses, the IP header, UDP, the payload.
std::string frame_of(const CapturedDatagram &d) {
  const bool v6 = d.source.address.version == 6;
  std::string frame(12, '\0');
  put16(frame, v6 ? 0x86dd : 0x0800);
  const auto udp_length = static_cast<uint16_t>(8 + d.payload.size());
  std::string ip;
  if (v6) {
    put16(ip, 0x6000);
    put16(ip, 0);
    put16(ip, udp_length);
    ip += static_cast<char>(17);
    ip += static_cast<char>(64);
    ip.append(reinterpret_cast<const char *>(d.source.address.bytes.data()), 16);
    ip.append(reinterpret_cast<const char *>(d.destination.address.bytes.data()), 16);
  } else {
    put16(ip, 0x4500);
    put16(ip, static_cast<uint16_t>(20 + udp_length));
    put16(ip, 0);
    put16(ip, 0x4000); // don't fragment
    ip += static_cast<char>(64);
    ip += static_cast<char>(17);
    put16(ip, 0);
    ip.append(reinterpret_cast<const char *>(d.source.address.bytes.data()), 4);
    ip.append(reinterpret_cast<const char *>(d.destination.address.bytes.data()), 4);
    const uint16_t sum = ipv4_checksum(ip);
    ip[10] = static_cast<char>(sum >> 8);
    ip[11] = static_cast<char>(sum & 0xff);
  }
  frame += ip;
  put16(frame, d.source.port);
  put16(frame, d.destination.port);
  put16(frame, udp_length);
  put16(frame, 0); // no checksum
  frame += d.payload;
  return frame;
}

} // namespace

DatagramsByDestination::DatagramsByDestination(const std::vector<CapturedDatagram> &datagrams) {
  for (const CapturedDatagram &d : datagrams) {
    by_[d.destination.text()].push_back(&d);
  }
}

const std::vector<const CapturedDatagram *> &
DatagramsByDestination::to(const Endpoint &destination) const {
  const auto it = by_.find(destination.text());
  return it == by_.end() ? none_ : it->second;
}

std::vector<const CapturedDatagram *>
media_sent(const CapturedCall &call, const DatagramsByDestination &datagrams, bool from_caller) {
  // Where the other side said it receives media.
  std::vector<Endpoint> targets;
  for (const CallMessage &cm : call.messages) {
    SipMessage m;
    if (cm.from_caller == from_caller || parse_sip_message(cm.sip.text, m) != SipParseError::None) {
      continue;
    }
    for (const Endpoint &e : offered(m.body())) {
      if (std::find(targets.begin(), targets.end(), e) == targets.end()) {
        targets.push_back(e);
      }
    }
  }
  std::vector<const CapturedDatagram *> out;
  for (const Endpoint &target : targets) {
    const std::vector<const CapturedDatagram *> &sent = datagrams.to(target);
    out.insert(out.end(), sent.begin(), sent.end());
  }
  std::stable_sort(
      out.begin(), out.end(),
      [](const CapturedDatagram *a, const CapturedDatagram *b) { return a->frame < b->frame; });
  return out;
}

std::string pcap_bytes(const std::vector<const CapturedDatagram *> &datagrams) {
  std::string out;
  put32le(out, kPcapMagic);
  out += '\x02';
  out += '\0'; // version 2.4, little-endian
  out += '\x04';
  out += '\0';
  put32le(out, 0); // this zone
  put32le(out, 0); // sigfigs
  put32le(out, kSnapLength);
  put32le(out, kLinkEthernet);
  for (const CapturedDatagram *d : datagrams) {
    const std::string frame = frame_of(*d);
    const int64_t stamp = std::max<int64_t>(d->stamp_us, 0);
    put32le(out, static_cast<uint32_t>(stamp / 1'000'000));
    put32le(out, static_cast<uint32_t>(stamp % 1'000'000));
    put32le(out, static_cast<uint32_t>(frame.size()));
    put32le(out, static_cast<uint32_t>(frame.size()));
    out += frame;
  }
  return out;
}

} // namespace gossipper::runtime::capture

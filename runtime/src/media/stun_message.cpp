//===- stun_message.cpp - ICE-lite's STUN binding (RFC 5389, 8445) --------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "media/stun_message.hpp"

#include <openssl/hmac.h>
#include <zlib.h>

#include <array>
#include <cstring>

namespace gossipper::runtime::media {

namespace {

constexpr uint32_t kCookie = 0x2112A442;
constexpr uint16_t kBindingRequest = 0x0001;
constexpr uint16_t kBindingSuccess = 0x0101;
constexpr uint16_t kUsername = 0x0006;
constexpr uint16_t kIntegrity = 0x0008;
constexpr uint16_t kXorMapped = 0x0020;
constexpr uint16_t kUseCandidate = 0x0025;
constexpr uint16_t kFingerprint = 0x8028;
constexpr uint32_t kFingerprintXor = 0x5354554e;
constexpr size_t kHeader = 20;

uint16_t u16(std::string_view d, size_t at) {
  return static_cast<uint16_t>((static_cast<uint8_t>(d[at]) << 8) |
                               static_cast<uint8_t>(d[at + 1]));
}

uint32_t u32(std::string_view d, size_t at) {
  return (static_cast<uint32_t>(u16(d, at)) << 16) | u16(d, at + 2);
}

void put16(std::string &out, uint16_t v) {
  out += static_cast<char>(v >> 8);
  out += static_cast<char>(v & 0xff);
}

void put32(std::string &out, uint32_t v) {
  put16(out, static_cast<uint16_t>(v >> 16));
  put16(out, static_cast<uint16_t>(v & 0xffff));
}

void set16(std::string &out, size_t at, uint16_t v) {
  out[at] = static_cast<char>(v >> 8);
  out[at + 1] = static_cast<char>(v & 0xff);
}

std::string hmac_sha1(std::string_view key, std::string_view data) {
  std::array<unsigned char, 20> md{};
  unsigned int len = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char *>(data.data()), data.size(), md.data(), &len);
  return {reinterpret_cast<const char *>(md.data()), len};
}

uint32_t fingerprint_of(std::string_view data) {
  return static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef *>(data.data()),
                                     static_cast<uInt>(data.size()))) ^
         kFingerprintXor;
}

/// Where each attribute starts (its type), in order, until `stop` (0: none).
template <class Visit> bool for_each_attribute(std::string_view d, Visit visit) {
  size_t at = kHeader;
  while (at + 4 <= d.size()) {
    uint16_t type = u16(d, at);
    uint16_t len = u16(d, at + 2);
    if (at + 4 + len > d.size()) {
      return false;
    }
    if (!visit(type, at, d.substr(at + 4, len))) {
      return true;
    }
    at += 4 + ((len + 3U) & ~3U);
  }
  return at == d.size();
}

} // namespace

Expected<StunBinding> read_stun_binding(std::string_view d) {
  if (d.size() < kHeader || (static_cast<uint8_t>(d[0]) & 0xc0) != 0) {
    return Error{"STUN: shorter than its header"};
  }
  if (u16(d, 0) != kBindingRequest || u32(d, 4) != kCookie) {
    return Error{"STUN: not a Binding request"};
  }
  if (u16(d, 2) + kHeader != d.size() || u16(d, 2) % 4 != 0) {
    return Error{"STUN: the length is not the datagram's"};
  }
  StunBinding b;
  b.transaction = std::string(d.substr(8, 12));
  bool integrity = false;
  if (!for_each_attribute(d, [&](uint16_t type, size_t, std::string_view value) {
        if (type == kUsername) {
          b.username = std::string(value);
        } else if (type == kUseCandidate) {
          b.use_candidate = true;
        } else if (type == kIntegrity) {
          integrity = value.size() == 20;
        }
        return true;
      })) {
    return Error{"STUN: an attribute runs past the end"};
  }
  if (b.username.empty() || !integrity) {
    return Error{"STUN: a check without USERNAME or MESSAGE-INTEGRITY"};
  }
  return b;
}

bool stun_integrity_ok(std::string_view d, std::string_view password) {
  size_t integrity_at = 0, fingerprint_at = 0;
  std::string_view mac;
  uint32_t fingerprint = 0;
  bool whole = for_each_attribute(d, [&](uint16_t type, size_t at, std::string_view value) {
    if (type == kIntegrity && integrity_at == 0 && value.size() == 20) {
      integrity_at = at;
      mac = value;
    } else if (type == kFingerprint && value.size() == 4) {
      fingerprint_at = at;
      fingerprint = u32(value, 0);
      return false; // FINGERPRINT is last
    }
    return true;
  });
  if (!whole || integrity_at == 0) {
    return false;
  }
  if (fingerprint_at != 0 && fingerprint_of(d.substr(0, fingerprint_at)) != fingerprint) {
    return false;
  }
  // RFC 5389 §15.4: the HMAC covers the message up to the attribute, its
  // length field counting the attribute itself.
  std::string covered(d.substr(0, integrity_at));
  set16(covered, 2, static_cast<uint16_t>(integrity_at + 24 - kHeader));
  return hmac_sha1(password, covered) == mac;
}

std::string stun_binding_success(std::string_view transaction,
                                 const boost::asio::ip::udp::endpoint &mapped,
                                 std::string_view password) {
  std::string out;
  put16(out, kBindingSuccess);
  put16(out, 0); // set below
  put32(out, kCookie);
  out += transaction;
  // XOR-MAPPED-ADDRESS: the port with the cookie's top half, the address
  // with the cookie (and, for IPv6, the transaction ID).
  bool v6 = mapped.address().is_v6();
  put16(out, kXorMapped);
  put16(out, v6 ? 20 : 8);
  put16(out, v6 ? 0x0002 : 0x0001);
  put16(out, static_cast<uint16_t>(mapped.port() ^ (kCookie >> 16)));
  if (v6) {
    auto bytes = mapped.address().to_v6().to_bytes();
    std::string mask;
    put32(mask, kCookie);
    mask += transaction;
    for (size_t i = 0; i < 16; ++i) {
      out += static_cast<char>(bytes[i] ^ static_cast<uint8_t>(mask[i]));
    }
  } else {
    put32(out, mapped.address().to_v4().to_uint() ^ kCookie);
  }
  set16(out, 2, static_cast<uint16_t>(out.size() + 24 - kHeader));
  std::string mac = hmac_sha1(password, out);
  put16(out, kIntegrity);
  put16(out, 20);
  out += mac;
  set16(out, 2, static_cast<uint16_t>(out.size() + 8 - kHeader));
  uint32_t fp = fingerprint_of(out);
  put16(out, kFingerprint);
  put16(out, 4);
  put32(out, fp);
  return out;
}

} // namespace gossipper::runtime::media

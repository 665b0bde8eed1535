//===- sdes_attribute.cpp - SDP's a=crypto (RFC 4568) ---------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "media/sdes_attribute.hpp"

#include <array>
#include <charconv>

namespace gossipper::runtime::media {

namespace {

struct SuiteInfo {
  SrtpSuite suite;
  std::string_view name;
  size_t master; ///< key + salt bytes
};

constexpr std::array<SuiteInfo, 8> kSuites = {{
    {SrtpSuite::AesCm128HmacSha1_80, "AES_CM_128_HMAC_SHA1_80", 30},
    {SrtpSuite::AesCm128HmacSha1_32, "AES_CM_128_HMAC_SHA1_32", 30},
    {SrtpSuite::AesCm256HmacSha1_80, "AES_256_CM_HMAC_SHA1_80", 46},
    {SrtpSuite::AesCm256HmacSha1_32, "AES_256_CM_HMAC_SHA1_32", 46},
    {SrtpSuite::NullHmacSha1_80, "NULL_HMAC_SHA1_80", 30},
    {SrtpSuite::NullHmacSha1_32, "NULL_HMAC_SHA1_32", 30},
    {SrtpSuite::AeadAes128Gcm, "AEAD_AES_128_GCM", 28},
    {SrtpSuite::AeadAes256Gcm, "AEAD_AES_256_GCM", 44},
}};

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a' + 26;
  }
  if (c >= '0' && c <= '9') {
    return c - '0' + 52;
  }
  return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/// The next space-separated word of `s`, taken off its front.
std::string_view next_word(std::string_view &s) {
  size_t start = s.find_first_not_of(" \t");
  if (start == std::string_view::npos) {
    s = {};
    return {};
  }
  s.remove_prefix(start);
  size_t end = s.find_first_of(" \t");
  std::string_view word = s.substr(0, end);
  s.remove_prefix(end == std::string_view::npos ? s.size() : end);
  return word;
}

/// `inline:<base64>[|lifetime][|MKI:length]`: the first of the key
/// parameters (others follow a ';').
Expected<std::string> read_key_params(std::string_view params, size_t wanted) {
  params = params.substr(0, params.find(';'));
  if (!params.starts_with("inline:")) {
    return Error{"the key is not inline:"};
  }
  params.remove_prefix(7);
  size_t bar = params.find('|');
  std::string_view key = params.substr(0, bar);
  if (bar != std::string_view::npos) {
    std::string_view rest = params.substr(bar + 1);
    // A lifetime has no ':'; an MKI is "value:length".
    if (rest.find(':') != std::string_view::npos) {
      return Error{"a key with an MKI"};
    }
  }
  std::optional<std::string> bytes = base64_decode(key);
  if (!bytes) {
    return Error{"the key is not base64"};
  }
  if (bytes->size() != wanted) {
    return Error{"the key is " + std::to_string(bytes->size()) + " bytes, the suite's " +
                 std::to_string(wanted)};
  }
  return std::move(*bytes);
}

} // namespace

std::string_view srtp_suite_name(SrtpSuite s) { return kSuites[static_cast<size_t>(s)].name; }

std::optional<SrtpSuite> srtp_suite_named(std::string_view name) {
  for (const SuiteInfo &info : kSuites) {
    if (info.name == name) {
      return info.suite;
    }
  }
  return std::nullopt;
}

size_t srtp_master_length(SrtpSuite s) { return kSuites[static_cast<size_t>(s)].master; }

Expected<std::optional<SdesCrypto>> read_sdes_crypto(std::string_view value) {
  std::string_view rest = value;
  std::string_view tag = next_word(rest);
  std::string_view suite = next_word(rest);
  std::string_view key = next_word(rest);
  SdesCrypto c;
  // RFC 4568 §9.1: the tag is 1 to 9 digits.
  auto [end, ec] = std::from_chars(tag.data(), tag.data() + tag.size(), c.tag);
  if (tag.empty() || tag.size() > 9 || ec != std::errc() || end != tag.data() + tag.size()) {
    return Error{"a=crypto's tag is not a number"};
  }
  if (suite.empty() || key.empty()) {
    return Error{"a=crypto without a suite and a key"};
  }
  std::optional<SrtpSuite> known = srtp_suite_named(suite);
  if (!known) {
    return std::optional<SdesCrypto>{};
  }
  c.suite = *known;
  Expected<std::string> master = read_key_params(key, srtp_master_length(c.suite));
  if (!master) {
    return master.error();
  }
  c.master = std::move(*master);
  for (std::string_view p = next_word(rest); !p.empty(); p = next_word(rest)) {
    c.unencrypted_srtp = c.unencrypted_srtp || p == "UNENCRYPTED_SRTP";
    c.unencrypted_srtcp = c.unencrypted_srtcp || p == "UNENCRYPTED_SRTCP";
    c.unauthenticated_srtp = c.unauthenticated_srtp || p == "UNAUTHENTICATED_SRTP";
  }
  return std::optional<SdesCrypto>(std::move(c));
}

std::string write_sdes_crypto(const SdesCrypto &c) {
  std::string s = std::to_string(c.tag) + " " + std::string(srtp_suite_name(c.suite)) +
                  " inline:" + base64_encode(c.master);
  if (c.unencrypted_srtp) {
    s += " UNENCRYPTED_SRTP";
  }
  if (c.unencrypted_srtcp) {
    s += " UNENCRYPTED_SRTCP";
  }
  if (c.unauthenticated_srtp) {
    s += " UNAUTHENTICATED_SRTP";
  }
  return s;
}

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) |
                 (static_cast<uint8_t>(bytes[i + 1]) << 8) | static_cast<uint8_t>(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) {
      out += kAlphabet[(v >> shift) & 63];
    }
  }
  size_t left = bytes.size() - i;
  if (left != 0) {
    uint32_t v = static_cast<uint32_t>(static_cast<uint8_t>(bytes[i])) << 16;
    if (left == 2) {
      v |= static_cast<uint32_t>(static_cast<uint8_t>(bytes[i + 1])) << 8;
    }
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += left == 2 ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  while (!text.empty() && text.back() == '=') {
    text.remove_suffix(1);
  }
  if (text.size() % 4 == 1) {
    return std::nullopt;
  }
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = base64_value(c);
    if (v < 0) {
      return std::nullopt;
    }
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  return out;
}

} // namespace gossipper::runtime::media

//===- call_id_builder.cpp - The Call-ID of a client call -----------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The modes print what SIPp's CallIdBuilder prints; the random bits come
// from a per-thread generator seeded once (they only need to differ from
// run to run and call to call, not to match SIPp's).
//
//===----------------------------------------------------------------------===//
#include "call/call_id_builder.hpp"

#include <array>
#include <chrono>
#include <random>

namespace gossipper::runtime {

namespace {

std::mt19937_64 &generator() {
  thread_local std::mt19937_64 g{std::random_device{}()};
  return g;
}

void append_hex(std::string &out, const uint8_t *bytes, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (size_t i = 0; i < n; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 0xf];
  }
}

std::array<uint8_t, 16> random_bytes() {
  std::array<uint8_t, 16> b{};
  for (size_t i = 0; i < b.size(); i += 8) {
    uint64_t r = generator()();
    for (size_t k = 0; k < 8; ++k) {
      b[i + k] = static_cast<uint8_t>(r >> (8 * k));
    }
  }
  return b;
}

std::string uuid(bool compact) {
  std::array<uint8_t, 16> b = random_bytes();
  b[6] = static_cast<uint8_t>((b[6] & 0x0f) | 0x40); // version 4
  b[8] = static_cast<uint8_t>((b[8] & 0x3f) | 0x80); // RFC 4122 variant
  std::string out;
  size_t at = 0;
  for (size_t group : {4, 2, 2, 2, 6}) {
    if (at != 0 && !compact) {
      out += '-';
    }
    append_hex(out, b.data() + at, group);
    at += group;
  }
  return out;
}

/// -cid_str's format for call `number`, appended to `id`.
void formatted(const RunConfig &cfg, uint32_t number, std::string &id) {
  const std::string &f = cfg.cid_str;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '%' || i + 1 >= f.size()) {
      id += f[i];
      continue;
    }
    switch (f[++i]) {
    case 'u': id += std::to_string(number); break;
    case 'p': id += std::to_string(cfg.pid); break;
    case 's': id += cfg.local_ip; break;
    case 'r': id += std::to_string(generator()() & 0x7fffffff); break; // rand()'s range
    default: id += '%'; break; // SIPp prints '%' and drops the character
    }
  }
}

/// A Call-ID of the modes other than -cid_str's format.
std::string generated_call_id(const RunConfig &cfg, uint32_t number) {
  switch (cfg.cid_type) {
  case CallIdMode::Format: break;
  case CallIdMode::Uuid: return uuid(false) + '@' + cfg.local_ip;
  case CallIdMode::UuidCompact: return uuid(true) + '@' + cfg.local_ip;
  case CallIdMode::Random: {
    std::array<uint8_t, 16> b = random_bytes();
    std::string out = std::to_string(number) + '-';
    append_hex(out, b.data(), b.size());
    return out + '@' + cfg.local_ip;
  }
  case CallIdMode::Timestamp: {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count();
    return std::to_string(us) + '-' + std::to_string(number) + '-' + std::to_string(cfg.pid) + '@' +
           cfg.local_ip;
  }
  }
  return {};
}

} // namespace

bool numbers_calls(const std::string &cid_str) {
  for (size_t i = 0; i + 1 < cid_str.size(); ++i) {
    if (cid_str[i] == '%') {
      if (cid_str[++i] == 'u') { // read as formatted() reads it: "%%u" is '%' then 'u'
        return true;
      }
    }
  }
  return false;
}

std::string make_call_id(const RunConfig &cfg, uint32_t number) {
  std::string id;
  make_call_id(cfg, number, id);
  return id;
}

void make_call_id(const RunConfig &cfg, uint32_t number, std::string &out) {
  out.clear();
  if (cfg.cid_type == CallIdMode::Format) {
    // Into `out`'s buffer: the generator's, made once (no allocation).
    if (cfg.sharded() && !numbers_calls(cfg.cid_str)) {
      // The shards' numbers differ, but a format without %u does not show
      // them: the shard's index keeps its Call-IDs its own.
      out += std::to_string(cfg.shard_index);
      out += '.';
    }
    formatted(cfg, number, out);
    return;
  }
  out = generated_call_id(cfg, number);
}

} // namespace gossipper::runtime

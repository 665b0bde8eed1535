//===- retry_policy.cpp - When an OTLP export is tried again --------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "events/retry_policy.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <ctime>

namespace gossipper::runtime::events {

uint64_t backoff_ms(unsigned tries, std::mt19937_64 &rng) {
  unsigned shift = std::min(tries > 0 ? tries - 1 : 0U, 5U);
  uint64_t whole = std::min<uint64_t>(1000ULL << shift, kMaxRetryDelayMs);
  return std::uniform_int_distribution<uint64_t>(whole / 2, whole)(rng);
}

bool retryable_grpc_status(int code, bool retry_info) {
  switch (static_cast<GrpcCode>(code)) {
  case GrpcCode::Cancelled:
  case GrpcCode::DeadlineExceeded:
  case GrpcCode::Aborted:
  case GrpcCode::OutOfRange:
  case GrpcCode::Unavailable:
  case GrpcCode::DataLoss: return true;
  // Throttling the server may never recover from, unless it says it will.
  case GrpcCode::ResourceExhausted: return retry_info;
  }
  return false;
}

namespace {

std::optional<int> number(std::string_view s) {
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) {
    return std::nullopt;
  }
  return v;
}

/// "Sun, 06 Nov 1994 08:49:37 GMT" as seconds since the epoch.
std::optional<int64_t> imf_fixdate(std::string_view s) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  // Fixed positions: "Www, DD Mmm YYYY HH:MM:SS GMT".
  if (s.size() != 29 || s.substr(3, 2) != ", " || s.substr(25) != " GMT" || s[7] != ' ' ||
      s[11] != ' ' || s[16] != ' ' || s[19] != ':' || s[22] != ':') {
    return std::nullopt;
  }
  auto month = std::find(kMonths.begin(), kMonths.end(), s.substr(8, 3));
  std::optional<int> day = number(s.substr(5, 2));
  std::optional<int> year = number(s.substr(12, 4));
  std::optional<int> hour = number(s.substr(17, 2));
  std::optional<int> minute = number(s.substr(20, 2));
  std::optional<int> second = number(s.substr(23, 2));
  if (month == kMonths.end() || !day || !year || !hour || !minute || !second || *day < 1 ||
      *day > 31 || *hour > 23 || *minute > 59 || *second > 60 || *year < 1970) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = *year - 1900;
  tm.tm_mon = static_cast<int>(month - kMonths.begin());
  tm.tm_mday = *day;
  tm.tm_hour = *hour;
  tm.tm_min = *minute;
  tm.tm_sec = *second;
  return static_cast<int64_t>(timegm(&tm));
}

} // namespace

std::optional<uint64_t> parse_retry_after(std::string_view value, int64_t now_s) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
    value.remove_prefix(1);
  }
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) {
    value.remove_suffix(1);
  }
  uint64_t seconds = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec == std::errc() && end == value.data() + value.size() && !value.empty()) {
    return std::min<uint64_t>(seconds, kMaxRetryDelayMs / 1000) * 1000;
  }
  if (ec == std::errc::result_out_of_range) {
    return kMaxRetryDelayMs;
  }
  std::optional<int64_t> date = imf_fixdate(value);
  if (!date) {
    return std::nullopt;
  }
  int64_t wait = std::max<int64_t>(*date - now_s, 0);
  return std::min<uint64_t>(static_cast<uint64_t>(wait) * 1000, kMaxRetryDelayMs);
}

} // namespace gossipper::runtime::events

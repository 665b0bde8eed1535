//===- grpc_status_details.cpp - RetryInfo in a gRPC status ---------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Field numbers from googleapis' google/rpc/status.proto (Status: code 1,
// message 2, details 3), google/protobuf/any.proto (type_url 1, value 2),
// google/rpc/error_details.proto (RetryInfo: retry_delay 1) and
// google/protobuf/duration.proto (seconds 1, nanos 2).
//
//===----------------------------------------------------------------------===//
#include "events/grpc_status_details.hpp"

#include "events/retry_policy.hpp"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include <algorithm>
#include <string>

namespace gossipper::runtime::events {

namespace {

using google::protobuf::internal::WireFormatLite;
using google::protobuf::io::CodedInputStream;

constexpr uint32_t kStatusDetails = 3;
constexpr uint32_t kAnyTypeUrl = 1;
constexpr uint32_t kAnyValue = 2;
constexpr uint32_t kRetryDelay = 1;
constexpr uint32_t kSeconds = 1;
constexpr uint32_t kNanos = 2;
constexpr std::string_view kRetryInfoType = "google.rpc.RetryInfo";

/// Reads every field of one message: `take(number, varint, bytes)` sees the
/// varint and length-delimited ones (the others are skipped). False when
/// the bytes are not a message.
template <class Take> bool read_fields(std::string_view message, Take take) {
  if (message.size() > static_cast<size_t>(INT32_MAX)) {
    return false;
  }
  CodedInputStream in(reinterpret_cast<const uint8_t *>(message.data()),
                      static_cast<int>(message.size()));
  while (!in.ExpectAtEnd()) {
    uint32_t tag = in.ReadTag();
    if (tag == 0) {
      return false; // field 0, or a tag cut short
    }
    uint32_t number = WireFormatLite::GetTagFieldNumber(tag);
    switch (WireFormatLite::GetTagWireType(tag)) {
    case WireFormatLite::WIRETYPE_VARINT: {
      uint64_t v = 0;
      if (!in.ReadVarint64(&v)) {
        return false;
      }
      take(number, v, std::string_view());
      break;
    }
    case WireFormatLite::WIRETYPE_LENGTH_DELIMITED: {
      uint32_t size = 0;
      std::string bytes;
      // The size is checked first: ReadString must not be asked for more
      // than the message holds.
      if (!in.ReadVarint32(&size) || size > message.size() ||
          !in.ReadString(&bytes, static_cast<int>(size))) {
        return false;
      }
      take(number, 0, std::string_view(bytes));
      break;
    }
    default:
      if (!WireFormatLite::SkipField(&in, tag)) {
        return false;
      }
    }
  }
  return true;
}

/// google.protobuf.Duration in ms, rounded up, within [0, kMaxRetryDelayMs].
uint64_t duration_ms(int64_t seconds, int32_t nanos) {
  if (seconds < 0 || (seconds == 0 && nanos <= 0)) {
    return 0;
  }
  if (static_cast<uint64_t>(seconds) >= kMaxRetryDelayMs / 1000) {
    return kMaxRetryDelayMs;
  }
  int64_t sub_ms = (std::clamp<int64_t>(nanos, 0, 999999999) + 999999) / 1000000;
  return std::min<uint64_t>(static_cast<uint64_t>(seconds * 1000 + sub_ms), kMaxRetryDelayMs);
}

/// RetryInfo's value: its retry_delay, when it has one. False when it
/// does not read.
bool read_retry_info(std::string_view retry_info, std::optional<uint64_t> &delay) {
  bool delay_whole = true;
  bool whole = read_fields(retry_info, [&](uint32_t number, uint64_t, std::string_view duration) {
    if (number != kRetryDelay) {
      return;
    }
    int64_t seconds = 0;
    int32_t nanos = 0;
    bool ok = read_fields(duration, [&](uint32_t n, uint64_t v, std::string_view) {
      if (n == kSeconds) {
        seconds = static_cast<int64_t>(v);
      } else if (n == kNanos) {
        nanos = static_cast<int32_t>(static_cast<int64_t>(v));
      }
    });
    delay_whole = delay_whole && ok;
    delay = duration_ms(seconds, nanos);
  });
  return whole && delay_whole;
}

} // namespace

RetryInfoDetail find_retry_info(std::string_view status) {
  RetryInfoDetail found;
  bool whole_status = read_fields(status, [&](uint32_t number, uint64_t, std::string_view any) {
    if (number != kStatusDetails || found.present) {
      return;
    }
    std::string type_url;
    std::string value;
    bool whole = read_fields(any, [&](uint32_t n, uint64_t, std::string_view bytes) {
      if (n == kAnyTypeUrl) {
        type_url = bytes;
      } else if (n == kAnyValue) {
        value = bytes;
      }
    });
    // The type's name is what follows the URL's last '/'.
    std::string_view url(type_url);
    size_t slash = url.rfind('/');
    if (!whole || slash == std::string_view::npos || url.substr(slash + 1) != kRetryInfoType) {
      return;
    }
    found.present = read_retry_info(value, found.delay_ms);
    if (!found.present) {
      found.delay_ms.reset();
    }
  });
  return whole_status ? found : RetryInfoDetail{};
}

} // namespace gossipper::runtime::events

//===- stream_framer.cpp - SIP messages out of a TCP stream ---------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "sip/stream_framer.hpp"

#include "sip/sip_message.hpp"

#include <cstring>

namespace gossipper::runtime {

namespace {

/// Just past the empty line that ends `view`'s headers — the first
/// CRLFCRLF or bare LFLF — or npos. One pass over the line ends: looking
/// for each separator in turn scanned every header twice, and framing is
/// a tenth of a busy TCP uas's time.
size_t headers_end(std::string_view view) {
  const char *data = view.data();
  size_t size = view.size();
  for (size_t i = 0; i < size;) {
    const void *found = std::memchr(data + i, '\n', size - i);
    if (found == nullptr) {
      break;
    }
    size_t at = static_cast<size_t>(static_cast<const char *>(found) - data);
    if (at + 1 < size && data[at + 1] == '\n') {
      return at + 2; // LFLF
    }
    if (at > 0 && data[at - 1] == '\r' && at + 2 < size && data[at + 1] == '\r' &&
        data[at + 2] == '\n') {
      return at + 3; // CRLFCRLF
    }
    i = at + 1;
  }
  return std::string_view::npos;
}

} // namespace

void StreamFramer::append(std::string_view bytes) {
  start_ += consumed_;
  consumed_ = 0;
  if (start_ > 0 && start_ == buf_.size()) {
    buf_.clear();
    start_ = 0;
  } else if (start_ > size_t{64} * 1024) {
    buf_.erase(0, start_);
    start_ = 0;
  }
  buf_.append(bytes);
}

Expected<std::optional<std::string_view>> StreamFramer::next() {
  using Framed = std::optional<std::string_view>;
  start_ += consumed_;
  consumed_ = 0;
  // CRLF keep-alives between messages (RFC 5626) are skipped.
  while (start_ < buf_.size() && (buf_[start_] == '\r' || buf_[start_] == '\n')) {
    ++start_;
  }
  std::string_view view(buf_.data() + start_, buf_.size() - start_);
  if (view.empty()) {
    return Framed();
  }
  size_t head = headers_end(view);
  if (head == std::string_view::npos) {
    if (view.size() > kMaxHeaderBytes) {
      return Error{"no end of headers in " + std::to_string(view.size()) + " bytes"};
    }
    return Framed();
  }
  // Content-Length (or its compact form l:), read from the header lines
  // after the start line.
  size_t length = 0;
  size_t first_end = view.find('\n');
  std::optional<std::string_view> value =
      find_header_value(view.substr(first_end + 1, head - first_end - 1), "Content-Length");
  bool bad_length = value && (value->empty() || value->size() > 9 ||
                              value->find_first_not_of("0123456789") != std::string_view::npos);
  for (char c : value.value_or(std::string_view())) {
    length = length * 10 + static_cast<size_t>(c - '0');
  }
  if (bad_length) {
    return Error{"bad Content-Length on a stream"};
  }
  if (length > kMaxBodyBytes) {
    return Error{"Content-Length " + std::to_string(length) + " is larger than 16 MiB"};
  }
  if (view.size() < head + length) {
    return Framed();
  }
  consumed_ = head + length;
  return Framed(view.substr(0, head + length));
}

} // namespace gossipper::runtime

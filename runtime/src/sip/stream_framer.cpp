//===- stream_framer.cpp - SIP messages out of a TCP stream ---------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "sip/stream_framer.hpp"

#include "sip/sip_message.hpp"

namespace gossipper::runtime {

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
  size_t end = view.find("\r\n\r\n");
  size_t sep = 4;
  // Bare-LF framing only counts before the first CRLFCRLF: searching past
  // it would scan every pipelined message behind this one.
  size_t lf = view.substr(0, end).find("\n\n");
  if (lf != std::string_view::npos && (end == std::string_view::npos || lf < end)) {
    end = lf;
    sep = 2;
  }
  if (end == std::string_view::npos) {
    if (view.size() > kMaxHeaderBytes) {
      return Error{"no end of headers in " + std::to_string(view.size()) + " bytes"};
    }
    return Framed();
  }
  size_t head = end + sep;
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

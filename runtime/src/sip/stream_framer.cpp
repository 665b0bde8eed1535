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
  } else if (start_ > 64 * 1024) {
    buf_.erase(0, start_);
    start_ = 0;
  }
  buf_.append(bytes);
}

StreamFramer::Status StreamFramer::next(std::string_view &message, std::string &error) {
  start_ += consumed_;
  consumed_ = 0;
  // CRLF keep-alives between messages (RFC 5626) are skipped.
  while (start_ < buf_.size() && (buf_[start_] == '\r' || buf_[start_] == '\n')) {
    ++start_;
  }
  std::string_view view(buf_.data() + start_, buf_.size() - start_);
  if (view.empty()) {
    return Status::NeedMore;
  }
  size_t end = view.find("\r\n\r\n");
  size_t sep = 4;
  size_t lf = view.find("\n\n");
  if (lf != std::string_view::npos && (end == std::string_view::npos || lf < end)) {
    end = lf;
    sep = 2;
  }
  if (end == std::string_view::npos) {
    if (view.size() > kMaxHeaderBytes) {
      error = "no end of headers in " + std::to_string(view.size()) + " bytes";
      return Status::Error;
    }
    return Status::NeedMore;
  }
  size_t head = end + sep;
  // Content-Length (or its compact form l:), read from the header lines.
  size_t length = 0;
  size_t pos = view.find('\n');
  while (pos != std::string_view::npos && pos + 1 < head) {
    size_t line_start = pos + 1;
    size_t line_end = view.find('\n', line_start);
    std::string_view line = view.substr(line_start, line_end - line_start);
    size_t colon = line.find(':');
    if (colon != std::string_view::npos && same_header_name(line.substr(0, colon), "Content-Length")) {
      std::string_view v = line.substr(colon + 1);
      size_t b = v.find_first_not_of(" \t");
      size_t e = v.find_last_not_of(" \t\r");
      if (b == std::string_view::npos || e < b || e - b + 1 > 9) {
        error = "bad Content-Length on a stream";
        return Status::Error;
      }
      length = 0;
      for (char c : v.substr(b, e - b + 1)) {
        if (c < '0' || c > '9') {
          error = "bad Content-Length on a stream";
          return Status::Error;
        }
        length = length * 10 + static_cast<size_t>(c - '0');
      }
      break;
    }
    pos = line_end;
  }
  if (length > kMaxBodyBytes) {
    error = "Content-Length " + std::to_string(length) + " is larger than 16 MiB";
    return Status::Error;
  }
  if (view.size() < head + length) {
    return Status::NeedMore;
  }
  message = view.substr(0, head + length);
  consumed_ = head + length;
  return Status::Message;
}

} // namespace gossipper::runtime

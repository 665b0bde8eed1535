//===- stream_framer.hpp - SIP messages out of a TCP stream ----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// RFC 3261 18.3: on a stream, a message ends Content-Length bytes after the
// blank line. Bytes arrive in any chunking; whole messages come out. A stream
// that cannot be framed (headers that never end, a bad or huge length) is an
// error: the connection must be closed, since no later byte can be trusted.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/expected.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace gossipper::runtime {

class StreamFramer {
public:
  static constexpr size_t kMaxHeaderBytes = size_t{64} * 1024;
  static constexpr size_t kMaxBodyBytes = size_t{16} * 1024 * 1024;

  void append(std::string_view bytes);
  /// The next complete message, valid until the next call to append or
  /// next; none while more bytes are needed; an error when the stream cannot
  /// be framed (its byte boundaries are then lost).
  Expected<std::optional<std::string_view>> next();
  /// Appends `bytes` and hands every complete message to `deliver`, which
  /// returns false to stop (its connection closed). False when stopped so;
  /// an error when the stream cannot be framed.
  template <class Deliver> Expected<bool> feed(std::string_view bytes, Deliver &&deliver) {
    append(bytes);
    while (true) {
      Expected<std::optional<std::string_view>> message = next();
      if (!message) {
        return message.error();
      }
      if (!*message) {
        return true;
      }
      if (!deliver(**message)) {
        return false;
      }
    }
  }
  /// Bytes received but not yet part of a complete message.
  [[nodiscard]] size_t pending() const { return buf_.size() - start_; }

private:
  std::string buf_;
  size_t start_ = 0;
  size_t consumed_ = 0; ///< size of the message handed out last time
};

} // namespace gossipper::runtime

//===- sip_message.hpp - A parsed SIP message, zero copy -------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Views into the received bytes: the start line, each header as written, the
// body. Header lookup is case-insensitive and knows the compact forms
// (RFC 3261 section 7.3.3). Nothing is copied or allocated for a message of
// up to kInlineHeaders headers.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gossipper::runtime {

struct SipHeader {
  std::string_view name;  ///< as written ("Via", "v", "CALL-ID")
  std::string_view value; ///< trimmed; may span folded lines
  std::string_view line;  ///< the whole header as written, without its final CRLF
};

enum class SipParseError : uint8_t {
  None,
  Empty,
  BadStartLine,
  BadStatusCode,
  BadHeader,      ///< a header line without ':' or with an empty name
  NoEndOfHeaders, ///< no blank line: truncated message
  BadContentLength,
  BodyTooShort, ///< Content-Length says more than the bytes received
  TooManyHeaders,
};

[[nodiscard]] const char *sip_parse_error_text(SipParseError e);

class SipMessage {
public:
  static constexpr size_t kInlineHeaders = 48;
  static constexpr size_t kMaxHeaders = 1024;

  [[nodiscard]] bool is_request() const { return is_request_; }
  [[nodiscard]] bool is_response() const { return !is_request_; }
  [[nodiscard]] std::string_view method() const { return method_; }
  [[nodiscard]] std::string_view request_uri() const { return request_uri_; }
  [[nodiscard]] int status() const { return status_; }
  [[nodiscard]] std::string_view reason() const { return reason_; }
  [[nodiscard]] std::string_view start_line() const { return start_line_; }
  [[nodiscard]] std::string_view raw() const { return raw_; }
  [[nodiscard]] std::string_view body() const { return body_; }

  [[nodiscard]] size_t header_count() const { return count_; }
  [[nodiscard]] const SipHeader &header(size_t i) const {
    return i < kInlineHeaders ? inline_[i] : more_[i - kInlineHeaders];
  }

  /// First header with this name (long or compact form, any case).
  [[nodiscard]] const SipHeader *find(std::string_view name) const;
  /// Every header with this name, in order.
  template <class F> void for_each(std::string_view name, F &&f) const;

  [[nodiscard]] std::string_view call_id() const { return call_id_; }
  [[nodiscard]] uint32_t cseq_number() const { return cseq_number_; }
  [[nodiscard]] std::string_view cseq_method() const { return cseq_method_; }
  /// The tag= parameter of To (for responses and in-dialog requests).
  [[nodiscard]] std::string_view to_tag() const;
  [[nodiscard]] std::string_view from_tag() const;

private:
  friend SipParseError parse_sip_message(std::string_view bytes, SipMessage &out);
  friend struct SipParse;
  void add_header(const SipHeader &h);

  std::string_view raw_;
  std::string_view start_line_;
  std::string_view method_;
  std::string_view request_uri_;
  std::string_view reason_;
  std::string_view body_;
  std::string_view call_id_;
  std::string_view cseq_method_;
  uint32_t cseq_number_ = 0;
  int status_ = 0;
  bool is_request_ = false;
  size_t count_ = 0;
  std::array<SipHeader, kInlineHeaders> inline_{};
  std::vector<SipHeader> more_;
};

/// Parses one complete message (a datagram, or one framed from a stream).
/// A Content-Length larger than the bytes is an error; a smaller one trims
/// the body. Without Content-Length the body runs to the end.
SipParseError parse_sip_message(std::string_view bytes, SipMessage &out);

/// True when `a` and `b` name the same header (case-insensitive, compact
/// forms: "v" is "Via", "i" is "Call-ID", ...). A trailing ':' is ignored.
[[nodiscard]] bool same_header_name(std::string_view a, std::string_view b);

/// The value of the first header line of `head` (a message's lines up to
/// the blank line that ends its headers) named `name` (any case, or its
/// compact form), without the blanks around it nor the line's CR; none when
/// no line has it. A line starting with a blank (a folded continuation) is
/// passed over. The one scanner of header lines where a full parse is not
/// wanted: routing a datagram by its Call-ID, framing a stream by its
/// Content-Length.
[[nodiscard]] std::optional<std::string_view> find_header_value(std::string_view head,
                                                                std::string_view name);

/// find_header_value's value with the folded lines after it (RFC 3261
/// §7.3.1) joined by a space: for a header read once per message, where a
/// copy costs nothing (a body's Content-Type).
[[nodiscard]] std::optional<std::string> find_unfolded_header_value(std::string_view head,
                                                                    std::string_view name);

/// The value of a ;name= parameter in a header value ("" when absent).
[[nodiscard]] std::string_view header_param(std::string_view value, std::string_view name);

/// A header name made ready once (no ':', no blanks, long form) for
/// comparing with every parsed header of a message: most differ in length or
/// first letter, so a lookup costs a few instructions per header.
class HeaderNameMatch {
public:
  explicit HeaderNameMatch(std::string_view name);
  /// `parsed`: a name as the parser keeps it (trimmed, without ':').
  [[nodiscard]] bool matches(std::string_view parsed) const;

private:
  std::string_view long_;
  char first_ = 0; ///< lower case
};

template <class F> void SipMessage::for_each(std::string_view name, F &&f) const {
  HeaderNameMatch want(name);
  for (size_t i = 0; i < count_; ++i) {
    const SipHeader &h = header(i);
    if (want.matches(h.name)) {
      f(h);
    }
  }
}

} // namespace gossipper::runtime

//===- header_lookup.hpp - SIPp's way of reading a stored message -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// [last_Via:] and friends do not print a header the way a parser sees it,
// but the way SIPp's get_header() cuts it out of the text: the first
// occurrence as the whole line (name as received), every further one as
// ", value", compact forms tried only when the long form is absent, white
// space trimmed in SIPp's particular way. Scenarios and peers depend on these
// bytes, so this reproduces them exactly.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gossipper::runtime {

/// Where the lines of a message's header block start: the offsets of its
/// newlines before SIPp's end of headers (the first CRLFCRLF). A reply with
/// five [last_X:] keywords then walks a dozen offsets five times instead of
/// scanning the message five times.
struct HeaderLines {
  std::vector<uint32_t> newlines;
  size_t headers_end = 0;
  void build(std::string_view message);
};

/// The lines of the last message asked about, kept while the same message
/// is asked about again. A message is named by the serial the engine gave it
/// when it stored it (0: unnamed, always indexed afresh).
class HeaderLinesCache {
public:
  const HeaderLines &lines_for(uint64_t serial, std::string_view message) {
    if (serial == 0 || serial != serial_) {
      lines_.build(message);
      serial_ = serial;
    }
    return lines_;
  }

private:
  HeaderLines lines_;
  uint64_t serial_ = 0;
};

/// get_header(message, name, content): `name` includes its ':'. With
/// `content` only the values are returned. "" when absent.
[[nodiscard]] std::string sipp_get_header(std::string_view message, std::string_view name,
                                          bool content);
/// The same, over the message's line index.
[[nodiscard]] std::string sipp_get_header(std::string_view message, const HeaderLines &lines,
                                          std::string_view name, bool content);

/// sipp_get_header(message, names[i], false) for every name, in one walk
/// over the message: values[i] is the header of names[i].
void sipp_get_headers(std::string_view message, const std::vector<std::string> &names,
                      std::vector<std::string> &values);

/// Header names to look for at the start of lines, grouped by their first
/// letter (case folded) so that a line is compared with the few names that
/// can match it, not with all of them.
class HeaderSpellings {
public:
  HeaderSpellings() = default;
  explicit HeaderSpellings(std::vector<std::string> spellings);

  /// Whether the line starting at `line` (to the end of `text`) starts with
  /// one of the names, ignoring case.
  [[nodiscard]] bool starts_line(std::string_view text, size_t line) const;
  [[nodiscard]] const std::vector<std::string> &names() const { return names_; }

private:
  std::vector<std::string> names_;                         ///< by folded first byte
  std::array<std::pair<uint16_t, uint16_t>, 256> first_{}; ///< [begin, end) of each byte
};

/// `names` (each with its ':') and the compact forms SIPp's lookups of them
/// fall back to: what sipp_keep_headers keeps lines of.
[[nodiscard]] HeaderSpellings sipp_lookup_spellings(const std::vector<std::string> &names);

/// What lookups of names can read of `message`, into `out`: the start line,
/// the lines whose header is spelled as one of `spellings` (from
/// sipp_lookup_spellings) with their folded lines, the last header, and the
/// blank line that ends the headers; the other headers and the body left
/// out. Every sipp_get_header of one of the names reads the same from it as
/// from the whole message. The whole message when it has no CRLFCRLF (SIPp
/// then searches all of it) or an empty line among its headers. `lines` is
/// the caller's, so that its buffer is reused.
void sipp_keep_headers(std::string_view message, const HeaderSpellings &spellings,
                       HeaderLines &lines, std::string &out);

/// [last_Request_URI]: between the first '<' and '>' of the To header.
[[nodiscard]] std::string sipp_last_request_uri(std::string_view message);

/// The CSeq number as SIPp's get_cseq_value ("\r\nCSeq:" in four spellings).
[[nodiscard]] unsigned long sipp_cseq_value(std::string_view message);

} // namespace gossipper::runtime

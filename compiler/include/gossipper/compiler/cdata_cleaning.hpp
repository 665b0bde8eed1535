//===- cdata_cleaning.hpp - SIPp's message clean-up -------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// SIPp does not send a CDATA block as written: it trims the block, drops the
// indentation and trailing blanks of every line and makes sure a blank line
// ends the headers. The result must be byte-for-byte what SIPp sends, and
// every byte remembers where it came from so that a keyword error inside a
// message points at the right line and column of the file.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/compiler/source_buffer.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gossipper::compiler {

/// Text whose every byte knows its offset in the source file.
struct MappedText {
  std::string text;
  std::vector<uint32_t> origin;
  uint32_t end_origin = 0; ///< where "one past the end" points

  [[nodiscard]] uint32_t origin_at(size_t i) const {
    return i < origin.size() ? origin[i] : end_origin;
  }
  void push(char c, uint32_t from) {
    text.push_back(c);
    origin.push_back(from);
  }
};

enum class CdataUse {
  Send,    ///< <send>: a trailing newline after a body is kept
  Command, ///< <sendCmd>, <DefaultMessage>
};

/// Cleans the raw CDATA bytes [begin, end) of `src` as SIPp does. Returns
/// nullopt (and reports at `element_offset`) when nothing is left.
[[nodiscard]] std::optional<MappedText> clean_cdata(const SourceBuffer &src, size_t begin,
                                                    size_t end, bool latin1, CdataUse use,
                                                    size_t element_offset,
                                                    ir::DiagnosticEngine &diags);

/// An attribute value as a template source: byte i maps to value_offset + i.
[[nodiscard]] MappedText attribute_text(const std::string &value, size_t value_offset,
                                        size_t raw_length);

} // namespace gossipper::compiler

//===- template_parser.hpp - Messages as text and [keywords] ---*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Parses a cleaned message (or a keyword-bearing attribute) with the ANTLR
// grammar in compiler/grammar/ into literal runs and keywords. Literal runs
// are final bytes: `\xHH` decoded, every newline already CRLF. Keywords are
// kept as written; lowering gives them meaning.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/compiler/cdata_cleaning.hpp"
#include "gossipper/compiler/source_buffer.hpp"
#include "gossipper/ir/diagnostic.hpp"

#include <optional>
#include <string>
#include <vector>

namespace gossipper::compiler {

struct TemplateParam {
  std::string name;
  bool has_value = false;
  bool quoted = false;
  /// The value without quotes and with backslash escapes removed; each byte
  /// mapped to the file, so a quoted value can be parsed as a template itself.
  MappedText value;
  ir::SourceLoc loc;
};

struct TemplatePiece {
  bool is_keyword = false;
  std::string literal;   ///< text pieces
  std::string word;      ///< keyword: the first word, e.g. "cseq+1", "$v", "field0"
  std::vector<TemplateParam> params;
  ir::SourceLoc loc;
};

struct TemplateAst {
  std::vector<TemplatePiece> pieces;
  /// False when a syntax error was reported: the pieces are those of the lines
  /// that parsed, kept so later stages can still report their own problems.
  bool complete = true;
};

/// Parses `text`. A syntax error is reported and the rest of the text is
/// still parsed line by line (keywords never span lines), so one run reports
/// every bad keyword of a message.
[[nodiscard]] TemplateAst parse_template(const MappedText &text,
                                                        const SourceBuffer &src,
                                                        ir::DiagnosticEngine &diags);

} // namespace gossipper::compiler

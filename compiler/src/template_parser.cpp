//===- template_parser.cpp - Messages as text and [keywords] --------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/compiler/template_parser.hpp"

#include "TemplateLexer.h"
#include "TemplateParser.h"
#include "gossipper/stdlib/hex_digit.hpp"

#include <cctype>

namespace gossipper::compiler {
namespace {

/// One code point per byte, so token indices are byte offsets (the stock
/// stream decodes UTF-8 and would shift them).
class ByteStream : public antlr4::ANTLRInputStream {
public:
  explicit ByteStream(const std::string &bytes) {
    _data.clear();
    _data.reserve(bytes.size());
    for (unsigned char c : bytes) {
      _data.push_back(static_cast<char32_t>(c));
    }
    p = 0;
  }
};

struct FirstError {
  bool seen = false;
  size_t index = 0;
  size_t token_type = 0;
  std::string message;
};

class ErrorCollector : public antlr4::BaseErrorListener {
public:
  explicit ErrorCollector(FirstError &e) : e_(e) {}
  void syntaxError(antlr4::Recognizer *, antlr4::Token *offending, size_t, size_t,
                   const std::string &msg, std::exception_ptr) override {
    if (e_.seen) {
      return;
    }
    e_.seen = true;
    e_.message = msg;
    if (offending != nullptr) {
      e_.index = offending->getStartIndex();
      e_.token_type = offending->getType();
    }
  }

private:
  FirstError &e_;
};

class PieceBuilder {
public:
  PieceBuilder(const MappedText &text, const SourceBuffer &src, ir::DiagnosticEngine &diags)
      : text_(text), src_(src), diags_(diags) {}

  TemplateAst build(gossipper_grammar::TemplateParser::MessageContext *msg) {
    for (auto *part : msg->part()) {
      if (auto *t = part->text()) {
        add_text(t->getStart());
      } else if (auto *k = part->keyword()) {
        add_keyword(k);
      }
    }
    return std::move(ast_);
  }

private:
  ir::SourceLoc loc(size_t index) const { return src_.loc(text_.origin_at(index)); }

  std::string bytes(const antlr4::Token *t) const {
    size_t start = t->getStartIndex();
    size_t stop = t->getStopIndex();
    if (stop + 1 < start || start > text_.text.size()) {
      return {};
    }
    return text_.text.substr(start, stop + 1 - start);
  }

  std::string &literal_piece(size_t index) {
    if (ast_.pieces.empty() || ast_.pieces.back().is_keyword) {
      TemplatePiece p;
      p.loc = loc(index);
      ast_.pieces.push_back(std::move(p));
    }
    return ast_.pieces.back().literal;
  }

  void add_text(const antlr4::Token *t) {
    using L = gossipper_grammar::TemplateLexer;
    std::string b = bytes(t);
    if (drop_next_ && !b.empty() && t->getType() != L::HEX_ESCAPE) {
      // SIPp swallows the character after a "\x" without hex digits.
      b.erase(0, 1);
    }
    drop_next_ = false;
    std::string &out = literal_piece(t->getStartIndex());
    switch (t->getType()) {
    case L::HEX_ESCAPE: {
      int v = stdlib::hex_digit_value(b[2]);
      if (b.size() == 4) {
        v = v * 16 + stdlib::hex_digit_value(b[3]);
      }
      out.push_back(static_cast<char>(v));
      break;
    }
    case L::BAD_HEX_ESCAPE:
      diags_.warning(loc(t->getStartIndex()),
                     "'\\x' without hex digits: SIPp drops it and the character after it");
      drop_next_ = true;
      break;
    case L::NEWLINE: out += "\r\n"; break;
    default: out += b;
    }
  }

  void add_keyword(gossipper_grammar::TemplateParser::KeywordContext *k) {
    drop_next_ = false;
    TemplatePiece p;
    p.is_keyword = true;
    p.loc = loc(k->getStart()->getStartIndex());
    p.word = bytes(k->name);
    for (auto *param : k->param()) {
      TemplateParam tp;
      tp.name = bytes(param->key);
      tp.loc = loc(param->key->getStartIndex());
      if (param->KW_EQ() != nullptr) {
        tp.has_value = true;
        if (auto *v = param->value()) {
          const antlr4::Token *vt = v->getStart();
          size_t start = vt->getStartIndex();
          size_t stop = vt->getStopIndex();
          if (vt->getType() == gossipper_grammar::TemplateLexer::V_QUOTED) {
            tp.quoted = true;
            unquote(start + 1, stop, tp.value);
          } else {
            for (size_t i = start; i <= stop && i < text_.text.size(); ++i) {
              tp.value.push(text_.text[i], text_.origin_at(i));
            }
            tp.value.end_origin = text_.origin_at(stop + 1);
          }
        }
      }
      p.params.push_back(std::move(tp));
    }
    ast_.pieces.push_back(std::move(p));
  }

  /// [begin, end): the inside of a quoted value; a backslash keeps the next byte.
  void unquote(size_t begin, size_t end, MappedText &out) const {
    for (size_t i = begin; i < end && i < text_.text.size(); ++i) {
      if (text_.text[i] == '\\' && i + 1 < end) {
        ++i;
      }
      out.push(text_.text[i], text_.origin_at(i));
    }
    out.end_origin = text_.origin_at(end);
  }

  const MappedText &text_;
  const SourceBuffer &src_;
  ir::DiagnosticEngine &diags_;
  TemplateAst ast_;
  bool drop_next_ = false;
};

/// The offset of the '[' that opened the keyword an error at `index` is in.
size_t keyword_start(const std::string &text, size_t index) {
  size_t i = std::min(index, text.size());
  while (i > 0) {
    --i;
    if (text[i] == '[') {
      return i;
    }
    if (text[i] == '\n' && i + 1 < index) {
      break;
    }
  }
  return index;
}

std::string explain(const FirstError &e, const std::string &text) {
  using L = gossipper_grammar::TemplateLexer;
  size_t open = keyword_start(text, e.index);
  std::string shown = text.substr(open, std::min<size_t>(e.index - std::min(open, e.index), 40));
  switch (e.token_type) {
  case antlr4::Token::EOF:
  case L::KW_NEWLINE:
    return "keyword '" + shown +
           "' is not closed by ']' on its line (write \\x5b for a literal '[')";
  case L::KW_OPEN: return "'[' inside the keyword '" + shown + "' (write \\x5b for a literal '[')";
  case L::KW_BAD_QUOTE: return "unterminated quoted value in keyword '" + shown + "'";
  case L::CLOSE: return "empty keyword '[]' (write \\x5b for a literal '[')";
  default: return "syntax error in keyword '" + shown + "': " + e.message;
  }
}

} // namespace

namespace {

/// Parses one piece of text; on a syntax error reports it and returns nullopt.
std::optional<TemplateAst> parse_piece(const MappedText &text, const SourceBuffer &src,
                                       ir::DiagnosticEngine &diags) {
  ByteStream input(text.text);
  gossipper_grammar::TemplateLexer lexer(&input);
  lexer.removeErrorListeners();
  antlr4::CommonTokenStream tokens(&lexer);
  gossipper_grammar::TemplateParser parser(&tokens);
  parser.removeErrorListeners();
  FirstError first;
  ErrorCollector collector(first);
  lexer.addErrorListener(&collector);
  parser.addErrorListener(&collector);

  // The grammar is LL(2); SLL prediction is exact for it and much cheaper.
  parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
      antlr4::atn::PredictionMode::SLL);
  auto *tree = parser.message();
  if (first.seen) {
    size_t at = first.index;
    if (first.token_type == antlr4::Token::EOF ||
        first.token_type == gossipper_grammar::TemplateLexer::KW_NEWLINE) {
      at = keyword_start(text.text, at);
    }
    diags.error(src.loc(text.origin_at(at)), explain(first, text.text));
    return std::nullopt;
  }
  return PieceBuilder(text, src, diags).build(tree);
}

MappedText slice(const MappedText &text, size_t begin, size_t end) {
  MappedText out;
  out.text = text.text.substr(begin, end - begin);
  out.origin.assign(text.origin.begin() + static_cast<std::ptrdiff_t>(begin),
                    text.origin.begin() + static_cast<std::ptrdiff_t>(end));
  out.end_origin = text.origin_at(end);
  return out;
}

} // namespace

TemplateAst parse_template(const MappedText &text, const SourceBuffer &src,
                           ir::DiagnosticEngine &diags) {
  // The common case: one parse of the whole text. Diagnostics go to a scratch
  // engine so that a failure can be re-run line by line without duplicates.
  ir::DiagnosticEngine scratch(diags.file());
  if (auto whole = parse_piece(text, src, scratch)) {
    for (const ir::Diagnostic &d : scratch.diagnostics()) {
      diags.report(d);
    }
    return std::move(*whole);
  }
  TemplateAst ast;
  ast.complete = false;
  size_t begin = 0;
  while (begin < text.text.size()) {
    size_t nl = text.text.find('\n', begin);
    size_t end = nl == std::string::npos ? text.text.size() : nl + 1;
    if (auto line = parse_piece(slice(text, begin, end), src, diags)) {
      for (TemplatePiece &p : line->pieces) {
        if (!p.is_keyword && !ast.pieces.empty() && !ast.pieces.back().is_keyword) {
          ast.pieces.back().literal += p.literal;
        } else {
          ast.pieces.push_back(std::move(p));
        }
      }
    }
    begin = end;
  }
  return ast;
}

} // namespace gossipper::compiler

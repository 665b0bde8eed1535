//===- lowering_templates.cpp - Templates and their keywords --------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A template becomes literal segments and keyword segments. Simple keywords
// come from the schema's table; the others ([fieldN], [file], [$var], [fill],
// [last_*], [authentication], -key names) take parameters, checked here.
//
//===----------------------------------------------------------------------===//
#include "lowering_pass.hpp"

#include "gossipper/compiler/scenario_schema.hpp"
#include "gossipper/compiler/template_parser.hpp"
#include "gossipper/ir/spelling.hpp"
#include "gossipper/stdlib/hex_digit.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace gossipper::compiler {
namespace {

std::string suggest_keyword(std::string_view word) {
  std::vector<std::string_view> names;
  for (const KeywordSpec &k : all_keywords()) {
    if (k.simple) {
      names.push_back(k.name);
    }
  }
  std::string best = ir::closest_match(word, names);
  return best.empty() ? std::string() : " (did you mean [" + best + "]?)";
}

const TemplateParam *param(const TemplatePiece &p, std::string_view name) {
  for (const TemplateParam &param : p.params) {
    if (param.name == name) {
      return &param;
    }
  }
  return nullptr;
}

bool is_hex_digit(char c) { return stdlib::hex_digit_value(c) >= 0; }

/// The bytes of "0x..." as SIPp reads them: two digits a byte, a lone last
/// digit a byte of its own, up to the first non-digit.
std::string hex_bytes(const std::string &v) {
  std::string bytes;
  for (size_t i = 2; i < v.size() && is_hex_digit(v[i]);) {
    int val = stdlib::hex_digit_value(v[i]);
    ++i;
    if (i < v.size() && is_hex_digit(v[i])) {
      val = val * 16 + stdlib::hex_digit_value(v[i]);
      ++i;
    }
    bytes.push_back(static_cast<char>(val));
  }
  return bytes;
}

/// [kw+N] / [kw-N]: as SIPp, the first '+' (else the first '-') if a digit
/// follows. Sets `offset` and cuts it from `word`; [authentication...] and
/// [tdmmap...] keep theirs, as their parameters may hold such signs.
void split_offset(std::string &word, int32_t &offset) {
  if (word.starts_with("authentication") || word.starts_with("tdmmap")) {
    return;
  }
  size_t pos = word.find('+');
  if (pos == std::string::npos) {
    pos = word.find('-');
  }
  if (pos != std::string::npos && pos + 1 < word.size() &&
      std::isdigit(static_cast<unsigned char>(word[pos + 1]))) {
    offset = std::atoi(word.c_str() + pos);
    word.resize(pos);
  }
}

} // namespace

//===--- templates ----------------------------------------------------------===//

void Lowering::add_literal(ir::Template &t, const std::string &bytes, ir::SourceLoc loc) {
  if (bytes.empty()) {
    return;
  }
  if (!t.segments.empty() && t.segments.back().kind == ir::Segment::Kind::Literal) {
    t.segments.back().text += bytes;
    return;
  }
  ir::Segment seg;
  seg.kind = ir::Segment::Kind::Literal;
  seg.text = bytes;
  seg.loc = loc;
  t.segments.push_back(std::move(seg));
}

ir::Template Lowering::lower_template(const TemplateAst &ast) {
  ir::Template t;
  for (const TemplatePiece &p : ast.pieces) {
    if (!p.is_keyword) {
      add_literal(t, p.literal, p.loc);
    } else if (auto seg = lower_keyword(p)) {
      t.segments.push_back(std::move(*seg));
    }
  }
  return t;
}

ir::Template Lowering::lower_attr_template(const Node &n, std::string_view attr) {
  const AttrValue *a = n.attr(attr);
  if (a == nullptr || !a->parsed) {
    return {};
  }
  return lower_template(*a->parsed);
}

/// A keyword parameter's value as a template ("0x..." values are hex bytes,
/// as in SIPp).
ir::Template Lowering::param_template(const TemplateParam &p) {
  const std::string &v = p.value.text;
  if (!p.quoted && v.size() > 2 && v[0] == '0' && v[1] == 'x') {
    ir::Template t;
    add_literal(t, hex_bytes(v), p.loc);
    return t;
  }
  return lower_template(parse_template(p.value, src_, d_));
}

//===--- keywords -----------------------------------------------------------===//

bool Lowering::check_params(const TemplatePiece &p, const std::string &kw,
                            std::initializer_list<std::string_view> allowed) {
  bool ok = true;
  for (const TemplateParam &param : p.params) {
    if (std::find(allowed.begin(), allowed.end(), param.name) == allowed.end()) {
      d_.error(param.loc, allowed.size() == 0
                              ? "[" + kw + "] takes no parameter"
                              : "unknown parameter '" + param.name + "' of [" + kw + "]");
      ok = false;
    }
  }
  return ok;
}

/// The parameter `name` when it is given and not empty; else null, and
/// `missing` is reported.
const TemplateParam *Lowering::required_param(const TemplatePiece &p, std::string_view name,
                                              const std::string &missing) {
  const TemplateParam *given = param(p, name);
  if (given == nullptr || given->value.text.empty()) {
    d_.error(p.loc, missing);
    return nullptr;
  }
  return given;
}

std::optional<ir::Segment> Lowering::lower_keyword(const TemplatePiece &p) {
  ir::Segment seg;
  seg.loc = p.loc;
  std::string word = p.word;
  split_offset(word, seg.offset);
  if (const KeywordSpec *k = find_simple_keyword(word)) {
    return lower_simple_keyword(p, word, *k->simple, std::move(seg));
  }
  if (word.starts_with("field")) {
    return lower_field(p, word, std::move(seg));
  }
  if (word == "file") {
    return lower_file(p, word, std::move(seg));
  }
  if (word.starts_with("$")) {
    return lower_variable_keyword(p, word, std::move(seg));
  }
  if (word == "fill") {
    return lower_fill(p, word, std::move(seg));
  }
  if (word.starts_with("last_")) {
    return lower_last_header(p, word, std::move(seg));
  }
  if (word == "authentication") {
    return lower_authentication(p, word, std::move(seg));
  }
  if (opts_.custom_keys.contains(p.word)) {
    seg.kind = ir::Segment::Kind::CustomKey;
    seg.offset = 0;
    seg.text = p.word;
    return seg;
  }
  d_.error(p.loc, "unknown keyword [" + p.word + "]" + suggest_keyword(word) +
                      "; a -key NAME VALUE option defines [NAME]");
  return std::nullopt;
}

std::optional<ir::Segment> Lowering::lower_simple_keyword(const TemplatePiece &p,
                                                          const std::string &word,
                                                          ir::Keyword keyword, ir::Segment seg) {
  if (!check_params(p, word, {})) {
    return std::nullopt;
  }
  seg.kind = ir::Segment::Kind::Keyword;
  seg.keyword = keyword;
  return seg;
}

/// [fieldN file= line=]: column N of an injection file's line.
std::optional<ir::Segment> Lowering::lower_field(const TemplatePiece &p, const std::string &word,
                                                 ir::Segment seg) {
  std::string digits = word.substr(5);
  if (digits.empty() ||
      !std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); })) {
    d_.error(p.loc, "[" + word + "] is not a field keyword: write [field0], [field1], ...");
    return std::nullopt;
  }
  if (!check_params(p, word, {"file", "line"})) {
    return std::nullopt;
  }
  seg.kind = ir::Segment::Kind::Field;
  seg.field = static_cast<uint32_t>(std::strtoul(digits.c_str(), nullptr, 10));
  if (const TemplateParam *f = param(p, "file")) {
    seg.file = f->value.text;
  }
  seg.sub.emplace_back();
  if (const TemplateParam *l = param(p, "line")) {
    seg.sub[0] = param_template(*l);
  }
  return seg;
}

/// [file name=]: a file's content.
std::optional<ir::Segment> Lowering::lower_file(const TemplatePiece &p, const std::string &word,
                                                ir::Segment seg) {
  if (!check_params(p, word, {"name"})) {
    return std::nullopt;
  }
  const TemplateParam *name = required_param(p, "name", "[file] needs name=");
  if (name == nullptr) {
    return std::nullopt;
  }
  seg.kind = ir::Segment::Kind::File;
  seg.sub.push_back(param_template(*name));
  return seg;
}

/// [$name]: a variable's value.
std::optional<ir::Segment>
Lowering::lower_variable_keyword(const TemplatePiece &p, const std::string &word, ir::Segment seg) {
  std::string name = word.substr(1);
  if (name.empty() || name.find(',') != std::string::npos) {
    d_.error(p.loc, "[$] needs a variable name, as in [$name]");
    return std::nullopt;
  }
  if (!check_params(p, word, {})) {
    return std::nullopt;
  }
  seg.kind = ir::Segment::Kind::Variable;
  seg.var = var(name, p.loc, ir::VarType::Unset);
  return seg;
}

/// [fill variable= text=]: text= repeated to a variable's length.
std::optional<ir::Segment> Lowering::lower_fill(const TemplatePiece &p, const std::string &word,
                                                ir::Segment seg) {
  if (!check_params(p, word, {"variable", "text"})) {
    return std::nullopt;
  }
  const TemplateParam *v =
      required_param(p, "variable", "[fill] needs variable= (the length to fill)");
  if (v == nullptr) {
    return std::nullopt;
  }
  seg.kind = ir::Segment::Kind::Fill;
  seg.var = var(v->value.text, v->loc, ir::VarType::Unset);
  const TemplateParam *text = param(p, "text");
  seg.text = text != nullptr && !text->value.text.empty() ? text->value.text : "X";
  return seg;
}

/// [last_Header:]: that header of the last message received.
std::optional<ir::Segment> Lowering::lower_last_header(const TemplatePiece &p,
                                                       const std::string &word, ir::Segment seg) {
  if (!check_params(p, word, {})) {
    return std::nullopt;
  }
  seg.kind = ir::Segment::Kind::LastHeader;
  seg.text = word.substr(5);
  if (seg.text.empty() || seg.text == ":") {
    d_.error(p.loc, "[last_] needs a header name, as in [last_Via:]");
    return std::nullopt;
  }
  return seg;
}

/// [authentication ...]: the answer to the last challenge; each parameter is
/// a template, in the IR's order.
std::optional<ir::Segment>
Lowering::lower_authentication(const TemplatePiece &p, const std::string &word, ir::Segment seg) {
  if (!check_params(p, word, {"username", "password", "aka_K", "aka_OP", "aka_AMF"})) {
    return std::nullopt;
  }
  seg.kind = ir::Segment::Kind::Authentication;
  for (std::string_view name : {"username", "password", "aka_K", "aka_OP", "aka_AMF"}) {
    const TemplateParam *prm = param(p, name);
    seg.sub.push_back(prm != nullptr ? param_template(*prm) : ir::Template{});
  }
  return seg;
}

} // namespace gossipper::compiler

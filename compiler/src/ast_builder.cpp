//===- ast_builder.cpp - XML elements to typed scenario nodes -------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/compiler/ast.hpp"

#include "gossipper/compiler/cdata_cleaning.hpp"
#include "gossipper/compiler/xml_document.hpp"

#include <cerrno>
#include <cstdlib>
#include <strings.h>

namespace gossipper::compiler {

const AttrValue *Node::attr(std::string_view n) const {
  for (const AttrValue &a : attrs) {
    if (a.name == n) {
      return &a;
    }
  }
  return nullptr;
}

std::string sipp_unescape(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 1 < value.size()) {
      char c = value[++i];
      switch (c) {
      case '\\': out += '\\'; break;
      case '"': out += '"'; break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      default:
        out += '\\';
        out += c;
      }
    } else {
      out += value[i];
    }
  }
  return out;
}

namespace {

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) {
    return {};
  }
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> split_commas(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t comma = s.find(',', start);
    out.push_back(trim(s.substr(start, comma == std::string_view::npos ? s.npos : comma - start)));
    if (comma == std::string_view::npos) {
      break;
    }
    start = comma + 1;
  }
  return out;
}

bool parse_long(const std::string &s, long long &out) {
  if (s.empty()) {
    return false;
  }
  char *end = nullptr;
  errno = 0;
  out = std::strtoll(s.c_str(), &end, 0);
  return errno == 0 && *end == '\0';
}

bool parse_double(const std::string &s, double &out) {
  if (s.empty()) {
    return false;
  }
  char *end = nullptr;
  errno = 0;
  out = std::strtod(s.c_str(), &end);
  return errno == 0 && *end == '\0';
}

/// A name SIPp accepts for a variable, counter or RTD.
bool valid_name(const std::string &n) { return !n.empty() && n.find_first_of("$,") == n.npos; }

class AstBuilder {
public:
  AstBuilder(const XmlDocument &doc, const SourceBuffer &src, ir::DiagnosticEngine &d)
      : doc_(doc), src_(src), d_(d) {}

  std::optional<ScenarioAst> run() {
    const XmlElement &root = doc_.root;
    const ElementSpec *spec = find_element(ElementContext::Root, root.name);
    if (spec == nullptr) {
      d_.error(loc(root.offset), "the root element is <" + root.name +
                                     ">; a SIPp scenario starts with <scenario>");
      return std::nullopt;
    }
    ScenarioAst ast;
    ast.root = build(root, *spec);
    for (const XmlElement &child : root.children) {
      if (child.name == "action") {
        d_.error(loc(child.offset), "<action> must be inside a command (send, recv, nop, ...)");
        continue;
      }
      if (auto node = build_in(child, ElementContext::TopLevel, "<scenario>")) {
        ast.root.children.push_back(std::move(*node));
      }
    }
    return ast;
  }

private:
  ir::SourceLoc loc(size_t offset) const { return src_.loc(offset); }

  std::optional<Node> build_in(const XmlElement &e, ElementContext ctx, const char *where) {
    const ElementSpec *spec = find_element(ctx, e.name);
    if (spec == nullptr) {
      std::string msg = "unknown element <" + e.name + "> in " + where;
      if (ctx == ElementContext::Actions) {
        msg = "unknown action <" + e.name + ">";
      } else if (ctx == ElementContext::Init && find_element(ElementContext::TopLevel, e.name)) {
        msg = "<" + e.name + "> is not allowed in <init>, which holds only <nop> and <label>";
      }
      d_.error(loc(e.offset), msg);
      return std::nullopt;
    }
    Node n = build(e, *spec);
    if (spec->name == "action") {
      for (const XmlElement &child : e.children) {
        if (auto a = build_in(child, ElementContext::Actions, "<action>")) {
          n.children.push_back(std::move(*a));
        }
      }
    } else if (spec->name == "init") {
      for (const XmlElement &child : e.children) {
        if (auto a = build_in(child, ElementContext::Init, "<init>")) {
          n.children.push_back(std::move(*a));
        }
      }
    } else if (spec->command) {
      bool have_action = false;
      for (const XmlElement &child : e.children) {
        if (child.name != "action") {
          d_.error(loc(child.offset), "unknown element <" + child.name + "> in <" + e.name +
                                          ">; only <action> may appear here");
          continue;
        }
        if (have_action) {
          d_.error(loc(child.offset), "second <action> in <" + e.name +
                                          ">; put all actions in one <action>");
          continue;
        }
        have_action = true;
        if (auto a = build_in(child, ElementContext::TopLevel, "")) {
          n.children.push_back(std::move(*a));
        }
      }
    } else {
      for (const XmlElement &child : e.children) {
        d_.error(loc(child.offset), "<" + e.name + "> cannot contain <" + child.name + ">");
      }
    }
    return n;
  }

  Node build(const XmlElement &e, const ElementSpec &spec) {
    Node n;
    n.spec = &spec;
    n.name = e.name;
    n.loc = loc(e.offset);
    for (const XmlAttribute &xa : e.attributes) {
      const AttrSpec *as = find_attribute(spec, xa.name);
      if (as == nullptr) {
        d_.error(loc(xa.name_offset), "unknown attribute '" + xa.name + "' on <" + e.name + ">");
        continue;
      }
      AttrValue v;
      v.spec = as;
      v.name = xa.name;
      v.text = sipp_unescape(xa.value);
      v.loc = loc(xa.name_offset);
      v.value_loc = loc(xa.value_offset);
      if (read_value(xa, v)) {
        n.attrs.push_back(std::move(v));
      }
    }
    for (const AttrSpec &as : spec.attributes) {
      if (as.required && !n.has(as.name)) {
        bool present_but_bad = e.attribute(as.name) != nullptr;
        if (!present_but_bad) {
          d_.error(n.loc, "<" + e.name + "> needs the attribute '" + std::string(as.name) + "'");
        }
      }
    }
    read_cdata(e, spec, n);
    return n;
  }

  void read_cdata(const XmlElement &e, const ElementSpec &spec, Node &n) {
    const XmlText *cdata = nullptr;
    for (const XmlText &t : e.texts) {
      if (!t.cdata) {
        d_.warning(loc(t.begin), "text outside a CDATA section in <" + e.name +
                                     "> is ignored (as SIPp does)");
        continue;
      }
      if (spec.cdata == Cdata::None) {
        d_.warning(loc(t.begin - 9), "<" + e.name + "> takes no CDATA; this one is ignored");
        continue;
      }
      if (cdata != nullptr) {
        d_.warning(loc(t.begin - 9), "second CDATA section in <" + e.name +
                                         "> is ignored (SIPp sends only the first)");
        continue;
      }
      cdata = &t;
    }
    if (spec.cdata != Cdata::Required) {
      return;
    }
    if (cdata == nullptr) {
      d_.error(n.loc, "<" + e.name + "> needs its message in a <![CDATA[ ... ]]> section");
      return;
    }
    CdataUse use = spec.name == "send" ? CdataUse::Send : CdataUse::Command;
    auto cleaned = clean_cdata(src_, cdata->begin, cdata->end, doc_.latin1, use, e.offset, d_);
    if (!cleaned) {
      return;
    }
    n.cleaned_message = cleaned->text;
    n.message = parse_template(*cleaned, src_, d_);
  }

  /// Length of the raw attribute value in the file (up to the closing quote).
  size_t raw_value_length(const XmlAttribute &xa) const {
    const std::string &b = src_.bytes();
    if (xa.value_offset == 0 || xa.value_offset > b.size()) {
      return xa.value.size();
    }
    char quote = b[xa.value_offset - 1];
    size_t close = b.find(quote, xa.value_offset);
    return close == std::string::npos ? xa.value.size() : close - xa.value_offset;
  }

  bool read_value(const XmlAttribute &xa, AttrValue &v) {
    auto bad = [&](const std::string &what) {
      d_.error(v.value_loc, std::string(v.name) + "=\"" + v.text + "\" " + what);
      return false;
    };
    switch (v.spec->type) {
    case AttrType::Text:
      return true;
    case AttrType::Presence:
      v.boolean = true;
      return true;
    case AttrType::Bool: {
      if (strcasecmp(v.text.c_str(), "true") == 0) {
        v.boolean = true;
        return true;
      }
      if (strcasecmp(v.text.c_str(), "false") == 0) {
        v.boolean = false;
        return true;
      }
      long long n = 0;
      if (!parse_long(v.text, n)) {
        return bad("is not a boolean (true or false)");
      }
      v.boolean = n != 0;
      return true;
    }
    case AttrType::Integer:
      if (v.text.empty()) {
        d_.warning(v.value_loc, std::string(v.name) + "=\"\" is empty; SIPp reads it as 0");
        v.integer = 0;
        return true;
      }
      if (!parse_long(v.text, v.integer)) {
        return bad("is not a whole number");
      }
      if (v.integer < 0) {
        return bad("must not be negative");
      }
      return true;
    case AttrType::Number:
      if (!parse_double(v.text, v.number)) {
        return bad("is not a number");
      }
      return true;
    case AttrType::Variable:
    case AttrType::Counter:
      if (!valid_name(v.text)) {
        return bad(v.text.empty() ? "is empty" : "is not a valid name (no '$' or ',')");
      }
      v.names = {v.text};
      return true;
    case AttrType::VariableList:
      v.names = split_commas(v.text);
      for (const std::string &name : v.names) {
        if (!valid_name(name)) {
          return bad("holds an empty or invalid variable name");
        }
      }
      return true;
    case AttrType::Label:
    case AttrType::Rtd:
      if (v.text.empty()) {
        return bad("is empty");
      }
      return true;
    case AttrType::Regex:
      return true; // compiled by the verifier
    case AttrType::Choice:
      for (std::string_view c : v.spec->choices) {
        if (c == v.text) {
          return true;
        }
      }
      {
        std::string allowed;
        for (std::string_view c : v.spec->choices) {
          allowed += (allowed.empty() ? "" : ", ") + std::string(c);
        }
        return bad("is not one of: " + allowed);
      }
    case AttrType::IntegerList:
      for (const std::string &item : split_commas(v.text)) {
        long long n = 0;
        if (!parse_long(item, n) || n < 0) {
          return bad("is not a comma-separated list of whole numbers");
        }
        v.integers.push_back(n);
      }
      return true;
    case AttrType::Template: {
      MappedText t = attribute_text(v.text, xa.value_offset, raw_value_length(xa));
      v.parsed = parse_template(t, src_, d_);
      return true;
    }
    }
    return true;
  }

  const XmlDocument &doc_;
  const SourceBuffer &src_;
  ir::DiagnosticEngine &d_;
};

} // namespace

std::optional<ScenarioAst> build_ast(const XmlDocument &doc, const SourceBuffer &src,
                                     ir::DiagnosticEngine &diags) {
  return AstBuilder(doc, src, diags).run();
}

} // namespace gossipper::compiler

//===- ast_printer.cpp - Stable text form of the AST ----------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/compiler/ast.hpp"

#include "gossipper/ir/printer.hpp"

#include <cstdio>

namespace gossipper::compiler {
namespace {

std::string at(ir::SourceLoc l) {
  return "@" + std::to_string(l.line) + ":" + std::to_string(l.column);
}

std::string print_pieces(const TemplateAst &t) {
  std::string out = "{";
  for (size_t i = 0; i < t.pieces.size(); ++i) {
    const TemplatePiece &p = t.pieces[i];
    out += i ? " " : "";
    if (!p.is_keyword) {
      out += ir::quote(p.literal);
      continue;
    }
    out += "[" + p.word;
    for (const TemplateParam &param : p.params) {
      out += " " + param.name;
      if (param.has_value) {
        out += "=" + std::string(param.quoted ? "q" : "") + ir::quote(param.value.text);
      }
    }
    out += "]" + at(p.loc);
  }
  return out + "}";
}

std::string print_value(const AttrValue &v) {
  switch (v.spec->type) {
  case AttrType::Bool:
  case AttrType::Presence:
    return v.boolean ? "true" : "false";
  case AttrType::Integer:
    return std::to_string(v.integer);
  case AttrType::Number: {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v.number);
    return buf;
  }
  case AttrType::VariableList: {
    std::string out = "[";
    for (size_t i = 0; i < v.names.size(); ++i) {
      out += (i ? "," : "") + ir::quote(v.names[i]);
    }
    return out + "]";
  }
  case AttrType::IntegerList: {
    std::string out = "[";
    for (size_t i = 0; i < v.integers.size(); ++i) {
      out += (i ? "," : "") + std::to_string(v.integers[i]);
    }
    return out + "]";
  }
  case AttrType::Template:
    return v.parsed ? print_pieces(*v.parsed) : "{?}";
  default:
    return ir::quote(v.text);
  }
}

void print_node(const Node &n, int depth, std::string &out) {
  out.append(static_cast<size_t>(depth) * 2, ' ');
  out += n.name + " " + at(n.loc);
  for (const AttrValue &a : n.attrs) {
    out += " " + a.name + "=" + print_value(a);
  }
  out += '\n';
  if (n.message) {
    out.append(static_cast<size_t>(depth) * 2 + 2, ' ');
    out += "message " + print_pieces(*n.message) + '\n';
  }
  for (const Node &c : n.children) {
    print_node(c, depth + 1, out);
  }
}

} // namespace

std::string print_ast(const ScenarioAst &ast) {
  std::string out;
  print_node(ast.root, 0, out);
  return out;
}

} // namespace gossipper::compiler

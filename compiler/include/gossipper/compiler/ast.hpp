//===- ast.hpp - The scenario as written, typed and located ----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// One node per XML element the schema knows, each attribute already read as
// its schema type (numbers are numbers, templates are parsed) and located.
// Names (labels, variables, RTDs) are still names: lowering resolves them.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/compiler/scenario_schema.hpp"
#include "gossipper/compiler/source_buffer.hpp"
#include "gossipper/compiler/template_parser.hpp"
#include "gossipper/ir/diagnostic.hpp"

#include <optional>
#include <string>
#include <vector>

namespace gossipper::compiler {

struct AttrValue {
  const AttrSpec *spec = nullptr;
  std::string name;
  /// The value as SIPp reads it: XML-decoded, then SIPp's backslash escapes.
  std::string text;
  ir::SourceLoc loc;       ///< the attribute name
  ir::SourceLoc value_loc; ///< first character of the value

  bool boolean = false;              ///< Bool, Presence
  long long integer = 0;             ///< Integer
  double number = 0.0;               ///< Number
  std::vector<std::string> names;    ///< Variable, VariableList (one or more)
  std::vector<long long> integers;   ///< IntegerList
  std::optional<TemplateAst> parsed; ///< Template
};

struct Node {
  const ElementSpec *spec = nullptr;
  std::string name;
  ir::SourceLoc loc;
  std::vector<AttrValue> attrs;
  std::vector<Node> children;
  /// The cleaned, parsed CDATA of <send>, <sendCmd>, <DefaultMessage>.
  std::optional<TemplateAst> message;
  /// The cleaned CDATA text (before template parsing), which SIPp inspects
  /// for a literal Content-Length.
  std::string cleaned_message;

  [[nodiscard]] const AttrValue *attr(std::string_view n) const;
  [[nodiscard]] bool has(std::string_view n) const { return attr(n) != nullptr; }
};

struct ScenarioAst {
  Node root;
};

/// Reads the XML tree into nodes, checking every element and attribute name
/// against the schema. Keeps going after errors so one run reports them all.
[[nodiscard]] std::optional<ScenarioAst> build_ast(const struct XmlDocument &doc,
                                                   const SourceBuffer &src,
                                                   ir::DiagnosticEngine &diags);

/// The stable text form used by golden tests (`gossipper compile --emit-ast`).
[[nodiscard]] std::string print_ast(const ScenarioAst &ast);

/// SIPp's backslash escapes in attribute values: \\ \" \n \t \r.
[[nodiscard]] std::string sipp_unescape(std::string_view value);

} // namespace gossipper::compiler

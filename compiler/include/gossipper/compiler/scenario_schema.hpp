//===- scenario_schema.hpp - The SIPp scenario language as data -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Every element, attribute, action and keyword a scenario may use, with its
// type and provenance. The front end validates against these tables and the
// compatibility documentation is generated from them, so the two cannot drift.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/ir/scenario.hpp"

#include <optional>
#include <span>
#include <string_view>

namespace gossipper::compiler {

/// How an attribute's text is read.
enum class AttrType : uint8_t {
  Text,         ///< kept as written (after SIPp's backslash escapes)
  Template,     ///< parsed as a message template: keywords allowed
  Bool,         ///< true/false (any case) or an integer, as SIPp's get_bool
  Presence,     ///< the attribute's presence means true, whatever its value
  Integer,      ///< a whole number (milliseconds, counts)
  Number,       ///< a floating-point number
  Variable,     ///< one variable name
  VariableList, ///< comma-separated variable names
  Label,        ///< a <label id=...>
  Rtd,          ///< response-time name; "true" means "1", "false" means none
  Counter,      ///< custom counter name
  Regex,        ///< POSIX extended regular expression
  Choice,       ///< one of a fixed set of words
  IntegerList,  ///< comma-separated whole numbers
};

/// Where a piece of the language comes from.
enum class Origin : uint8_t {
  Sipp361,   ///< SIPp 3.6.1 (Debian's sip-tester)
  SippHead,  ///< SIPp after 3.6.1
  Gossipper, ///< our extension, beyond SIPp
};

struct AttrSpec {
  std::string_view name;
  AttrType type = AttrType::Text;
  bool required = false;
  std::span<const std::string_view> choices = {};
  Origin origin = Origin::Sipp361;
  std::string_view help = {};
};

enum class ElementContext : uint8_t {
  Root,     ///< <scenario>
  TopLevel, ///< children of <scenario>
  Init,     ///< children of <init>
  Actions,  ///< children of <action>
};

enum class Cdata : uint8_t { None, Required };

struct ElementSpec {
  std::string_view name;
  ElementContext context = ElementContext::TopLevel;
  std::span<const AttrSpec> attributes = {};
  /// Takes the attributes every command shares (rtd, next, counter, ...) and
  /// may hold an <action>.
  bool command = false;
  Cdata cdata = Cdata::None;
  Origin origin = Origin::Sipp361;
  std::string_view help = {};
};

/// The attributes every command (send, recv, pause, ...) accepts.
[[nodiscard]] std::span<const AttrSpec> common_attributes();
[[nodiscard]] std::span<const ElementSpec> all_elements();
[[nodiscard]] const ElementSpec *find_element(ElementContext where, std::string_view name);
/// The element's own attribute or, for commands, a common one.
[[nodiscard]] const AttrSpec *find_attribute(const ElementSpec &e, std::string_view name);

/// A keyword usable inside `[...]` in a message.
struct KeywordSpec {
  std::string_view name;
  /// Simple keywords resolve to an IR keyword; parameterised ones
  /// (field, file, fill, authentication, last_*, $var) have none.
  std::optional<ir::Keyword> simple;
  Origin origin = Origin::Sipp361;
  std::string_view help = {};
};

[[nodiscard]] std::span<const KeywordSpec> all_keywords();
[[nodiscard]] const KeywordSpec *find_simple_keyword(std::string_view name);

[[nodiscard]] std::string_view origin_name(Origin o);
[[nodiscard]] std::string_view attr_type_name(AttrType t);

} // namespace gossipper::compiler

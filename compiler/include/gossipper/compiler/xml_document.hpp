//===- xml_document.hpp - Expat to an element tree with offsets -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The first stage: well-formed XML to a plain element tree in which every
// element, attribute and CDATA section knows its byte offset in the file.
// Nothing here knows about SIPp. Hostile input (entity bombs, deep nesting,
// foreign encodings, binary garbage) stops here with a located error.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/compiler/source_buffer.hpp"
#include "gossipper/ir/diagnostic.hpp"

#include <optional>
#include <string>
#include <vector>

namespace gossipper::compiler {

struct XmlAttribute {
  std::string name;
  std::string value; ///< decoded: entities expanded, UTF-8
  size_t name_offset = 0;
  size_t value_offset = 0; ///< first byte inside the quotes
};

struct XmlText {
  /// CDATA: the raw bytes between `<![CDATA[` and `]]>` are
  /// [begin, end) of the source buffer. Plain text: `text` holds it decoded.
  bool cdata = false;
  size_t begin = 0;
  size_t end = 0;
  std::string text;
};

struct XmlElement {
  std::string name;
  size_t offset = 0; ///< the '<' of the start tag
  std::vector<XmlAttribute> attributes;
  std::vector<XmlElement> children;
  std::vector<XmlText> texts;

  [[nodiscard]] const XmlAttribute *attribute(std::string_view n) const;
};

struct XmlDocument {
  XmlElement root;
  /// Declared ISO-8859-1: CDATA bytes must be transcoded to UTF-8.
  bool latin1 = false;
};

/// Elements nested deeper than this are refused (SIPp scenarios use five).
inline constexpr unsigned kMaxXmlDepth = 64;

[[nodiscard]] std::optional<XmlDocument> parse_xml(const SourceBuffer &src,
                                                   ir::DiagnosticEngine &diags);

} // namespace gossipper::compiler

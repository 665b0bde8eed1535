//===- xml_document.cpp - Expat to an element tree with offsets -----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/compiler/xml_document.hpp"

#include <expat.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstring>

namespace gossipper::compiler {

const XmlAttribute *XmlElement::attribute(std::string_view n) const {
  for (const XmlAttribute &a : attributes) {
    if (a.name == n) {
      return &a;
    }
  }
  return nullptr;
}

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

/// The encoding named by the XML declaration, if any ("" when absent).
std::string declared_encoding(const std::string &bytes) {
  size_t start = bytes.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  if (bytes.compare(start, 5, "<?xml") != 0) {
    return {};
  }
  size_t end = bytes.find("?>", start);
  if (end == std::string::npos) {
    return {};
  }
  std::string decl = bytes.substr(start, end - start);
  size_t pos = decl.find("encoding");
  if (pos == std::string::npos) {
    return {};
  }
  pos = decl.find_first_of("\"'", pos);
  if (pos == std::string::npos) {
    return {};
  }
  size_t close = decl.find(decl[pos], pos + 1);
  if (close == std::string::npos) {
    return {};
  }
  return decl.substr(pos + 1, close - pos - 1);
}

/// Finds where each attribute name and value starts inside a raw start tag,
/// since Expat reports only the tag's position.
void locate_attributes(std::string_view tag, size_t tag_offset, std::vector<XmlAttribute> &attrs) {
  size_t i = 1; // skip '<'
  while (i < tag.size() && !is_space(tag[i]) && tag[i] != '>' && tag[i] != '/') {
    ++i;
  }
  while (i < tag.size()) {
    while (i < tag.size() && is_space(tag[i])) {
      ++i;
    }
    if (i >= tag.size() || tag[i] == '>' || tag[i] == '/') {
      break;
    }
    size_t name_start = i;
    while (i < tag.size() && !is_space(tag[i]) && tag[i] != '=') {
      ++i;
    }
    std::string_view name = tag.substr(name_start, i - name_start);
    while (i < tag.size() && (is_space(tag[i]) || tag[i] == '=')) {
      ++i;
    }
    if (i >= tag.size()) {
      break;
    }
    char quote = tag[i++];
    size_t value_start = i;
    while (i < tag.size() && tag[i] != quote) {
      ++i;
    }
    ++i;
    for (XmlAttribute &a : attrs) {
      if (a.name == name) {
        a.name_offset = tag_offset + name_start;
        a.value_offset = tag_offset + value_start;
      }
    }
  }
}

/// Offset of the first '&name;' in a raw start tag whose name is not one of
/// XML's predefined entities or a character reference; npos if none.
size_t unknown_entity(std::string_view tag) {
  for (size_t amp = tag.find('&'); amp != std::string_view::npos; amp = tag.find('&', amp + 1)) {
    size_t semi = tag.find(';', amp);
    if (semi == std::string_view::npos) {
      break;
    }
    std::string_view name = tag.substr(amp + 1, semi - amp - 1);
    if (name.empty() || name[0] == '#') {
      continue;
    }
    if (name != "amp" && name != "lt" && name != "gt" && name != "quot" && name != "apos") {
      return amp;
    }
  }
  return std::string_view::npos;
}

/// SIPp 3.6's own XML reader let `\"` stand for a quote inside a
/// double-quoted attribute value (SIPp's documentation writes regexps that
/// way). Expat would end the value there, so each such `\"` becomes `\&#34;`,
/// which reads back as `\"` and gets SIPp's backslash escapes later.
/// `inserted` receives, for each rewrite, the offset of its '&' in the result.
std::string rewrite_backslash_quotes(const std::string &in, std::vector<size_t> &inserted) {
  enum class St { Text, Tag, Value, SingleValue, Comment, Cdata, Other };
  St st = St::Text;
  std::string out;
  auto starts = [&in](size_t i, std::string_view w) { return in.compare(i, w.size(), w) == 0; };
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    switch (st) {
    case St::Text:
      if (c == '<') {
        if (starts(i, "<!--")) {
          st = St::Comment;
        } else if (starts(i, "<![CDATA[")) {
          st = St::Cdata;
        } else if (starts(i, "<!") || starts(i, "<?")) {
          st = St::Other;
        } else {
          st = St::Tag;
        }
      }
      break;
    case St::Tag:
      if (c == '"') {
        st = St::Value;
      } else if (c == '\'') {
        st = St::SingleValue;
      } else if (c == '>') {
        st = St::Text;
      }
      break;
    case St::Value:
      if (c == '\\' && i + 1 < in.size() && in[i + 1] == '\\') {
        out += "\\\\";
        ++i;
        continue;
      }
      if (c == '\\' && i + 1 < in.size() && in[i + 1] == '"') {
        out += '\\';
        inserted.push_back(out.size());
        out += "&#34;";
        ++i;
        continue;
      }
      if (c == '"') {
        st = St::Tag;
      }
      break;
    case St::SingleValue:
      if (c == '\'') {
        st = St::Tag;
      }
      break;
    case St::Comment:
      if (starts(i, "-->")) {
        out += "-->";
        i += 2;
        st = St::Text;
        continue;
      }
      break;
    case St::Cdata:
      if (starts(i, "]]>")) {
        out += "]]>";
        i += 2;
        st = St::Text;
        continue;
      }
      break;
    case St::Other:
      if (c == '>') {
        st = St::Text;
      }
      break;
    }
    out += c;
  }
  return out;
}

class TreeBuilder {
public:
  TreeBuilder(const SourceBuffer &src, ir::DiagnosticEngine &diags) : src_(src), diags_(diags) {}

  std::optional<XmlDocument> run() {
    const std::string &bytes = src_.bytes();
    if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
      diags_.error(src_.loc(0), "the scenario is UTF-16; scenario files must be UTF-8, "
                                "US-ASCII or ISO-8859-1");
      return std::nullopt;
    }
    std::string enc = lower(declared_encoding(bytes));
    if (enc == "iso-8859-1" || enc == "latin1" || enc == "iso8859-1") {
      doc_.latin1 = true;
    } else if (!enc.empty() && enc != "utf-8" && enc != "us-ascii" && enc != "ascii") {
      diags_.error(src_.loc(0), "unsupported encoding '" + declared_encoding(bytes) +
                                    "'; scenario files must be UTF-8, US-ASCII or ISO-8859-1");
      return std::nullopt;
    }

    if (bytes.find("\\\"") != std::string::npos) {
      rewritten_ = rewrite_backslash_quotes(bytes, inserted_);
    }
    buf_ = inserted_.empty() ? &bytes : &rewritten_;
    if (!inserted_.empty()) {
      diags_.warning(src_.loc(to_original(inserted_.front()) - 1),
                     "\\\" inside an attribute value is SIPp 3.6 syntax; newer SIPp refuses it: "
                     "write &quot;");
    }

    XML_Parser p = XML_ParserCreate(doc_.latin1 ? "ISO-8859-1" : nullptr);
    if (p == nullptr) {
      diags_.error({}, "out of memory creating the XML parser");
      return std::nullopt;
    }
    parser_ = p;
    XML_SetUserData(p, this);
    XML_SetElementHandler(p, &TreeBuilder::on_start, &TreeBuilder::on_end);
    XML_SetCharacterDataHandler(p, &TreeBuilder::on_text);
    XML_SetCdataSectionHandler(p, &TreeBuilder::on_cdata_start, &TreeBuilder::on_cdata_end);
    XML_SetEntityDeclHandler(p, &TreeBuilder::on_entity_decl);
    XML_SetSkippedEntityHandler(p, &TreeBuilder::on_skipped_entity);

    if (bytes.size() > static_cast<size_t>(INT_MAX)) {
      diags_.error({}, "the scenario is too large");
      XML_ParserFree(p);
      return std::nullopt;
    }
    XML_Status st = XML_Parse(p, buf_->data(), static_cast<int>(buf_->size()), XML_TRUE);
    if (st == XML_STATUS_ERROR && !stopped_) {
      report_expat_error();
    }
    XML_ParserFree(p);
    if (failed_) {
      return std::nullopt;
    }
    if (!have_root_) {
      diags_.error(src_.loc(0), "the file holds no XML element");
      return std::nullopt;
    }
    if (!inserted_.empty()) {
      map_offsets(doc_.root);
    }
    return std::move(doc_);
  }

private:
  /// Offsets while parsing are into the parsed buffer; these map them back.
  size_t offset() const { return static_cast<size_t>(XML_GetCurrentByteIndex(parser_)); }

  size_t to_original(size_t x) const {
    size_t before = 0;
    for (size_t amp : inserted_) {
      if (x < amp) {
        break;
      }
      if (x < amp + 5) {
        return amp - 4 * before; // inside "&#34;": the original quote
      }
      ++before;
    }
    return x - 4 * before;
  }

  void map_offsets(XmlElement &e) const {
    e.offset = to_original(e.offset);
    for (XmlAttribute &a : e.attributes) {
      a.name_offset = to_original(a.name_offset);
      a.value_offset = to_original(a.value_offset);
    }
    for (XmlText &t : e.texts) {
      t.begin = to_original(t.begin);
      t.end = to_original(t.end);
    }
    for (XmlElement &c : e.children) {
      map_offsets(c);
    }
  }

  void stop(size_t at, std::string message) {
    if (!stopped_) {
      diags_.error(src_.loc(to_original(at)), std::move(message));
      stopped_ = true;
      failed_ = true;
      XML_StopParser(parser_, XML_FALSE);
    }
  }

  void report_expat_error() {
    failed_ = true;
    XML_Error code = XML_GetErrorCode(parser_);
    size_t at = offset();
    std::string msg = std::string("not well-formed XML: ") + XML_ErrorString(code);
    const std::string &bytes = *buf_;
    if (code == XML_ERROR_UNCLOSED_CDATA_SECTION) {
      msg = "<![CDATA[ section is never closed with ]]>";
      at = last_cdata_start_;
    } else if (code == XML_ERROR_TAG_MISMATCH && !stack_.empty()) {
      msg += " (<" + stack_.back()->name + "> opened at line " +
             std::to_string(src_.loc(stack_.back()->offset).line) + " is still open)";
    } else if (code == XML_ERROR_NO_ELEMENTS && bytes.find('<') == std::string::npos) {
      msg = "not XML: the file holds no element";
    } else if (at < bytes.size() && (bytes[at] == '<' || bytes[at] == '&') &&
               code == XML_ERROR_INVALID_TOKEN) {
      msg += " (write '<' as &lt; and '&' as &amp;, also inside attribute values)";
    }
    diags_.error(src_.loc(to_original(at)), msg);
  }

  static void on_start(void *self_ptr, const XML_Char *name, const XML_Char **attrs) {
    auto *self = static_cast<TreeBuilder *>(self_ptr);
    size_t at = self->offset();
    if (self->stack_.size() >= kMaxXmlDepth) {
      self->stop(at, "elements are nested more than " + std::to_string(kMaxXmlDepth) +
                         " deep; a scenario needs five");
      return;
    }
    XmlElement *elem = nullptr;
    if (self->stack_.empty()) {
      self->have_root_ = true;
      elem = &self->doc_.root;
    } else {
      self->flush_text();
      self->stack_.back()->children.emplace_back();
      elem = &self->stack_.back()->children.back();
    }
    elem->name = name;
    elem->offset = at;
    for (const XML_Char **a = attrs; *a != nullptr; a += 2) {
      elem->attributes.push_back({a[0], a[1], at, at});
    }
    int count = XML_GetCurrentByteCount(self->parser_);
    if (count > 0 && at + static_cast<size_t>(count) <= self->buf_->size()) {
      std::string_view tag = std::string_view(*self->buf_).substr(at, static_cast<size_t>(count));
      locate_attributes(tag, at, elem->attributes);
      // With an external DTD Expat silently drops unknown entities from
      // attribute values; SIPp users mean something by them, so refuse.
      if (size_t bad = unknown_entity(tag); bad != std::string_view::npos) {
        size_t end = tag.find(';', bad);
        self->stop(at + bad, "unknown entity '" + std::string(tag.substr(bad, end - bad + 1)) +
                                 "'; only &amp; &lt; &gt; &quot; &apos; and character "
                                 "references are allowed");
        return;
      }
    }
    self->stack_.push_back(elem);
  }

  static void on_end(void *self_ptr, const XML_Char *) {
    auto *self = static_cast<TreeBuilder *>(self_ptr);
    self->flush_text();
    if (!self->stack_.empty()) {
      self->stack_.pop_back();
    }
  }

  static void on_text(void *self_ptr, const XML_Char *s, int len) {
    auto *self = static_cast<TreeBuilder *>(self_ptr);
    if (self->in_cdata_ || self->stack_.empty()) {
      return;
    }
    if (self->text_.empty()) {
      self->text_offset_ = self->offset();
    }
    self->text_.append(s, static_cast<size_t>(len));
  }

  void flush_text() {
    if (text_.empty() || stack_.empty()) {
      text_.clear();
      return;
    }
    bool blank = std::all_of(text_.begin(), text_.end(), is_space);
    if (!blank) {
      XmlText t;
      t.begin = text_offset_;
      t.end = text_offset_;
      t.text = std::move(text_);
      stack_.back()->texts.push_back(std::move(t));
    }
    text_.clear();
  }

  static void on_cdata_start(void *self_ptr) {
    auto *self = static_cast<TreeBuilder *>(self_ptr);
    self->flush_text();
    self->in_cdata_ = true;
    self->last_cdata_start_ = self->offset();
    self->cdata_begin_ = self->offset() + std::strlen("<![CDATA[");
  }

  static void on_cdata_end(void *self_ptr) {
    auto *self = static_cast<TreeBuilder *>(self_ptr);
    self->in_cdata_ = false;
    if (self->stack_.empty()) {
      return;
    }
    XmlText t;
    t.cdata = true;
    t.begin = self->cdata_begin_;
    t.end = std::max(self->offset(), self->cdata_begin_);
    self->stack_.back()->texts.push_back(std::move(t));
  }

  static void on_entity_decl(void *self_ptr, const XML_Char *name, int, const XML_Char *, int,
                             const XML_Char *, const XML_Char *, const XML_Char *,
                             const XML_Char *) {
    auto *self = static_cast<TreeBuilder *>(self_ptr);
    self->stop(self->offset(), std::string("entity declaration '") + name +
                                   "': scenarios may not declare entities (SIPp does not expand "
                                   "them, and they are how XML bombs are built)");
  }

  static void on_skipped_entity(void *self_ptr, const XML_Char *name, int) {
    auto *self = static_cast<TreeBuilder *>(self_ptr);
    self->stop(self->offset(), std::string("unknown entity '&") + name +
                                   ";'; only &amp; &lt; &gt; &quot; &apos; and character "
                                   "references are allowed");
  }

  const SourceBuffer &src_;
  ir::DiagnosticEngine &diags_;
  XML_Parser parser_ = nullptr;
  XmlDocument doc_;
  const std::string *buf_ = nullptr; ///< what Expat parses: the file, or rewritten_
  std::string rewritten_;
  std::vector<size_t> inserted_;
  std::vector<XmlElement *> stack_;
  bool have_root_ = false;
  bool in_cdata_ = false;
  bool stopped_ = false;
  bool failed_ = false;
  size_t cdata_begin_ = 0;
  size_t last_cdata_start_ = 0;
  std::string text_;
  size_t text_offset_ = 0;
};

} // namespace

std::optional<XmlDocument> parse_xml(const SourceBuffer &src, ir::DiagnosticEngine &diags) {
  return TreeBuilder(src, diags).run();
}

} // namespace gossipper::compiler

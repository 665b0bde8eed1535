//===- diagnostic_output.cpp - Diagnostics as text or JSON ----------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "diagnostic_output.hpp"

#include <boost/json.hpp>

namespace gossipper::tools {

void write_text(std::ostream &out, const ir::DiagnosticEngine &file_diags) {
  for (const ir::Diagnostic &d : file_diags.sorted()) {
    out << ir::format_diagnostic(d) << '\n';
  }
}

void write_json(std::ostream &out, const std::vector<ir::DiagnosticEngine> &files) {
  boost::json::array file_array;
  for (const ir::DiagnosticEngine &f : files) {
    boost::json::array diags;
    for (const ir::Diagnostic &d : f.sorted()) {
      boost::json::object o;
      o["severity"] = std::string(ir::severity_name(d.severity));
      o["file"] = d.file;
      o["line"] = d.loc.line;
      o["column"] = d.loc.column;
      o["message"] = d.message;
      diags.push_back(std::move(o));
    }
    boost::json::object fo;
    fo["file"] = f.file();
    fo["errors"] = f.error_count();
    fo["warnings"] = f.warning_count();
    fo["diagnostics"] = std::move(diags);
    file_array.push_back(std::move(fo));
  }
  boost::json::object root;
  root["version"] = 1;
  root["files"] = std::move(file_array);
  out << boost::json::serialize(root) << '\n';
}

} // namespace gossipper::tools

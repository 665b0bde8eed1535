//===- diagnostic.cpp - Located errors and warnings -----------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/ir/diagnostic.hpp"

#include <algorithm>

namespace gossipper::ir {

std::string_view severity_name(Severity s) {
  switch (s) {
  case Severity::Error:
    return "error";
  case Severity::Warning:
    return "warning";
  case Severity::Note:
    return "note";
  }
  return "error";
}

std::string format_diagnostic(const Diagnostic &d) {
  std::string out = d.file;
  if (d.loc.valid()) {
    out += ':' + std::to_string(d.loc.line) + ':' + std::to_string(d.loc.column);
  }
  out += ": ";
  out += severity_name(d.severity);
  out += ": ";
  out += d.message;
  return out;
}

void DiagnosticEngine::error(SourceLoc loc, std::string message) {
  report({Severity::Error, file_, loc, std::move(message)});
}

void DiagnosticEngine::warning(SourceLoc loc, std::string message) {
  report({Severity::Warning, file_, loc, std::move(message)});
}

void DiagnosticEngine::note(SourceLoc loc, std::string message) {
  report({Severity::Note, file_, loc, std::move(message)});
}

void DiagnosticEngine::report(Diagnostic d) {
  if (d.severity == Severity::Error) {
    ++errors_;
  } else if (d.severity == Severity::Warning) {
    ++warnings_;
  }
  if (diagnostics_.size() >= kMaxDiagnostics) {
    if (!truncated_) {
      truncated_ = true;
      diagnostics_.push_back({Severity::Note, file_, {},
                              "too many diagnostics; the rest of this file's are not shown"});
    }
    return;
  }
  if (d.file.empty()) {
    d.file = file_;
  }
  diagnostics_.push_back(std::move(d));
}

std::vector<Diagnostic> DiagnosticEngine::sorted() const {
  std::vector<Diagnostic> out = diagnostics_;
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic &a, const Diagnostic &b) {
    // Whole-file diagnostics (no location) first, then by position.
    if (a.loc.line != b.loc.line) {
      return a.loc.line < b.loc.line;
    }
    return a.loc.column < b.loc.column;
  });
  return out;
}

} // namespace gossipper::ir

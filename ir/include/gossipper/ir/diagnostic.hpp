//===- diagnostic.hpp - Located errors and warnings ------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Every stage reports problems here instead of throwing: a file's problems are
// all collected in one run and printed as `file:line:col: error: message`.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/ir/source_location.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gossipper::ir {

enum class Severity { Error, Warning, Note };

[[nodiscard]] std::string_view severity_name(Severity s);

struct Diagnostic {
  Severity severity = Severity::Error;
  std::string file;
  SourceLoc loc;
  std::string message;
};

/// `file:line:col: severity: message` (or `file: severity: message` without a
/// location), the format compilers use so editors and CI can jump to it.
[[nodiscard]] std::string format_diagnostic(const Diagnostic &d);

/// Collects the diagnostics of one compilation. Stages take it by reference.
class DiagnosticEngine {
public:
  explicit DiagnosticEngine(std::string file = {}) : file_(std::move(file)) {}

  void error(SourceLoc loc, std::string message);
  void warning(SourceLoc loc, std::string message);
  void note(SourceLoc loc, std::string message);
  void report(Diagnostic d);

  [[nodiscard]] bool has_errors() const { return errors_ != 0; }
  [[nodiscard]] size_t error_count() const { return errors_; }
  [[nodiscard]] size_t warning_count() const { return warnings_; }
  [[nodiscard]] const std::vector<Diagnostic> &diagnostics() const { return diagnostics_; }
  [[nodiscard]] const std::string &file() const { return file_; }

  /// Diagnostics sorted by position (stable for equal positions), so output
  /// reads top to bottom whatever the stage that found the problem.
  [[nodiscard]] std::vector<Diagnostic> sorted() const;

  /// A runaway input (binary garbage, say) must not print a million lines.
  static constexpr size_t kMaxDiagnostics = 200;

private:
  std::string file_;
  std::vector<Diagnostic> diagnostics_;
  size_t errors_ = 0;
  size_t warnings_ = 0;
  bool truncated_ = false;
};

} // namespace gossipper::ir

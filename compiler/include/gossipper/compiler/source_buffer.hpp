//===- source_buffer.hpp - A scenario file's bytes and lines ---*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/ir/diagnostic.hpp"
#include "gossipper/ir/source_location.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace gossipper::compiler {

/// The bytes of one scenario and where its lines start, so that any byte
/// offset (in the XML, inside a CDATA message, inside an attribute) becomes a
/// line and column.
class SourceBuffer {
public:
  SourceBuffer(std::string name, std::string bytes);

  /// Reads a file, refusing one larger than kMaxBytes before reading it.
  static std::optional<SourceBuffer> read_file(const std::string &path, ir::DiagnosticEngine &diags);

  [[nodiscard]] const std::string &name() const { return name_; }
  [[nodiscard]] const std::string &bytes() const { return bytes_; }
  [[nodiscard]] ir::SourceLoc loc(size_t offset) const;

  /// Real scenarios are kilobytes; a 5,000-command one is about 3 MB.
  static constexpr size_t kMaxBytes = size_t{16} << 20;

private:
  std::string name_;
  std::string bytes_;
  std::vector<size_t> line_starts_;
};

} // namespace gossipper::compiler

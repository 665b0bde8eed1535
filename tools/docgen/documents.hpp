//===- documents.hpp - The documents gossipper-docgen writes ---*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Each is generated from the tables the code itself uses, so it cannot
// drift from the code; a test compares each committed file with its output.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/expected.hpp"

#include <ostream>
#include <string>
#include <string_view>

namespace gossipper::docgen {

/// docs/compatibility.md: the scenario language and SIPp's options, each
/// with whether the front end checks it and the runtime runs it.
void write_compatibility(std::ostream &out);

/// docs/cli.md: the file at `path` with the part between its option-list
/// markers written again from `gossipper sipp`'s option table.
Expected<void> write_cli(const std::string &path, std::ostream &out);

/// gossipper(1): the manual page (roff), its options from the option
/// table; written by the build for the package, not committed.
void write_man_page(std::string_view version, std::ostream &out);

/// bash's completion of gossipper, from the option table and the built-in
/// scenarios; written by the build for the package, not committed.
void write_bash_completion(std::ostream &out);

} // namespace gossipper::docgen

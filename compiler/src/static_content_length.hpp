//===- static_content_length.hpp - [len] known before the call -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/ir/scenario.hpp"

#include <functional>
#include <optional>
#include <string>

namespace gossipper::compiler {

/// The text of a keyword fixed for the run, or null (the codegen's
/// run-constant table).
using ConstantText = std::function<const std::string *(const ir::Segment &)>;

/// The five characters the runtime's fill_len would write for the one [len]
/// of `t` when its body is known before any call: every segment after the
/// blank line is literal text or a run constant, and nothing before it can
/// move or remove that blank line. nullopt otherwise (the runtime measures).
std::optional<std::string> static_content_length(const ir::Template &t,
                                                 const ConstantText &constant);

} // namespace gossipper::compiler

//===- default_messages.hpp - The messages SIPp sends on its own -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/compiler/template_parser.hpp"

#include <string>
#include <utility>
#include <vector>

namespace gossipper::compiler {

/// SIPp 3.6.1's ack, bye, cancel, 200 and 3pcc_abort templates, parsed.
[[nodiscard]] std::vector<std::pair<std::string, TemplateAst>> builtin_default_messages();

} // namespace gossipper::compiler

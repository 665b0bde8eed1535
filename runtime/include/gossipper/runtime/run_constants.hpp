//===- run_constants.hpp - Keywords fixed for a whole run ------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Many keywords render the same text for every call of a run: [service],
// [local_ip], [remote_port+1], [transport]... The call engine renders them
// from here, and so can the code generator, which then copies them with the
// literal text around them instead of asking the runtime per message.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/ir/scenario.hpp"
#include "gossipper/ir/template_numbering.hpp"
#include "gossipper/runtime/run_config.hpp"

#include <map>
#include <optional>
#include <string>
#include <utility>

namespace gossipper::runtime {

/// The text of keyword `kw` with offset `offset` if it is the same for every
/// call of a run with `cfg`; nullopt for keywords that depend on the call.
std::optional<std::string> run_constant_text(const RunConfig &cfg, ir::Keyword kw, int32_t offset);

/// Every run-constant keyword (with its offset) the templates use, but
/// [pid] and [remote_port], which change from one start to the next: what
/// code compiled for a run and kept in the compile cache may bake in.
std::map<std::pair<uint32_t, int32_t>, std::string> run_constants_of(const RunConfig &cfg,
                                                                     const ir::TemplateTable &templates);

/// An address as messages write it: IPv6 in brackets.
std::string ip_for_message(const std::string &ip);

} // namespace gossipper::runtime

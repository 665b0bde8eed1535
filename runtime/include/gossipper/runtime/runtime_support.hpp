//===- runtime_support.hpp - What the runtime can run today ----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The front end reads the whole SIPp language; the runtime runs most of it.
// A scenario using something it cannot run yet is refused before any traffic,
// with the place it is used, rather than having that part silently skipped.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/ir/diagnostic.hpp"
#include "gossipper/ir/scenario.hpp"

namespace gossipper::runtime {

/// What the command line gives that some scenario features need.
struct RunFeatures {
  bool tdm_map = false; ///< -tdmmap, which [tdmmap] needs
  bool media = true;    ///< media actions run (not in an out-of-call scenario)
};

/// Reports every unsupported use as an error; true when there is none.
bool check_runtime_support(const ir::Scenario &s, ir::DiagnosticEngine &diags,
                           RunFeatures features = {});

/// Whether the runtime runs an element, action ("exec" variants as
/// "exec play_pcap_audio"), attribute or keyword of the given name; the
/// compatibility table is generated from this.
enum class LanguageItem { Element, Action, Keyword };
[[nodiscard]] bool runtime_runs(LanguageItem kind, std::string_view name);

} // namespace gossipper::runtime

//===- call_id_builder.hpp - The Call-ID of a client call ------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/runtime/run_config.hpp"

#include <cstdint>
#include <string>

namespace gossipper::runtime {

/// The Call-ID SIPp gives client call `number`: -cid_str's format
/// (%u number, %p pid, %s local IP, %r a random number) or one of the
/// -cid_type modes (UUIDs, random hex, a time stamp).
[[nodiscard]] std::string make_call_id(const RunConfig &cfg, uint32_t number);

} // namespace gossipper::runtime

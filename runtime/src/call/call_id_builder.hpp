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
/// In a sharded run, a -cid_str without %u has the shard's index and a dot
/// before it, so that no two shards make the same Call-ID.
[[nodiscard]] std::string make_call_id(const RunConfig &cfg, uint32_t number);
/// The same, written over `out` (its buffer reused: the generator's path).
void make_call_id(const RunConfig &cfg, uint32_t number, std::string &out);

/// Whether -cid_str's format prints the call's number (has a %u).
[[nodiscard]] bool numbers_calls(const std::string &cid_str);

} // namespace gossipper::runtime

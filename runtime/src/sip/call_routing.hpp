//===- call_routing.hpp - Which shard owns a message ------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A call lives on one shard for its whole life; a datagram read by shard 0
// goes to the shard its Call-ID hashes to.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <string_view>

namespace gossipper::runtime {

/// The Call-ID a call goes by: with SIPp's "///" rule (unless
/// -callid_slash_ign), what follows the first "///".
[[nodiscard]] std::string_view sipp_call_id(std::string_view call_id, bool callid_slash_ign);

/// Finds the Call-ID in a raw message without parsing the rest ("" if none),
/// applying SIPp's "///" prefix rule, to route it to its shard.
[[nodiscard]] std::string_view route_call_id(std::string_view raw, bool callid_slash_ign);
[[nodiscard]] uint32_t shard_of(std::string_view call_id, uint32_t shards);

} // namespace gossipper::runtime

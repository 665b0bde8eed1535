//===- open_file_limit.hpp - Room for the run's sockets --------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>

namespace gossipper::runtime {

/// Descriptors a run keeps for itself besides its SIP sockets: traces,
/// control and twin sockets, the event loops' own.
inline constexpr uint64_t kReservedFiles = 64;

/// Raises the process's open-file limit to its hard limit (a multi-socket
/// run opens a descriptor per call) and returns the limit now in force
/// (UINT64_MAX when there is none).
[[nodiscard]] uint64_t raise_open_file_limit();

} // namespace gossipper::runtime

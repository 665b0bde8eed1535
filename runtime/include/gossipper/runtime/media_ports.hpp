//===- media_ports.hpp - The media ports a run binds first -----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/runtime/run_config.hpp"
#include "gossipper/stdlib/expected.hpp"

namespace gossipper::runtime {

/// -rtp_echo's two sockets: audio at [media_port], video at [media_port]+2.
struct EchoSockets {
  int audio = -1;
  int video = -1;
};

/// Binds -rtp_echo's sockets on -mi as SIPp does: from -min_rtp_port, even
/// ports only, up to 100 tries below -max_rtp_port; cfg.media_port becomes
/// the port found, before anything renders [media_port]. SIPp's message and
/// exit code when no port is free.
Expected<EchoSockets> bind_echo_sockets(RunConfig &cfg);

} // namespace gossipper::runtime

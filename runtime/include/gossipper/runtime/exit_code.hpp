//===- exit_code.hpp - SIPp's exit codes -----------------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Scripts test them, so a run ends with SIPp's codes (docs/sipp-behaviour.md,
// "Exit codes"), and 2 when a health gate of ours is broken.
//
//===----------------------------------------------------------------------===//
#pragma once

namespace gossipper::runtime {

enum ExitCode : int {
  kExitOk = 0,
  kExitFailedCalls = 1,
  kExitUnhealthy = 2, ///< a -health_* gate was broken
  kExitInternal = 97, ///< stop_now, or -timeout with no successful call
  kExitInfo = 99,
  kExitRtpcheck = 253, ///< an rtp_stream's echo was not what it sent (rtpcheck)
  kExitBind = 254,
  kExitFatal = 255,
};

} // namespace gossipper::runtime

//===- scenario_writer.hpp - A captured call as a UAC or UAS scenario -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Writes the SIPp XML scenario one side of a captured call plays: what that
// side sent becomes <send> (message_template), what it received <recv>
// (provisional responses optional, challenges kept for [authentication],
// route sets recorded where a later request uses [routes]), the capture's
// waits before a send of 200 ms or more become <pause>, and the media the
// side sent becomes play_pcap_audio of a file written beside it.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "capture/call_grouping.hpp"

#include <string>

namespace gossipper::runtime::capture {

enum class CallSide : uint8_t { caller, callee };

struct ScenarioInput {
  const CapturedCall *call = nullptr;
  CallSide side = CallSide::caller;
  std::string name;       ///< the scenario's name= attribute
  std::string source;     ///< the capture's file name, for the comment at the top
  std::string media_file; ///< "" or the pcap of this side's RTP to play after the ACK
};

/// The scenario's XML text.
[[nodiscard]] std::string write_scenario(const ScenarioInput &input);

} // namespace gossipper::runtime::capture

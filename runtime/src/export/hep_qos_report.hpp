//===- hep_qos_report.hpp - A stream's QoS report for Homer ----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The payload of HEP type 34 (Homer's "RTP agent" QoS report) sent when a
// media stream ends: a JSON object with the field names of Homer's RTP
// agents (captagent's rtpagent, hepgen.js) where one exists, and ours
// beside them (docs/observability.md lists each). Pure, so that it is tested
// field by field.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "trace/message_observer.hpp"

#include <string>

namespace gossipper::runtime {

/// Appends the report of the stream `e` as one JSON object to `out`.
void append_qos_report(const StreamEndEvent &e, std::string &out);

} // namespace gossipper::runtime

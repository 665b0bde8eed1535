//===- route_set.hpp - Record-Route and the remote target ------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// <recv rrs="true">: SIPp keeps the Record-Route of the message as the
// call's route set ([routes]) and its Contact as the remote target
// ([next_url]), reversed for a response, with a strict router's URI moved
// last (docs/sipp-behaviour.md, "Record-Route and the route set").
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/expected.hpp"

#include <string>
#include <string_view>

namespace gossipper::runtime {

struct RouteSet {
  std::string routes;     ///< [routes] without "Route: ", "" when none
  std::string remote_uri; ///< [next_url]
};

/// The route set of a received message; an error when it has no Contact.
[[nodiscard]] Expected<RouteSet> record_route(std::string_view message, bool is_request);

} // namespace gossipper::runtime

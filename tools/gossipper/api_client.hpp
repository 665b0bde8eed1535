//===- api_client.hpp - A request to a run's HTTP API -----------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// One synchronous HTTP/1.1 request, bounded in time, to the API of a
// `gossipper sipp` run or a `gossipper server` (docs/api.md): what the
// server asks its runs, and what `gossipper cli` asks the run it drives.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <boost/beast/http/verb.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace gossipper::tools {

/// Where an API listens, and the token it wants (empty: none).
struct ApiEndpoint {
  std::string host = "127.0.0.1";
  uint16_t port = 0;
  std::string token;
};

struct ApiAnswer {
  unsigned status = 0; ///< 0: no answer (not listening, gone, timed out)
  std::string body, content_type, disposition, allow;
  std::string error; ///< why there was no answer
};

/// `method target` with `body`; the answer, or status 0 and why not.
ApiAnswer api_request(const ApiEndpoint &to, boost::beast::http::verb method,
                      const std::string &target, const std::string &body = {},
                      const std::string &content_type = "application/json",
                      std::chrono::seconds timeout = std::chrono::seconds(2));

} // namespace gossipper::tools

//===- server_profile.hpp - gossipper server's JSON profile -----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// What `gossipper server -config profile.json` runs (docs/server.md): a UAS
// (one listener or several) and zero or more UAC clients, each a
// `gossipper sipp` command line made from the profile's keys, which are the
// Go Gossipper's where it has them. A flat profile is one participant's
// keys; a composite one has "server" and "clients". Every key is checked:
// an unknown one, a wrong type or a missing remote_addr is an error named
// by its JSON path, and a JSON syntax error by its line and column.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/expected.hpp"

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gossipper::tools {

/// One `gossipper sipp` of the server: a listener or a client.
struct Participant {
  enum class Role : uint8_t { Listener, Client };
  std::string id;
  Role role = Role::Client;
  std::string scenario_name;              ///< a built-in (-sn)
  std::string scenario_file;              ///< or a file (-sf)
  std::string transport;                  ///< SIPp's -t value
  std::string local_ip;                   ///< -i
  std::optional<uint32_t> local_port;     ///< -p
  std::string remote_addr;                ///< clients: HOST:PORT
  std::optional<double> rate;             ///< -r
  std::optional<uint64_t> max_concurrent; ///< -l
  std::optional<uint64_t> total_calls;    ///< -m (0: no limit)
  std::vector<std::string> extra_args;    ///< more options of gossipper sipp

  /// The arguments after `gossipper sipp`: defaults, then the profile's
  /// keys, then extra_args, then `command_line` (the later wins).
  [[nodiscard]] std::vector<std::string>
  sipp_arguments(const std::vector<std::string> &command_line) const;
  bool operator==(const Participant &) const = default;
};

struct ServerProfile {
  std::string api_addr = "127.0.0.1:8090";
  std::string api_token;
  std::string api_tls_cert, api_tls_key;
  bool api_allow_exec = false;           ///< scenarios applied through the API may <exec>
  std::vector<Participant> participants; ///< listeners first
};

/// The profile in `text` (read from `file`, for the messages).
Expected<ServerProfile> read_profile(std::string_view text, std::string_view file);
/// One client as POST /api/v1/clients gives it (the profile's clients[]
/// entry); `path` prefixes the messages' JSON paths.
Expected<Participant> read_client(const boost::json::value &v, const std::string &path);

} // namespace gossipper::tools

//===- twin_links.hpp - A shard's 3PCC connections -------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// -3pcc: the twin connection, made at start by the side whose scenario
// sends the first command and listened for by the other. Extended 3PCC
// (-master/-slave with -slave_cfg): each instance listens on its address
// from the peers file and sends on a connection of its own to each peer its
// <sendCmd dest=...> names (docs/sipp-behaviour.md, "3PCC"). A run with 3PCC
// runs on one shard, which owns these connections.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/ir/scenario.hpp"
#include "gossipper/runtime/run_config.hpp"
#include "gossipper/stdlib/expected.hpp"
#include "threepcc/twin_connection.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace gossipper::runtime {

/// The line of the peers file named `name` (the last such line, as SIPp's
/// map keeps it), or null.
[[nodiscard]] const CommandPeerAddress *find_command_peer(const RunConfig &cfg,
                                                          std::string_view name);

class TwinLinks {
public:
  /// How a closed link ends the run: at once (the listening side, any
  /// extended instance), or once the open calls have ended.
  enum class Quit : uint8_t { Now, WhenCallsEnd };
  struct Events {
    std::function<void(std::string_view command)> command;
    std::function<void(Quit)> closed;
    std::function<void(const std::string &)> warn;
  };

  TwinLinks(boost::asio::io_context &io, const RunConfig &cfg, const ir::Scenario &scenario,
            Events events);

  /// -3pcc, the side that sends first: connects to the twin now.
  Expected<void> connect_twin(const boost::asio::ip::tcp::endpoint &peer);
  /// -3pcc, the side that receives first, and every extended instance:
  /// listens for its twin or peers.
  Expected<void> listen(const boost::asio::ip::tcp::endpoint &local);
  /// Extended 3PCC: connects to every peer the scenario sends to, as SIPp
  /// does at start (master) or when its first peer connects (slave).
  Expected<void> connect_peers();
  /// Sends a command to the twin (`dest` empty) or to the named peer; false
  /// when there is no such open connection.
  bool send(std::string_view dest, std::string_view command);
  /// Closes them all: our sending side first (a SIPp peer that sees its
  /// sending connection close before its receiving one crashes).
  void close();

private:
  void do_accept();
  std::shared_ptr<TwinConnection> start(boost::asio::ip::tcp::socket s, Quit quit);

  boost::asio::io_context &io_;
  const RunConfig &cfg_;
  const ir::Scenario &scenario_;
  Events events_;
  std::unique_ptr<boost::asio::ip::tcp::acceptor> acceptor_;
  std::shared_ptr<TwinConnection> twin_; ///< -3pcc
  std::map<std::string, std::shared_ptr<TwinConnection>, std::less<>>
      peers_out_; ///< extended: by name
  std::vector<std::shared_ptr<TwinConnection>> peers_in_;
  bool peers_connected_ = false;
};

} // namespace gossipper::runtime

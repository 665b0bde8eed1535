// A transport without sockets for call-engine tests: it records the bytes
// each send would put on the wire.
#pragma once

#include "transport/transport.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gossipper::test {

class ScriptedTransport : public runtime::Transport {
public:
  bool send(runtime::Call &, std::string_view bytes) override {
    sent.emplace_back(bytes);
    return true;
  }
  void release(runtime::Call &) override {}
  [[nodiscard]] uint16_t local_port(runtime::Call &) override { return 5061; }
  [[nodiscard]] std::optional<uint16_t> run_local_port() const override { return one_port; }
  void close_connection(runtime::Call &) override { ++closed; }
  Expected<void> set_destination(runtime::Call &call, const boost::asio::ip::udp::endpoint &peer,
                                 bool tcp) override {
    if (tcp) {
      return Error{"Can not switch protocols during setdest."};
    }
    call.peer = peer;
    destinations.push_back(peer.address().to_string() + ":" + std::to_string(peer.port()));
    return {};
  }
  std::vector<std::string> sent;
  std::vector<std::string> destinations;
  int closed = 0;
  /// Set: the run has one socket, whose port [local_port] is copied.
  std::optional<uint16_t> one_port;
};

} // namespace gossipper::test

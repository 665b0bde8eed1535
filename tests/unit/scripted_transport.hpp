// A transport without sockets for call-engine tests: it records the bytes
// each send would put on the wire.
#pragma once

#include "gossipper/runtime/call_engine.hpp"

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
  std::vector<std::string> sent;
};

} // namespace gossipper::test

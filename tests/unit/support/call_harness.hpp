// A shard's call engine without sockets, for unit tests: a built-in or given
// scenario run by the interpreter, a scripted transport recording what each
// send would put on the wire, and a clock the test moves.
#pragma once

#include "call/call_engine.hpp"
#include "call/call_id_builder.hpp"
#include "gossipper/ir/template_numbering.hpp"
#include "gossipper/runtime/interpreter.hpp"
#include "scripted_transport.hpp"
#include "test_support.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

#include <atomic>
#include <memory>
#include <string>

namespace gossipper::test {

/// A run on loopback: us at 127.0.0.1, the peer at 127.0.0.1:5060, pid 4242
/// (as the built-ins' expected messages are written).
inline runtime::RunConfig loopback_config() {
  runtime::RunConfig cfg;
  cfg.local_ip = "127.0.0.1";
  cfg.remote_ip = "127.0.0.1";
  cfg.remote_host = "127.0.0.1";
  cfg.remote_port = 5060;
  cfg.media_ip = "127.0.0.1";
  cfg.pid = 4242;
  return cfg;
}

/// A loopback UDP port free a moment ago: SIPp's 5060..5119 search would
/// meet the SIPp peers of tests running beside this one.
inline uint16_t free_udp_port() {
  boost::asio::io_context io;
  boost::asio::ip::udp::socket socket(
      io, boost::asio::ip::udp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  return socket.local_endpoint().port();
}

/// A whole run of built-in `name` on two shards, bound to `port`, without
/// a keyboard; one stuck ends (and fails) after a minute rather than hangs.
inline runtime::RunConfig two_shard_config(const char *name, uint16_t port) {
  runtime::RunConfig cfg = loopback_config();
  cfg.scenario_name = name;
  cfg.local_port = port;
  cfg.bind_local = true;
  cfg.threads = 2;
  cfg.no_stdin = true;
  cfg.global_timeout_ms = 60000;
  return cfg;
}

/// A scenario ready to run: compiled, its templates numbered, and the
/// interpreter's program for them. Not copied: the program refers to the
/// scenario and its templates.
struct InterpretedScenario {
  /// The built-in scenario `builtin`, or the scenario text `xml` when given
  /// (compiled with `opts`).
  explicit InterpretedScenario(const char *builtin, const std::string &xml = {},
                               const compiler::FrontendOptions &opts = {})
      : scenario(compiled_scenario(xml.empty() ? builtin_xml(builtin) : xml, opts)),
        table(ir::number_templates(scenario)), interp(scenario, table) {}
  InterpretedScenario(const InterpretedScenario &) = delete;
  InterpretedScenario &operator=(const InterpretedScenario &) = delete;

  ir::Scenario scenario;
  ir::TemplateTable table;
  runtime::Interpreter interp;
};

class CallHarness {
public:
  /// `builtin`, `xml` and `opts` as InterpretedScenario takes them; a
  /// server's run when `server`.
  explicit CallHarness(const char *builtin, bool server = false, runtime::RunHooks hooks = {},
                       const std::string &xml = {}, const compiler::FrontendOptions &opts = {})
      : loaded(builtin, xml, opts), cfg(loopback_config()) {
    const ir::Scenario &scenario = loaded.scenario;
    cfg.server_mode = server;
    ctx.config = &cfg;
    ctx.scenario = &scenario;
    ctx.templates = &loaded.table;
    ctx.program = loaded.interp.program();
    ctx.next_number = &number;
    ctx.find_default_messages(loaded.table);
    stats = std::make_unique<runtime::Stats>(scenario);
    engine = std::make_unique<runtime::CallEngine>(ctx, 0, transport, *stats, std::move(hooks));
    engine->set_now(1000);
  }

  /// Starts client call `n` with SIPp's Call-ID.
  void start_call(uint32_t n) { engine->start_outgoing_call(n, runtime::make_call_id(cfg, n)); }
  void receive(const std::string &text) {
    engine->on_message(
        text, boost::asio::ip::udp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 5060),
        nullptr);
  }
  void advance(uint64_t ms) {
    engine->set_now(engine->now() + ms);
    engine->on_tick();
  }
  [[nodiscard]] uint64_t count(runtime::Counter c) const { return (*stats)[c].get(); }

  InterpretedScenario loaded;
  runtime::RunConfig cfg;
  runtime::ScenarioContext ctx;
  std::atomic<uint32_t> number{1};
  ScriptedTransport transport;
  std::unique_ptr<runtime::Stats> stats;
  std::unique_ptr<runtime::CallEngine> engine;
};

/// A response of the built-in uac's first call.
inline std::string uac_response(int code, const std::string &reason, const std::string &cseq,
                                const std::string &to_tag = "") {
  return "SIP/2.0 " + std::to_string(code) + " " + reason +
         "\r\nVia: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-4242-1-0\r\n"
         "From: sipp <sip:sipp@127.0.0.1:5061>;tag=4242SIPpTag001\r\n"
         "To: service <sip:service@127.0.0.1:5060>" +
         (to_tag.empty() ? "" : ";tag=" + to_tag) +
         "\r\nCall-ID: 1-4242@127.0.0.1\r\nCSeq: " + cseq + "\r\nContent-Length: 0\r\n\r\n";
}

} // namespace gossipper::test

// A client call of a small scenario whose last message shows, among its
// headers, what the call rendered: the actions' variables ([$var]) or
// keywords. For the tests of actions and keywords.
#pragma once

#include "call_harness.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace gossipper::test {

/// The message every probe scenario ends with: the lines `shown` (each
/// "  Name: value") among its headers.
inline std::string probe_send(const std::string &shown) {
  return "<send><![CDATA[\n  MESSAGE sip:[service]@[remote_ip]:[remote_port] SIP/2.0\n"
         "  Call-ID: [call_id]\n  CSeq: [cseq] MESSAGE\n" +
         (shown.empty() ? "" : shown + "\n") + "  Content-Length: 0\n]]></send>\n";
}

/// A <nop> running `actions`, then the probe message.
inline std::string after_nop(const std::string &actions, const std::string &shown) {
  return scenario("<nop><action>" + actions + "</action></nop>\n" + probe_send(shown));
}

/// An OPTIONS, the peer's 200 (received with `recv_attributes`) running
/// `actions`, then the probe message.
inline std::string after_answer(const std::string &actions, const std::string &shown,
                                const std::string &recv_attributes = "") {
  std::string recv = "<recv response=\"200\"" + recv_attributes +
                     (actions.empty() ? "/>" : "><action>" + actions + "</action></recv>");
  return scenario(R"(<send><![CDATA[
  OPTIONS sip:[service]@[remote_ip]:[remote_port] SIP/2.0
  Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
  Call-ID: [call_id]
  CSeq: [cseq] OPTIONS
  Content-Length: 0
]]></send>
)" + recv + "\n" + probe_send(shown));
}

/// A call of one of the scenarios above, with the warnings it gave.
class ProbeCall {
public:
  explicit ProbeCall(const std::string &xml, runtime::RunHooks run_hooks = {},
                     const compiler::FrontendOptions &opts = {})
      : h("", false, with_warnings(std::move(run_hooks)), xml, opts) {}

  /// Starts call 1 (of user `user_id`); answers its OPTIONS, when it sent
  /// one, with `headers` and `body` (and a To with the tag "peer1"). The
  /// last message sent.
  const std::string &run(const std::string &headers = "", const std::string &body = "",
                         uint32_t user_id = 0) {
    h.engine->start_outgoing_call(1, runtime::make_call_id(h.cfg, 1), user_id);
    if (h.transport.sent.size() == 1 && h.transport.sent[0].starts_with("OPTIONS")) {
      h.receive("SIP/2.0 200 OK\r\nTo: service <sip:service@127.0.0.1:5060>;tag=peer1\r\n"
                "Call-ID: 1-4242@127.0.0.1\r\nCSeq: 1 OPTIONS\r\n" +
                headers + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
    }
    EXPECT_FALSE(h.transport.sent.empty());
    return last();
  }
  [[nodiscard]] const std::string &last() const {
    static const std::string none;
    return h.transport.sent.empty() ? none : h.transport.sent.back();
  }
  /// The last message sent holds the header line `line`.
  [[nodiscard]] bool sent_line(const std::string &line) const {
    return last().find("\r\n" + line + "\r\n") != std::string::npos;
  }

  std::vector<std::string> warnings;
  CallHarness h;

private:
  runtime::RunHooks with_warnings(runtime::RunHooks k) {
    k.warning = [this](const std::string &w) { warnings.push_back(w); };
    return k;
  }
};

} // namespace gossipper::test

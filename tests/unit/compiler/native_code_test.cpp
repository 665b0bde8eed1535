//===- native_code_test.cpp - JIT against the interpreter -----------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Differential tests: the JIT-compiled program must do exactly what the
// interpreter (the reference) does. First through a services table that
// records every call either program makes, for every template and every
// state's actions of every built-in and test scenario; then through the call
// engine with a scripted peer, comparing the bytes sent.
//
//===----------------------------------------------------------------------===//
#include "call/call_engine.hpp"
#include "call/call_id_builder.hpp"
#include "gossipper/compiler/native_code.hpp"
#include "gossipper/ir/reachability.hpp"
#include "gossipper/ir/template_numbering.hpp"
#include "gossipper/runtime/interpreter.hpp"
#include "gossipper/runtime/run_constants.hpp"
#include "gossipper/runtime/scenario_object.hpp"
#include "gossipper/scenarios/builtin_scenarios.hpp"
#include "gossipper/stdlib/content_digest.hpp"
#include "scripted_transport.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace gossipper {
namespace {

//===----------------------------------------------------------------------===//
// Recording services
//===----------------------------------------------------------------------===//

std::string g_log;
uint32_t g_fail_at = UINT32_MAX; ///< the action service fails on this call
uint32_t g_actions = 0;

void text(const char *p, size_t n) { g_log.append(p, n).push_back('|'); }
void num(int64_t v) { g_log += std::to_string(v) + "|"; }

gsp_services recording_services() {
  gsp_services s{};
  s.abi_version = GSP_ABI_VERSION;
  s.literal = [](gsp_buf *, const char *d, size_t n) {
    g_log += "L:";
    text(d, n);
  };
  s.keyword = [](gsp_call *, gsp_buf *, uint32_t k, int32_t o, const char *d, size_t n) {
    g_log += "K:";
    num(k);
    num(o);
    text(d, n);
  };
  s.last_header = [](gsp_call *, gsp_buf *, const char *d, size_t n, uint32_t) {
    g_log += "H:";
    text(d, n);
  };
  s.variable = [](gsp_call *, gsp_buf *, uint32_t v, int32_t o) {
    g_log += "V:";
    num(v);
    num(o);
  };
  s.field = [](gsp_call *, gsp_buf *, uint32_t f, const char *d, size_t n, uint32_t line) {
    g_log += "F:";
    num(f);
    text(d, n);
    num(line);
  };
  s.file = [](gsp_call *, gsp_buf *, uint32_t t) {
    g_log += "FILE:";
    num(t);
  };
  s.fill = [](gsp_call *, gsp_buf *, uint32_t v, const char *d, size_t n) {
    g_log += "FILL:";
    num(v);
    text(d, n);
  };
  s.authentication = [](gsp_call *, gsp_buf *, const uint32_t ids[5]) {
    g_log += "AUTH:";
    for (int i = 0; i < 5; ++i) {
      num(ids[i]);
    }
  };
  s.custom_key = [](gsp_call *, gsp_buf *, const char *d, size_t n) {
    g_log += "KEY:";
    text(d, n);
  };
  s.text = [](gsp_buf *, const char *d, size_t n) {
    g_log += "T:";
    text(d, n);
  };
  s.action = [](gsp_call *, uint32_t state, uint32_t action) -> int {
    g_log += "A:";
    num(state);
    num(action);
    return g_actions++ == g_fail_at ? GSP_TEST_DOESNT_MATCH : GSP_OK;
  };
  return s;
}

std::string render_log(const gsp_program *p, uint32_t id) {
  gsp_services svc = recording_services();
  g_log.clear();
  gsp_buf out; // no room: every byte goes through the services
  p->render(p->self, &svc, nullptr, &out, id);
  return g_log;
}

std::string actions_log(const gsp_program *p, uint32_t state, uint32_t fail_at) {
  gsp_services svc = recording_services();
  g_log.clear();
  g_actions = 0;
  g_fail_at = fail_at;
  int r = p->run_actions(p->self, &svc, nullptr, state);
  return g_log + "=" + std::to_string(r);
}

/// Every scenario the project has: the built-ins and the test scenarios.
std::vector<std::pair<std::string, std::string>> all_scenarios() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto &b : scenarios::builtin_scenarios()) {
    out.emplace_back(std::string(b.name), std::string(b.xml));
  }
  for (const char *dir : {"tests/interop/scenarios", "tests/sipp_docs"}) {
    for (const auto &e :
         std::filesystem::directory_iterator(std::string(GOSSIPPER_SOURCE_DIR) + "/" + dir)) {
      if (e.path().extension() == ".xml") {
        std::ifstream f(e.path());
        std::stringstream ss;
        ss << f.rdbuf();
        out.emplace_back(e.path().filename().string(), ss.str());
      }
    }
  }
  return out;
}

TEST(NativeCode, JitAndObjectCallTheSameServicesAsTheInterpreter) {
  size_t compared = 0;
  for (const auto &[name, xml] : all_scenarios()) {
    auto c = test::compile(xml);
    if (!c.ok) {
      continue; // needs an -inf or other context; the front end tests cover it
    }
    const ir::Scenario &s = c.scenario();
    ir::TemplateTable table = ir::number_templates(s);
    runtime::Interpreter interp(s, table);
    auto jit = compiler::JitProgram::compile(s, table);
    ASSERT_TRUE(jit) << name << ": " << jit.error().message;
    // The same code, precompiled into a shared object and loaded back.
    // A path per scenario: dlopen would hand back a library still loaded.
    std::string path = test::temp_path("native_code_test") + ".gso";
    Expected<void> written = compiler::write_scenario_object(s, table, {xml, name, "test"}, path);
    ASSERT_TRUE(written) << name << ": " << written.error().message;
    auto opened = runtime::ScenarioObject::open(path);
    ASSERT_TRUE(opened) << name << ": " << opened.error().message;
    std::unique_ptr<runtime::ScenarioObject> object = *std::move(opened);
    EXPECT_EQ(object->source(), xml);
    EXPECT_EQ(object->get("source_hash"), stdlib::content_digest(xml));
    // Native code has nothing for a state no call reaches: it answers as for
    // an id one past the last.
    std::vector<bool> live = ir::reachable_states(s);
    auto dead = [&](ir::StateIndex st) {
      return st >= 0 && static_cast<size_t>(st) < live.size() && !live[static_cast<size_t>(st)];
    };
    auto states = static_cast<uint32_t>(s.states.size() + s.init_states.size());
    for (const gsp_program *native : {(*jit)->program(), object->program()}) {
      for (uint32_t id = 0; id <= table.templates.size(); ++id) { // one past: nothing
        bool gone = id < table.templates.size() && dead(table.template_state[id]);
        EXPECT_EQ(
            render_log(native, id),
            render_log(interp.program(), gone ? static_cast<uint32_t>(table.templates.size()) : id))
            << name << " template " << id;
      }
      for (uint32_t st = 0; st <= states; ++st) {
        for (uint32_t fail : {UINT32_MAX, 0U, 1U}) {
          EXPECT_EQ(actions_log(native, st, fail),
                    actions_log(interp.program(),
                                dead(static_cast<ir::StateIndex>(st)) ? states : st, fail))
              << name << " state " << st << " failing at " << fail;
        }
      }
    }
    ++compared;
  }
  EXPECT_GE(compared, 20U);
}

TEST(NativeCode, NothingIsGeneratedForADeadState) {
  auto c = test::compile(test::scenario(R"(<send><![CDATA[
      OPTIONS sip:x SIP/2.0
    ]]></send>
    <recv response="200" next="end"/>
    <send><![CDATA[
      BYE sip:x SIP/2.0
    ]]></send>
    <recv response="200"><action><log message="dead"/></action></recv>
    <label id="end"/>)"));
  ASSERT_TRUE(c.ok) << ::testing::PrintToString(c.diagnostics);
  const ir::Scenario &s = c.scenario();
  ir::TemplateTable table = ir::number_templates(s);
  runtime::Interpreter interp(s, table);
  auto jit = compiler::JitProgram::compile(s, table);
  ASSERT_TRUE(jit) << jit.error().message;
  uint32_t bye = table.state_message[2];
  EXPECT_NE(render_log(interp.program(), bye), "");
  EXPECT_EQ(render_log((*jit)->program(), bye), "");
  EXPECT_NE(actions_log(interp.program(), 3, UINT32_MAX), "=0");
  EXPECT_EQ(actions_log((*jit)->program(), 3, UINT32_MAX), "=0");
  EXPECT_NE(render_log((*jit)->program(), table.state_message[0]), ""); // the live OPTIONS
}

/// A scenario of one <send> of `message`, JIT-compiled without constants.
Expected<std::unique_ptr<compiler::JitProgram>> jit_of_send(const std::string &message) {
  auto c =
      test::compile("<scenario name=\"t\"><send><![CDATA[\n" + message + "]]></send></scenario>");
  if (!c.ok) {
    return Error{"the scenario does not compile"};
  }
  ir::TemplateTable table = ir::number_templates(c.scenario());
  return compiler::JitProgram::compile(c.scenario(), table);
}

TEST(NativeCode, CopiesKeywordsFixedForTheRunFromTheRuntimesTable) {
  auto jit = jit_of_send("  OPTIONS sip:x@[remote_ip]:[remote_port] SIP/2.0\n"
                         "  X: [pid]-[call_number]-[remote_port+1]\n"
                         "  Content-Length: [len]\n");
  ASSERT_TRUE(jit) << jit.error().message;
  // [remote_port] and [pid] fixed for this run; [remote_ip] not (a NULL entry).
  std::vector<gsp_text> texts(ir::kKeywordCount, gsp_text{nullptr, 0});
  texts[static_cast<size_t>(ir::Keyword::RemotePort)] = {"5060", 4};
  texts[static_cast<size_t>(ir::Keyword::Pid)] = {"42", 2};
  gsp_services svc = recording_services();
  svc.run_texts = texts.data();
  svc.run_text_count = static_cast<uint32_t>(texts.size());
  g_log.clear();
  gsp_buf out;
  (*jit)->program()->render((*jit)->program()->self, &svc, nullptr, &out, 0);
  auto kw = [](ir::Keyword k) { return std::to_string(static_cast<uint32_t>(k)); };
  EXPECT_EQ(g_log, "L:OPTIONS sip:x@|K:" + kw(ir::Keyword::RemoteIp) +
                       "|0||L::|T:5060|L: SIP/2.0\r\nX: |T:42|L:-|K:" +
                       kw(ir::Keyword::CallNumber) + "|0||L:-|K:" + kw(ir::Keyword::RemotePort) +
                       "|1||L:\r\nContent-Length: |K:" + kw(ir::Keyword::Len) + "|0||L:\r\n\r\n|");

  // With room in the buffer the literal text and the table's texts are
  // copied into it; only the keywords that depend on the call are asked for.
  g_log.clear();
  out.data.reserve(4096);
  (*jit)->program()->render((*jit)->program()->self, &svc, nullptr, &out, 0);
  EXPECT_EQ(g_log, "K:" + kw(ir::Keyword::RemoteIp) + "|0||K:" + kw(ir::Keyword::CallNumber) +
                       "|0||K:" + kw(ir::Keyword::RemotePort) + "|1||K:" + kw(ir::Keyword::Len) +
                       "|0||");
  EXPECT_EQ(out.data, "OPTIONS sip:x@:5060 SIP/2.0\r\nX: 42--\r\nContent-Length: \r\n\r\n");
}

TEST(NativeCode, AsksTheServicesWhenTheTextDoesNotFitOrASuppressionIsPending) {
  auto jit = jit_of_send("  OPTIONS sip:x SIP/2.0\n"
                         "  X: [call_number]\n"
                         "  Content-Length: 0\n");
  ASSERT_TRUE(jit) << jit.error().message;
  const gsp_program *p = (*jit)->program();
  gsp_services svc = recording_services();
  std::string first = "OPTIONS sip:x SIP/2.0\r\nX: ";
  // Room for the first run only: the second is the service's to write.
  gsp_buf out;
  out.data.reserve(first.size());
  size_t capacity = out.data.capacity();
  out.data.append(std::string(capacity - first.size(), '.'));
  g_log.clear();
  p->render(p->self, &svc, nullptr, &out, 0);
  EXPECT_EQ(out.data.view().substr(capacity - first.size()), first);
  EXPECT_EQ(g_log, "K:" + std::to_string(static_cast<uint32_t>(ir::Keyword::CallNumber)) +
                       "|0||L:\r\nContent-Length: 0\r\n\r\n|");
  // A pending suppression: the service decides what the literal loses.
  gsp_buf suppressed;
  suppressed.data.reserve(4096);
  suppressed.suppress = true;
  g_log.clear();
  p->render(p->self, &svc, nullptr, &suppressed, 0);
  EXPECT_EQ(g_log.substr(0, 2), "L:");
  EXPECT_TRUE(suppressed.data.empty());
}

/// A scenario made from `seed`: sends whose lines mix literal text with
/// keywords (offsets too), variables and [last_X:], and nops with actions.
std::string generated_scenario(uint32_t seed) {
  std::mt19937 rng(seed);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  static const char *const keywords[] = {"[service]",      "[remote_ip]",      "[remote_port]",
                                         "[local_ip]",     "[local_port]",     "[transport]",
                                         "[call_number]",  "[call_id]",        "[cseq]",
                                         "[pid]",          "[branch]",         "[branch-1]",
                                         "[len]",          "[media_ip]",       "[media_port]",
                                         "[media_port+2]", "[peer_tag_param]", "[last_Via:]",
                                         "[last_From:]",   "[last_Call-ID:]",  "[$a]",
                                         "[$b]",           "[local_ip_type]",  "[cseq+1]",
                                         "[local_port+1]"};
  static const char *const literals[] = {"x", "Header: value", ";tag=", " ", "sip:", "@", "<>",
                                         "1"};
  std::string xml = "<scenario name=\"generated " + std::to_string(seed) + "\">\n";
  xml += "  <nop><action><assign assign_to=\"a\" value=\"" + std::to_string(pick(100)) +
         "\"/><assignstr assign_to=\"b\" value=\"s[call_number]\"/></action></nop>\n";
  size_t sends = 1 + pick(4);
  for (size_t i = 0; i < sends; ++i) {
    xml += "  <send><![CDATA[\n    OPTIONS sip:[service]@[remote_ip] SIP/2.0\n";
    size_t lines = 1 + pick(6);
    for (size_t l = 0; l < lines; ++l) {
      xml += "    X-" + std::to_string(l) + ": ";
      size_t pieces = 1 + pick(5);
      for (size_t p = 0; p < pieces; ++p) {
        xml += pick(2) == 0 ? keywords[pick(std::size(keywords))]
                            : literals[pick(std::size(literals))];
      }
      xml += "\n";
    }
    xml += "    Content-Length: [len]\n  ]]></send>\n";
    xml += "  <recv response=\"200\"><action>";
    if (pick(2) == 0) {
      xml += "<add assign_to=\"a\" value=\"1\"/>";
    }
    if (pick(2) == 0) {
      xml += "<ereg regexp=\"[0-9]+\" search_in=\"hdr\" header=\"CSeq:\" assign_to=\"c\"/>"
             "<log message=\"[$c]\"/>";
    }
    xml += "<test assign_to=\"t\" variable=\"a\" compare=\"greater_than\" value=\"5\"/>"
           "</action></recv>\n";
    xml += "  <nop condexec=\"t\"><action><log message=\"big [$a] [$b]\"/></action></nop>\n";
  }
  return xml + "</scenario>\n";
}

TEST(NativeCode, GeneratedScenariosCallTheSameServicesAsTheInterpreter) {
  size_t compared = 0;
  for (uint32_t seed = 1; seed <= 60; ++seed) {
    std::string xml = generated_scenario(seed);
    auto c = test::compile(xml);
    ASSERT_TRUE(c.ok) << xml << "\n" << (c.diagnostics.empty() ? "" : c.diagnostics[0]);
    const ir::Scenario &s = c.scenario();
    ir::TemplateTable table = ir::number_templates(s);
    runtime::Interpreter interp(s, table);
    auto jit = compiler::JitProgram::compile(s, table);
    ASSERT_TRUE(jit) << jit.error().message;
    for (uint32_t id = 0; id < table.templates.size(); ++id) {
      ASSERT_EQ(render_log((*jit)->program(), id), render_log(interp.program(), id))
          << "seed " << seed << " template " << id << "\n"
          << xml;
    }
    for (uint32_t st = 0; st < s.states.size(); ++st) {
      for (uint32_t fail : {UINT32_MAX, 0U, 1U, 2U}) {
        ASSERT_EQ(actions_log((*jit)->program(), st, fail), actions_log(interp.program(), st, fail))
            << "seed " << seed << " state " << st << "\n"
            << xml;
      }
    }
    ++compared;
  }
  EXPECT_EQ(compared, 60U);
}

//===----------------------------------------------------------------------===//
// Through the call engine
//===----------------------------------------------------------------------===//

enum class Engine { Interp, Jit, JitWithRunConstants };

/// Runs a scripted exchange of scenario `xml` with an engine and returns what
/// was sent; `successful` gets the successful calls. `one_socket`: the
/// transport says every call has port 5061, as one socket does.
template <class Script>
std::vector<std::string> exchange(const std::string &xml, Engine engine, bool server, Script script,
                                  uint64_t *successful = nullptr, bool one_socket = false) {
  auto c = test::compile(xml);
  EXPECT_TRUE(c.ok);
  const ir::Scenario &s = c.scenario();
  ir::TemplateTable table = ir::number_templates(s);
  runtime::Interpreter interp(s, table);
  runtime::RunConfig cfg;
  cfg.local_ip = cfg.remote_ip = cfg.remote_host = cfg.media_ip = "127.0.0.1";
  cfg.remote_port = 5060;
  cfg.pid = 4242;
  cfg.server_mode = server;
  cfg.version = "Gossipper test";
  compiler::KeywordConstants constants = runtime::run_constants_of(cfg, table);
  std::unique_ptr<compiler::JitProgram> native;
  if (engine != Engine::Interp) {
    auto compiled = compiler::JitProgram::compile(
        s, table, engine == Engine::JitWithRunConstants ? &constants : nullptr);
    EXPECT_TRUE(compiled) << (compiled ? "" : compiled.error().message);
    if (compiled) {
      native = std::move(*compiled);
    }
  }
  std::atomic<uint32_t> number{1};
  runtime::ScenarioContext ctx;
  ctx.config = &cfg;
  ctx.scenario = &s;
  ctx.templates = &table;
  ctx.program = native ? native->program() : interp.program();
  ctx.next_number = &number;
  runtime::Stats stats(s.states.size(), s.rtds.size(), s.counters.size(),
                       s.response_time_repartition.bounds_ms.size(),
                       s.call_length_repartition.bounds_ms.size());
  test::ScriptedTransport transport;
  if (one_socket) {
    transport.one_port = 5061;
  }
  runtime::CallEngine calls(ctx, 0, transport, stats, runtime::RunHooks{});
  calls.set_now(1000);
  script(calls, cfg);
  if (successful != nullptr) {
    *successful = stats[runtime::Counter::SuccessfulCall].get();
  }
  return transport.sent;
}

std::string builtin(const char *name) { return std::string(scenarios::find_builtin(name)->xml); }

void receive(runtime::CallEngine &e, const std::string &text) {
  e.on_message(text,
               boost::asio::ip::udp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 5060),
               nullptr);
}

std::string message(const std::string &first, const std::string &cseq, const std::string &to_tag) {
  return first +
         "\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-x\r\n"
         "From: sipp <sip:sipp@127.0.0.1:5060>;tag=peer\r\n"
         "To: service <sip:service@127.0.0.1:5061>" +
         to_tag + "\r\nCall-ID: 1-4242@127.0.0.1\r\nCSeq: " + cseq +
         "\r\nContact: <sip:127.0.0.1:5060>\r\nContent-Length: 0\r\n\r\n";
}

/// A call's send after a send waits for a later turn.
void next_turn(runtime::CallEngine &e) {
  e.set_now(e.now() + runtime::CallEngine::kTurnMs);
  e.on_tick();
}

void uac_script(runtime::CallEngine &e, runtime::RunConfig &cfg) {
  e.start_outgoing_call(1, runtime::make_call_id(cfg, 1));
  receive(e, message("SIP/2.0 180 Ringing", "1 INVITE", ";tag=t1"));
  receive(e, message("SIP/2.0 200 OK", "1 INVITE", ";tag=t1"));
  next_turn(e); // the BYE
  receive(e, message("SIP/2.0 200 OK", "2 BYE", ";tag=t1"));
}

void uas_script(runtime::CallEngine &e, runtime::RunConfig &) {
  receive(e, message("INVITE sip:service@127.0.0.1:5061 SIP/2.0", "1 INVITE", ""));
  next_turn(e); // the 200 after the 180
  receive(e, message("ACK sip:service@127.0.0.1:5061 SIP/2.0", "1 ACK", ";tag=me"));
  receive(e, message("BYE sip:service@127.0.0.1:5061 SIP/2.0", "2 BYE", ";tag=me"));
  next_turn(e);              // the <timewait> starts
  e.set_now(e.now() + 5000); // and is past
  e.on_tick();
}

/// A built-in through a scripted exchange: one successful call, `messages`
/// sent, the same bytes from the interpreter, the JIT and the JIT with the
/// run's constants.
template <class Script>
void expect_same_bytes(const char *name, bool server, Script script, size_t messages) {
  uint64_t ok = 0;
  std::vector<std::string> interp = exchange(builtin(name), Engine::Interp, server, script, &ok);
  EXPECT_EQ(interp.size(), messages);
  EXPECT_EQ(ok, 1U);
  EXPECT_EQ(exchange(builtin(name), Engine::Jit, server, script), interp);
  EXPECT_EQ(exchange(builtin(name), Engine::JitWithRunConstants, server, script), interp);
  for (Engine e : {Engine::Interp, Engine::Jit, Engine::JitWithRunConstants}) {
    EXPECT_EQ(exchange(builtin(name), e, server, script, nullptr, true), interp);
  }
}

TEST(NativeCode, BuiltinUacSendsTheSameBytes) { expect_same_bytes("uac", false, uac_script, 3); }

TEST(NativeCode, BuiltinUasSendsTheSameBytes) { expect_same_bytes("uas", true, uas_script, 3); }

TEST(NativeCode, GeneratedScenariosSendTheSameBytesWithRunConstants) {
  for (uint32_t seed = 1; seed <= 40; ++seed) {
    std::string xml = generated_scenario(seed);
    auto script = [](runtime::CallEngine &e, runtime::RunConfig &cfg) {
      e.start_outgoing_call(1, runtime::make_call_id(cfg, 1));
      for (int i = 0; i < 5; ++i) {
        receive(e, message("SIP/2.0 200 OK", std::to_string(i + 1) + " OPTIONS", ";tag=t1"));
      }
    };
    std::vector<std::string> interp = exchange(xml, Engine::Interp, false, script);
    ASSERT_FALSE(interp.empty()) << xml;
    ASSERT_EQ(exchange(xml, Engine::JitWithRunConstants, false, script), interp) << xml;
    // [local_port] (and [local_port+1]) copied from the run's table.
    ASSERT_EQ(exchange(xml, Engine::Interp, false, script, nullptr, true), interp) << xml;
    ASSERT_EQ(exchange(xml, Engine::JitWithRunConstants, false, script, nullptr, true), interp)
        << xml;
  }
}

} // namespace
} // namespace gossipper

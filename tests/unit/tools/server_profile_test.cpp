// gossipper server's profiles: flat and composite, the Go Gossipper's keys,
// every fault named by its JSON path, and the command line each run gets.
#include "server_profile.hpp"

#include <gtest/gtest.h>

namespace gossipper::tools {
namespace {

std::string refusal(std::string_view text) {
  Expected<ServerProfile> p = read_profile(text, "p.json");
  return p ? std::string("accepted") : p.error().message;
}

TEST(ServerProfile, AFlatProfileIsOneRun) {
  Expected<ServerProfile> p =
      read_profile(R"({"remote_addr": "10.0.0.1:5060", "rate": 2.5, "total_calls": 100,
                       "api_addr": "127.0.0.1:9000"})",
                   "p.json");
  ASSERT_TRUE(p) << p.error().message;
  ASSERT_EQ(p->participants.size(), 1u);
  EXPECT_EQ(p->api_addr, "127.0.0.1:9000");
  const Participant &c = p->participants[0];
  EXPECT_EQ(c.role, Participant::Role::Client);
  EXPECT_EQ(c.id, "client-1");
  EXPECT_EQ(c.sipp_arguments({"-trace_err"}),
            (std::vector<std::string>{"10.0.0.1:5060", "-nostdin", "-i", "127.0.0.1", "-sn", "uac",
                                      "-r", "2.5", "-m", "100", "-trace_err"}));
}

TEST(ServerProfile, ListenersTakeWhatTheServerSays) {
  Expected<ServerProfile> p = read_profile(R"({
    "server": {"id": "sbc", "role": "management", "transport": "u1", "scenario_name": "uas",
               "extra_args": ["-trace_err"],
               "listeners": [{"local_port": 5060}, {"id": "tcp", "transport": "t1",
                              "local_port": 5061, "scenario_file": "my.xml"}]},
    "clients": [{"id": "load", "role": "load", "remote_addr": "127.0.0.1:5060",
                 "max_concurrent": 32, "extra_args": ["-t", "un"]}]})",
                                           "p.json");
  ASSERT_TRUE(p) << p.error().message;
  ASSERT_EQ(p->participants.size(), 3u);
  EXPECT_EQ(p->participants[0].id, "sbc-0");
  EXPECT_EQ(p->participants[0].sipp_arguments({}),
            (std::vector<std::string>{"-nostdin", "-i", "127.0.0.1", "-sn", "uas", "-t", "u1", "-p",
                                      "5060", "-trace_err"}));
  EXPECT_EQ(p->participants[1].sipp_arguments({}),
            (std::vector<std::string>{"-nostdin", "-i", "127.0.0.1", "-sf", "my.xml", "-t", "t1",
                                      "-p", "5061", "-trace_err"}));
  // extra_args after the keys, the server's command line last: the later wins.
  EXPECT_EQ(p->participants[2].sipp_arguments({"-t", "u1"}),
            (std::vector<std::string>{"127.0.0.1:5060", "-nostdin", "-i", "127.0.0.1", "-sn", "uac",
                                      "-l", "32", "-t", "un", "-t", "u1"}));
}

TEST(ServerProfile, FaultsAreNamedByTheirPath) {
  EXPECT_EQ(refusal(R"({"clients": [{"remote_addr": "a:1", "rat": 3}]})"),
            "p.json: $.clients[0].rat: not a key of a client (see docs/server.md)");
  EXPECT_EQ(refusal(R"({"server": {"listeners": [{"local_port": 70000}]}})"),
            "p.json: $.server.listeners[0].local_port: a whole number from 0 to 65535");
  EXPECT_EQ(refusal(R"({"clients": [{"rate": 1}]})"),
            "p.json: $.clients[0].remote_addr: a client needs the HOST:PORT it calls");
  EXPECT_EQ(refusal(R"({"server": {"remote_addr": "a:1"}})"),
            "p.json: $.server.remote_addr: a listener calls no one");
  EXPECT_EQ(refusal(R"({"clients": {}})"), "p.json: $.clients: an array of clients");
  EXPECT_EQ(refusal(R"({"server": {}, "port": 1})"),
            "p.json: $.port: not a key of a server profile (api_addr, api_token, api_tls_cert, "
            "api_tls_key, api_allow_exec, server, clients)");
  EXPECT_EQ(refusal(R"({"api_addr": "127.0.0.1:1"})"),
            "p.json: $: nothing to run: give server or clients, or one run's keys");
  EXPECT_EQ(refusal(R"({"clients": [{"id": "a b", "remote_addr": "a:1"}]})"),
            "p.json: $: the id 'a b' is not 1-64 letters, digits, - and _");
  EXPECT_EQ(refusal(R"({"scenario_name": "uas", "scenario_file": "x.xml"})"),
            "p.json: $.scenario_file: give scenario_name or scenario_file, not both");
  EXPECT_EQ(refusal("[1]"), "p.json: $: a JSON object");
}

TEST(ServerProfile, ASyntaxErrorIsNamedByItsLineAndColumn) {
  std::string e = refusal("{\n  \"clients\": [\n    {\"remote_addr\": 1,, }\n]}");
  EXPECT_TRUE(e.starts_with("p.json:3:")) << e;
}

} // namespace
} // namespace gossipper::tools

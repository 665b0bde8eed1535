//===- shell_session.cpp - gossipper cli's commands -----------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "shell_session.hpp"

#include "commands.hpp"
#include "shell_stats_text.hpp"
#include "shell_words.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

namespace gossipper::tools {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;

/// How long `run` waits for its run's API: a scenario compiles first.
constexpr auto kStartWait = std::chrono::seconds(30);
/// How long quitting waits for a run to end gracefully before SIGTERM.
constexpr int kQuitWaitS = 10;

std::optional<double> number(const std::string &text) {
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size() || v < 0) {
    return std::nullopt;
  }
  return v;
}

std::string file_text(const std::string &path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

} // namespace

struct ShellSession::Command {
  const char *name;
  const char *usage;
  const char *summary;
  bool (ShellSession::*handler)(const std::vector<std::string> &);
};

const std::vector<ShellSession::Command> &ShellSession::table() {
  static const std::vector<Command> commands = {
      {"help", "help [COMMAND]", "what the commands do", &ShellSession::help},
      {"set", "set NAME [VALUE...]",
       "an option of the runs `run` starts: gossipper sipp's (set sn uac, set r 50, set key A "
       "1), or `target HOST:PORT`",
       &ShellSession::set},
      {"unset", "unset NAME", "forget an option", &ShellSession::unset},
      {"show", "show [NAME]", "the options set", &ShellSession::show},
      {"check", "check FILE...", "check scenarios, as gossipper check", &ShellSession::check},
      {"compile", "compile FILE [ir|ast|llvm]", "compile a scenario and print a stage",
       &ShellSession::compile},
      {"run", "run", "start a test with the options, in the background", &ShellSession::run},
      {"stats", "stats", "the run's counts, rates and response times", &ShellSession::stats},
      {"rate", "rate N", "calls per rate period", &ShellSession::rate},
      {"pause", "pause", "no new calls", &ShellSession::pause},
      {"resume", "resume", "new calls again", &ShellSession::resume},
      {"stop", "stop [now]",
       "no new calls, the open ones end (SIPp's q); `now` aborts them (SIPp's Q)",
       &ShellSession::stop},
      {"wait", "wait [SECONDS]", "until the shell's run ends (at most SECONDS)",
       &ShellSession::wait},
      {"summary", "summary", "the run's summary, ended or not", &ShellSession::summary},
      {"open", "open api HOST:PORT [TOKEN]",
       "drive a remote gossipper run or server through its HTTP API", &ShellSession::open},
      {"close", "close", "back from a remote API to the shell's own run", &ShellSession::close},
      {"quit", "quit", "stop the shell's run (gracefully) and leave", &ShellSession::quit},
      {"exit", "exit", "the same as quit", &ShellSession::quit},
  };
  return commands;
}

std::vector<std::string> ShellSession::commands() {
  std::vector<std::string> names;
  for (const Command &c : table()) {
    names.emplace_back(c.name);
  }
  return names;
}

ShellSession::ShellSession(std::string self, std::string work, std::ostream &out, std::ostream &err)
    : self_(std::move(self)), work_(std::move(work)), out_(out), err_(err),
      runs_(self_, work_, {}) {}

ShellSession::~ShellSession() {
  if (std::optional<ChildView> r = own_run(); r && r->running) {
    runs_.stop(r->participant.id, false);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kQuitWaitS);
    while (runs_.any_running() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      runs_.poll();
    }
  }
  runs_.stop_all(5);
}

bool ShellSession::execute(const std::string &line) {
  std::vector<std::string> words = split_words(line);
  if (words.empty() || words.front().starts_with('#')) {
    return true;
  }
  for (const Command &c : table()) {
    if (words.front() == c.name) {
      return (this->*c.handler)(words);
    }
  }
  return fail("unknown command '" + words.front() + "' (help lists them)");
}

ShellSession::Completion ShellSession::complete(const std::vector<std::string> &words,
                                                std::vector<std::string> &candidates) const {
  candidates.clear();
  if (words.empty()) {
    candidates = commands();
    return Completion::Words;
  }
  const std::string &cmd = words.front();
  if ((cmd == "set" || cmd == "unset" || cmd == "show") && words.size() == 1) {
    candidates = ShellOptions::names();
    return Completion::Words;
  }
  if (cmd == "help" && words.size() == 1) {
    candidates = commands();
    return Completion::Words;
  }
  if (cmd == "open" && words.size() == 1) {
    candidates = {"api"};
    return Completion::Words;
  }
  if (cmd == "stop" && words.size() == 1) {
    candidates = {"now"};
    return Completion::Words;
  }
  if (cmd == "compile" && words.size() == 2) {
    candidates = {"ir", "ast", "llvm"};
    return Completion::Words;
  }
  bool file_value = cmd == "set" && words.size() == 2 &&
                    (words[1] == "sf" || words[1] == "inf" || words[1] == "trace_stat");
  if (cmd == "check" || (cmd == "compile" && words.size() == 1) || file_value) {
    return Completion::Files;
  }
  return Completion::Words;
}

bool ShellSession::fail(const std::string &message) {
  err_ << message << "\n";
  return false;
}

bool ShellSession::help(const std::vector<std::string> &w) {
  for (const Command &c : table()) {
    if (w.size() < 2 || w[1] == c.name) {
      out_ << "  " << c.usage << "\n      " << c.summary << "\n";
    }
  }
  return true;
}

bool ShellSession::set(const std::vector<std::string> &w) {
  if (w.size() < 2) {
    return fail("usage: set NAME [VALUE...]");
  }
  Expected<void> done = options_.set(w[1], std::vector<std::string>(w.begin() + 2, w.end()));
  return done ? true : fail(done.error().message);
}

bool ShellSession::unset(const std::vector<std::string> &w) {
  if (w.size() != 2) {
    return fail("usage: unset NAME");
  }
  return options_.unset(w[1]) ? true : fail("'" + w[1] + "' is not set");
}

bool ShellSession::show(const std::vector<std::string> &w) {
  std::vector<std::string> lines = options_.show(w.size() > 1 ? w[1] : std::string());
  for (const std::string &l : lines) {
    out_ << l << "\n";
  }
  if (lines.empty()) {
    out_ << (w.size() > 1 ? "'" + w[1] + "' is not set" : std::string("no options set")) << "\n";
  }
  return true;
}

bool ShellSession::check(const std::vector<std::string> &w) {
  if (w.size() < 2) {
    return fail("usage: check FILE...");
  }
  CheckOptions opts;
  opts.files.assign(w.begin() + 1, w.end());
  return run_check(opts, out_, err_) == 0;
}

bool ShellSession::compile(const std::vector<std::string> &w) {
  if (w.size() < 2 || w.size() > 3) {
    return fail("usage: compile FILE [ir|ast|llvm]");
  }
  CompileOptions opts;
  opts.file = w[1];
  std::string stage = w.size() == 3 ? w[2] : "ir";
  opts.emit_ir = stage == "ir";
  opts.emit_ast = stage == "ast";
  opts.emit_llvm = stage == "llvm";
  if (!opts.emit_ir && !opts.emit_ast && !opts.emit_llvm) {
    return fail("compile: the stage is ir, ast or llvm");
  }
  return run_compile(opts, out_, err_) == 0;
}

std::optional<ChildView> ShellSession::own_run() {
  if (run_id_.empty()) {
    return std::nullopt;
  }
  runs_.poll();
  for (const ChildView &c : runs_.children()) {
    if (c.participant.id == run_id_) {
      return c;
    }
  }
  return std::nullopt;
}

bool ShellSession::run(const std::vector<std::string> &w) {
  if (w.size() != 1) {
    return fail("usage: run (the options are set with set)");
  }
  if (std::optional<ChildView> r = own_run(); r && r->running) {
    return fail(run_id_ + " is running: stop it first");
  }
  std::string id = "run" + std::to_string(++runs_started_);
  Participant p = options_.participant(id);
  p.extra_args.insert(p.extra_args.end(), {"-summary_json", work_ + "/" + id + ".summary.json"});
  if (Expected<void> started = runs_.start(p); !started) {
    return fail(started.error().message);
  }
  run_id_ = id;
  // Its API answers once the scenario is compiled and the sockets bound;
  // a run that cannot start ends first, and says why on its error output.
  std::optional<ChildView> r = runs_.wait_started(id, kStartWait);
  if (r && !r->running) {
    err_ << file_text(work_ + "/" + id + ".err");
    return fail(id + " ended before it started (exit " + std::to_string(r->exit_code) + ")");
  }
  if (r && r->api_port != 0) {
    out_ << id << " started: pid " << r->pid << ", API 127.0.0.1:" << r->api_port << "\n";
    return true;
  }
  return fail(id + " has not started its API yet; `stats` will tell");
}

bool ShellSession::connected() {
  if (remote_) {
    return true;
  }
  std::optional<ChildView> r = own_run();
  if (!r) {
    return fail("no run: `run` starts one, `open api HOST:PORT` reaches another");
  }
  if (!r->running) {
    return fail(run_id_ + " ended (exit " + std::to_string(r->exit_code) +
                "): `summary` shows its summary");
  }
  return r->api_port != 0 ? true : fail(run_id_ + " has not started its API yet");
}

bool ShellSession::answered(const ApiAnswer &a) {
  if (a.status == 0) {
    return fail("no answer from the API" + (a.error.empty() ? "" : ": " + a.error));
  }
  if (a.status >= 300) {
    return fail("the API answered " + std::to_string(a.status) + ": " + a.body);
  }
  return true;
}

namespace {
ApiEndpoint endpoint_of(const std::optional<ApiEndpoint> &remote,
                        const std::optional<ChildView> &own) {
  if (remote) {
    return *remote;
  }
  return ApiEndpoint{"127.0.0.1", own ? own->api_port : uint16_t{0},
                     own ? own->api_token : std::string()};
}
} // namespace

bool ShellSession::stats(const std::vector<std::string> & /*w*/) {
  if (!connected()) {
    return false;
  }
  return print(api_request(endpoint_of(remote_, own_run()), http::verb::get, "/api/v1/stats"),
               stats_text);
}

bool ShellSession::control(const std::string &body) {
  if (!connected()) {
    return false;
  }
  return print(
      api_request(endpoint_of(remote_, own_run()), http::verb::post, "/api/v1/control", body),
      control_text);
}

bool ShellSession::print(const ApiAnswer &a, Expected<std::string> (*format)(std::string_view)) {
  if (!answered(a)) {
    return false;
  }
  Expected<std::string> text = format(a.body);
  if (!text) {
    return fail(text.error().message);
  }
  out_ << *text;
  return true;
}

bool ShellSession::rate(const std::vector<std::string> &w) {
  std::optional<double> r = w.size() == 2 ? number(w[1]) : std::nullopt;
  if (!r) {
    return fail("usage: rate N (0 or more)");
  }
  return control(json::serialize(json::object{{"rate", *r}}));
}

bool ShellSession::pause(const std::vector<std::string> & /*w*/) {
  return control(R"({"paused":true})");
}

bool ShellSession::resume(const std::vector<std::string> & /*w*/) {
  return control(R"({"paused":false})");
}

bool ShellSession::stop(const std::vector<std::string> &w) {
  bool now = w.size() == 2 && w[1] == "now";
  if (w.size() > 2 || (w.size() == 2 && !now)) {
    return fail("usage: stop [now]");
  }
  return control(now ? R"({"stop":"now"})" : R"({"stop":"graceful"})");
}

bool ShellSession::wait(const std::vector<std::string> &w) {
  std::optional<double> limit = w.size() == 2 ? number(w[1]) : std::nullopt;
  if (w.size() > 2 || (w.size() == 2 && !limit)) {
    return fail("usage: wait [SECONDS]");
  }
  std::optional<ChildView> r = own_run();
  if (!r) {
    return fail("no run of this shell to wait for");
  }
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::milliseconds(static_cast<int64_t>(limit.value_or(0) * 1000));
  while (r && r->running) {
    if (limit && std::chrono::steady_clock::now() >= deadline) {
      return fail(run_id_ + " is still running");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    r = own_run();
  }
  out_ << run_id_ << " ended, exit " << r->exit_code << "\n";
  return true;
}

bool ShellSession::summary(const std::vector<std::string> & /*w*/) {
  std::string body;
  std::optional<ChildView> r = own_run();
  if (!remote_ && r && !r->running) {
    body = file_text(work_ + "/" + run_id_ + ".summary.json");
    if (body.empty()) {
      return fail(run_id_ + " wrote no summary (exit " + std::to_string(r->exit_code) + ")");
    }
  } else {
    if (!connected()) {
      return false;
    }
    ApiAnswer a = api_request(endpoint_of(remote_, r), http::verb::get, "/api/v1/summary");
    if (!answered(a)) {
      return false;
    }
    body = a.body;
  }
  Expected<std::string> text = summary_text(body);
  if (!text) {
    return fail(text.error().message);
  }
  out_ << *text;
  return true;
}

bool ShellSession::open(const std::vector<std::string> &w) {
  if (w.size() < 3 || w.size() > 4 || w[1] != "api") {
    return fail("usage: open api HOST:PORT [TOKEN]");
  }
  const std::string &addr = w[2];
  size_t colon = addr.rfind(':');
  std::optional<double> port =
      colon == std::string::npos ? std::nullopt : number(addr.substr(colon + 1));
  if (!port || *port < 1 || *port > 65535) {
    return fail("open api: HOST:PORT (an IPv6 host in brackets: [::1]:8090)");
  }
  std::string host = addr.substr(0, colon);
  if (host.size() > 1 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  ApiEndpoint to{host, static_cast<uint16_t>(*port), w.size() == 4 ? w[3] : std::string()};
  ApiAnswer a = api_request(to, http::verb::get, "/api/v1/health");
  if (!answered(a)) {
    return false;
  }
  remote_ = to;
  boost::system::error_code ec;
  json::value health = json::parse(a.body, ec);
  const json::object *h = ec ? nullptr : health.if_object();
  const json::value *version = h != nullptr ? h->if_contains("version") : nullptr;
  out_ << "connected to " << addr
       << (version != nullptr && version->is_string()
               ? " (" + std::string(version->as_string()) + ")"
               : std::string())
       << "\n";
  return true;
}

bool ShellSession::close(const std::vector<std::string> & /*w*/) {
  if (!remote_) {
    return fail("no remote API is open");
  }
  remote_.reset();
  out_ << "closed\n";
  return true;
}

bool ShellSession::quit(const std::vector<std::string> & /*w*/) {
  quit_ = true;
  return true;
}

} // namespace gossipper::tools

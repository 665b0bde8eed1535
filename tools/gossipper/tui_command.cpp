//===- tui_command.cpp - gossipper tui ------------------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// `gossipper tui`: the launcher form, then the live dashboard of the run it
// started (a `gossipper sipp` process of its own with a loopback API, as
// the shell's runs: shell_session.hpp), then the form again.
// `gossipper tui --api HOST:PORT [--token T]`: the dashboard of a run
// elsewhere. `gossipper sipp ... -control`: the dashboard of that run.
// The dashboard reads the run's API twice a second (/api/v1/live_frame:
// its snapshot and its newest history point) and changes it through
// POST /api/v1/control.
//
//===----------------------------------------------------------------------===//
#include "api_client.hpp"
#include "commands.hpp"
#include "json_fields.hpp"
#include "server_children.hpp"
#include "tui_launcher.hpp"
#include "tui_terminal.hpp"
#include "user_config.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <unistd.h>

namespace gossipper::tools {
namespace {

namespace json = boost::json;
namespace http = boost::beast::http;
using Clock = std::chrono::steady_clock;

constexpr auto kPoll = std::chrono::milliseconds(500);
constexpr size_t kPoints = 400;

/// The run's own process, when the dashboard's run is one we started.
struct OwnRun {
  ServerChildren *runs;
  std::string id;
};

class Dashboard {
public:
  Dashboard(TuiTerminal &term, ApiEndpoint api, std::string source, std::optional<OwnRun> own)
      : term_(term), api_(std::move(api)), own_(std::move(own)) {
    d_.source = std::move(source);
  }

  /// Until q (or x) once the run is over; the run's exit code, when ours.
  int show() {
    auto next_poll = Clock::now();
    for (;;) {
      if (Clock::now() >= next_poll) {
        poll();
        next_poll = Clock::now() + kPoll;
      }
      if (term_.too_small() && !term_.wait_for_room()) {
        return leave();
      }
      term_.draw(dashboard_lines(d_, term_.width(), term_.height(), term_.utf8()));
      int k = term_.key(100);
      if (k == 'x' || (k == 'q' && d_.ended)) {
        return leave();
      }
      if (k >= 0) {
        on_key(k);
      }
    }
  }

private:
  void poll() {
    if (own_) {
      own_->runs->poll();
      for (const ChildView &c : own_->runs->children()) {
        if (c.participant.id == own_->id && !c.running) {
          d_.ended = true;
          exit_code_ = c.exit_code;
          d_.note = "the run ended, exit " + std::to_string(c.exit_code) + "; q leaves";
          return;
        }
      }
    }
    ApiAnswer a = api_request(api_, http::verb::get, "/api/v1/live_frame");
    boost::system::error_code ec;
    json::value frame = a.status == 200 ? json::parse(a.body, ec) : json::value();
    const json::object *f = frame.if_object();
    if (f == nullptr) {
      d_.note = a.status == 0 ? "the run's API does not answer (" + a.error + ")"
                              : "the API answered " + std::to_string(a.status);
      d_.ended = !own_ && a.status == 0 && seen_;
      return;
    }
    seen_ = true;
    if (const json::value *s = f->if_contains("stats"); s != nullptr && s->is_object()) {
      d_.stats = s->as_object();
    }
    if (const json::value *p = f->if_contains("point"); p != nullptr && p->is_object()) {
      const json::object &o = p->as_object();
      double t = json_number(o, "t_ms", -1);
      if (t != last_t_) { // a new interval
        last_t_ = t;
        d_.points.push_back({json_number(o, "rate_cps"), json_number(o, "open"),
                             json_number(o, "failed_rate_cps"), json_number(o, "p50_ms", -1),
                             json_number(o, "p99_ms", -1)});
        if (d_.points.size() > kPoints) {
          d_.points.pop_front();
        }
      }
    }
  }

  double rate() const {
    const json::object *s = json_object(d_.stats, "status");
    return s != nullptr ? std::max(json_number(*s, "rate"), 0.0) : 0;
  }

  bool paused() const {
    const json::object *s = json_object(d_.stats, "status");
    return s != nullptr && json_true(*s, "paused");
  }

  void on_key(int k) {
    if (d_.ended) {
      return;
    }
    json::object body;
    switch (k) {
    case '+': body["rate"] = rate() + 1; break;
    case '-': body["rate"] = std::max(rate() - 1, 0.0); break;
    case '*': body["rate"] = rate() + 10; break;
    case '/': body["rate"] = std::max(rate() - 10, 0.0); break;
    case 'p': body["paused"] = !paused(); break;
    case 'q': body["stop"] = "graceful"; break;
    case 'Q': body["stop"] = "now"; break;
    default: return;
    }
    ApiAnswer a = api_request(api_, http::verb::post, "/api/v1/control", json::serialize(body));
    d_.note = a.status == 200 ? said(k, body)
              : a.status == 0 ? "no answer from the run's API"
                              : "the API answered " + std::to_string(a.status) + ": " + a.body;
    poll(); // the change shows at once
  }

  static std::string said(int k, const json::object &body) {
    if (const json::value *r = body.if_contains("rate")) {
      return "rate set to " + std::to_string(std::llround(r->as_double()));
    }
    return k == 'p'   ? (body.at("paused").as_bool() ? "paused" : "resumed")
           : k == 'q' ? "stopping: no new calls, the open ones end"
                      : "stopping now: the open calls are aborted";
  }

  int leave() const { return exit_code_; }

  TuiTerminal &term_;
  ApiEndpoint api_;
  std::optional<OwnRun> own_;
  TuiDashboard d_;
  double last_t_ = -1;
  bool seen_ = false;
  int exit_code_ = 0;
};

/// Starts the launcher's run; its API's address, or why not (said on the
/// form).
std::optional<ChildView> start(TuiLauncher &form, ServerChildren &runs, unsigned &started) {
  Expected<ShellOptions> options = form.options();
  if (!options) {
    form.say({options.error().message});
    return std::nullopt;
  }
  std::string id = "run" + std::to_string(++started);
  if (Expected<void> ok = runs.start(options->participant(id)); !ok) {
    form.say({ok.error().message});
    return std::nullopt;
  }
  std::optional<ChildView> c = runs.wait_started(id, std::chrono::seconds(30));
  if (c && !c->running) {
    std::ifstream err(runs.work() + "/" + id + ".err");
    std::vector<std::string> lines = {id + " ended before it started, exit " +
                                      std::to_string(c->exit_code) + ":"};
    for (std::string l; lines.size() < 8 && std::getline(err, l);) {
      lines.push_back("  " + l);
    }
    form.say(lines);
    return std::nullopt;
  }
  if (c && c->api_port != 0) {
    return c;
  }
  form.say({id + " did not start its API within 30 s"});
  return std::nullopt;
}

/// The scenario file's check, shown on the form; false when it has errors.
bool checked(TuiLauncher &form) {
  std::string file = form.scenario_file();
  if (file.empty()) {
    return true;
  }
  std::ostringstream out;
  std::ostringstream err;
  CheckOptions opts;
  opts.files = {file};
  int rc = run_check(opts, out, err);
  std::vector<std::string> lines = {rc == 0 ? "check: " + file + " is fine"
                                            : "check: " + file + " has errors:"};
  std::istringstream diag(err.str() + out.str());
  for (std::string l; lines.size() < 10 && std::getline(diag, l);) {
    lines.push_back("  " + l);
  }
  form.say(lines);
  return rc == 0;
}

bool tty() { return ::isatty(STDIN_FILENO) != 0 && ::isatty(STDOUT_FILENO) != 0; }

int launcher(TuiTerminal &term) {
  std::string work = make_work_dir("gossipper-tui");
  if (work.empty()) {
    return 2;
  }
  std::string recent = user_config_file("tui_recent");
  TuiLauncher form;
  form.load_recent(recent);
  unsigned started = 0;
  {
    ServerChildren runs(self_path(), work, {});
    for (;;) {
      if (term.too_small() && !term.wait_for_room()) {
        break;
      }
      int row = -1;
      int col = -1;
      std::vector<TuiLine> lines = form.lines(term.width(), term.height(), row, col);
      term.draw(lines, row, col);
      int k = term.key(-1);
      TuiLauncher::Action a = k == TuiTerminal::kResize ? TuiLauncher::Action::None : form.key(k);
      if (a == TuiLauncher::Action::Leave) {
        break;
      }
      if (a != TuiLauncher::Action::Start || !checked(form)) {
        continue;
      }
      if (std::optional<ChildView> run = start(form, runs, started)) {
        form.remember(recent);
        Dashboard dash(term, ApiEndpoint{"127.0.0.1", run->api_port, run->api_token},
                       run->participant.id + " (pid " + std::to_string(run->pid) + ")",
                       OwnRun{&runs, run->participant.id});
        int rc = dash.show();
        runs.stop(run->participant.id, false);
        form.say({run->participant.id + " left, exit " + std::to_string(rc)});
      }
    }
    runs.stop_all(5);
  }
  std::error_code ec;
  std::filesystem::remove_all(work, ec);
  return 0;
}

} // namespace

int run_tui(const TuiOptions &o) {
  if (!tty()) {
    std::cerr << "gossipper tui: needs a terminal (standard input and output); gossipper cli "
                 "reads scripts\n";
    return 2;
  }
  if (o.api.empty()) {
    TuiTerminal term;
    return launcher(term);
  }
  size_t colon = o.api.rfind(':');
  int port = colon == std::string::npos ? 0 : std::atoi(o.api.c_str() + colon + 1);
  if (port <= 0 || port > 65535) {
    std::cerr << "gossipper tui: --api HOST:PORT\n";
    return 2;
  }
  std::string host = o.api.substr(0, colon);
  if (host.size() > 1 && host.front() == '[') {
    host = host.substr(1, host.size() - 2);
  }
  TuiTerminal term;
  Dashboard dash(term, ApiEndpoint{host, static_cast<uint16_t>(port), o.token}, o.api,
                 std::nullopt);
  return dash.show();
}

int run_sipp_control(const std::vector<std::string> &sipp_args) {
  if (!tty()) {
    std::cerr << "gossipper sipp -control: needs a terminal (standard input and output)\n";
    return 2;
  }
  std::string work = make_work_dir("gossipper-tui");
  if (work.empty()) {
    return 2;
  }
  int rc = 0;
  {
    ServerChildren runs(self_path(), work, {});
    // The run reads no keys (the dashboard does) and shows no screens.
    std::vector<std::string> args = sipp_args;
    args.emplace_back("-nostdin");
    if (Expected<void> ok = runs.start_arguments("run", args); !ok) {
      std::cerr << ok.error().message << "\n";
      return 1;
    }
    std::optional<ChildView> run = runs.wait_started("run", std::chrono::seconds(30));
    if (!run || !run->running || run->api_port == 0) {
      std::ifstream err(work + "/run.err");
      std::cerr << err.rdbuf();
      runs.stop_all(5);
      rc = !run || run->running ? 1 : run->exit_code;
    } else {
      TuiTerminal term;
      Dashboard dash(term, ApiEndpoint{"127.0.0.1", run->api_port, run->api_token},
                     "pid " + std::to_string(run->pid), OwnRun{&runs, "run"});
      rc = dash.show();
      runs.stop_all(5);
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(work, ec);
  return rc;
}

} // namespace gossipper::tools

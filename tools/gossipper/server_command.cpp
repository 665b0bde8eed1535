//===- server_command.cpp - gossipper server -config profile.json ---------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The long-running management mode (docs/server.md): the profile's
// listeners, then its clients, each a `gossipper sipp` of its own; the API
// over them; SIGHUP reads the profile again (new runs started, removed ones
// stopped, changed ones restarted; a profile with an error changes
// nothing); SIGINT or SIGTERM stops every run, each finishing its files,
// then the server.
//
//===----------------------------------------------------------------------===//
#include "api_hookup.hpp"
#include "commands.hpp"
#include "server_api.hpp"
#include "server_children.hpp"
#include "server_profile.hpp"
#include "sipp_options.hpp"

#include "gossipper/runtime/api_server.hpp"

#include <csignal>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace gossipper::tools {
namespace {

struct ServerCommandLine {
  std::string profile;
  bool check = false;
  std::vector<std::string> sipp_options; ///< given to every run, after the profile's
};

Expected<ServerCommandLine> parse_server_command_line(const std::vector<std::string> &args) {
  ServerCommandLine cl;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &a = args[i];
    if ((a == "-config" || a == "--config" || a == "-check" || a == "--check") &&
        i + 1 < args.size() && cl.profile.empty()) {
      cl.check = a.ends_with("check");
      cl.profile = args[++i];
    } else {
      cl.sipp_options.push_back(a);
    }
  }
  if (cl.profile.empty()) {
    return Error{"usage: gossipper server -config PROFILE.json [gossipper sipp options...]\n"
                 "       gossipper server --check PROFILE.json"};
  }
  return cl;
}

Expected<ServerProfile> load_profile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error{path + ": cannot be read"};
  }
  std::ostringstream text;
  text << in.rdbuf();
  return read_profile(text.str(), path);
}

/// What `gossipper sipp` would refuse of a participant, before any traffic:
/// its command line, and its scenario compiled for it.
Expected<void> check_participant(const Participant &p, const ServerCommandLine &cl,
                                 const std::string &profile) {
  std::string where = profile + ": " + p.id + ": ";
  Expected<SippCommandLine> parsed = parse_sipp_command_line(p.sipp_arguments(cl.sipp_options));
  if (!parsed) {
    return Error{where + parsed.error().message};
  }
  if (parsed->scenario_file.empty()) {
    return {};
  }
  std::ifstream in(parsed->scenario_file, std::ios::binary);
  if (!in) {
    return Error{where + "scenario_file '" + parsed->scenario_file + "' cannot be read"};
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::string errors;
  for (const ir::Diagnostic &d :
       check_scenario_text(*parsed, text.str(), true, parsed->scenario_file)) {
    if (d.severity == ir::Severity::Error) {
      errors += "\n" + ir::format_diagnostic(d);
    }
  }
  return errors.empty() ? Expected<void>{} : Error{where + "its scenario has errors:" + errors};
}

Expected<ServerProfile> checked_profile(const ServerCommandLine &cl) {
  Expected<ServerProfile> profile = load_profile(cl.profile);
  if (!profile) {
    return profile;
  }
  for (const Participant &p : profile->participants) {
    if (Expected<void> ok = check_participant(p, cl, cl.profile); !ok) {
      return ok.error();
    }
  }
  return profile;
}

void say(const std::string &line) {
  std::time_t now = std::time(nullptr);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", std::localtime(&now));
  std::cout << date << " " << line << std::endl;
}

/// The participants of `next` that are new or changed start; those gone
/// or changed stop.
void apply_profile(const ServerProfile &current, const ServerProfile &next,
                   ServerChildren &children) {
  auto find = [](const ServerProfile &in, const std::string &id) -> const Participant * {
    for (const Participant &p : in.participants) {
      if (p.id == id) {
        return &p;
      }
    }
    return nullptr;
  };
  for (const Participant &p : current.participants) {
    const Participant *now = find(next, p.id);
    if (now == nullptr || !(*now == p)) {
      children.stop(p.id, false);
      say("stopping '" + p.id + "'" + (now == nullptr ? "" : " to restart it changed"));
    }
  }
  for (const Participant &p : next.participants) {
    const Participant *before = find(current, p.id);
    if (before != nullptr && *before == p) {
      continue;
    }
    // A changed run starts again once its old self has ended.
    for (int i = 0; i < 200 && before != nullptr; ++i) {
      children.poll();
      bool running = false;
      for (const ChildView &c : children.children()) {
        running = running || (c.participant.id == p.id && c.running);
      }
      if (!running) {
        break;
      }
      usleep(50'000);
    }
    Expected<void> started = children.start(p);
    say(started ? "started '" + p.id + "'"
                : "cannot start '" + p.id + "': " + started.error().message);
  }
}

/// Listeners first: clients call them, so they have their sockets first
/// (their API answering says their run has opened everything).
void start_all(const ServerProfile &profile, ServerChildren &children) {
  ServerProfile none;
  ServerProfile listeners = profile;
  std::erase_if(listeners.participants,
                [](const Participant &p) { return p.role == Participant::Role::Client; });
  apply_profile(none, listeners, children);
  for (int i = 0; i < 100; ++i) {
    children.poll();
    bool ready = true;
    for (const ChildView &c : children.children()) {
      ready = ready && (c.api_port != 0 || !c.running);
    }
    if (ready) {
      break;
    }
    usleep(50'000);
  }
  apply_profile(listeners, profile, children);
}

int serve(const ServerCommandLine &cl, ServerProfile profile) {
  // The signals are read here, by sigtimedwait: blocked in every thread.
  sigset_t wanted;
  sigemptyset(&wanted);
  for (int s : {SIGINT, SIGTERM, SIGHUP}) {
    sigaddset(&wanted, s);
  }
  pthread_sigmask(SIG_BLOCK, &wanted, nullptr);
  runtime::ApiOptions options;
  if (Expected<void> a = runtime::parse_api_address(profile.api_addr, options); !a) {
    std::cerr << cl.profile << ": $.api_addr: " << a.error().message << '\n';
    return 1;
  }
  options.token = profile.api_token;
  options.tls_cert = profile.api_tls_cert;
  options.tls_key = profile.api_tls_key;
  char self[4096] = {};
  ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  ServerChildren children(n > 0 ? std::string(self, static_cast<size_t>(n)) : "gossipper", ".",
                          cl.sipp_options);
  Expected<std::unique_ptr<runtime::ApiServer>> api = runtime::ApiServer::serve(
      options, std::make_unique<ServerApi>(profile.api_token, profile.api_allow_exec,
                                           version_string(), children));
  if (!api) {
    std::cerr << "gossipper server: " << api.error().message << '\n';
    return 1;
  }
  say("gossipper server: API on " + options.host + ":" + std::to_string((*api)->port()));
  start_all(profile, children);
  while (true) {
    timespec wait{0, 200'000'000};
    int sig = sigtimedwait(&wanted, nullptr, &wait);
    children.poll();
    if (sig == SIGINT || sig == SIGTERM) {
      say("stopping every run");
      break;
    }
    if (sig == SIGHUP) {
      Expected<ServerProfile> next = checked_profile(cl);
      if (!next) {
        say("SIGHUP: the profile is not used: " + next.error().message);
        continue;
      }
      say("SIGHUP: reading " + cl.profile + " again");
      apply_profile(profile, *next, children);
      profile = *next;
    }
  }
  children.stop_all(30);
  (*api)->stop();
  return 0;
}

} // namespace

int run_server(const std::vector<std::string> &args) {
  Expected<ServerCommandLine> cl = parse_server_command_line(args);
  if (!cl) {
    std::cerr << cl.error().message << '\n';
    return 1;
  }
  Expected<ServerProfile> profile = checked_profile(*cl);
  if (!profile) {
    std::cerr << profile.error().message << '\n';
    return 1;
  }
  if (cl->check) {
    size_t listeners = 0;
    for (const Participant &p : profile->participants) {
      listeners += p.role == Participant::Role::Listener ? 1 : 0;
    }
    std::cout << cl->profile << ": ok: " << listeners << " listener(s), "
              << profile->participants.size() - listeners << " client(s)\n";
    return 0;
  }
  return serve(*cl, *profile);
}

} // namespace gossipper::tools

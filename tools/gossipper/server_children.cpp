//===- server_children.cpp - gossipper server's runs ----------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "server_children.hpp"

#include <algorithm>
#include <chrono>
#include <climits>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <random>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace gossipper::tools {
namespace {

/// 128 bits from the kernel's generator, as hex: a child's API token.
std::string fresh_token() {
  std::random_device rd;
  std::string out;
  const char *hex = "0123456789abcdef";
  for (int i = 0; i < 8; ++i) {
    uint32_t v = rd();
    for (int k = 0; k < 4; ++k) {
      out += hex[(v >> (k * 8)) & 0xF];
      out += hex[(v >> (k * 8 + 4)) & 0xF];
    }
  }
  return out;
}

} // namespace

std::string self_path() {
  char buf[PATH_MAX];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string("gossipper");
}

std::string make_work_dir(const std::string &prefix) {
  std::error_code ec;
  std::filesystem::path tmp = std::filesystem::temp_directory_path(ec);
  std::string dir = ((ec ? std::filesystem::path("/tmp") : tmp) / (prefix + "-XXXXXX")).string();
  return ::mkdtemp(dir.data()) != nullptr ? dir : std::string();
}

ServerChildren::~ServerChildren() { stop_all(10); }

std::string ServerChildren::port_file(const std::string &id) const {
  return work_ + "/" + id + ".api_port";
}

Expected<void> ServerChildren::start(const Participant &p) {
  std::lock_guard lock(mu_);
  for (const ChildView &c : children_) {
    if (c.participant.id == p.id && c.running) {
      return Error{"'" + p.id + "' is running already"};
    }
  }
  return launch(p, p.sipp_arguments(command_line_));
}

Expected<void> ServerChildren::start_arguments(const std::string &id,
                                               std::vector<std::string> arguments) {
  std::lock_guard lock(mu_);
  for (const ChildView &c : children_) {
    if (c.participant.id == id && c.running) {
      return Error{"'" + id + "' is running already"};
    }
  }
  Participant p;
  p.id = id;
  return launch(p, std::move(arguments));
}

Expected<void> ServerChildren::launch(const Participant &p, std::vector<std::string> arguments) {
  std::erase_if(children_, [&](const ChildView &c) { return c.participant.id == p.id; });
  ChildView child;
  child.participant = p;
  child.api_token = fresh_token();
  child.arguments = std::move(arguments);
  std::string port_path = port_file(p.id);
  ::unlink(port_path.c_str());
  // The child's own API, loopback only, its port written where we read it.
  for (const std::string &a :
       {std::string("-api_addr"), std::string("127.0.0.1:0"), std::string("-api_token"),
        child.api_token, std::string("-api_port_file"), port_path}) {
    child.arguments.push_back(a);
  }
  std::vector<std::string> argv = {self_, "sipp"};
  argv.insert(argv.end(), child.arguments.begin(), child.arguments.end());
  std::vector<char *> cargv;
  cargv.reserve(argv.size() + 1);
  for (std::string &a : argv) {
    cargv.push_back(a.data());
  }
  cargv.push_back(nullptr);
  std::string errors = work_ + "/" + p.id + ".err";
  pid_t pid = ::fork();
  if (pid < 0) {
    return Error{"cannot start '" + p.id + "': fork failed"};
  }
  if (pid == 0) {
    sigset_t none; // the server blocks the signals it waits for; a run must get them
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    // A server killed outright (SIGKILL) must not leave its runs calling.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    int null = ::open("/dev/null", O_RDWR);
    int err = ::open(errors.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    ::dup2(null, 0);
    ::dup2(null, 1); // the screens: the child's API and files say it all
    ::dup2(err >= 0 ? err : null, 2);
    ::setpgid(0, 0); // the server's terminal signals are the server's to pass on
    ::execv(self_.c_str(), cargv.data());
    ::_exit(127);
  }
  child.pid = pid;
  child.running = true;
  children_.push_back(std::move(child));
  return {};
}

bool ServerChildren::stop(const std::string &id, bool now) {
  std::lock_guard lock(mu_);
  for (ChildView &c : children_) {
    if (c.participant.id == id && c.running) {
      ::kill(c.pid, now ? SIGTERM : SIGUSR1);
      return true;
    }
  }
  return false;
}

bool ServerChildren::retire(const std::string &id) {
  std::lock_guard lock(mu_);
  for (ChildView &c : children_) {
    if (c.participant.id == id && c.running) {
      c.participant.id = id + "~" + std::to_string(++retired_);
      ::kill(c.pid, SIGUSR1);
      return true;
    }
  }
  return false;
}

void ServerChildren::poll() {
  std::lock_guard lock(mu_);
  for (ChildView &c : children_) {
    if (!c.running) {
      continue;
    }
    int status = 0;
    if (::waitpid(c.pid, &status, WNOHANG) == c.pid) {
      c.running = false;
      c.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      continue;
    }
    if (c.api_port == 0) {
      std::ifstream in(c.arguments.back()); // -api_port_file's value, last
      unsigned port = 0;
      if (in >> port && port > 0 && port <= 65535) {
        c.api_port = static_cast<uint16_t>(port);
      }
    }
  }
}

std::optional<ChildView> ServerChildren::wait_started(const std::string &id,
                                                      std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    poll();
    std::optional<ChildView> view;
    for (const ChildView &c : children()) {
      if (c.participant.id == id) {
        view = c;
      }
    }
    if (!view || !view->running || view->api_port != 0 ||
        std::chrono::steady_clock::now() >= deadline) {
      return view;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

void ServerChildren::stop_all(int seconds) {
  {
    std::lock_guard lock(mu_);
    for (const ChildView &c : children_) {
      if (c.running) {
        ::kill(c.pid, SIGTERM);
      }
    }
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (any_running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    poll();
  }
  std::lock_guard lock(mu_);
  for (ChildView &c : children_) {
    if (c.running) {
      ::kill(c.pid, SIGKILL);
      ::waitpid(c.pid, nullptr, 0);
      c.running = false;
      c.exit_code = 128 + SIGKILL;
    }
  }
}

std::vector<ChildView> ServerChildren::children() const {
  std::lock_guard lock(mu_);
  return children_;
}

bool ServerChildren::any_running() const {
  std::lock_guard lock(mu_);
  return std::any_of(children_.begin(), children_.end(),
                     [](const ChildView &c) { return c.running; });
}

} // namespace gossipper::tools

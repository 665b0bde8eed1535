//===- actions.cpp - What each scenario action does -----------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "call/actions.hpp"

#include "call/authentication.hpp"
#include "call/distribution.hpp"
#include "gossipper/runtime/address.hpp"
#include "gossipper/stdlib/url_coding.hpp"
#include "time/clock.hpp"

#include <cstring>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

namespace gossipper::runtime {
namespace {

/// The text after the occurrence-th `header` up to the end of its line, as
/// SIPp's extractSubMessage (at most 2048 bytes).
std::string header_haystack(std::string_view msg, const std::string &header, uint32_t occurrence,
                            bool case_indep, bool line_start) {
  size_t pos = 0;
  uint32_t seen = 0;
  while (pos <= msg.size()) {
    size_t hit = std::string_view::npos;
    for (size_t i = pos; i + header.size() <= msg.size(); ++i) {
      bool same = case_indep ? strncasecmp(msg.data() + i, header.data(), header.size()) == 0
                             : msg.compare(i, header.size(), header) == 0;
      if (same && (!line_start || i == 0 || msg[i - 1] == '\n')) {
        hit = i;
        break;
      }
    }
    if (hit == std::string_view::npos) {
      return {};
    }
    if (++seen >= std::max<uint32_t>(occurrence, 1)) {
      size_t start = hit + header.size();
      size_t end = msg.find_first_of("\r\n", start);
      std::string_view value =
          msg.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
      return std::string(value.substr(0, 2048));
    }
    pos = hit + 1;
  }
  return {};
}

double operand(Call *call, const ir::Operand &op) {
  if (op.value) {
    return *op.value;
  }
  return op.var < call->vars.size() ? call->vars[op.var].as_double() : 0.0;
}

/// Runs `command` through the shell in a grandchild, as SIPp does, so the
/// call never waits for it.
void spawn_detached(const std::string &command) {
  pid_t child = fork();
  if (child == 0) {
    if (fork() == 0) {
      execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char *>(nullptr));
      _exit(127);
    }
    _exit(0);
  }
  if (child > 0) {
    int status = 0;
    waitpid(child, &status, 0);
  }
}

} // namespace

ActionRunner::ActionRunner(CallEnvironment &env, Renderer &renderer)
    : env_(env), renderer_(renderer) {
  const ir::Scenario &s = env.scenario;
  size_t all = s.states.size() + s.init_states.size();
  regexes_.resize(all);
  for (size_t i = 0; i < all; ++i) {
    const ir::State &st = i < s.states.size() ? s.states[i] : s.init_states[i - s.states.size()];
    for (const ir::Action &a : st.actions) {
      const auto *e = std::get_if<ir::EregAction>(&a.body);
      regexes_[i].push_back(e != nullptr ? compile_regex(e->regex, 0) : no_regex());
    }
  }
}

int ActionRunner::run_state(Call *call, uint32_t state, std::string_view msg) {
  std::string_view previous = message_;
  message_ = msg;
  int result = run_state(call, state);
  message_ = previous;
  return result;
}

int ActionRunner::run_state(Call *call, uint32_t state) {
  const gsp_program *program = env_.ctx.program;
  return program->run_actions(program->self, renderer_.services(), call, state);
}

int ActionRunner::run(Call *call, uint32_t state_index, uint32_t action_index) {
  const ir::Scenario &s = env_.scenario;
  const ir::State &st = state_index < s.states.size()
                            ? s.states[state_index]
                            : s.init_states[state_index - s.states.size()];
  const ir::Action &action = st.actions[action_index];
  return std::visit(
      [&](const auto &a) -> int {
        if constexpr (std::is_same_v<std::decay_t<decltype(a)>, ir::EregAction>) {
          return apply(call, a, regexes_[state_index][action_index]);
        } else {
          return apply(call, a);
        }
      },
      action.body);
}

int ActionRunner::apply(Call *call, const ir::EregAction &a, const PosixRegex &re) {
  std::string hay;
  switch (a.search_in) {
  case ir::EregAction::SearchIn::Message: hay = message_; break;
  case ir::EregAction::SearchIn::Body: {
    size_t body = message_.find("\r\n\r\n");
    if (body == std::string_view::npos) {
      if (a.check.check_it) {
        return GSP_REGEXP_HDR_NOT_FOUND;
      }
    } else {
      hay = message_.substr(body + 4);
    }
    break;
  }
  case ir::EregAction::SearchIn::Variable: hay = call->vars[a.variable].as_string(); break;
  case ir::EregAction::SearchIn::Header:
    hay = header_haystack(message_, a.header, a.occurrence, a.case_indep, a.start_line);
    if (hay.empty() && a.check.check_it) {
      return GSP_REGEXP_HDR_NOT_FOUND;
    }
    break;
  }
  if (re == nullptr) {
    return GSP_OK; // verified at load; cannot happen
  }
  regmatch_t groups[10];
  bool matched = regexec(re.get(), hay.c_str(), 10, groups, 0) == 0;
  if (matched) {
    for (size_t i = 0; i < a.assign_to.size() && i < 10; ++i) {
      if (groups[i].rm_so >= 0) {
        call->vars[a.assign_to[i]].set_match(
            std::string_view(hay).substr(static_cast<size_t>(groups[i].rm_so),
                                         static_cast<size_t>(groups[i].rm_eo - groups[i].rm_so)));
      }
    }
  }
  if (a.check.check_it && !matched) {
    return GSP_REGEXP_DOESNT_MATCH;
  }
  if (a.check.check_it_inverse && matched) {
    return GSP_REGEXP_SHOULDNT_MATCH;
  }
  return GSP_OK;
}

int ActionRunner::apply(Call *call, const ir::LogAction &a) {
  std::string text = renderer_.render_text(call, a.message);
  if (a.level == ir::LogAction::Level::Log) {
    env_.call_event(CallEvent::Kind::Log, *call, text);
    if (env_.hooks.log) {
      env_.hooks.log(text);
    }
  } else if (a.level == ir::LogAction::Level::Warning) {
    env_.warn(text);
  } else {
    env_.fatal(text);
  }
  return GSP_OK;
}

int ActionRunner::apply(Call *call, const ir::ArithmeticAction &a) {
  CallVariable &target = call->vars[a.target];
  double rhs = operand(call, a.rhs);
  double lhs = target.as_double();
  switch (a.op) {
  case ir::ArithmeticAction::Op::Assign: target.set_double(rhs); break;
  case ir::ArithmeticAction::Op::Add: target.set_double(lhs + rhs); break;
  case ir::ArithmeticAction::Op::Subtract: target.set_double(lhs - rhs); break;
  case ir::ArithmeticAction::Op::Multiply: target.set_double(lhs * rhs); break;
  case ir::ArithmeticAction::Op::Divide:
    if (rhs == 0.0) {
      env_.warn("division by zero in call " + call->id + "; the variable keeps its value");
    } else {
      target.set_double(lhs / rhs);
    }
    break;
  }
  return GSP_OK;
}

int ActionRunner::apply(Call *call, const ir::SampleAction &a) {
  call->vars[a.target].set_double(sample(a.distribution, env_.rng, env_.cfg.default_pause_ms));
  return GSP_OK;
}

int ActionRunner::apply(Call *call, const ir::ToDoubleAction &a) {
  double v = 0;
  if (call->vars[a.source].to_double(v)) {
    call->vars[a.target].set_double(v);
  } else {
    env_.warn("todouble: the variable does not hold a number, in call " + call->id);
  }
  return GSP_OK;
}

int ActionRunner::apply(Call *call, const ir::IndexAction &a) {
  call->vars[a.target].set_double(call->msg_index);
  return GSP_OK;
}

int ActionRunner::apply(Call *call, const ir::GetTimeOfDayAction &a) {
  uint64_t now = wall_us();
  call->vars[a.seconds].set_double(static_cast<double>(now / 1000000));
  call->vars[a.microseconds].set_double(static_cast<double>(now % 1000000));
  return GSP_OK;
}

int ActionRunner::apply(Call *call, const ir::AssignStrAction &a) {
  call->vars[a.target].set_string(renderer_.render_text(call, a.value));
  return GSP_OK;
}

int ActionRunner::apply(Call *call, const ir::StrcmpAction &a) {
  std::string lhs(call->vars[a.variable].as_string());
  std::string rhs = a.value ? *a.value : std::string(call->vars[a.variable2].as_string());
  int r = std::strcmp(lhs.c_str(), rhs.c_str());
  if (a.check.check_it && r != 0) {
    return GSP_STRCMP_DOESNT_MATCH;
  }
  if (a.check.check_it_inverse && r == 0) {
    return GSP_STRCMP_SHOULDNT_MATCH;
  }
  if (a.target != ir::kNoVar) {
    call->vars[a.target].set_double(r);
  }
  return GSP_OK;
}

int ActionRunner::apply(Call *call, const ir::TestAction &a) {
  double lhs = call->vars[a.variable].as_double();
  double rhs = operand(call, a.rhs);
  bool r = false;
  switch (a.compare) {
  case ir::TestAction::Compare::Equal: r = lhs == rhs; break;
  case ir::TestAction::Compare::NotEqual: r = lhs != rhs; break;
  case ir::TestAction::Compare::Greater: r = lhs > rhs; break;
  case ir::TestAction::Compare::Less: r = lhs < rhs; break;
  case ir::TestAction::Compare::GreaterEqual: r = lhs >= rhs; break;
  case ir::TestAction::Compare::LessEqual: r = lhs <= rhs; break;
  }
  if (a.check.check_it && !r) {
    env_.warn("test with check_it failed in call " + call->id);
    return GSP_TEST_DOESNT_MATCH;
  }
  if (a.check.check_it_inverse && r) {
    return GSP_TEST_SHOULDNT_MATCH;
  }
  if (a.target != ir::kNoVar) {
    call->vars[a.target].set_bool(r);
  }
  return GSP_OK;
}

int ActionRunner::apply(Call *call, const ir::VerifyAuthAction &a) {
  bool ok = verify_authorization(message_, renderer_.render_text(call, a.username),
                                 renderer_.render_text(call, a.password));
  if (a.target != ir::kNoVar) {
    call->vars[a.target].set_bool(ok);
  }
  return GSP_OK;
}

int ActionRunner::apply(Call *call, const ir::StringTransformAction &a) {
  CallVariable &v = call->vars[a.variable];
  std::string text(v.as_string());
  switch (a.op) {
  case ir::StringTransformAction::Op::Trim: {
    size_t b = text.find_first_not_of(" \t\r\n");
    size_t e = text.find_last_not_of(" \t\r\n");
    text = b == std::string::npos ? std::string() : text.substr(b, e - b + 1);
    break;
  }
  case ir::StringTransformAction::Op::UrlEncode: text = stdlib::url_encode(text); break;
  case ir::StringTransformAction::Op::UrlDecode: text = stdlib::url_decode(text); break;
  }
  v.set_string(text);
  return GSP_OK;
}

int ActionRunner::apply(Call *call, const ir::JumpAction &a) {
  double target = operand(call, a.target);
  if (a.op == ir::JumpAction::Op::Jump) {
    auto to = static_cast<int>(target);
    if (to < 0 || static_cast<size_t>(to) > env_.state_count()) {
      env_.warn("jump to " + std::to_string(to) + " is outside the scenario, in call " + call->id);
    } else {
      call->msg_index = to - 1;
    }
  } else {
    call->paused_until = static_cast<uint64_t>(target);
    call->turn_wait = false;
  }
  return GSP_OK;
}

int ActionRunner::apply(Call *call, const ir::InjectionFileAction &a) {
  // SIPp stops the whole run on any of these errors; so do we, but with the
  // reason in the error log and the FatalErrors counter.
  std::string name = renderer_.render_text(call, a.file);
  stdlib::InjectionFile *file = nullptr;
  for (const auto &[n, f] : env_.ctx.injection_files) {
    if (n == name) {
      file = f.get();
    }
  }
  if (file == nullptr) {
    env_.fatal("no injection file '" + name + "' was given with -inf (call " + call->id + ")");
    return GSP_OK;
  }
  switch (a.op) {
  case ir::InjectionFileAction::Op::Lookup:
    if (!file->indexed()) {
      env_.fatal("<lookup> in '" + name + "', which has no -infindex (call " + call->id + ")");
      return GSP_OK;
    }
    call->vars[a.target].set_double(
        static_cast<double>(file->lookup(renderer_.render_text(call, a.key))));
    return GSP_OK;
  case ir::InjectionFileAction::Op::Insert:
    if (Expected<void> done = file->insert(renderer_.render_text(call, a.value)); !done) {
      env_.fatal(done.error().message + " (call " + call->id + ")");
    }
    return GSP_OK;
  case ir::InjectionFileAction::Op::Replace: {
    std::string line = renderer_.render_text(call, a.key);
    char *end = nullptr;
    double n = std::strtod(line.c_str(), &end);
    // As SIPp: strtod over the whole text, so "" (how a 0 renders) is line 0.
    if (*end != '\0') {
      env_.fatal("<replace>: invalid line number '" + line + "' (call " + call->id + ")");
      return GSP_OK;
    }
    Expected<void> done = file->replace(static_cast<long>(n), renderer_.render_text(call, a.value));
    if (!done) {
      env_.fatal(done.error().message + " (call " + call->id + ")");
    }
    return GSP_OK;
  }
  }
  return GSP_OK;
}

int ActionRunner::apply(Call *call, const ir::SetDestAction &a) {
  set_destination(call, renderer_.render_text(call, a.host), renderer_.render_text(call, a.port),
                  renderer_.render_text(call, a.protocol));
  return GSP_OK;
}

void ActionRunner::set_destination(Call *call, const std::string &host, const std::string &port,
                                   const std::string &protocol) {
  char *end = nullptr;
  double number = std::strtod(port.c_str(), &end);
  if (*end != '\0' || number < 0 || number > 65535) {
    env_.fatal("Invalid port for setdest: " + port);
    return;
  }
  bool tcp = false;
  if (protocol == "udp" || protocol == "UDP") {
    tcp = false;
  } else if (protocol == "tcp" || protocol == "TCP") {
    tcp = true;
  } else if (protocol == "tls" || protocol == "TLS") {
    env_.fatal("Changing destinations is not supported for TLS.");
    return;
  } else if (protocol == "sctp" || protocol == "SCTP") {
    env_.fatal("Can not switch protocols during setdest.");
    return;
  } else {
    env_.fatal("Unknown transport for setdest: '" + protocol + "'");
    return;
  }
  boost::system::error_code ec;
  boost::asio::ip::address address = boost::asio::ip::make_address(host, ec);
  if (ec) {
    // A name: resolved here, blocking, as SIPp does.
    Expected<std::string> found = resolve(host);
    if (found) {
      address = boost::asio::ip::make_address(*found, ec);
    }
    if (!found || ec) {
      env_.fatal("Unknown host '" + host + "' for setdest");
      return;
    }
  }
  boost::asio::ip::udp::endpoint peer(address, static_cast<uint16_t>(number));
  if (Expected<void> done = env_.transport.set_destination(*call, peer, tcp); !done) {
    env_.fatal(done.error().message);
  }
}

int ActionRunner::apply(Call *call, const ir::CloseConAction &) {
  env_.transport.close_connection(*call);
  return GSP_OK;
}

int ActionRunner::apply(Call *call, const ir::ExecCommandAction &a) {
  spawn_detached(renderer_.render_text(call, a.command));
  return GSP_OK;
}

int ActionRunner::apply(Call *, const ir::InternalCommandAction &a) {
  switch (a.op) {
  case ir::InternalCommandAction::Op::StopCall: return GSP_STOP_CALL;
  case ir::InternalCommandAction::Op::StopGracefully:
    if (env_.hooks.stop_gracefully) {
      env_.hooks.stop_gracefully();
    }
    return GSP_OK;
  case ir::InternalCommandAction::Op::StopNow:
    if (env_.hooks.stop_now) {
      env_.hooks.stop_now();
    }
    return GSP_OK;
  }
  return GSP_OK;
}

int ActionRunner::apply(Call *call, const ir::MediaAction &a) {
  if (env_.media == nullptr) {
    return GSP_OK; // a scenario with media actions always has its media
  }
  std::string digits;
  if (a.op == ir::MediaAction::Op::PlayDtmf) {
    digits = renderer_.render_text(call, a.digits);
  }
  return env_.media->run(*call, a, digits);
}

} // namespace gossipper::runtime

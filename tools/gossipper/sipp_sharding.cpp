//===- sipp_sharding.cpp - Which shard of a sharded run this is -----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Every refusal comes before any traffic: a shard that ran with a wrong
// idea of its share would skew the whole run's load, and its siblings
// cannot tell.
//
//===----------------------------------------------------------------------===//
#include "sipp_sharding.hpp"

#include "sipp_option_kinds.hpp"

#include "gossipper/runtime/run_share.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <optional>
#include <ostream>
#include <thread>

namespace gossipper::tools {

namespace {

using C = SippCommandLine;
using S = const std::string &;
using runtime::kMaxShards;

constexpr uint64_t kDayMs = 24ULL * 3600 * 1000;

/// A whole number written with digits only (no sign, no space, no base).
std::optional<uint64_t> whole_number(std::string_view v) {
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (v.empty() || ec != std::errc() || end != v.data() + v.size()) {
    return std::nullopt;
  }
  return n;
}

std::string shards_range() { return "1 to " + std::to_string(kMaxShards); }

struct ShardOf {
  uint32_t index;
  uint32_t count;
};

Expected<ShardOf> parse_shard(S v) {
  size_t slash = v.find('/');
  std::optional<uint64_t> i = slash == std::string::npos
                                  ? std::nullopt
                                  : whole_number(std::string_view(v).substr(0, slash));
  std::optional<uint64_t> n = slash == std::string::npos
                                  ? std::nullopt
                                  : whole_number(std::string_view(v).substr(slash + 1));
  if (!i || !n || *n == 0 || *n > kMaxShards || *i >= *n) {
    return Error{"-shard, \"" + v +
                 "\" is not I/N: this process is shard I of N, I from 0 to N-1, " + "N from " +
                 shards_range() + kSeeHelp};
  }
  return ShardOf{static_cast<uint32_t>(*i), static_cast<uint32_t>(*n)};
}

Expected<uint32_t> parse_shard_count(S v) {
  std::optional<uint64_t> n = whole_number(v);
  if (!n || *n == 0 || *n > kMaxShards) {
    return Error{"-shards, \"" + v + "\" is not a number of shards (" + shards_range() + ")" +
                 kSeeHelp};
  }
  return static_cast<uint32_t>(*n);
}

Expected<uint64_t> parse_start_at(S v) {
  std::optional<uint64_t> ms = whole_number(v);
  if (!ms || *ms == 0) {
    return Error{"-start_at, \"" + v + "\" is not a time in milliseconds since the epoch" +
                 " (date +%s%3N)" + kSeeHelp};
  }
  return *ms;
}

/// An environment variable's value, unset when empty.
const char *variable(const EnvLookup &env, const char *name) {
  const char *v = env(name);
  return v != nullptr && *v != '\0' ? v : nullptr;
}

/// N from -shards, else GOSSIPPER_SHARDS (0: neither).
Expected<uint32_t> shard_count_given(const SippCommandLine &cl, const EnvLookup &env) {
  if (cl.shards != 0) {
    return cl.shards;
  }
  const char *v = variable(env, "GOSSIPPER_SHARDS");
  if (v == nullptr) {
    return 0U;
  }
  std::optional<uint64_t> n = whole_number(v);
  if (!n || *n == 0 || *n > kMaxShards) {
    return Error{"GOSSIPPER_SHARDS=\"" + std::string(v) + "\" is not a number of shards (" +
                 shards_range() + ")"};
  }
  return static_cast<uint32_t>(*n);
}

/// The shard from the environment: JOB_COMPLETION_INDEX of -shards N or
/// GOSSIPPER_SHARDS.
Expected<void> shard_from_environment(SippCommandLine &cl, const EnvLookup &env) {
  Expected<uint32_t> count = shard_count_given(cl, env);
  if (!count) {
    return count.error();
  }
  const char *index = variable(env, "JOB_COMPLETION_INDEX");
  std::string count_from = cl.shards != 0 ? "-shards " + std::to_string(*count)
                                          : "GOSSIPPER_SHARDS=" + std::to_string(*count);
  if (index == nullptr) {
    if (*count > 1) {
      return Error{count_from + " says how many shards the run has, not which one this " +
                   "process is: give -shard I/N, or set JOB_COMPLETION_INDEX (a Kubernetes " +
                   "Indexed Job sets it)"};
    }
    return {};
  }
  std::optional<uint64_t> i = whole_number(index);
  if (!i) {
    return Error{"JOB_COMPLETION_INDEX=\"" + std::string(index) +
                 "\" is not a shard index (a whole number from 0)"};
  }
  if (*count == 0) {
    return {}; // an index alone (any Indexed Job sets it): not a sharded run
  }
  if (*i >= *count) {
    return Error{"JOB_COMPLETION_INDEX=" + std::string(index) + " is not a shard of the " +
                 std::to_string(*count) + " that " + count_from + " gives (0 to " +
                 std::to_string(*count - 1) + ")"};
  }
  cl.run.shard_index = static_cast<uint32_t>(*i);
  cl.run.shard_count = *count;
  return {};
}

/// -m and -users under N would leave a shard nothing to do (and a -m of 0
/// would mean no limit at all).
Expected<void> check_totals(const runtime::RunConfig &cfg) {
  std::string shards = std::to_string(cfg.shard_count) + " shards";
  if (cfg.max_calls != 0 && cfg.max_calls < cfg.shard_count) {
    return Error{"-m " + std::to_string(cfg.max_calls) + " is fewer calls than the " + shards +
                 ": some would make none"};
  }
  if (cfg.users > 0 && static_cast<uint64_t>(cfg.users) < cfg.shard_count) {
    return Error{"-users " + std::to_string(cfg.users) + " is fewer users than the " + shards +
                 ": some would have none"};
  }
  return {};
}

} // namespace

std::vector<SippOption> shard_options() {
  const HelpIn h{HelpSection::Running};
  return {
      checked_option(
          "shard", parse_shard,
          [](C &c, ShardOf s) {
            c.run.shard_index = s.index;
            c.run.shard_count = s.count;
            c.shard_given = true;
          },
          h.entry("I/N",
                  {"Ours: this process is shard I (from 0) of a run of N",
                   "processes with this command line: it makes its share of",
                   "-r, -m, -l and -users (the totals), numbers its calls",
                   "I+1, I+1+N..., reads its slice of a SEQUENTIAL -inf, binds",
                   "-p + I and its slice of the RTP ports (docs/sharding.md).",
                   "Without it: JOB_COMPLETION_INDEX of -shards N, else of", "GOSSIPPER_SHARDS."})),
      checked_option(
          "shards", parse_shard_count, [](C &c, uint32_t n) { c.shards = n; }, h.in_text("N")),
      checked_option(
          "start_at", parse_start_at, [](C &c, uint64_t ms) { c.run.start_at_ms = ms; },
          h.entry("EPOCH_MS",
                  {"Ours: the first call (and the rate's clock) waits for",
                   "this wall-clock time, ms since the epoch, so that shards",
                   "start together; the scenario is loaded and the sockets",
                   "bound before. Past: starts now, with a warning. At most", "a day ahead."})),
  };
}

Expected<void> resolve_shard(SippCommandLine &cl, const EnvLookup &env, uint64_t now_ms) {
  runtime::RunConfig &cfg = cl.run;
  if (cfg.start_at_ms > now_ms + kDayMs) {
    return Error{"-start_at " + std::to_string(cfg.start_at_ms) + " is " +
                 std::to_string((cfg.start_at_ms - now_ms) / 3600000) +
                 " hours from now: more than a day ahead (it counts milliseconds since the epoch)"};
  }
  if (cl.shard_given) {
    if (cl.shards != 0 && cl.shards != cfg.shard_count) {
      return Error{"-shards " + std::to_string(cl.shards) + " disagrees with -shard " +
                   std::to_string(cfg.shard_index) + "/" + std::to_string(cfg.shard_count)};
    }
  } else if (Expected<void> found = shard_from_environment(cl, env); !found) {
    return found;
  }
  return cfg.sharded() ? check_totals(cfg) : Expected<void>{};
}

Expected<void> shard_ports(SippCommandLine &cl) {
  runtime::RunConfig &cfg = cl.run;
  if (!cfg.sharded()) {
    return {};
  }
  if (cfg.local_port != 0) {
    uint32_t port = uint32_t{cfg.local_port} + cfg.shard_index;
    if (port > 65535) {
      return Error{"-p " + std::to_string(cfg.local_port) + " + shard " +
                   std::to_string(cfg.shard_index) + " is past port 65535"};
    }
    cfg.local_port = static_cast<uint16_t>(port);
  }
  if (!cl.rtp_ports_given) {
    return {};
  }
  uint64_t ports =
      cfg.max_rtp_port >= cfg.min_rtp_port ? uint64_t{cfg.max_rtp_port} - cfg.min_rtp_port + 1 : 0;
  runtime::ShareSlice slice = runtime::shard_slice(ports, cfg.shard_index, cfg.shard_count);
  if (slice.size() < 2) {
    return Error{"-min_rtp_port " + std::to_string(cfg.min_rtp_port) + " to -max_rtp_port " +
                 std::to_string(cfg.max_rtp_port) + " cut in " + std::to_string(cfg.shard_count) +
                 " slices leaves shard " + std::to_string(cfg.shard_index) + " " +
                 std::to_string(slice.size()) + " port(s): a stream needs 2"};
  }
  auto low = static_cast<uint16_t>(cfg.min_rtp_port + slice.first);
  cfg.max_rtp_port = static_cast<uint16_t>(cfg.min_rtp_port + slice.end - 1);
  cfg.min_rtp_port = low;
  cfg.media_port = low;
  return {};
}

Expected<void> shard_injection_rows(const std::string &name, stdlib::InjectionFile &file,
                                    const runtime::RunConfig &cfg) {
  if (!cfg.sharded() || file.order() != stdlib::InjectionFile::Order::Sequential) {
    return {};
  }
  auto rows = static_cast<uint64_t>(std::max(0L, file.line_count()));
  runtime::ShareSlice slice = runtime::shard_slice(rows, cfg.shard_index, cfg.shard_count);
  if (slice.size() == 0) {
    return Error{name + " has " + std::to_string(rows) + " lines for " +
                 std::to_string(cfg.shard_count) + " shards: shard " +
                 std::to_string(cfg.shard_index) +
                 " would have none (a SEQUENTIAL file is cut between the shards)"};
  }
  file.keep_sequential_lines(slice.first, slice.size());
  return {};
}

uint64_t epoch_ms_now() {
  using namespace std::chrono;
  return static_cast<uint64_t>(
      duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

void wait_for_start(uint64_t start_at_ms, std::ostream &err) {
  if (start_at_ms == 0) {
    return;
  }
  using namespace std::chrono;
  uint64_t now = epoch_ms_now();
  if (start_at_ms <= now) {
    err << "Warning: -start_at " << start_at_ms << " was " << now - start_at_ms
        << " ms ago: starting now\n";
    return;
  }
  std::this_thread::sleep_until(system_clock::time_point(milliseconds(start_at_ms)));
}

} // namespace gossipper::tools

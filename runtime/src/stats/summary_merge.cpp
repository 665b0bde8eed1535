//===- summary_merge.cpp - One summary from the shards' summaries ---------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Each summary is read back into the totals a run writes from (a
// StatsSnapshot, SummaryNames, the health limits); the totals are added;
// the merged summary is written by the same code a run writes with, so
// averages, deviations, percentiles, rates and gates are computed as one
// process with all the calls would have computed them.
//
//===----------------------------------------------------------------------===//
#include "gossipper/runtime/summary_merge.hpp"

#include "gossipper/runtime/exit_code.hpp"
#include "stats/figures_sum.hpp"
#include "stats/summary_reading.hpp"
#include "stats/summary_timeline.hpp"
#include "time/wall_date.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace gossipper::runtime {
namespace json = boost::json;

namespace {

struct ReadSummary {
  const SummaryText *file = nullptr;
  json::object doc;
  ShardSummary s;
  std::optional<ShardTimeline> timeline;
};

Error refusal(const SummaryText &file, const std::string &why) {
  return Error{file.name + ": " + why, 1};
}

/// The text as a JSON object; the error names the line and column.
Expected<json::object> parse_object(const SummaryText &file) {
  json::stream_parser parser;
  boost::system::error_code ec;
  size_t used = parser.write(file.text.data(), file.text.size(), ec);
  if (!ec) {
    parser.finish(ec);
  }
  if (ec) {
    used = std::min(used, file.text.size());
    size_t line =
        1 + std::count(file.text.begin(), file.text.begin() + static_cast<long>(used), '\n');
    size_t line_start = file.text.rfind('\n', used == 0 ? 0 : used - 1);
    size_t column = used - (line_start == std::string::npos ? 0 : line_start + 1) + 1;
    return refusal(file, "not JSON (" + ec.message() + ") at line " + std::to_string(line) +
                             ", column " + std::to_string(column));
  }
  json::value v = parser.release();
  if (!v.is_object()) {
    return refusal(file, "not a JSON object");
  }
  return std::move(v.get_object());
}

void add_series(StatsSnapshot::SeriesSum &into, const StatsSnapshot::SeriesSum &s) {
  if (s.count != 0) {
    into.min_us = into.count == 0 ? s.min_us : std::min(into.min_us, s.min_us);
    into.max_us = std::max(into.max_us, s.max_us);
    into.min_ms = into.min_us / 1000;
    into.max_ms = into.max_us / 1000;
  }
  into.count += s.count;
  into.sum_ms += s.sum_ms;
  into.sum_sq_ms += s.sum_sq_ms;
  for (size_t i = 0; i < into.fixed.size(); ++i) {
    into.fixed[i] += s.fixed[i];
  }
  add_counts(into.buckets, s.buckets);
  add_counts(into.histogram, s.histogram);
}

void add_totals(StatsSnapshot &into, const StatsSnapshot &s) {
  for (size_t i = 0; i < into.counters.size(); ++i) {
    into.counters[i] += s.counters[i];
  }
  for (size_t i = 0; i < into.user_counters.size(); ++i) {
    into.user_counters[i] += s.user_counters[i];
  }
  for (size_t i = 0; i < into.rtd.size(); ++i) {
    add_series(into.rtd[i], s.rtd[i]);
  }
  add_series(into.call_length, s.call_length);
  add_media_summary(into.media, s.media);
  into.open_calls += s.open_calls;
}

/// Why `b` is not a shard of the same run as `a` (empty: it is).
std::string mismatch(const ShardSummary &a, const ShardSummary &b) {
  if (b.scenario != a.scenario) {
    return "scenario '" + b.scenario + "', not '" + a.scenario + "'";
  }
  if (b.shard_count != a.shard_count) {
    return "shard count " + std::to_string(b.shard_count) + ", not " +
           std::to_string(a.shard_count);
  }
  if (b.names.counters != a.names.counters) {
    return "other user counters (counters)";
  }
  if (b.names.rtds != a.names.rtds) {
    return "other response times (rtd)";
  }
  if (b.names.rtd_bounds_ms != a.names.rtd_bounds_ms ||
      b.names.call_length_bounds_ms != a.names.call_length_bounds_ms) {
    return "another repartition";
  }
  auto limits = [](const HealthLimits &l) {
    return std::tie(l.max_failed_ratio, l.min_calls, l.max_p99_ms, l.min_mos, l.max_loss_ratio);
  };
  if (limits(b.limits) != limits(a.limits)) {
    return "other health gates or limits (health.gates)";
  }
  return {};
}

/// Reads every file and checks that they are distinct shards of one run.
Expected<std::vector<ReadSummary>> read_all(const std::vector<SummaryText> &files) {
  std::vector<ReadSummary> all;
  std::map<std::string, const SummaryText *> run_ids;
  std::map<uint32_t, const SummaryText *> indexes;
  for (const SummaryText &file : files) {
    Expected<json::object> doc = parse_object(file);
    if (!doc) {
      return doc.error();
    }
    ReadSummary r{&file, std::move(*doc), {}, {}};
    try {
      r.s = read_shard_summary(r.doc);
      r.timeline = read_timeline(r.doc);
    } catch (const SummaryRefusal &e) {
      return refusal(file, e.what());
    }
    if (auto [it, fresh] = run_ids.emplace(r.s.run_id, &file); !fresh) {
      return refusal(file, "the same run (run_id " + r.s.run_id + ") as " + it->second->name +
                               ": a summary cannot be merged with itself");
    }
    if (auto [it, fresh] = indexes.emplace(r.s.shard_index, &file); !fresh) {
      return refusal(file, "shard " + std::to_string(r.s.shard_index) + " again (" +
                               it->second->name + " is that shard too)");
    }
    if (!all.empty()) {
      if (std::string why = mismatch(all.front().s, r.s); !why.empty()) {
        return refusal(file,
                       "not a shard of the same run as " + all.front().file->name + ": " + why);
      }
    }
    all.push_back(std::move(r));
  }
  return all;
}

/// The members of `from` added into `into`: numbers summed, objects
/// merged member by member, anything else kept from the first file.
void add_numbers(json::object &into, const json::object &from) {
  for (const auto &kv : from) {
    json::value *mine = into.if_contains(kv.key());
    const json::value &theirs = kv.value();
    if (mine == nullptr || mine->is_null()) {
      into[kv.key()] = theirs;
    } else if (mine->is_object() && theirs.is_object()) {
      add_numbers(mine->get_object(), theirs.get_object());
    } else if (mine->is_uint64() || mine->is_int64() || mine->is_double()) {
      if (mine->is_uint64() && theirs.is_uint64()) {
        *mine = mine->get_uint64() + theirs.get_uint64();
      } else if (mine->is_int64() && theirs.is_int64()) {
        *mine = mine->get_int64() + theirs.get_int64();
      } else if (theirs.is_number()) {
        *mine = mine->to_number<double>() + theirs.to_number<double>();
      }
    }
  }
}

/// "generator": maxima kept, counts added. The overload controller's
/// figures are per process: see merge_notes.
json::object merged_generator(const std::vector<ReadSummary> &all) {
  json::object g;
  uint64_t lag = 0;
  uint64_t saturated_ms = 0;
  bool controlled = false;
  for (const ReadSummary &r : all) {
    const json::value *v = r.doc.if_contains("generator");
    if (v == nullptr || !v->is_object()) {
      continue;
    }
    json::object mine = v->get_object();
    if (const json::value *l = mine.if_contains("max_timer_lag_ms"); l && l->is_number()) {
      lag = std::max(lag, l->to_number<uint64_t>());
    }
    if (const json::value *s = mine.if_contains("saturation"); s && s->is_object()) {
      const json::object &so = s->get_object();
      if (const json::value *m = so.if_contains("saturated_ms"); m && m->is_number()) {
        saturated_ms = std::max(saturated_ms, m->to_number<uint64_t>());
      }
      if (const json::value *c = so.if_contains("overload_control"); c && c->is_bool()) {
        controlled = controlled || c->get_bool();
      }
    }
    add_numbers(g, mine);
  }
  if (!g.empty()) {
    g["max_timer_lag_ms"] = lag;
    if (json::value *s = g.if_contains("saturation"); s && s->is_object()) {
      s->get_object()["saturated_ms"] = saturated_ms;
      s->get_object()["overload_control"] = controlled;
    }
  }
  return g;
}

/// Sections a run writes only with some options: added where present.
void add_optional_sections(json::object &o, const std::vector<ReadSummary> &all) {
  for (std::string_view key : {"prometheus", "hep", "events"}) {
    json::object sum;
    bool any = false;
    for (const ReadSummary &r : all) {
      if (const json::value *v = r.doc.if_contains(key); v && v->is_object()) {
        add_numbers(sum, v->get_object());
        any = true;
      }
    }
    if (any) {
      o[key] = std::move(sum);
    }
  }
}

json::array shards_list(const std::vector<ReadSummary> &all) {
  std::vector<const ReadSummary *> by_index;
  by_index.reserve(all.size());
  for (const ReadSummary &r : all) {
    by_index.push_back(&r);
  }
  std::sort(by_index.begin(), by_index.end(), [](const ReadSummary *a, const ReadSummary *b) {
    return a->s.shard_index < b->s.shard_index;
  });
  json::array shards;
  for (const ReadSummary *r : by_index) {
    shards.push_back(json::object{{"index", r->s.shard_index},
                                  {"count", r->s.shard_count},
                                  {"run_id", r->s.run_id},
                                  {"file", r->file->name},
                                  {"started_at", iso8601_utc(r->s.started_us)}});
  }
  return shards;
}

/// A shard's exit code before its own gates: they are judged again on the
/// merge, so a 2 that only they made must not outlive them. What a run's
/// gate replaced is not in the summary; failed calls (1) and a failed
/// rtpcheck (253) are, and are taken back; a fatal error under a broken
/// gate reads as 0 or 1.
int64_t code_before_gates(const ShardSummary &s) {
  if (s.exit_code != kExitUnhealthy) {
    return s.exit_code;
  }
  if (s.totals.media.get(MediaSummary::RtpcheckFailed) != 0) {
    return kExitRtpcheck;
  }
  return s.totals.get(Counter::FailedCall) != 0 ? kExitFailedCalls : kExitOk;
}

json::object merged_document(std::vector<ReadSummary> &all) {
  const ShardSummary &first = all.front().s;
  uint64_t started = first.started_us, finished = first.finished_us;
  int64_t worst = 0;
  StatsSnapshot totals = first.totals;
  for (size_t i = 0; i < all.size(); ++i) {
    const ShardSummary &s = all[i].s;
    started = std::min(started, s.started_us);
    finished = std::max(finished, s.finished_us);
    worst = std::max(worst, code_before_gates(s));
    if (i > 0) {
      add_totals(totals, s.totals);
    }
  }
  std::vector<HealthGate> gates = judge_health(first.limits, first.names.rtds, totals);
  bool passed =
      std::all_of(gates.begin(), gates.end(), [](const HealthGate &g) { return g.passed; });
  if (!passed) {
    worst = kExitUnhealthy; // as write_run_reports does: a broken gate is 2, whatever else
  }
  uint64_t elapsed_us = finished > started ? finished - started : 0;
  json::object o;
  o["schema_version"] = first.schema_version;
  o["tool_version"] = first.tool_version;
  o["scenario"] = first.scenario;
  o["run_id"] = nullptr; // the shards' are in "shards"
  o["shard"] = nullptr;
  o["shards"] = shards_list(all);
  o["started_at"] = iso8601_utc(started);
  o["finished_at"] = iso8601_utc(finished);
  o["duration"] = elapsed_us * 1000;
  o["exit_code"] = worst;
  add_summary_totals(o, totals, first.names, elapsed_us);
  bool timelines = std::all_of(all.begin(), all.end(),
                               [](const ReadSummary &r) { return r.timeline.has_value(); });
  if (timelines) {
    std::vector<ShardTimeline> lines;
    for (ReadSummary &r : all) {
      r.timeline->offset_ms = (r.s.started_us - started) / 1000;
      lines.push_back(std::move(*r.timeline));
    }
    add_merged_timeline(o, lines);
  }
  if (json::object g = merged_generator(all); !g.empty()) {
    o["generator"] = std::move(g);
  }
  add_optional_sections(o, all);
  json::array gate_list;
  for (const HealthGate &g : gates) {
    gate_list.push_back(json::object{
        {"name", g.name}, {"limit", g.limit}, {"value", g.value}, {"passed", g.passed}});
  }
  o["health"] = json::object{{"passed", passed}, {"gates", std::move(gate_list)}};
  // Everything else is exact; these are not, and say how.
  o["merge_notes"] = json::array{
      "generator.saturation.saturated_ms: the longest any shard was saturated",
      "generator.receive_drops: the sum over the shards that know theirs (null: none does)",
      "generator.saturation.lowest_offered_rate: the sum of the shards' lowest offered rates, "
      "a lower bound of the whole run's lowest",
      "rate_over_time, media_over_time: at each instant, each shard's last sample at or before "
      "it (shards placed by their started_at)"};
  return o;
}

} // namespace

Expected<std::string> merge_summaries(const std::vector<SummaryText> &files) {
  if (files.empty()) {
    return Error{"no summary to merge", 1};
  }
  Expected<std::vector<ReadSummary>> all = read_all(files);
  if (!all) {
    return all.error();
  }
  return json::serialize(merged_document(*all)) + "\n";
}

} // namespace gossipper::runtime

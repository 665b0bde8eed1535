//===- run_summary.cpp - The JSON summary of a run (-summary_json) --------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "stats/run_summary.hpp"
#include "time/wall_date.hpp"

#include <boost/json.hpp>

#include <cmath>
#include <cstdio>
#include <random>

namespace gossipper::runtime {
namespace json = boost::json;

namespace {

constexpr uint64_t kNsPerUs = 1000;

/// A histogram as its nonzero buckets: a 1,184-bucket layout is mostly
/// empty.
json::object histogram_json(std::string_view scheme, const std::vector<uint64_t> &counts) {
  json::array buckets;
  for (size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] != 0) {
      buckets.push_back(json::array{i, counts[i]});
    }
  }
  return json::object{{"scheme", scheme}, {"buckets", std::move(buckets)}};
}

json::object series_json(const StatsSnapshot::SeriesSum &s, const std::vector<uint32_t> &bounds) {
  json::object o;
  o["count"] = s.count;
  // Population deviation (divided by n), as the Go Gossipper; from the ms sums.
  double mean_ms =
      s.count == 0 ? 0.0 : static_cast<double>(s.sum_ms) / static_cast<double>(s.count);
  double var_ms = s.count == 0 ? 0.0
                               : static_cast<double>(s.sum_sq_ms) / static_cast<double>(s.count) -
                                     mean_ms * mean_ms;
  o["average"] = static_cast<uint64_t>(mean_ms * 1e6);
  o["min"] = s.min_us * kNsPerUs;
  o["max"] = s.max_us * kNsPerUs;
  o["stddev"] = static_cast<uint64_t>(std::sqrt(std::max(0.0, var_ms)) * 1e6);
  // The sums and the histogram the figures come from: what a merge adds.
  o["sum_ms"] = s.sum_ms;
  o["sum_sq_ms"] = s.sum_sq_ms;
  o["histogram"] = histogram_json(kLatencyScheme, s.histogram);
  for (auto [name, p] : {std::pair{"p50", 50.0}, {"p90", 90.0}, {"p99", 99.0}, {"p99_9", 99.9}}) {
    o[name] = LatencyBuckets::percentile(s.histogram, p, s.min_us, s.max_us) * kNsPerUs;
  }
  json::array fixed;
  for (size_t f = 0; f < s.fixed.size(); ++f) {
    std::string label = f < kFixedBucketBoundsMs.size()
                            ? "le_" + std::to_string(kFixedBucketBoundsMs[f]) + "ms"
                            : "gt_" + std::to_string(kFixedBucketBoundsMs.back()) + "ms";
    fixed.push_back(json::object{{"label", label}, {"count", s.fixed[f]}});
  }
  o["buckets"] = std::move(fixed);
  // SIPp's repartition of the scenario, when it declares one.
  json::array repartition;
  for (size_t i = 0; i + 1 < s.buckets.size() && i < bounds.size(); ++i) {
    repartition.push_back(
        json::object{{"label", "<" + std::to_string(bounds[i])}, {"count", s.buckets[i]}});
  }
  if (!bounds.empty() && s.buckets.size() == bounds.size() + 1) {
    repartition.push_back(
        json::object{{"label", ">=" + std::to_string(bounds.back())}, {"count", s.buckets.back()}});
  }
  o["repartition"] = std::move(repartition);
  return o;
}

} // namespace

std::string new_run_id() {
  std::random_device rd;
  std::string id;
  for (int i = 0; i < 4; ++i) {
    std::array<char, 9> word{};
    std::snprintf(word.data(), word.size(), "%08x", static_cast<unsigned>(rd()));
    id += word.data();
  }
  return id;
}

std::vector<HealthGate> judge_health(const RunConfig &cfg, const ir::Scenario &s,
                                     const StatsSnapshot &t) {
  HealthLimits limits{cfg.health_max_failed_ratio, cfg.health_min_calls, cfg.health_max_p99_ms,
                      cfg.health_min_mos, cfg.health_max_loss_ratio};
  std::vector<std::string> rtd_names;
  for (const ir::Rtd &rtd : s.rtds) {
    rtd_names.push_back(rtd.name);
  }
  return judge_health(limits, rtd_names, t);
}

std::vector<HealthGate> judge_health(const HealthLimits &limits,
                                     const std::vector<std::string> &rtd_names,
                                     const StatsSnapshot &t) {
  std::vector<HealthGate> gates;
  uint64_t success = t.get(Counter::SuccessfulCall);
  uint64_t failed = t.get(Counter::FailedCall);
  if (limits.max_failed_ratio) {
    double ratio = success + failed == 0
                       ? 0.0
                       : static_cast<double>(failed) / static_cast<double>(success + failed);
    gates.push_back(
        {"max_failed_ratio", *limits.max_failed_ratio, ratio, ratio <= *limits.max_failed_ratio});
  }
  if (limits.min_calls) {
    auto done = static_cast<double>(success);
    gates.push_back({"min_successful_calls", *limits.min_calls, done, done >= *limits.min_calls});
  }
  if (limits.max_p99_ms) {
    // Every response time of the scenario; the call length when it has none.
    auto judge = [&](const std::string &what, const StatsSnapshot::SeriesSum &series) {
      double p99 = static_cast<double>(LatencyBuckets::percentile(series.histogram, 99.0,
                                                                  series.min_us, series.max_us)) /
                   1000.0;
      gates.push_back({"max_p99_ms:" + what, *limits.max_p99_ms, p99, p99 <= *limits.max_p99_ms});
    };
    for (size_t i = 0; i < t.rtd.size() && i < rtd_names.size(); ++i) {
      judge("rtd " + rtd_names[i], t.rtd[i]);
    }
    if (t.rtd.empty()) {
      judge("call_length", t.call_length);
    }
  }
  const MediaSummary &m = t.media;
  if (limits.min_mos) {
    // No measured stream fails the gate: media was asked for and none came.
    double worst = m.min_mos();
    gates.push_back({"min_mos", *limits.min_mos, worst, worst >= *limits.min_mos});
  }
  if (limits.max_loss_ratio) {
    // No measured stream fails the gate, as for the MOS.
    double ratio = m.get(MediaSummary::StreamsMeasured) == 0 ? 1.0 : m.loss_ratio();
    gates.push_back(
        {"max_loss_ratio", *limits.max_loss_ratio, ratio, ratio <= *limits.max_loss_ratio});
  }
  return gates;
}

static json::object media_json(const MediaSummary &m) {
  json::object o;
  for (size_t f = 0; f < MediaSummary::Count; ++f) {
    auto field = static_cast<MediaSummary::Field>(f);
    std::string_view name = media_count_name(field);
    // The outbound counts go in "outbound" below.
    if (!name.empty() && field != MediaSummary::OutboundReported &&
        field != MediaSummary::OutboundLost) {
      o[name] = m.get(field);
    }
  }
  o["loss_ratio"] = m.loss_ratio();
  o["max_jitter_ms"] = static_cast<double>(m.get(MediaSummary::MaxJitterUs)) / 1000.0;
  o["send_error_ms"] =
      json::object{{"p50", m.send_error_quantile_ms(0.5)},
                   {"p99", m.send_error_quantile_ms(0.99)},
                   {"max", static_cast<double>(m.get(MediaSummary::MaxSendErrorUs)) / 1000.0},
                   {"histogram", histogram_json(kSendErrorScheme, m.send_error)}};
  o["outbound"] = json::object{
      {"streams_reported", m.get(MediaSummary::OutboundReported)},
      {"packets_lost", m.get(MediaSummary::OutboundLost)},
      {"max_jitter_ms", static_cast<double>(m.get(MediaSummary::MaxOutboundJitterUs)) / 1000.0},
      {"max_rtt_ms", static_cast<double>(m.get(MediaSummary::MaxRttUs)) / 1000.0}};
  o["mos"] = json::object{{"min", m.min_mos()},
                          {"p50", m.mos_quantile(0.5)},
                          {"p01", m.mos_quantile(0.01)},
                          {"histogram", histogram_json(kMosScheme, m.mos)}};
  return o;
}

json::object media_point_json(const MediaPoint &p, json::object o) {
  using M = MediaSummary;
  o[media_count_name(M::RtpSent)] = p.rtp_sent;
  o[media_count_name(M::RtpReceived)] = p.rtp_received;
  o[media_count_name(M::Echoed)] = p.echoed;
  o[media_count_name(M::StreamsMeasured)] = p.streams_measured;
  o[media_count_name(M::PacketsExpected)] = p.packets_expected;
  o[media_count_name(M::PacketsLost)] = p.packets_lost;
  o["max_jitter_ms"] = static_cast<double>(p.max_jitter_us) / 1000.0;
  if (p.min_mos) {
    o["min_mos"] = *p.min_mos;
  } else {
    o["min_mos"] = nullptr; // no stream measured in the interval
  }
  return o;
}

/// rate_over_time and media_over_time: the same samples, so the same
/// instants and period.
static void add_over_time(json::object &o, const RunHistory &history, const MediaSummary &end) {
  json::array rate, media;
  for (const RunHistory::Point &p : history.points()) {
    rate.push_back(json::object{{"t_ms", p.t_ms},
                                {"total_calls", p.created},
                                {"success_calls", p.successful},
                                {"failed_calls", p.failed}});
    media.push_back(media_point_json(p.media, json::object{{"t_ms", p.t_ms}}));
  }
  o["rate_over_time"] =
      json::object{{"period_ms", history.period_ms()}, {"points", std::move(rate)}};
  o["media_over_time"] = json::object{{"period_ms", history.period_ms()},
                                      {"points", std::move(media)},
                                      {"end", media_point_json(history.media_at_end(end))}};
}

void add_summary_totals(json::object &o, const StatsSnapshot &t, const SummaryNames &names,
                        uint64_t elapsed_us) {
  uint64_t success = t.get(Counter::SuccessfulCall);
  uint64_t failed = t.get(Counter::FailedCall);
  o["total_calls"] = t.created();
  o["success_calls"] = success;
  o["failed_calls"] = failed;
  o["active_calls"] = t.open_calls;
  o["success_ratio"] = success + failed == 0
                           ? 0.0
                           : static_cast<double>(success) / static_cast<double>(success + failed);
  o["calls_per_second"] =
      elapsed_us == 0 ? 0.0
                      : static_cast<double>(t.created()) * 1e6 / static_cast<double>(elapsed_us);
  o["retransmits"] = t.get(Counter::Retransmissions);
  o["timeouts"] = t.get(Counter::FailedTimeoutOnRecv) + t.get(Counter::FailedTimeoutOnSend);
  o["failure_classes"] = json::object{
      {"timeout", t.get(Counter::FailedTimeoutOnRecv) + t.get(Counter::FailedTimeoutOnSend) +
                      t.get(Counter::FailedMaxUDPRetrans)},
      {"unexpected_sip", t.get(Counter::FailedUnexpectedMessage)},
      {"transport_error", t.get(Counter::FailedCannotSendMessage) +
                              t.get(Counter::FailedTcpConnect) + t.get(Counter::FailedTcpClosed) +
                              t.get(Counter::FailedOutboundCongestion)},
      {"parse_error", t.get(Counter::MalformedMessages)},
      {"scenario_error",
       t.get(Counter::FailedRegexpDoesntMatch) + t.get(Counter::FailedRegexpShouldntMatch) +
           t.get(Counter::FailedRegexpHdrNotFound) + t.get(Counter::FailedTestDoesntMatch) +
           t.get(Counter::FailedTestShouldntMatch) + t.get(Counter::FailedStrcmpDoesntMatch) +
           t.get(Counter::FailedStrcmpShouldntMatch) + t.get(Counter::FailedCmdNotSent) +
           t.get(Counter::FailedCallRejected)},
      {"cancelled", t.get(Counter::AbortedCalls) + t.open_calls},
  };
  json::object sipp;
  for (size_t c = 0; c < t.counters.size(); ++c) {
    sipp[counter_name(static_cast<Counter>(c))] = t.counters[c];
  }
  o["sipp_counters"] = std::move(sipp);
  json::object counters;
  for (size_t i = 0; i < names.counters.size() && i < t.user_counters.size(); ++i) {
    counters[names.counters[i]] = t.user_counters[i];
  }
  o["counters"] = std::move(counters);
  o["call_length"] = series_json(t.call_length, names.call_length_bounds_ms);
  o["media"] = media_json(t.media);
  json::object rtd;
  for (size_t i = 0; i < names.rtds.size() && i < t.rtd.size(); ++i) {
    rtd[names.rtds[i]] = series_json(t.rtd[i], names.rtd_bounds_ms);
  }
  o["rtd"] = std::move(rtd);
}

std::string run_summary_json(const SummaryInput &in) {
  const StatsSnapshot &t = *in.totals;
  const ir::Scenario &s = *in.scenario;
  uint64_t elapsed_us = in.finished_us > in.started_us ? in.finished_us - in.started_us : 0;
  json::object o;
  o["schema_version"] = "gossipper_summary_v1";
  o["tool_version"] = in.config->version;
  o["scenario"] = in.config->scenario_name;
  o["run_id"] = in.run_id;
  o["shard"] = json::object{{"index", in.config->shard_index}, {"count", in.config->shard_count}};
  o["started_at"] = iso8601_utc(in.started_us);
  o["finished_at"] = iso8601_utc(in.finished_us);
  o["duration"] = elapsed_us * kNsPerUs;
  o["exit_code"] = in.exit_code;
  SummaryNames names{
      s.counters, {}, s.response_time_repartition.bounds_ms, s.call_length_repartition.bounds_ms};
  for (const ir::Rtd &rtd : s.rtds) {
    names.rtds.push_back(rtd.name);
  }
  add_summary_totals(o, t, names, elapsed_us);
  if (in.history != nullptr) {
    add_over_time(o, *in.history, t.media);
  }
  json::object load{{"max_timer_lag_ms", in.load.max_timer_lag_ms},
                    {"send_drops", in.load.send_drops},
                    {"send_errors", in.load.send_errors}};
  if (in.load.receive_drops >= 0) {
    load["receive_drops"] = in.load.receive_drops;
  } else {
    load["receive_drops"] = nullptr;
  }
  if (in.load.udp_segmented >= 0) {
    load["udp_segmented"] = in.load.udp_segmented;
  }
  if (in.load.tls_handshakes >= 0) {
    load["tls_handshakes"] = in.load.tls_handshakes;
    load["tls_resumed"] = in.load.tls_resumed;
    load["tls_pooled"] = in.load.tls_pooled;
  }
  load["saturation"] = json::object{{"overload_control", in.load.overload_control},
                                    {"saturated_ms", in.load.saturated_ms},
                                    {"cuts", in.load.overload_cuts},
                                    {"lowest_offered_rate", in.load.lowest_offered_rate}};
  o["generator"] = std::move(load);
  if (in.scrapes_served >= 0) {
    o["prometheus"] =
        json::object{{"scrapes_served", in.scrapes_served}, {"scrapes_failed", in.scrapes_failed}};
  }
  if (in.hep) {
    o["hep"] = json::object{{"receiver", in.hep->receiver},
                            {"sent", in.hep->sent},
                            {"dropped", in.hep->dropped},
                            {"failed", in.hep->failed}};
    if (in.hep->segmented >= 0) {
      o["hep"].as_object()["segmented"] = in.hep->segmented;
    }
  }
  if (in.events) {
    json::object sinks;
    for (const EventSinkTotals &sink : in.events->sinks) {
      sinks[sink.name] =
          json::object{{"sent", sink.sent}, {"dropped", sink.dropped}, {"failures", sink.failures}};
    }
    o["events"] = json::object{{"emitted", in.events->emitted},
                               {"dropped", in.events->dropped()},
                               {"ring_dropped", in.events->ring_dropped},
                               {"sinks", std::move(sinks)}};
  }
  json::array gates;
  bool passed = true;
  for (const HealthGate &g : in.health) {
    passed = passed && g.passed;
    gates.push_back(json::object{
        {"name", g.name}, {"limit", g.limit}, {"value", g.value}, {"passed", g.passed}});
  }
  o["health"] = json::object{{"passed", passed}, {"gates", std::move(gates)}};
  return json::serialize(o) + "\n";
}

} // namespace gossipper::runtime

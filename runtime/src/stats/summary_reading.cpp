//===- summary_reading.cpp - A shard's summary read for a merge -----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "stats/summary_reading.hpp"

#include "stats/latency_histogram.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

namespace gossipper::runtime {
namespace json = boost::json;

namespace {

constexpr uint64_t kNsPerUs = 1000;

[[noreturn]] void refuse(const std::string &path, const std::string &why) {
  throw SummaryRefusal(path + ": " + why);
}

/// A maximum the summary shows in ms (a double) back to the µs it came from.
uint64_t us_of_ms(const json::value &v, const std::string &path) {
  double ms = need_number(v, path);
  if (ms < 0 || ms > 1e12) {
    refuse(path, "not a duration in ms");
  }
  return static_cast<uint64_t>(std::llround(ms * 1000.0));
}

/// {"scheme": ..., "buckets": [[index, count], ...]} into `counts` (`size`
/// buckets), added to what it holds.
void read_histogram(const json::object &o, const std::string &path, std::string_view scheme,
                    size_t size, std::vector<uint64_t> &counts) {
  std::string hist_path = member_path(path, "histogram");
  if (o.if_contains("histogram") == nullptr) {
    refuse(hist_path, "missing: a summary older than merging (no histogram) cannot be merged "
                      "exactly");
  }
  const json::object &h = need_object(o.at("histogram"), hist_path);
  std::string got = need_text(need(h, "scheme", hist_path), member_path(hist_path, "scheme"));
  if (got != scheme) {
    refuse(member_path(hist_path, "scheme"),
           "bucket layout '" + got + "', not '" + std::string(scheme) + "'");
  }
  counts.resize(size, 0);
  std::string buckets_path = member_path(hist_path, "buckets");
  const json::array &buckets = need_array(need(h, "buckets", hist_path), buckets_path);
  for (size_t i = 0; i < buckets.size(); ++i) {
    std::string at = buckets_path + "[" + std::to_string(i) + "]";
    const json::array &pair = need_array(buckets[i], at);
    if (pair.size() != 2) {
      refuse(at, "not an [index, count] pair");
    }
    uint64_t index = need_count(pair[0], at + "[0]");
    if (index >= size) {
      refuse(at + "[0]",
             "bucket " + std::to_string(index) + " past the layout's " + std::to_string(size));
    }
    counts[index] += need_count(pair[1], at + "[1]");
  }
}

/// A series' {"label", "count"} list: the fixed buckets, or the scenario's
/// repartition (whose labels give its bounds: "<N" ..., then ">=N").
std::vector<uint64_t> read_labelled_counts(const json::array &a, const std::string &path,
                                           std::vector<std::string> &labels) {
  std::vector<uint64_t> counts;
  for (size_t i = 0; i < a.size(); ++i) {
    std::string at = path + "[" + std::to_string(i) + "]";
    const json::object &entry = need_object(a[i], at);
    labels.push_back(need_text(need(entry, "label", at), member_path(at, "label")));
    counts.push_back(need_count(need(entry, "count", at), member_path(at, "count")));
  }
  return counts;
}

std::vector<uint32_t> repartition_bounds(const std::vector<std::string> &labels,
                                         const std::string &path) {
  std::vector<uint32_t> bounds;
  for (size_t i = 0; i < labels.size(); ++i) {
    bool last = i + 1 == labels.size();
    std::string_view l = labels[i];
    std::string_view prefix = last ? ">=" : "<";
    uint32_t bound = 0;
    auto [end, ec] = l.size() > prefix.size() && l.substr(0, prefix.size()) == prefix
                         ? std::from_chars(l.data() + prefix.size(), l.data() + l.size(), bound)
                         : std::from_chars_result{l.data(), std::errc::invalid_argument};
    if (ec != std::errc() || end != l.data() + l.size()) {
      refuse(path + "[" + std::to_string(i) + "].label",
             "not a repartition label: '" + labels[i] + "'");
    }
    if (!last) {
      bounds.push_back(bound);
    } else if (bounds.empty() || bounds.back() != bound) {
      refuse(path + "[" + std::to_string(i) + "].label", "does not close the repartition");
    }
  }
  return bounds;
}

StatsSnapshot::SeriesSum read_series(const json::object &o, const std::string &path,
                                     std::vector<uint32_t> &bounds) {
  StatsSnapshot::SeriesSum s;
  auto count = [&](std::string_view key) {
    return need_count(need(o, key, path), member_path(path, key));
  };
  s.count = count("count");
  s.sum_ms = count("sum_ms");
  s.sum_sq_ms = count("sum_sq_ms");
  s.min_us = count("min") / kNsPerUs;
  s.max_us = count("max") / kNsPerUs;
  s.min_ms = s.min_us / 1000;
  s.max_ms = s.max_us / 1000;
  read_histogram(o, path, kLatencyScheme, LatencyBuckets::kCount, s.histogram);
  std::vector<std::string> labels;
  std::string fixed_path = member_path(path, "buckets");
  std::vector<uint64_t> fixed =
      read_labelled_counts(need_array(need(o, "buckets", path), fixed_path), fixed_path, labels);
  if (fixed.size() != s.fixed.size()) {
    refuse(fixed_path,
           std::to_string(fixed.size()) + " fixed buckets, not " + std::to_string(s.fixed.size()));
  }
  std::copy(fixed.begin(), fixed.end(), s.fixed.begin());
  labels.clear();
  std::string rep_path = member_path(path, "repartition");
  s.buckets =
      read_labelled_counts(need_array(need(o, "repartition", path), rep_path), rep_path, labels);
  bounds = repartition_bounds(labels, rep_path);
  if (s.buckets.empty()) {
    s.buckets.assign(1, 0); // no repartition: one bucket, never written
  }
  return s;
}

MediaSummary read_media(const json::object &o, const std::string &path) {
  using M = MediaSummary;
  MediaSummary m;
  for (size_t f = 0; f < M::Count; ++f) {
    auto field = static_cast<M::Field>(f);
    std::string_view name = media_count_name(field);
    if (!name.empty() && field != M::OutboundReported && field != M::OutboundLost) {
      m.values[f] = need_count(need(o, name, path), member_path(path, name));
    }
  }
  m.values[M::MaxJitterUs] = us_of_ms(need(o, "max_jitter_ms", path), path + ".max_jitter_ms");
  std::string send_path = member_path(path, "send_error_ms");
  const json::object &send = need_object(need(o, "send_error_ms", path), send_path);
  m.values[M::MaxSendErrorUs] = us_of_ms(need(send, "max", send_path), send_path + ".max");
  read_histogram(send, send_path, kSendErrorScheme, M::kSendErrorBuckets, m.send_error);
  std::string out_path = member_path(path, "outbound");
  const json::object &out = need_object(need(o, "outbound", path), out_path);
  m.values[M::OutboundReported] =
      need_count(need(out, "streams_reported", out_path), out_path + ".streams_reported");
  m.values[M::OutboundLost] =
      need_count(need(out, "packets_lost", out_path), out_path + ".packets_lost");
  m.values[M::MaxOutboundJitterUs] =
      us_of_ms(need(out, "max_jitter_ms", out_path), out_path + ".max_jitter_ms");
  m.values[M::MaxRttUs] = us_of_ms(need(out, "max_rtt_ms", out_path), out_path + ".max_rtt_ms");
  std::string mos_path = member_path(path, "mos");
  read_histogram(need_object(need(o, "mos", path), mos_path), mos_path, kMosScheme, M::kMosBuckets,
                 m.mos);
  return m;
}

/// The limits of the gates the run was judged by ("health.gates").
HealthLimits read_limits(const json::object &doc) {
  HealthLimits l;
  const json::object &health = need_object(need(doc, "health", ""), "health");
  const json::array &gates = need_array(need(health, "gates", "health"), "health.gates");
  for (size_t i = 0; i < gates.size(); ++i) {
    std::string at = "health.gates[" + std::to_string(i) + "]";
    const json::object &g = need_object(gates[i], at);
    std::string name = need_text(need(g, "name", at), at + ".name");
    double limit = need_number(need(g, "limit", at), at + ".limit");
    std::optional<double> *slot = name == "max_failed_ratio"        ? &l.max_failed_ratio
                                  : name == "min_successful_calls"  ? &l.min_calls
                                  : name.starts_with("max_p99_ms:") ? &l.max_p99_ms
                                  : name == "min_mos"               ? &l.min_mos
                                  : name == "max_loss_ratio"        ? &l.max_loss_ratio
                                                                    : nullptr;
    if (slot == nullptr) {
      refuse(at + ".name", "a health gate this version cannot judge again: '" + name + "'");
    }
    if (*slot && **slot != limit) {
      refuse(at + ".limit", "two limits for the same gate");
    }
    *slot = limit;
  }
  return l;
}

void read_counts(const json::object &doc, ShardSummary &s) {
  s.totals.counters.assign(static_cast<size_t>(Counter::Count), 0);
  const json::object &sipp = need_object(need(doc, "sipp_counters", ""), "sipp_counters");
  for (size_t c = 0; c < s.totals.counters.size(); ++c) {
    std::string_view name = counter_name(static_cast<Counter>(c));
    s.totals.counters[c] =
        need_count(need(sipp, name, "sipp_counters"), member_path("sipp_counters", name));
  }
  const json::object &user = need_object(need(doc, "counters", ""), "counters");
  for (const auto &kv : user) {
    s.names.counters.emplace_back(kv.key());
    s.totals.user_counters.push_back(need_count(kv.value(), member_path("counters", kv.key())));
  }
  s.totals.open_calls = need_count(need(doc, "active_calls", ""), "active_calls");
}

} // namespace

std::string member_path(const std::string &path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

const json::value &need(const json::object &o, std::string_view key, const std::string &path) {
  const json::value *v = o.if_contains(key);
  if (v == nullptr) {
    refuse(member_path(path, key), "missing");
  }
  return *v;
}

const json::object &need_object(const json::value &v, const std::string &path) {
  if (!v.is_object()) {
    refuse(path, "not an object");
  }
  return v.get_object();
}

const json::array &need_array(const json::value &v, const std::string &path) {
  if (!v.is_array()) {
    refuse(path, "not an array");
  }
  return v.get_array();
}

uint64_t need_count(const json::value &v, const std::string &path) {
  if (v.is_uint64()) {
    return v.get_uint64();
  }
  if (v.is_int64() && v.get_int64() >= 0) {
    return static_cast<uint64_t>(v.get_int64());
  }
  refuse(path, "not a count (an integer >= 0)");
}

double need_number(const json::value &v, const std::string &path) {
  double d = 0;
  if (v.is_double()) {
    d = v.get_double();
  } else if (v.is_int64()) {
    d = static_cast<double>(v.get_int64());
  } else if (v.is_uint64()) {
    d = static_cast<double>(v.get_uint64());
  } else {
    refuse(path, "not a number");
  }
  if (!std::isfinite(d)) {
    refuse(path, "not a finite number");
  }
  return d;
}

std::string need_text(const json::value &v, const std::string &path) {
  if (!v.is_string()) {
    refuse(path, "not a string");
  }
  return std::string(v.get_string());
}

uint64_t parse_iso8601_us(std::string_view text, const std::string &path) {
  // Fixed layout: YYYY-MM-DDTHH:MM:SS, then .f to .ffffff, then Z.
  auto field = [&](size_t at, size_t len, int lo, int hi) {
    int v = 0;
    if (at + len > text.size() ||
        std::from_chars(text.data() + at, text.data() + at + len, v).ptr !=
            text.data() + at + len ||
        v < lo || v > hi) {
      refuse(path, "not an ISO 8601 UTC time: '" + std::string(text) + "'");
    }
    return v;
  };
  int year = field(0, 4, 1970, 9999), month = field(5, 2, 1, 12), day = field(8, 2, 1, 31);
  int hour = field(11, 2, 0, 23), minute = field(14, 2, 0, 59), second = field(17, 2, 0, 60);
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text.back() != 'Z') {
    refuse(path, "not an ISO 8601 UTC time: '" + std::string(text) + "'");
  }
  uint64_t micros = 0;
  if (text[19] == '.') {
    size_t digits = text.size() - 21;
    if (digits == 0 || digits > 6) {
      refuse(path, "not an ISO 8601 UTC time: '" + std::string(text) + "'");
    }
    micros = static_cast<uint64_t>(field(20, digits, 0, 999999));
    for (size_t d = digits; d < 6; ++d) {
      micros *= 10;
    }
  } else if (text.size() != 20) {
    refuse(path, "not an ISO 8601 UTC time: '" + std::string(text) + "'");
  }
  // Days since 1970-01-01 of a proleptic Gregorian date (the civil
  // calendar's day count, shifted so that years start in March).
  int y = year - (month <= 2 ? 1 : 0);
  int era = y / 400;
  int yoe = y - era * 400;
  int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  int64_t days = static_cast<int64_t>(era) * 146097 + doe - 719468;
  auto secs =
      static_cast<uint64_t>(days * 86400 + int64_t{hour} * 3600 + int64_t{minute} * 60 + second);
  return secs * 1000000 + micros;
}

ShardSummary read_shard_summary(const json::object &doc) {
  ShardSummary s;
  s.schema_version = need_text(need(doc, "schema_version", ""), "schema_version");
  if (s.schema_version != "gossipper_summary_v1") {
    refuse("schema_version", "'" + s.schema_version + "', not gossipper_summary_v1");
  }
  if (doc.if_contains("shards") != nullptr) {
    refuse("shards", "a merged summary: merge the shards' own summaries instead");
  }
  s.tool_version = need_text(need(doc, "tool_version", ""), "tool_version");
  s.scenario = need_text(need(doc, "scenario", ""), "scenario");
  s.run_id = need_text(need(doc, "run_id", ""), "run_id");
  if (s.run_id.empty()) {
    refuse("run_id", "empty");
  }
  const json::object &shard = need_object(need(doc, "shard", ""), "shard");
  uint64_t index = need_count(need(shard, "index", "shard"), "shard.index");
  uint64_t count = need_count(need(shard, "count", "shard"), "shard.count");
  if (count == 0 || index >= count || count > std::numeric_limits<uint32_t>::max()) {
    refuse("shard", "shard " + std::to_string(index) + " of " + std::to_string(count));
  }
  s.shard_index = static_cast<uint32_t>(index);
  s.shard_count = static_cast<uint32_t>(count);
  s.started_us =
      parse_iso8601_us(need_text(need(doc, "started_at", ""), "started_at"), "started_at");
  s.finished_us =
      parse_iso8601_us(need_text(need(doc, "finished_at", ""), "finished_at"), "finished_at");
  s.exit_code = static_cast<int64_t>(std::min<uint64_t>(
      need_count(need(doc, "exit_code", ""), "exit_code"), std::numeric_limits<int>::max()));
  read_counts(doc, s);
  s.totals.call_length = read_series(need_object(need(doc, "call_length", ""), "call_length"),
                                     "call_length", s.names.call_length_bounds_ms);
  const json::object &rtd = need_object(need(doc, "rtd", ""), "rtd");
  for (const auto &kv : rtd) {
    std::string at = member_path("rtd", kv.key());
    std::vector<uint32_t> bounds;
    s.totals.rtd.push_back(read_series(need_object(kv.value(), at), at, bounds));
    if (s.names.rtds.empty()) {
      s.names.rtd_bounds_ms = bounds;
    } else if (bounds != s.names.rtd_bounds_ms) {
      refuse(at + ".repartition", "not the other response times' repartition");
    }
    s.names.rtds.emplace_back(kv.key());
  }
  s.totals.media = read_media(need_object(need(doc, "media", ""), "media"), "media");
  s.limits = read_limits(doc);
  return s;
}

} // namespace gossipper::runtime

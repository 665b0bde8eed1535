//===- summary_timeline.cpp - The shards' series over time as one ---------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "stats/summary_timeline.hpp"

#include "stats/run_summary.hpp"
#include "stats/summary_reading.hpp"

#include <algorithm>
#include <cmath>

namespace gossipper::runtime {
namespace json = boost::json;

namespace {

/// The counts of a point of media_over_time (or its end) at `path`.
MediaPoint read_media_point(const json::object &p, const std::string &path) {
  using M = MediaSummary;
  auto count = [&](M::Field f) {
    std::string_view name = media_count_name(f);
    return need_count(need(p, name, path), member_path(path, name));
  };
  MediaPoint m;
  m.rtp_sent = count(M::RtpSent);
  m.rtp_received = count(M::RtpReceived);
  m.echoed = count(M::Echoed);
  m.streams_measured = count(M::StreamsMeasured);
  m.packets_expected = count(M::PacketsExpected);
  m.packets_lost = count(M::PacketsLost);
  double jitter = need_number(need(p, "max_jitter_ms", path), path + ".max_jitter_ms");
  m.max_jitter_us = static_cast<uint64_t>(std::llround(std::clamp(jitter, 0.0, 1e12) * 1000.0));
  const json::value &mos = need(p, "min_mos", path);
  if (!mos.is_null()) {
    m.min_mos = need_number(mos, path + ".min_mos");
  }
  return m;
}

/// The lower of two interval MOS, either possibly absent.
void lowest_mos(std::optional<double> &into, const std::optional<double> &other) {
  if (other && (!into || *other < *into)) {
    into = other;
  }
}

void add_media(MediaPoint &into, const MediaPoint &m) {
  into.rtp_sent += m.rtp_sent;
  into.rtp_received += m.rtp_received;
  into.echoed += m.echoed;
  into.streams_measured += m.streams_measured;
  into.packets_expected += m.packets_expected;
  into.packets_lost += m.packets_lost;
  into.max_jitter_us = std::max(into.max_jitter_us, m.max_jitter_us);
}

} // namespace

std::optional<ShardTimeline> read_timeline(const json::object &doc) {
  const json::value *rate = doc.if_contains("rate_over_time");
  const json::value *media = doc.if_contains("media_over_time");
  if (rate == nullptr && media == nullptr) {
    return std::nullopt;
  }
  const json::object &r = need_object(need(doc, "rate_over_time", ""), "rate_over_time");
  const json::object &m = need_object(need(doc, "media_over_time", ""), "media_over_time");
  ShardTimeline t;
  t.period_ms = need_count(need(r, "period_ms", "rate_over_time"), "rate_over_time.period_ms");
  if (t.period_ms == 0 || need_count(need(m, "period_ms", "media_over_time"),
                                     "media_over_time.period_ms") != t.period_ms) {
    throw SummaryRefusal("rate_over_time.period_ms: zero, or not media_over_time's");
  }
  const json::array &rp = need_array(need(r, "points", "rate_over_time"), "rate_over_time.points");
  const json::array &mp =
      need_array(need(m, "points", "media_over_time"), "media_over_time.points");
  if (rp.size() != mp.size()) {
    throw SummaryRefusal("media_over_time.points: not as many as rate_over_time's");
  }
  for (size_t i = 0; i < rp.size(); ++i) {
    std::string at = "rate_over_time.points[" + std::to_string(i) + "]";
    std::string media_at = "media_over_time.points[" + std::to_string(i) + "]";
    const json::object &p = need_object(rp[i], at);
    RunHistory::Point point;
    point.t_ms = need_count(need(p, "t_ms", at), at + ".t_ms");
    if (!t.points.empty() && point.t_ms < t.points.back().t_ms) {
      throw SummaryRefusal(at + ".t_ms: before the point before it");
    }
    point.created = need_count(need(p, "total_calls", at), at + ".total_calls");
    point.successful = need_count(need(p, "success_calls", at), at + ".success_calls");
    point.failed = need_count(need(p, "failed_calls", at), at + ".failed_calls");
    point.media = read_media_point(need_object(mp[i], media_at), media_at);
    t.points.push_back(point);
  }
  t.end = read_media_point(need_object(need(m, "end", "media_over_time"), "media_over_time.end"),
                           "media_over_time.end");
  return t;
}

void add_merged_timeline(json::object &o, const std::vector<ShardTimeline> &shards) {
  uint64_t period = 1;
  uint64_t last = 0;
  for (const ShardTimeline &s : shards) {
    period = std::max(period, s.period_ms);
    if (!s.points.empty()) {
      last = std::max(last, s.offset_ms + s.points.back().t_ms);
    }
  }
  uint64_t instants = (last + period - 1) / period + 1; // 0, P, ... up to the last sample
  std::vector<size_t> next(shards.size(), 0);           // each shard's first point not yet taken
  json::array rate, media;
  for (uint64_t k = 0; k < instants; ++k) {
    uint64_t t = k * period;
    RunHistory::Point sum;
    sum.t_ms = t;
    for (size_t i = 0; i < shards.size(); ++i) {
      const ShardTimeline &s = shards[i];
      // The points in (t - P, t] bring their interval's MOS.
      while (next[i] < s.points.size() && s.offset_ms + s.points[next[i]].t_ms <= t) {
        lowest_mos(sum.media.min_mos, s.points[next[i]].media.min_mos);
        ++next[i];
      }
      if (next[i] == 0) {
        continue; // not started yet
      }
      const RunHistory::Point &p = s.points[next[i] - 1];
      sum.created += p.created;
      sum.successful += p.successful;
      sum.failed += p.failed;
      add_media(sum.media, p.media);
    }
    rate.push_back(json::object{{"t_ms", t},
                                {"total_calls", sum.created},
                                {"success_calls", sum.successful},
                                {"failed_calls", sum.failed}});
    media.push_back(media_point_json(sum.media, json::object{{"t_ms", t}}));
  }
  MediaPoint end;
  for (const ShardTimeline &s : shards) {
    add_media(end, s.end);
    lowest_mos(end.min_mos, s.end.min_mos);
  }
  o["rate_over_time"] = json::object{{"period_ms", period}, {"points", std::move(rate)}};
  o["media_over_time"] = json::object{
      {"period_ms", period}, {"points", std::move(media)}, {"end", media_point_json(end)}};
}

} // namespace gossipper::runtime

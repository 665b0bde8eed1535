//===- stat_csv.cpp - SIPp's -trace_stat file -----------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "stats/stat_csv.hpp"
#include "time/wall_date.hpp"

#include <cmath>
#include <ctime>

namespace gossipper::runtime {
namespace {

/// SIPp's columns of global counters, in its order (IncomingCall ...
/// FailedCall come first, written apart).
constexpr Counter kFailureColumns[] = {Counter::FailedCannotSendMessage,
                                       Counter::FailedMaxUDPRetrans,
                                       Counter::FailedTcpConnect,
                                       Counter::FailedTcpClosed,
                                       Counter::FailedUnexpectedMessage,
                                       Counter::FailedCallRejected,
                                       Counter::FailedCmdNotSent,
                                       Counter::FailedRegexpDoesntMatch,
                                       Counter::FailedRegexpShouldntMatch,
                                       Counter::FailedRegexpHdrNotFound,
                                       Counter::FailedOutboundCongestion,
                                       Counter::FailedTimeoutOnRecv,
                                       Counter::FailedTimeoutOnSend,
                                       Counter::FailedTestDoesntMatch,
                                       Counter::FailedTestShouldntMatch,
                                       Counter::FailedStrcmpDoesntMatch,
                                       Counter::FailedStrcmpShouldntMatch,
                                       Counter::OutOfCallMsgs,
                                       Counter::DeadCallMsgs,
                                       Counter::Retransmissions,
                                       Counter::AutoAnswered,
                                       Counter::Warnings,
                                       Counter::FatalErrors,
                                       Counter::WatchdogMajor,
                                       Counter::WatchdogMinor};

} // namespace

std::string StatCsv::hhmmssus(uint64_t ms) {
  uint64_t s = ms / 1000;
  char buf[64];
  std::snprintf(
      buf, sizeof buf, "%2.2llu:%2.2llu:%2.2llu:%06llu", static_cast<unsigned long long>(s / 3600),
      static_cast<unsigned long long>((s / 60) % 60), static_cast<unsigned long long>(s % 60),
      static_cast<unsigned long long>((ms % 1000) * 1000));
  return buf;
}

namespace {

std::string hhmmss(uint64_t ms) {
  uint64_t s = ms / 1000;
  char buf[48];
  std::snprintf(
      buf, sizeof buf, "%2.2llu:%2.2llu:%2.2llu", static_cast<unsigned long long>(s / 3600),
      static_cast<unsigned long long>((s / 60) % 60), static_cast<unsigned long long>(s % 60));
  return buf;
}

/// A float as SIPp 3.6's ostream prints it (6 significant digits).
std::string as_stream(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

/// A count, sum and sum of squares: SIPp's mean and sample deviation.
struct Moments {
  uint64_t count = 0, sum = 0, sum_sq = 0;
  [[nodiscard]] double mean() const {
    return count == 0 ? 0.0 : static_cast<double>(sum) / static_cast<double>(count);
  }
  [[nodiscard]] double stdev() const {
    if (count <= 1) {
      return 0.0;
    }
    double n = static_cast<double>(count);
    double numerator =
        n * static_cast<double>(sum_sq) - static_cast<double>(sum) * static_cast<double>(sum);
    return numerator <= 0 ? 0.0 : std::sqrt(numerator / (n * (n - 1.0)));
  }
};

Moments moments(const StatsSnapshot::SeriesSum &s) { return {s.count, s.sum_ms, s.sum_sq_ms}; }
Moments since(const StatsSnapshot::SeriesSum &now, const StatsSnapshot::SeriesSum &then) {
  return {now.count - then.count, now.sum_ms - then.sum_ms, now.sum_sq_ms - then.sum_sq_ms};
}

/// SIPp names a counter that is a number "GenericCounter<n>".
std::string counter_column(const std::string &name) {
  bool numeric = !name.empty() && name.find_first_not_of("0123456789") == std::string::npos;
  return numeric ? "GenericCounter" + name : name;
}

/// A line of cells, each ended by the delimiter (SIPp ends the last one
/// with it too).
class Cells {
public:
  explicit Cells(const std::string &delimiter) : d_(delimiter) {}
  /// One cell made of `pieces`.
  Cells &add(std::initializer_list<std::string_view> pieces) {
    for (std::string_view piece : pieces) {
      text_ += piece;
    }
    text_ += d_;
    return *this;
  }
  Cells &operator<<(std::string_view cell) { return add({cell}); }
  std::string &text() { return text_; }

private:
  const std::string &d_;
  std::string text_;
};

void repartition_header(Cells &h, const std::string &name, const std::vector<uint32_t> &bounds) {
  if (bounds.empty()) {
    return;
  }
  h << name;
  for (uint32_t b : bounds) {
    h.add({name, "_<", std::to_string(b)});
  }
  h.add({name, "_>=", std::to_string(bounds.back())});
}

} // namespace

std::string StatCsv::header(const ir::Scenario &s, const std::string &d) {
  Cells h(d);
  for (const char *name :
       {"StartTime", "LastResetTime", "CurrentTime", "ElapsedTime(P)", "ElapsedTime(C)",
        "TargetRate", "CallRate(P)", "CallRate(C)", "IncomingCall(P)", "IncomingCall(C)",
        "OutgoingCall(P)", "OutgoingCall(C)", "TotalCallCreated", "CurrentCall",
        "SuccessfulCall(P)", "SuccessfulCall(C)", "FailedCall(P)", "FailedCall(C)"}) {
    h << name;
  }
  for (Counter c : kFailureColumns) {
    std::string_view name = counter_name(c);
    h.add({name, "(P)"}).add({name, "(C)"});
  }
  for (const ir::Rtd &r : s.rtds) {
    for (const char *suffix : {"(P)", "(C)", "StDev(P)", "StDev(C)"}) {
      h.add({"ResponseTime", r.name, suffix});
    }
  }
  h << "CallLength(P)"
    << "CallLength(C)"
    << "CallLengthStDev(P)"
    << "CallLengthStDev(C)";
  for (const std::string &c : s.counters) {
    std::string column = counter_column(c);
    h.add({column, "(P)"}).add({column, "(C)"});
  }
  for (const ir::Rtd &r : s.rtds) {
    repartition_header(h, "ResponseTimeRepartition" + r.name,
                       s.response_time_repartition.bounds_ms);
  }
  repartition_header(h, "CallLengthRepartition", s.call_length_repartition.bounds_ms);
  return std::move(h.text());
}

Expected<void> StatCsv::open(const std::string &path, const ir::Scenario &s, std::string delimiter,
                             bool periodic_repartitions) {
  if (Expected<void> opened = file_.open(path, true); !opened) {
    return opened;
  }
  delimiter_ = std::move(delimiter);
  periodic_repartitions_ = periodic_repartitions;
  std::string h = header(s, delimiter_) + "\n";
  file_.write(h);
  file_.flush();
  return {};
}

void StatCsv::row(const StatsSnapshot &now, const Clock &clock) {
  if (!file_.is_open()) {
    return;
  }
  if (first_) {
    first_ = false;
    last_ = now;
    for (auto &c : last_.counters) {
      c = 0;
    }
    auto zero = [](StatsSnapshot::SeriesSum &r) {
      StatsSnapshot::SeriesSum empty;
      empty.buckets.assign(r.buckets.size(), 0);
      r = std::move(empty);
    };
    for (auto &r : last_.rtd) {
      zero(r);
    }
    zero(last_.call_length);
    for (auto &c : last_.user_counters) {
      c = 0;
    }
    last_us_ = clock.start_us;
  }
  const std::string &d = delimiter_;
  auto p = [&](Counter c) { return now.get(c) - last_.get(c); };
  uint64_t elapsed_p = clock.now_us > last_us_ ? (clock.now_us - last_us_) / 1000 : 0;
  uint64_t elapsed_c = clock.now_us > clock.start_us ? (clock.now_us - clock.start_us) / 1000 : 0;
  // SIPp computes the rates in float.
  auto rate = [](uint64_t calls, uint64_t ms) {
    return ms > 0 ? 1000.0F * static_cast<float>(calls) / static_cast<float>(ms) : 0.0F;
  };
  uint64_t created_p = p(Counter::IncomingCall) + p(Counter::OutgoingCall);
  Cells r(d);
  r << sipp_timestamp(clock.start_us) << sipp_timestamp(last_us_) << sipp_timestamp(clock.now_us)
    << hhmmss(elapsed_p) << hhmmss(elapsed_c);
  r << (clock.users ? std::to_string(static_cast<long long>(clock.target_rate))
                    : as_stream(clock.target_rate));
  r << as_stream(static_cast<double>(rate(created_p, elapsed_p)))
    << as_stream(static_cast<double>(rate(now.created(), elapsed_c)));
  auto both = [&](Counter c) { r << std::to_string(p(c)) << std::to_string(now.get(c)); };
  both(Counter::IncomingCall);
  both(Counter::OutgoingCall);
  r << std::to_string(now.created()) << std::to_string(now.open_calls);
  both(Counter::SuccessfulCall);
  both(Counter::FailedCall);
  for (Counter c : kFailureColumns) {
    both(c);
  }
  auto times = [&](const Moments &period, const Moments &total) {
    for (double v : {period.mean(), total.mean(), period.stdev(), total.stdev()}) {
      r << StatCsv::hhmmssus(static_cast<uint64_t>(v));
    }
  };
  for (size_t i = 0; i < now.rtd.size(); ++i) {
    times(since(now.rtd[i], last_.rtd[i]), moments(now.rtd[i]));
  }
  times(since(now.call_length, last_.call_length), moments(now.call_length));
  for (size_t i = 0; i < now.user_counters.size(); ++i) {
    r << std::to_string(now.user_counters[i] - last_.user_counters[i])
      << std::to_string(now.user_counters[i]);
  }
  auto buckets = [&](const StatsSnapshot::SeriesSum &s, const StatsSnapshot::SeriesSum &then) {
    if (s.buckets.size() <= 1) {
      return; // no repartition declared: no columns
    }
    r << ""; // the repartition's own column stays empty
    for (size_t b = 0; b < s.buckets.size(); ++b) {
      r << std::to_string(s.buckets[b] - (periodic_repartitions_ ? then.buckets[b] : 0));
    }
  };
  for (size_t i = 0; i < now.rtd.size(); ++i) {
    buckets(now.rtd[i], last_.rtd[i]);
  }
  buckets(now.call_length, last_.call_length);
  r.text() += '\n';
  file_.write(r.text());
  file_.flush();
  last_ = now;
  last_us_ = clock.now_us;
}

} // namespace gossipper::runtime

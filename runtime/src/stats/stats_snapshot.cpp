//===- stats_snapshot.cpp - A run's statistics at one moment --------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/runtime/stats_snapshot.hpp"

#include "stats/stats.hpp"

#include <algorithm>
#include <cmath>

namespace gossipper::runtime {

std::string_view counter_name(Counter c) {
  static constexpr std::string_view names[] = {"IncomingCall",
                                               "OutgoingCall",
                                               "SuccessfulCall",
                                               "FailedCall",
                                               "FailedCannotSendMessage",
                                               "FailedMaxUDPRetrans",
                                               "FailedTcpConnect",
                                               "FailedTcpClosed",
                                               "FailedUnexpectedMessage",
                                               "FailedCallRejected",
                                               "FailedCmdNotSent",
                                               "FailedRegexpDoesntMatch",
                                               "FailedRegexpShouldntMatch",
                                               "FailedRegexpHdrNotFound",
                                               "FailedOutboundCongestion",
                                               "FailedTimeoutOnRecv",
                                               "FailedTimeoutOnSend",
                                               "FailedTestDoesntMatch",
                                               "FailedTestShouldntMatch",
                                               "FailedStrcmpDoesntMatch",
                                               "FailedStrcmpShouldntMatch",
                                               "OutOfCallMsgs",
                                               "DeadCallMsgs",
                                               "Retransmissions",
                                               "AutoAnswered",
                                               "Warnings",
                                               "FatalErrors",
                                               "WatchdogMajor",
                                               "WatchdogMinor",
                                               "MalformedMessages",
                                               "AbortedCalls",
                                               "Uncounted"};
  static_assert(sizeof(names) / sizeof(names[0]) == static_cast<size_t>(Counter::Count));
  return names[static_cast<size_t>(c)];
}

namespace {

/// The index of the bucket at or under which `q` of the counts fall (-1:
/// no count).
long quantile_bucket(const std::vector<uint64_t> &buckets, double q) {
  uint64_t total = 0;
  for (uint64_t n : buckets) {
    total += n;
  }
  if (total == 0) {
    return -1;
  }
  auto rank =
      std::max<uint64_t>(static_cast<uint64_t>(std::ceil(q * static_cast<double>(total))), 1);
  uint64_t seen = 0;
  for (size_t i = 0; i < buckets.size(); ++i) {
    seen += buckets[i];
    if (seen >= rank) {
      return static_cast<long>(i);
    }
  }
  return static_cast<long>(buckets.size()) - 1;
}

} // namespace

std::string_view media_count_name(MediaSummary::Field f) {
  switch (f) {
  case MediaSummary::RtpSent: return "rtp_packets_sent";
  case MediaSummary::RtpSentOctets: return "rtp_octets_sent";
  case MediaSummary::RtpReceived: return "rtp_packets_received";
  case MediaSummary::RtpReceivedOctets: return "rtp_octets_received";
  case MediaSummary::RtcpSent: return "rtcp_packets_sent";
  case MediaSummary::RtcpReceived: return "rtcp_packets_received";
  case MediaSummary::Echoed: return "echoed_packets";
  case MediaSummary::EchoedOctets: return "echoed_octets";
  case MediaSummary::StreamsMeasured: return "streams_measured";
  case MediaSummary::PacketsExpected: return "packets_expected";
  case MediaSummary::PacketsLost: return "packets_lost";
  case MediaSummary::Malformed: return "malformed_datagrams";
  case MediaSummary::Unattributed: return "unattributed_packets";
  case MediaSummary::SendErrors: return "send_errors";
  case MediaSummary::PortBusy: return "port_busy";
  case MediaSummary::NoRemote: return "played_without_remote";
  case MediaSummary::BadSdp: return "unusable_sdp";
  case MediaSummary::DtmfDigits: return "dtmf_digits";
  case MediaSummary::BadDtmf: return "dtmf_without_digits";
  case MediaSummary::RtpcheckStreams: return "rtpcheck_streams";
  case MediaSummary::RtpcheckFailed: return "rtpcheck_failed";
  case MediaSummary::OutboundReported: return "outbound_streams_reported";
  case MediaSummary::OutboundLost: return "outbound_packets_lost";
  case MediaSummary::SrtpStreams: return "srtp_streams";
  case MediaSummary::SrtpAuthFailed: return "srtp_auth_failures";
  case MediaSummary::SrtpReplayed: return "srtp_replays";
  case MediaSummary::SrtpStreamsFailing: return "srtp_streams_failing";
  case MediaSummary::SrtpNoCommonSuite: return "srtp_no_common_suite";
  case MediaSummary::SrtpRefused: return "srtp_keys_refused";
  case MediaSummary::BadCrypto: return "malformed_crypto_lines";
  case MediaSummary::DtlsKeyed: return "dtls_handshakes";
  case MediaSummary::DtlsFailed: return "dtls_failures";
  case MediaSummary::DtlsTimeouts: return "dtls_timeouts";
  case MediaSummary::DtlsBadFingerprint: return "dtls_fingerprint_mismatches";
  case MediaSummary::DtlsHeld: return "dtls_held_packets";
  case MediaSummary::IceAnswered: return "ice_checks_answered";
  case MediaSummary::IceRefused: return "ice_checks_refused";
  default: return {}; // the maxima
  }
}

double MediaSummary::mos_quantile(double q) const {
  long i = quantile_bucket(mos, q);
  return i < 0 ? 0.0 : static_cast<double>(100 + i) / 100.0; // the closest double to x.yz
}

double MediaSummary::send_error_quantile_ms(double q) const {
  long i = quantile_bucket(send_error, q);
  return i < 0 ? 0.0 : static_cast<double>((i + 1) * static_cast<long>(kSendErrorStepUs)) / 1000.0;
}

void StatsSnapshot::subtract_cumulative(const StatsSnapshot &base) {
  for (size_t i = 0; i < counters.size() && i < base.counters.size(); ++i) {
    counters[i] -= base.counters[i];
  }
  auto moments = [](SeriesSum &s, const SeriesSum &b) {
    s.count -= b.count;
    s.sum_ms -= b.sum_ms;
    s.sum_sq_ms -= b.sum_sq_ms;
  };
  for (size_t i = 0; i < rtd.size() && i < base.rtd.size(); ++i) {
    moments(rtd[i], base.rtd[i]);
  }
  moments(call_length, base.call_length);
  for (size_t i = 0; i < user_counters.size() && i < base.user_counters.size(); ++i) {
    user_counters[i] -= base.user_counters[i];
  }
}

StatsSnapshot empty_snapshot(const ir::Scenario &scenario) {
  StatsSnapshot s;
  s.counters.assign(static_cast<size_t>(Counter::Count), 0);
  s.states.assign(scenario.states.size(), StatsSnapshot::State{});
  s.rtd.resize(scenario.rtds.size());
  for (auto &r : s.rtd) {
    r.buckets.assign(scenario.response_time_repartition.bounds_ms.size() + 1, 0);
  }
  s.call_length.buckets.assign(scenario.call_length_repartition.bounds_ms.size() + 1, 0);
  s.user_counters.assign(scenario.counters.size(), 0);
  return s;
}

namespace {

void add_series(StatsSnapshot::SeriesSum &to, const Series &from, bool with_histograms) {
  uint64_t count = from.count.get();
  if (count != 0 && (to.count == 0 || from.min_ms.get() < to.min_ms)) {
    to.min_ms = from.min_ms.get();
  }
  if (count != 0 && (to.count == 0 || from.min_us.get() < to.min_us)) {
    to.min_us = from.min_us.get();
  }
  to.max_ms = std::max(to.max_ms, from.max_ms.get());
  to.max_us = std::max(to.max_us, from.max_us.get());
  for (size_t f = 0; f < to.fixed.size(); ++f) {
    to.fixed[f] += from.fixed[f].get();
  }
  if (with_histograms) {
    to.histogram.resize(LatencyBuckets::kCount, 0);
    for (size_t b = 0; b < LatencyBuckets::kCount; ++b) {
      to.histogram[b] += from.histogram[b].get();
    }
  }
  to.count += count;
  to.sum_ms += from.sum_ms.get();
  to.sum_sq_ms += from.sum_sq_ms.get();
  for (size_t b = 0; b < to.buckets.size() && b < from.buckets.size(); ++b) {
    to.buckets[b] += from.buckets[b].get();
  }
}

} // namespace

void add_shard_stats(StatsSnapshot &s, const Stats &st, bool with_histograms, bool with_states) {
  for (size_t c = 0; c < s.counters.size(); ++c) {
    s.counters[c] += st.counters[c].get();
  }
  for (size_t i = 0; with_states && i < s.states.size(); ++i) {
    const StateCounters &p = st.per_state[i];
    StatsSnapshot::State &q = s.states[i];
    q.sent += p.sent.get();
    q.recv += p.recv.get();
    q.sent_retrans += p.sent_retrans.get();
    q.recv_retrans += p.recv_retrans.get();
    q.timeouts += p.timeouts.get();
    q.unexpected += p.unexpected.get();
    q.lost += p.lost.get();
    q.sessions += p.sessions.get();
  }
  for (size_t i = 0; i < s.rtd.size(); ++i) {
    add_series(s.rtd[i], st.rtd[i], with_histograms);
  }
  add_series(s.call_length, st.call_length, with_histograms);
  for (size_t i = 0; i < s.user_counters.size(); ++i) {
    s.user_counters[i] += st.user_counters[i].get();
  }
}

} // namespace gossipper::runtime

//===- media_csv.cpp - Our -trace_media file ------------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "stats/media_csv.hpp"
#include "time/wall_date.hpp"

#include <cstdio>

namespace gossipper::runtime {
namespace {

using M = MediaSummary;

double ms_of(uint64_t us) { return static_cast<double>(us) / 1000.0; }

/// A float as the statistics CSV prints it (6 significant digits).
std::string as_float(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

/// The stat CSV's HH:MM:SS of milliseconds.
std::string hhmmss(uint64_t ms) {
  uint64_t s = ms / 1000;
  char buf[48];
  std::snprintf(
      buf, sizeof buf, "%2.2llu:%2.2llu:%2.2llu", static_cast<unsigned long long>(s / 3600),
      static_cast<unsigned long long>((s / 60) % 60), static_cast<unsigned long long>(s % 60));
  return buf;
}

/// Every column after the dates, in order: its name and its value as text
/// (`m` null: the header's pass, values unused).
template <class Cell> void columns(const M *m, Cell cell) {
  // The counts are named as in the summary's JSON (media_count_name).
  auto count = [&](M::Field f) {
    cell(media_count_name(f), m != nullptr ? std::to_string(m->get(f)) : std::string());
  };
  auto real = [&](std::string_view name, auto value) {
    cell(name, m != nullptr ? as_float(value(*m)) : std::string());
  };
  auto max_ms = [&](std::string_view name, M::Field f) {
    real(name, [f](const M &s) { return ms_of(s.get(f)); });
  };
  count(M::RtpSent);
  count(M::RtpSentOctets);
  count(M::RtpReceived);
  count(M::RtpReceivedOctets);
  count(M::Echoed);
  count(M::EchoedOctets);
  count(M::RtcpSent);
  count(M::RtcpReceived);
  count(M::StreamsMeasured);
  count(M::PacketsExpected);
  count(M::PacketsLost);
  real("loss_ratio", [](const M &s) { return s.loss_ratio(); });
  max_ms("max_jitter_ms", M::MaxJitterUs);
  real("mos_min", [](const M &s) { return s.min_mos(); });
  real("mos_p01", [](const M &s) { return s.mos_quantile(0.01); });
  real("mos_p50", [](const M &s) { return s.mos_quantile(0.5); });
  real("send_error_p50_ms", [](const M &s) { return s.send_error_quantile_ms(0.5); });
  real("send_error_p99_ms", [](const M &s) { return s.send_error_quantile_ms(0.99); });
  max_ms("send_error_max_ms", M::MaxSendErrorUs);
  count(M::OutboundReported);
  count(M::OutboundLost);
  max_ms("outbound_max_jitter_ms", M::MaxOutboundJitterUs);
  max_ms("outbound_max_rtt_ms", M::MaxRttUs);
  count(M::RtpcheckStreams);
  count(M::RtpcheckFailed);
  count(M::Malformed);
  count(M::Unattributed);
  count(M::SendErrors);
  count(M::PortBusy);
  count(M::NoRemote);
  count(M::BadSdp);
  count(M::DtmfDigits);
  count(M::BadDtmf);
  count(M::SrtpStreams);
  count(M::SrtpAuthFailed);
  count(M::SrtpReplayed);
  count(M::SrtpStreamsFailing);
  count(M::SrtpNoCommonSuite);
  count(M::SrtpRefused);
  count(M::BadCrypto);
  count(M::DtlsKeyed);
  count(M::DtlsFailed);
  count(M::DtlsTimeouts);
  count(M::DtlsBadFingerprint);
  count(M::DtlsHeld);
  count(M::IceAnswered);
  count(M::IceRefused);
}

} // namespace

std::string MediaCsv::header(const std::string &d) {
  std::string h = "StartTime" + d + "LastResetTime" + d + "CurrentTime" + d + "ElapsedTime" + d;
  columns(nullptr, [&](std::string_view name, const std::string &) {
    h += name;
    h += d;
  });
  return h;
}

std::string MediaCsv::figures(const MediaSummary &m, const std::string &d) {
  std::string r;
  columns(&m, [&](std::string_view, const std::string &value) { r += value + d; });
  return r;
}

Expected<void> MediaCsv::open(const std::string &path, std::string delimiter) {
  if (Expected<void> opened = file_.open(path, true); !opened) {
    return opened;
  }
  delimiter_ = std::move(delimiter);
  file_.write(header(delimiter_) + "\n");
  file_.flush();
  return {};
}

void MediaCsv::row(const MediaSummary &m, uint64_t start_us, uint64_t now_us) {
  if (!file_.is_open()) {
    return;
  }
  if (first_) {
    first_ = false;
    last_us_ = start_us;
  }
  const std::string &d = delimiter_;
  uint64_t elapsed_ms = now_us > start_us ? (now_us - start_us) / 1000 : 0;
  std::string r = sipp_timestamp(start_us) + d + sipp_timestamp(last_us_) + d +
                  sipp_timestamp(now_us) + d + hhmmss(elapsed_ms) + d + figures(m, d) + "\n";
  last_us_ = now_us;
  file_.write(r);
  file_.flush();
}

} // namespace gossipper::runtime

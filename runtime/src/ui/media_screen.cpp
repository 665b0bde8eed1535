//===- media_screen.cpp - Our media screen, key 0 -------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The run's media in the statistics screen's layout: a row per figure of the
// summary's `media`, the periodic column since the last periodic reset (the
// snapshot's difference), the cumulative one since the start. Maxima have no
// periodic value (a snapshot keeps the largest so far, not when it came);
// quantiles of the period come from the difference of the distributions.
// Every line is at most 79 columns.
//
//===----------------------------------------------------------------------===//
#include "ui/screen_printer.hpp"

#include <cstdarg>
#include <cstdio>

namespace gossipper::runtime {
namespace {

std::string fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
std::string fmt(const char *f, ...) {
  char buf[256];
  va_list ap;
  va_start(ap, f);
  std::vsnprintf(buf, sizeof buf, f, ap);
  va_end(ap);
  return buf;
}

unsigned long long ull(uint64_t v) { return static_cast<unsigned long long>(v); }

/// The statistics screen's HH:MM:SS:uuuuuu.
std::string hms(uint64_t ms) {
  uint64_t s = ms / 1000;
  return fmt("%02llu:%02llu:%02llu:%06llu", ull(s / 3600), ull((s / 60) % 60), ull(s % 60),
             ull((ms % 1000) * 1000));
}

/// The statistics screen's cross, one column shorter.
const char *kCross =
    "-------------------------+---------------------------+-------------------------";

/// `now` less `start`, bucket by bucket (a missing bucket counts 0).
std::vector<uint64_t> minus(const std::vector<uint64_t> &now, const std::vector<uint64_t> &start) {
  std::vector<uint64_t> d = now;
  for (size_t i = 0; i < d.size() && i < start.size(); ++i) {
    d[i] -= start[i];
  }
  return d;
}

/// What the period added: counts and distributions (maxima stay the run's).
MediaSummary period_of(const MediaSummary &now, const MediaSummary &start) {
  MediaSummary p = now;
  for (size_t i = 0; i < p.values.size(); ++i) {
    p.values[i] -= start.values[i];
  }
  p.mos = minus(now.mos, start.mos);
  p.send_error = minus(now.send_error, start.send_error);
  return p;
}

double ms_of(uint64_t us) { return static_cast<double>(us) / 1000.0; }

} // namespace

std::vector<std::string> ScreenPrinter::media_screen(const Frame &f) const {
  const MediaSummary &c = f.now->media;
  const MediaSummary p = period_of(c, f.period_start->media);
  auto row = [](const char *label, const std::string &periodic, const std::string &cumulative) {
    return fmt("  %-22.22s | %-25.25s | %-24.24s", label, periodic.c_str(), cumulative.c_str());
  };
  auto count = [&](const char *label, MediaSummary::Field field) {
    return row(label, fmt("%8llu", ull(p.get(field))), fmt("%8llu", ull(c.get(field))));
  };
  auto ms_max = [&](const char *label, MediaSummary::Field field) {
    return row(label, "", fmt("%8.3f", ms_of(c.get(field))));
  };
  auto lost = [](const MediaSummary &m) {
    return fmt("%8llu of %llu", ull(m.get(MediaSummary::PacketsLost)),
               ull(m.get(MediaSummary::PacketsExpected)));
  };
  std::vector<std::string> lines;
  lines.emplace_back(kCross);
  lines.emplace_back("  Counter Name           | Periodic value            | Cumulative value");
  lines.emplace_back(kCross);
  lines.push_back(row("Elapsed Time", hms(f.period_ms), hms(f.clock_ms)));
  lines.emplace_back(kCross);
  lines.push_back(count("RTP packets sent", MediaSummary::RtpSent));
  lines.push_back(count("RTP packets received", MediaSummary::RtpReceived));
  lines.push_back(count("RTP packets echoed", MediaSummary::Echoed));
  lines.push_back(count("RTCP packets sent", MediaSummary::RtcpSent));
  lines.push_back(count("RTCP packets received", MediaSummary::RtcpReceived));
  lines.emplace_back(kCross);
  lines.push_back(count("Streams measured", MediaSummary::StreamsMeasured));
  lines.push_back(row("Packets lost", lost(p), lost(c)));
  lines.push_back(row("Loss ratio", fmt("%8.4f", p.loss_ratio()), fmt("%8.4f", c.loss_ratio())));
  lines.push_back(ms_max("Max jitter ms", MediaSummary::MaxJitterUs));
  lines.push_back(row("MOS min", fmt("%8.2f", p.min_mos()), fmt("%8.2f", c.min_mos())));
  lines.push_back(
      row("MOS p50", fmt("%8.2f", p.mos_quantile(0.5)), fmt("%8.2f", c.mos_quantile(0.5))));
  lines.push_back(row("Send error p99 ms", fmt("%8.3f", p.send_error_quantile_ms(0.99)),
                      fmt("%8.3f", c.send_error_quantile_ms(0.99))));
  lines.emplace_back(kCross);
  lines.push_back(count("Outbound streams", MediaSummary::OutboundReported));
  lines.push_back(count("Outbound packets lost", MediaSummary::OutboundLost));
  lines.push_back(ms_max("Outbound max jitter ms", MediaSummary::MaxOutboundJitterUs));
  lines.push_back(ms_max("Outbound max RTT ms", MediaSummary::MaxRttUs));
  lines.push_back(count("Rtpcheck checked", MediaSummary::RtpcheckStreams));
  lines.push_back(count("Rtpcheck failed", MediaSummary::RtpcheckFailed));
  lines.emplace_back(kCross);
  lines.push_back(count("Malformed datagrams", MediaSummary::Malformed));
  lines.push_back(count("Unattributed packets", MediaSummary::Unattributed));
  lines.push_back(count("Port busy", MediaSummary::PortBusy));
  lines.push_back(count("No SDP from the peer", MediaSummary::NoRemote));
  lines.push_back(count("Unusable SDP", MediaSummary::BadSdp));
  lines.emplace_back(kCross);
  lines.push_back(count("SRTP streams", MediaSummary::SrtpStreams));
  lines.push_back(count("SRTP auth failures", MediaSummary::SrtpAuthFailed));
  lines.push_back(count("SRTP replays", MediaSummary::SrtpReplayed));
  lines.push_back(count("SRTP no common suite", MediaSummary::SrtpNoCommonSuite));
  lines.push_back(count("Malformed a=crypto", MediaSummary::BadCrypto));
  lines.push_back(count("DTLS handshakes", MediaSummary::DtlsKeyed));
  lines.push_back(count("DTLS failures", MediaSummary::DtlsFailed));
  lines.push_back(count("DTLS timeouts", MediaSummary::DtlsTimeouts));
  lines.push_back(count("DTLS fingerprint wrong", MediaSummary::DtlsBadFingerprint));
  return lines;
}

} // namespace gossipper::runtime

// -trace_media: the header (dates, then the summary's media names) and a
// row of a known summary, cumulative, in -stat_delimiter cells.
#include "stats/media_csv.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace gossipper::runtime {
namespace {

using M = MediaSummary;

constexpr const char *kHeader =
    "StartTime;LastResetTime;CurrentTime;ElapsedTime;"
    "rtp_packets_sent;rtp_octets_sent;rtp_packets_received;rtp_octets_received;"
    "echoed_packets;echoed_octets;rtcp_packets_sent;rtcp_packets_received;"
    "streams_measured;packets_expected;packets_lost;loss_ratio;max_jitter_ms;"
    "mos_min;mos_p01;mos_p50;send_error_p50_ms;send_error_p99_ms;send_error_max_ms;"
    "outbound_streams_reported;outbound_packets_lost;outbound_max_jitter_ms;"
    "outbound_max_rtt_ms;rtpcheck_streams;rtpcheck_failed;malformed_datagrams;"
    "unattributed_packets;send_errors;port_busy;played_without_remote;unusable_sdp;"
    "dtmf_digits;dtmf_without_digits;srtp_streams;srtp_auth_failures;srtp_replays;"
    "srtp_streams_failing;srtp_no_common_suite;srtp_keys_refused;malformed_crypto_lines;"
    "dtls_handshakes;dtls_failures;dtls_timeouts;dtls_fingerprint_mismatches;dtls_held_packets;"
    "ice_checks_answered;ice_checks_refused;";

M known() {
  M m;
  m.values[M::RtpSent] = 500;
  m.values[M::RtpSentOctets] = 86000;
  m.values[M::RtpReceived] = 490;
  m.values[M::RtpReceivedOctets] = 84280;
  m.values[M::Echoed] = 7;
  m.values[M::EchoedOctets] = 1204;
  m.values[M::RtcpSent] = 3;
  m.values[M::RtcpReceived] = 2;
  m.values[M::StreamsMeasured] = 2;
  m.values[M::PacketsExpected] = 400;
  m.values[M::PacketsLost] = 10;
  m.values[M::MaxJitterUs] = 1250;
  m.values[M::MaxSendErrorUs] = 730;
  m.values[M::OutboundReported] = 1;
  m.values[M::OutboundLost] = 4;
  m.values[M::MaxOutboundJitterUs] = 500;
  m.values[M::MaxRttUs] = 20400;
  m.values[M::RtpcheckStreams] = 2;
  m.values[M::RtpcheckFailed] = 1;
  m.values[M::Malformed] = 11;
  m.values[M::Unattributed] = 12;
  m.values[M::SendErrors] = 13;
  m.values[M::PortBusy] = 14;
  m.values[M::NoRemote] = 15;
  m.values[M::BadSdp] = 16;
  m.values[M::DtmfDigits] = 3;
  m.values[M::BadDtmf] = 17;
  m.values[M::SrtpStreams] = 18;
  m.values[M::SrtpAuthFailed] = 19;
  m.values[M::SrtpReplayed] = 20;
  m.values[M::SrtpStreamsFailing] = 21;
  m.values[M::SrtpNoCommonSuite] = 22;
  m.values[M::SrtpRefused] = 23;
  m.values[M::BadCrypto] = 24;
  m.values[M::DtlsKeyed] = 25;
  m.values[M::DtlsFailed] = 26;
  m.values[M::DtlsTimeouts] = 27;
  m.values[M::DtlsBadFingerprint] = 28;
  m.values[M::DtlsHeld] = 29;
  m.values[M::IceAnswered] = 30;
  m.values[M::IceRefused] = 31;
  m.mos.assign(M::kMosBuckets, 0);
  m.mos[341] = 1; // 4.41
  m.mos[300] = 1; // 4.00
  m.send_error.assign(M::kSendErrorBuckets, 0);
  m.send_error[1] = 99; // 0.05-0.1 ms
  m.send_error[14] = 1; // 0.7-0.75 ms
  return m;
}

constexpr const char *kFigures = "500;86000;490;84280;7;1204;3;2;2;400;10;0.025;1.25;"
                                 "4;4;4;0.1;0.1;0.73;1;4;0.5;20.4;2;1;11;12;13;14;15;16;3;17;"
                                 "18;19;20;21;22;23;24;25;26;27;28;29;30;31;";

TEST(MediaCsv, Header) {
  EXPECT_EQ(MediaCsv::header(";"), kHeader);
  EXPECT_EQ(MediaCsv::header(",").substr(0, 22), "StartTime,LastResetTim");
}

TEST(MediaCsv, FiguresOfAKnownSummary) {
  EXPECT_EQ(MediaCsv::figures(known(), ";"), kFigures);
  // Nothing measured: zeros, no division by nothing.
  EXPECT_EQ(MediaCsv::figures(M{}, ",").substr(0, 48),
            "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,");
}

TEST(MediaCsv, FileHasTheHeaderThenARowPerCall) {
  std::string path = test::temp_path("media_csv_test.csv");
  {
    MediaCsv csv;
    ASSERT_TRUE(csv.open(path, ";").ok());
    EXPECT_TRUE(csv.is_open());
    uint64_t start = 1700000000000000ULL;
    csv.row(M{}, start, start);
    csv.row(known(), start, start + 3723500000ULL); // 1 h 2 min 3.5 s later
  }
  std::string text = test::read_file(path);
  std::remove(path.c_str());
  std::vector<std::string> lines;
  for (size_t at = 0; at < text.size();) {
    size_t nl = text.find('\n', at);
    ASSERT_NE(nl, std::string::npos);
    lines.push_back(text.substr(at, nl - at));
    at = nl + 1;
  }
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_EQ(lines[0], kHeader);
  // The dates are SIPp's (local time, with tabs); what follows them:
  // ElapsedTime, then the figures.
  auto after_dates = [](const std::string &line) {
    size_t at = 0;
    for (int cells = 0; cells < 3; ++cells) {
      at = line.find(';', at) + 1;
    }
    return line.substr(at);
  };
  EXPECT_EQ(after_dates(lines[1]).substr(0, 9), "00:00:00;");
  EXPECT_EQ(after_dates(lines[2]), std::string("01:02:03;") + kFigures);
  // The second row's LastResetTime is the first row's CurrentTime.
  EXPECT_EQ(lines[2].substr(0, lines[2].find(';')), lines[1].substr(0, lines[1].find(';')));
  size_t reset_at = lines[2].find(';') + 1;
  size_t now_at = lines[1].find(';', lines[1].find(';') + 1) + 1;
  EXPECT_EQ(lines[2].substr(reset_at, lines[2].find(';', reset_at) - reset_at),
            lines[1].substr(now_at, lines[1].find(';', now_at) - now_at));
}

} // namespace
} // namespace gossipper::runtime

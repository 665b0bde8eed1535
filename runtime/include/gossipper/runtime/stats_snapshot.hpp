//===- stats_snapshot.hpp - A run's statistics at one moment ---*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The sums of every shard's counters, taken without stopping them (each
// counter is read once, relaxed): what the screens, the statistics files,
// the summary and every control surface (keyboard, -cp, and the API and TUI
// to come) show. Names follow SIPp's statistics CSV.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace gossipper::runtime {

enum class Counter : uint8_t {
  IncomingCall,
  OutgoingCall,
  SuccessfulCall,
  FailedCall,
  FailedCannotSendMessage,
  FailedMaxUDPRetrans,
  FailedTcpConnect,
  FailedTcpClosed,
  FailedUnexpectedMessage,
  FailedCallRejected,
  FailedCmdNotSent,
  FailedRegexpDoesntMatch,
  FailedRegexpShouldntMatch,
  FailedRegexpHdrNotFound,
  FailedOutboundCongestion,
  FailedTimeoutOnRecv,
  FailedTimeoutOnSend,
  FailedTestDoesntMatch,
  FailedTestShouldntMatch,
  FailedStrcmpDoesntMatch,
  FailedStrcmpShouldntMatch,
  OutOfCallMsgs,
  DeadCallMsgs,
  Retransmissions,
  AutoAnswered,
  Warnings,
  FatalErrors,
  WatchdogMajor,
  WatchdogMinor,
  /// Ours, beyond SIPp: messages that could not be parsed (SIPp drops them
  /// uncounted).
  MalformedMessages,
  /// Ours: calls a forced quit aborted (SIPp counts them nowhere), failed.
  AbortedCalls,
  /// Calls that ended with no success/failure count (SIPp's PING auto-reply).
  Uncounted,
  Count,
};

[[nodiscard]] std::string_view counter_name(Counter c);

/// The summary's fixed buckets of every duration: le_10ms ... le_5000ms,
/// then gt_5000ms.
inline constexpr std::array<uint32_t, 9> kFixedBucketBoundsMs = {10,  20,   50,   100, 200,
                                                                 500, 1000, 2000, 5000};

/// The media of the run (RTP, RTCP, echo), summed over its shards: what was
/// sent and received, what went wrong, and the quality of each stream that
/// ended, as distributions.
struct MediaSummary {
  enum Field : uint8_t {
    RtpSent,
    RtpSentOctets,
    RtpReceived,
    RtpReceivedOctets,
    RtcpSent,
    RtcpReceived,
    Echoed, ///< -rtp_echo and <rtp_echo>: packets sent back
    EchoedOctets,
    StreamsMeasured, ///< streams that ended having received RTP
    PacketsExpected, ///< RFC 3550 A.3, over the measured streams
    PacketsLost,
    MaxJitterUs,  ///< the largest interarrival jitter of a stream
    Malformed,    ///< datagrams on a media port that are not RTP or RTCP
    Unattributed, ///< RTP that no single stream of the port expects
    SendErrors,
    PortBusy, ///< a stream's port was taken: it sent from another
    NoRemote, ///< a play action with no SDP from the peer: nothing sent
    BadSdp,   ///< a peer's SDP with no usable m= line or address
    DtmfDigits,
    BadDtmf,             ///< play_dtmf with no digit to send
    MaxSendErrorUs,      ///< the furthest a replayed packet left from its time
    RtpcheckStreams,     ///< rtp_stream streams whose echo was checked
    RtpcheckFailed,      ///< ... and found wrong beyond -audiotolerance/-videotolerance
    OutboundReported,    ///< streams the peer's RTCP reported on
    OutboundLost,        ///< the packets those reports say were lost
    MaxOutboundJitterUs, ///< the largest jitter they report
    MaxRttUs,            ///< the largest round trip from them
    SrtpStreams,         ///< streams that ended with SRTP keyed (SDES)
    SrtpAuthFailed,      ///< the peer's SRTP/SRTCP packets whose tag was wrong
    SrtpReplayed,        ///< ... that were replays
    SrtpStreamsFailing,  ///< streams with one of those failures or more
    SrtpNoCommonSuite,   ///< both SDPs had a=crypto lines, none paired up
    SrtpRefused,         ///< libsrtp refused the keys chosen
    BadCrypto,           ///< a peer's a=crypto line that is malformed
    DtlsKeyed,           ///< DTLS-SRTP handshakes that keyed their stream
    DtlsFailed,          ///< ... that failed (an alert, no common profile, a=setup clash)
    DtlsTimeouts,        ///< ... given up after kDtlsGiveUpMs
    DtlsBadFingerprint,  ///< ... whose certificate is not the SDP's fingerprint
    DtlsHeld,            ///< RTP/RTCP neither sent nor read: DTLS had not keyed it
    IceAnswered,         ///< ICE-lite: the peer's connectivity checks answered
    IceRefused,          ///< ... dropped: malformed, another ufrag, a wrong key
    Count,
  };
  std::array<uint64_t, Count> values{};
  /// MOS of each measured stream, by hundredths: [0] is MOS 1.00 ... [350]
  /// is 4.50.
  static constexpr size_t kMosBuckets = 351;
  std::vector<uint64_t> mos;

  /// How far each replayed packet left from its time, by 50 µs steps (the
  /// last bucket: 10 ms and more).
  static constexpr uint64_t kSendErrorStepUs = 50;
  static constexpr size_t kSendErrorBuckets = 201;
  std::vector<uint64_t> send_error;

  [[nodiscard]] uint64_t get(Field f) const { return values[f]; }
  /// RTP lost over expected, over the measured streams (0 with none).
  [[nodiscard]] double loss_ratio() const {
    uint64_t expected = get(PacketsExpected);
    return expected == 0 ? 0.0
                         : static_cast<double>(get(PacketsLost)) / static_cast<double>(expected);
  }
  /// The send-time error (ms, the top of its bucket) under which `q` of the
  /// replayed packets left (0 with none).
  [[nodiscard]] double send_error_quantile_ms(double q) const;
  /// The MOS under which `q` of the measured streams fall (0 with none).
  [[nodiscard]] double mos_quantile(double q) const;
  [[nodiscard]] double min_mos() const { return mos_quantile(0); }
};

/// The name of a count of MediaSummary in the summary's JSON and the media
/// CSV; empty for the maxima (µs), which are shown in milliseconds.
[[nodiscard]] std::string_view media_count_name(MediaSummary::Field f);

struct StatsSnapshot {
  std::vector<uint64_t> counters;
  /// Per scenario element, SIPp's scenario screen.
  struct State {
    uint64_t sent, recv, sent_retrans, recv_retrans, timeouts, unexpected, lost, sessions;
  };
  std::vector<State> states;
  /// A response time or the call length: count, sums (ms), extremes, the
  /// scenario's repartition, the fixed buckets, and (when asked for) the
  /// log-linear histogram of µs the percentiles come from.
  struct SeriesSum {
    uint64_t count = 0, sum_ms = 0, sum_sq_ms = 0, min_ms = 0, max_ms = 0, min_us = 0, max_us = 0;
    std::vector<uint64_t> buckets;
    std::array<uint64_t, kFixedBucketBoundsMs.size() + 1> fixed{};
    std::vector<uint64_t> histogram; ///< only in a snapshot taken with histograms
  };
  std::vector<SeriesSum> rtd;
  SeriesSum call_length;
  std::vector<uint64_t> user_counters;
  uint64_t open_calls = 0;
  /// The version of the main scenario whose elements `states` counts: 0 for
  /// the one the run started with, one more per scenario the API applied.
  uint32_t scenario_version = 0;
  uint64_t peak_calls = 0;
  uint64_t peak_time_s = 0;
  MediaSummary media;

  [[nodiscard]] uint64_t get(Counter c) const { return counters[static_cast<size_t>(c)]; }
  [[nodiscard]] uint64_t created() const {
    return get(Counter::IncomingCall) + get(Counter::OutgoingCall);
  }
  /// Takes away what `base` counted (modulo 2^64, so that differences of
  /// two snapshots rebased alike stay right): SIPp's "reset stats" zeroes
  /// the cumulative counters, response-time and call-length moments and
  /// user counters, not the open calls, per-message counters nor the
  /// repartitions.
  void subtract_cumulative(const StatsSnapshot &base);
};

} // namespace gossipper::runtime

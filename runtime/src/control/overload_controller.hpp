//===- overload_controller.hpp - Holding the rate at what we serve -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A generator asked for more calls than it can serve does not fail alone:
// its late timers and the datagrams the kernel drops for it become
// retransmissions, which cost more work, until the run collapses (SIPp at
// twice its clean rate makes a seventh of it). The controller reads the
// signs that we, not the peer, are the limit — a shard's tick running late,
// the kernel dropping datagrams we did not read or could not send — over
// windows of kWindowMs, and says the run is saturated while they last. With
// -overload_control on it also caps the offered rate, cutting it by a
// fraction every other saturated window (what a cut sent takes a window to
// drain) and giving it back step by step while the signs stay away (AIMD,
// as TCP does), each step a share of the rate the saturation began at, so
// the run climbs back fast to the most it can serve. Pure arithmetic on readings: the run loop
// reads and applies (docs/overload.md).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdint>
#include <string>

namespace gossipper::runtime {

/// What the run reads of its own load at one moment.
struct LoadReading {
  uint64_t now_ms = 0;
  /// The worst lateness of a shard's tick since the previous reading.
  uint64_t timer_lag_ms = 0;
  /// Cumulative: datagrams the kernel dropped before we read them (-1:
  /// unknown), and datagrams it refused to send (a full send buffer).
  int64_t receive_drops = -1;
  uint64_t send_drops = 0;
  /// The longest a TLS handshake waited for the handshake pool since the
  /// previous reading.
  uint64_t handshake_wait_ms = 0;
};

class OverloadController {
public:
  /// A window's length, and a lateness that counts as saturation: ten
  /// times SIPp's 1 ms timer, a twenty-fifth of T1.
  static constexpr uint64_t kWindowMs = 200;
  static constexpr uint64_t kLagLimitMs = 20;
  /// A cut of the offered rate, and the share of the rate the last
  /// saturation began at given back each clear window.
  static constexpr double kDecrease = 0.85;
  static constexpr double kIncrease = 0.02;

  /// `holds`: -overload_control on (cap the rate) or off (only say so).
  explicit OverloadController(bool holds) : holds_(holds) {}

  /// One reading; `asked` is the rate asked for (calls per rate period).
  /// True when the cap changed (the generator must follow it).
  bool read(const LoadReading &r, double asked);

  /// The offered rate's cap, calls per rate period; 0 when none holds.
  [[nodiscard]] double cap() const { return cap_; }
  /// The rate the generator offers for `asked`.
  [[nodiscard]] double offered(double asked) const {
    return cap_ > 0 && cap_ < asked ? cap_ : asked;
  }
  /// Whether the last full window was saturated, and why ("timer lag 35
  /// ms", "1,204 datagrams dropped on receive"...).
  [[nodiscard]] bool saturated() const { return saturated_; }
  [[nodiscard]] const std::string &reason() const { return reason_; }
  /// Totals over the run: saturated time, windows cut, the lowest cap.
  [[nodiscard]] uint64_t saturated_ms() const { return saturated_ms_; }
  [[nodiscard]] uint64_t cuts() const { return cuts_; }
  [[nodiscard]] double lowest_cap() const { return lowest_cap_; }
  [[nodiscard]] bool holds() const { return holds_; }

private:
  /// The window ended at `now_ms`: saturated or clear, and the cap moved.
  bool close_window(uint64_t now_ms, double asked);

  bool holds_;
  bool started_ = false;
  uint64_t window_start_ = 0;
  uint64_t window_lag_ = 0;
  uint64_t window_handshake_wait_ = 0;
  int64_t receive_base_ = -1; ///< the drops at the window's start
  uint64_t send_base_ = 0;
  int64_t receive_now_ = -1;
  uint64_t send_now_ = 0;
  bool saturated_ = false;
  std::string reason_;
  double cap_ = 0;
  double knee_ = 0;         ///< the offered rate the episode's first saturated window had
  bool in_episode_ = false; ///< saturated windows since the last clear one
  int hold_off_ = 0;        ///< saturated windows to pass before the next cut
  uint64_t saturated_ms_ = 0;
  uint64_t cuts_ = 0;
  double lowest_cap_ = 0;
};

} // namespace gossipper::runtime

//===- overload_controller.cpp - Holding the rate at what we serve --------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "control/overload_controller.hpp"

#include <algorithm>

namespace gossipper::runtime {

bool OverloadController::read(const LoadReading &r, double asked) {
  if (!started_) {
    // The first reading opens the first window: what came before it (the
    // start's compiling and connecting) is not the load.
    started_ = true;
    window_start_ = r.now_ms;
    receive_base_ = receive_now_ = r.receive_drops;
    send_base_ = send_now_ = r.send_drops;
    return false;
  }
  window_lag_ = std::max(window_lag_, r.timer_lag_ms);
  window_handshake_wait_ = std::max(window_handshake_wait_, r.handshake_wait_ms);
  receive_now_ = r.receive_drops;
  send_now_ = r.send_drops;
  if (r.now_ms < window_start_ + kWindowMs) {
    return false;
  }
  return close_window(r.now_ms, asked);
}

bool OverloadController::close_window(uint64_t now_ms, double asked) {
  int64_t received_dropped =
      receive_now_ >= 0 && receive_base_ >= 0 ? receive_now_ - receive_base_ : 0;
  uint64_t send_dropped = send_now_ - send_base_;
  uint64_t length = now_ms - window_start_;
  reason_.clear();
  if (window_lag_ >= kLagLimitMs) {
    reason_ = "timer lag " + std::to_string(window_lag_) + " ms";
  }
  if (window_handshake_wait_ >= kLagLimitMs) {
    reason_ += (reason_.empty() ? "" : ", ") + std::string("TLS handshakes waited ") +
               std::to_string(window_handshake_wait_) + " ms for the pool";
  }
  if (received_dropped > 0) {
    reason_ += (reason_.empty() ? "" : ", ") + std::to_string(received_dropped) +
               " datagrams dropped on receive";
  }
  if (send_dropped > 0) {
    reason_ +=
        (reason_.empty() ? "" : ", ") + std::to_string(send_dropped) + " datagrams dropped on send";
  }
  saturated_ = !reason_.empty();
  window_start_ = now_ms;
  window_lag_ = 0;
  window_handshake_wait_ = 0;
  receive_base_ = receive_now_;
  send_base_ = send_now_;
  if (saturated_) {
    saturated_ms_ += length;
  }
  if (!holds_ || asked <= 0) {
    return false;
  }
  double before = cap_;
  if (saturated_) {
    double offered_now = offered(asked);
    if (!in_episode_) {
      // The first saturated window of an episode: the rate it ran at is
      // the knee the clear windows climb back towards.
      in_episode_ = true;
      knee_ = offered_now;
    }
    // What the cut before this one sent is still draining (late timers,
    // retransmissions of what was dropped): one cut per two windows, so
    // the backlog of a cut does not drive the rate far under the knee.
    if (hold_off_ == 0) {
      cap_ = std::max(offered_now * kDecrease, asked / 100); // never under 1 % of the asked rate
      hold_off_ = 1;
      ++cuts_;
      lowest_cap_ = lowest_cap_ == 0 ? cap_ : std::min(lowest_cap_, cap_);
    } else {
      --hold_off_;
    }
  } else {
    in_episode_ = false;
    hold_off_ = 0;
    if (cap_ > 0) {
      cap_ += knee_ * kIncrease;
      if (cap_ >= asked) {
        cap_ = 0; // back to the asked rate: nothing holds
      }
    }
  }
  return cap_ != before;
}

} // namespace gossipper::runtime

//===- poll_policy.hpp - When a socket is read on the tick -----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Under load a wake-up per message costs more than the message (in a VM, far
// more). So a socket that wakes its shard three times within a millisecond,
// or delivers eight messages in one, leaves the reactor: the shard reads it
// on its tick instead, with one batched read; after eight idle ticks it goes
// back to waiting for readiness. Timing keeps SIPp's resolution, the
// millisecond. The shared UDP socket and every TCP connection follow this.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstddef>
#include <cstdint>

namespace gossipper::runtime {

class PollPolicy {
public:
  static constexpr unsigned kWakeupsBeforePolling = 3;
  static constexpr size_t kMessagesBeforePolling = 8; // a peer that sends in bursts
  static constexpr unsigned kIdleTicksBeforeWaiting = 8;

  /// A readiness event in time window `window` (the millisecond, or the
  /// shard's tick) delivered `messages` (0 when not counted): true when the
  /// socket should be read on the tick from now on.
  bool busy(uint64_t window, size_t messages) {
    if (window != window_ms_) {
      window_ms_ = window;
      wakeups_ = 0;
      messages_ = 0;
    }
    messages_ += messages;
    if (++wakeups_ >= kWakeupsBeforePolling || messages_ >= kMessagesBeforePolling) {
      idle_ticks_ = 0;
      return true;
    }
    return false;
  }
  /// A read on the tick found `messages` (or bytes): true when the socket
  /// should wait for readiness again.
  bool idle(size_t messages) {
    if (messages != 0) {
      idle_ticks_ = 0;
      return false;
    }
    return ++idle_ticks_ >= kIdleTicksBeforeWaiting;
  }

private:
  uint64_t window_ms_ = 0;
  unsigned wakeups_ = 0;
  size_t messages_ = 0;
  unsigned idle_ticks_ = 0;
};

} // namespace gossipper::runtime

//===- otlp_sink.hpp - Events to an OpenTelemetry collector ----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The exporter's thread encodes each batch (protobuf or JSON) and queues
// it; a thread of the sink's own sends the queue in order with the retry
// rules (retry_policy.hpp), so a slow or absent collector never holds the
// exporter (nor, through it, the JSON lines). The queue is bounded: past
// it a batch is dropped and counted. The first failure is said once on
// stderr; the others are only counted.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "events/event_sink.hpp"
#include "events/otel_settings.hpp"
#include "events/otlp_transport.hpp"
#include "gossipper/stdlib/expected.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <random>
#include <thread>

namespace gossipper::runtime::events {

class OtlpSink final : public EventSink {
public:
  /// Batches waiting to be sent, at most.
  static constexpr size_t kMaxQueued = 64;

  /// The sink, or why it cannot be made (a TLS file that cannot be used):
  /// before any traffic.
  [[nodiscard]] static Expected<std::unique_ptr<OtlpSink>>
  open(const OtlpSettings &settings, KeyValues resource, std::string version);
  OtlpSink(const OtlpSettings &settings, KeyValues resource, std::string version,
           std::unique_ptr<OtlpTransport> transport);
  ~OtlpSink() override;
  OtlpSink(const OtlpSink &) = delete;
  OtlpSink &operator=(const OtlpSink &) = delete;

  void write(std::span<const Event> batch) override;
  void finish(uint64_t deadline_ms) override;
  [[nodiscard]] SinkCounts counts() const override;

private:
  struct Pending {
    std::string body;
    uint64_t events = 0;
  };
  [[nodiscard]] std::string encode(std::span<const Event> batch) const;
  void run();
  void deliver(Pending &p);
  /// Waits `ms` unless the sink is past its deadline; false then.
  bool pause(uint64_t ms);
  void say_once(const std::string &what);

  OtlpSettings settings_;
  KeyValues resource_;
  std::string version_;
  std::unique_ptr<OtlpTransport> transport_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending> queue_;
  bool finishing_ = false;
  uint64_t deadline_ms_ = 0;
  std::mt19937_64 rng_{std::random_device{}()};
  std::atomic<bool> said_{false};
  std::atomic<uint64_t> sent_{0};
  std::atomic<uint64_t> dropped_{0};
  std::atomic<uint64_t> failures_{0};
  std::thread thread_;
};

} // namespace gossipper::runtime::events

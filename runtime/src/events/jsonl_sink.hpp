//===- jsonl_sink.hpp - Events as JSON lines -------------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// -log_file_jsonl FILE and -log_stdout: one JSON object per line, each
// batch written whole and flushed, so the file holds whole lines whenever
// the run stops (SIGINT and SIGTERM end it through the run loop, which
// stops the exporter).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "events/event_sink.hpp"
#include "gossipper/stdlib/expected.hpp"

#include <atomic>
#include <cstdio>
#include <memory>
#include <string>

namespace gossipper::runtime::events {

/// An event as one JSON object (no newline).
void append_event_json(std::string &out, const Event &e);

class JsonlSink final : public EventSink {
public:
  /// The file, made anew (or stdout when `path` is "-").
  static Expected<std::unique_ptr<JsonlSink>> open(const std::string &path, std::string name);
  ~JsonlSink() override;
  JsonlSink(const JsonlSink &) = delete;
  JsonlSink &operator=(const JsonlSink &) = delete;

  void write(std::span<const Event> batch) override;
  void finish(uint64_t deadline_ms) override;
  [[nodiscard]] SinkCounts counts() const override;

private:
  JsonlSink(std::FILE *file, bool owned, std::string name)
      : file_(file), owned_(owned), name_(std::move(name)) {}

  std::FILE *file_;
  bool owned_;
  std::string name_;
  std::string buffer_;
  std::atomic<uint64_t> sent_{0};
  std::atomic<uint64_t> dropped_{0};
  std::atomic<uint64_t> failures_{0};
};

} // namespace gossipper::runtime::events

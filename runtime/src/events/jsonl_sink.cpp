//===- jsonl_sink.cpp - Events as JSON lines ------------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "events/jsonl_sink.hpp"

#include "events/event_attributes.hpp"
#include "events/json_text.hpp"

#include <cerrno>
#include <cstring>
#include <ctime>

namespace gossipper::runtime::events {

namespace {

/// "2026-12-06T12:00:00.123456Z"
void append_iso_time(std::string &out, uint64_t wall_us) {
  auto seconds = static_cast<std::time_t>(wall_us / 1000000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[40];
  size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(text + n, sizeof text - n, ".%06uZ", static_cast<unsigned>(wall_us % 1000000));
  out += text;
}

} // namespace

void append_event_json(std::string &out, const Event &e) {
  out += "{\"time\":\"";
  append_iso_time(out, e.wall_us);
  out += "\",\"time_unix_nano\":" + std::to_string(e.wall_us * 1000) + ",\"severity\":\"";
  out += severity_text(e.severity);
  out += "\",\"severity_number\":" + std::to_string(static_cast<int>(e.severity)) + ",\"body\":";
  append_json_string(out, event_body(e));
  for_each_attribute(
      e,
      [&](std::string_view key, std::string_view value) {
        out += ',';
        append_json_string(out, key);
        out += ':';
        append_json_string(out, value);
      },
      [&](std::string_view key, int64_t value) {
        out += ',';
        append_json_string(out, key);
        out += ':' + std::to_string(value);
      },
      [&](std::string_view key, double value) {
        out += ',';
        append_json_string(out, key);
        out += ':';
        append_json_double(out, value);
      });
  out += '}';
}

Expected<std::unique_ptr<JsonlSink>> JsonlSink::open(const std::string &path, std::string name) {
  if (path == "-") {
    return std::unique_ptr<JsonlSink>(new JsonlSink(stdout, false, std::move(name)));
  }
  std::FILE *f = std::fopen(path.c_str(), "w");
  if (f == nullptr) {
    return Error{"-log_file_jsonl: cannot open " + path + ": " + std::strerror(errno), 1};
  }
  return std::unique_ptr<JsonlSink>(new JsonlSink(f, true, std::move(name)));
}

JsonlSink::~JsonlSink() {
  if (owned_) {
    std::fclose(file_);
  }
}

void JsonlSink::write(std::span<const Event> batch) {
  buffer_.clear();
  for (const Event &e : batch) {
    append_event_json(buffer_, e);
    buffer_ += '\n';
  }
  // The batch in one write and flushed: a stop between two batches leaves
  // whole lines.
  bool ok = std::fwrite(buffer_.data(), 1, buffer_.size(), file_) == buffer_.size();
  ok = std::fflush(file_) == 0 && ok;
  (ok ? sent_ : dropped_).fetch_add(batch.size(), std::memory_order_relaxed);
  if (!ok) {
    failures_.fetch_add(1, std::memory_order_relaxed);
  }
}

void JsonlSink::finish(uint64_t /*deadline_ms*/) { std::fflush(file_); }

SinkCounts JsonlSink::counts() const {
  return {name_, sent_.load(std::memory_order_relaxed), dropped_.load(std::memory_order_relaxed),
          failures_.load(std::memory_order_relaxed)};
}

} // namespace gossipper::runtime::events

//===- trace_log.cpp - One of SIPp's trace files --------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "trace/trace_log.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <stdio_ext.h>
#include <unistd.h>

namespace gossipper::runtime {

TraceLog::~TraceLog() {
  // flush_locked() closes the file itself when the flush fails.
  if (file_ != nullptr && flush_locked()) {
    std::fclose(file_);
  }
  if (lost_ != 0) {
    std::fprintf(stderr, "'%s': %llu records lost to write errors\n", path_.c_str(),
                 static_cast<unsigned long long>(lost_));
  }
}

uint64_t TraceLog::lost() const {
  std::lock_guard lock(mu_);
  return lost_;
}

void TraceLog::fail(int err) {
  lost_ += unflushed_;
  unflushed_ = 0;
  failed_ = true;
  // What stdio still holds would land after the cut when closing.
  __fpurge(file_);
  if (::ftruncate(::fileno(file_), flushed_at_) != 0) {
    // a device or a pipe: nothing to cut
  }
  std::fclose(file_);
  file_ = nullptr;
  std::fprintf(stderr,
               "cannot write '%s': %s; it keeps its last whole record and is written no more\n",
               path_.c_str(), std::strerror(err));
}

Expected<void> TraceLog::open(const std::string &path, bool overwrite) {
  path_ = path;
  file_ = std::fopen(path.c_str(), overwrite ? "w" : "a");
  if (file_ == nullptr) {
    return Error{"Unable to create '" + path + "': " + std::strerror(errno)};
  }
  started_ = static_cast<long>(std::time(nullptr));
  std::setvbuf(file_, nullptr, _IOFBF, kBuffer);
  std::fseek(file_, 0, SEEK_END); // "a": where appending starts
  flushed_at_ = std::ftell(file_);
  flushed_at_ = flushed_at_ < 0 ? 0 : flushed_at_;
  return {};
}

void TraceLog::set_rotation(LogRotation rotation, std::string rotated_prefix) {
  std::lock_guard lock(mu_);
  rotation_ = rotation;
  rotated_prefix_ = std::move(rotated_prefix);
}

void TraceLog::write(std::string_view record) {
  std::lock_guard lock(mu_);
  if (file_ == nullptr) {
    lost_ += failed_ ? 1 : 0;
    return;
  }
  // stdio must never flush on its own, in the middle of a record: the
  // buffer goes out whole before a record that would not fit in it.
  if (pending_ != 0 && pending_ + record.size() > kBuffer && !flush_locked()) {
    ++lost_;
    return;
  }
  ++unflushed_;
  if (std::fwrite(record.data(), 1, record.size(), file_) != record.size()) {
    fail(errno);
    return;
  }
  pending_ += record.size();
  if (pending_ >= kBuffer && !flush_locked()) { // a record longer than the buffer
    return;
  }
  written_ += record.size();
  if (rotation_.max_log_size != 0 && written_ > rotation_.max_log_size) {
    std::fclose(file_); // SIPp stops writing the file there
    file_ = nullptr;
  } else if (rotation_.ringbuffer_size != 0 && written_ > rotation_.ringbuffer_size) {
    rotate();
  }
}

void TraceLog::rotate() {
  // SIPp's rotatef: the full file takes the name of its start time (with
  // .n when several started in the same second), the oldest beyond
  // -ringbuffer_files goes, and a new file starts.
  std::fclose(file_);
  file_ = nullptr;
  if (rotation_.ringbuffer_files > 0) {
    while (rotated_.size() >= rotation_.ringbuffer_files) {
      std::remove(rotated_.front().c_str());
      rotated_.pop_front();
    }
    std::string name = rotated_prefix_ + "_" + std::to_string(started_);
    for (int n = 1; std::any_of(rotated_.begin(), rotated_.end(),
                                [&](const std::string &r) { return r == name + ".log"; });
         ++n) {
      name = rotated_prefix_ + "_" + std::to_string(started_) + "." + std::to_string(n);
    }
    name += ".log";
    std::rename(path_.c_str(), name.c_str());
    rotated_.push_back(name);
  }
  file_ = std::fopen(path_.c_str(), "w");
  if (file_ != nullptr) {
    std::setvbuf(file_, nullptr, _IOFBF, kBuffer);
  }
  flushed_at_ = 0;
  unflushed_ = 0;
  pending_ = 0;
  written_ = 0;
  started_ = static_cast<long>(std::time(nullptr));
}

void TraceLog::flush() {
  std::lock_guard lock(mu_);
  if (file_ != nullptr) {
    flush_locked();
  }
}

bool TraceLog::flush_locked() {
  if (std::fflush(file_) != 0) {
    fail(errno);
    return false;
  }
  long at = std::ftell(file_);
  flushed_at_ = at < 0 ? flushed_at_ : at;
  unflushed_ = 0;
  pending_ = 0;
  return true;
}

} // namespace gossipper::runtime

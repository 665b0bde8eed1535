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

namespace gossipper::runtime {

TraceLog::~TraceLog() {
  if (file_ != nullptr) {
    std::fclose(file_);
  }
}

Expected<void> TraceLog::open(const std::string &path, bool overwrite) {
  path_ = path;
  file_ = std::fopen(path.c_str(), overwrite ? "w" : "a");
  if (file_ == nullptr) {
    return Error{"Unable to create '" + path + "': " + std::strerror(errno)};
  }
  started_ = static_cast<long>(std::time(nullptr));
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
    return;
  }
  std::fwrite(record.data(), 1, record.size(), file_);
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
  written_ = 0;
  started_ = static_cast<long>(std::time(nullptr));
}

void TraceLog::flush() {
  std::lock_guard lock(mu_);
  if (file_ != nullptr) {
    std::fflush(file_);
  }
}

} // namespace gossipper::runtime

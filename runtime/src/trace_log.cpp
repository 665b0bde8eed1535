//===- trace_log.cpp - One of SIPp's trace files --------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/runtime/trace_log.hpp"

#include <cerrno>
#include <cstring>
#include <sys/time.h>
#include <time.h>

namespace gossipper::runtime {

TraceLog::~TraceLog() {
  if (file_ != nullptr) {
    std::fclose(file_);
  }
}

bool TraceLog::open(const std::string &path, bool overwrite, std::string &error) {
  path_ = path;
  file_ = std::fopen(path.c_str(), overwrite ? "w" : "a");
  if (file_ == nullptr) {
    error = "Unable to create '" + path + "': " + std::strerror(errno);
    return false;
  }
  return true;
}

void TraceLog::write(std::string_view record) {
  std::lock_guard lock(mu_);
  if (file_ != nullptr) {
    std::fwrite(record.data(), 1, record.size(), file_);
  }
}

void TraceLog::flush() {
  std::lock_guard lock(mu_);
  if (file_ != nullptr) {
    std::fflush(file_);
  }
}

namespace {

/// Local time of now, formatted "%Y-%m-%d<sep>%H:%M:%S.uuuuuu", and the
/// epoch seconds of that same instant.
std::string local_time(char sep, timeval &tv) {
  gettimeofday(&tv, nullptr);
  time_t secs = tv.tv_sec;
  tm local{};
  localtime_r(&secs, &local);
  char buf[64];
  size_t n = sep == '\t' ? std::strftime(buf, sizeof buf, "%Y-%m-%d\t%H:%M:%S", &local)
                         : std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &local);
  std::snprintf(buf + n, sizeof buf - n, ".%06ld", static_cast<long>(tv.tv_usec));
  return buf;
}

} // namespace

std::string TraceLog::timestamp() {
  timeval tv{};
  std::string out = local_time('\t', tv);
  char epoch[48];
  std::snprintf(epoch, sizeof epoch, "\t%ld.%06ld", static_cast<long>(tv.tv_sec),
                static_cast<long>(tv.tv_usec));
  return out + epoch;
}

std::string TraceLog::message_timestamp() {
  timeval tv{};
  return local_time(' ', tv);
}

} // namespace gossipper::runtime

//===- api_log.cpp - Who changed what through the API ---------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "api/api_log.hpp"

#include <ctime>
#include <sys/time.h>

namespace gossipper::runtime::api {

ApiLog::~ApiLog() {
  if (file_ != nullptr) {
    std::fclose(file_);
  }
}

bool ApiLog::open(const std::string &path) {
  file_ = std::fopen(path.c_str(), "a");
  return file_ != nullptr;
}

void ApiLog::write(std::string_view remote, std::string_view method, std::string_view path,
                   std::string_view detail, unsigned status) {
  if (file_ == nullptr) {
    return;
  }
  timeval tv{};
  gettimeofday(&tv, nullptr);
  tm local{};
  localtime_r(&tv.tv_sec, &local);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", &local);
  // The detail is the client's: cut, and kept to one line.
  std::string one_line(detail.substr(0, 512));
  for (char &c : one_line) {
    if (c == '\n' || c == '\r') {
      c = ' ';
    }
  }
  std::fprintf(file_, "%s.%06ld %.*s %.*s %.*s %u %s\n", date, static_cast<long>(tv.tv_usec),
               static_cast<int>(remote.size()), remote.data(), static_cast<int>(method.size()),
               method.data(), static_cast<int>(path.size()), path.data(), status, one_line.c_str());
  std::fflush(file_);
}

} // namespace gossipper::runtime::api

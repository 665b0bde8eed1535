//===- error_code_log.cpp - SIPp's -trace_error_codes file ----------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "stats/error_code_log.hpp"
#include "stats/stat_csv.hpp"
#include "time/wall_date.hpp"

namespace gossipper::runtime {

Expected<void> ErrorCodeLog::open(const std::string &path, std::string delimiter) {
  delimiter_ = std::move(delimiter);
  return file_.open(path, true);
}

void ErrorCodeLog::add(int code) {
  std::lock_guard lock(mu_);
  if (pending_.size() < kMaxPending) {
    pending_.push_back(code);
  } else {
    ++dropped_;
  }
}

void ErrorCodeLog::row(uint64_t start_us, uint64_t now_us) {
  if (!file_.is_open()) {
    return;
  }
  std::vector<int> codes;
  {
    std::lock_guard lock(mu_);
    codes.swap(pending_);
  }
  uint64_t elapsed_ms = now_us > start_us ? (now_us - start_us) / 1000 : 0;
  std::string line =
      sipp_timestamp(now_us) + delimiter_ + StatCsv::hhmmssus(elapsed_ms) + delimiter_;
  for (auto it = codes.rbegin(); it != codes.rend(); ++it) {
    line += std::to_string(*it) + ",";
  }
  line += '\n';
  file_.write(line);
  file_.flush();
}

} // namespace gossipper::runtime

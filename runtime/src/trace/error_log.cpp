//===- error_log.cpp - SIPp's error trace (-trace_err) --------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "trace/error_log.hpp"
#include "time/wall_date.hpp"
#include "trace/trace_log.hpp"

namespace gossipper::runtime {

ErrorLog::ErrorLog(std::string path, bool overwrite, bool to_file)
    : path_(std::move(path)), overwrite_(overwrite), to_file_(to_file) {}

void ErrorLog::set_to_file(bool on) {
  std::lock_guard lock(mu_);
  to_file_ = on;
  if (!on && opened_) {
    file_.flush();
  }
}

ErrorLog::~ErrorLog() = default;

void ErrorLog::set_rotation(LogRotation rotation, std::string rotated_prefix) {
  file_.set_rotation(rotation, std::move(rotated_prefix));
}

void ErrorLog::add(const std::string &text) {
  std::string line = sipp_timestamp() + ": " + text;
  std::lock_guard lock(mu_);
  ++count_;
  if (to_file_ && !opened_ && !open_failed_) {
    // Opened on the first error, as SIPp does: a clean run leaves no file.
    if (Expected<void> opened = file_.open(path_, overwrite_); !opened) {
      open_failed_ = true;
      line += "\n" + opened.error().message + ".";
    } else {
      opened_ = true;
      file_.write("The following events occurred:\n");
    }
  }
  if (to_file_ && opened_) {
    file_.write(line + "\n");
    file_.flush(); // line by line: a killed run loses nothing
  }
  last_ = std::move(line);
  last_text_ = text;
}

std::string ErrorLog::last() const {
  std::lock_guard lock(mu_);
  return last_text_;
}

uint64_t ErrorLog::count() const {
  std::lock_guard lock(mu_);
  return count_;
}

void ErrorLog::report(std::FILE *out) const {
  std::lock_guard lock(mu_);
  if (count_ == 0) {
    return;
  }
  std::fprintf(out, "%s\n", last_.c_str());
  if (count_ > 1) {
    if (opened_) {
      std::fprintf(out, "There were more errors, see '%s' file\n", path_.c_str());
    } else {
      std::fprintf(out, "There were more errors, enable -trace_err to log them.\n");
    }
  }
  std::fflush(out);
}

} // namespace gossipper::runtime

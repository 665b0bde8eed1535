//===- whole_file.cpp - A file written whole, or not at all ---------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/stdlib/whole_file.hpp"

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace gossipper::stdlib {

Expected<std::string> read_whole_file(const std::string &path) {
  std::FILE *f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return Error{std::strerror(errno)};
  }
  std::string text;
  std::array<char, 65536> buf{};
  size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0) {
    text.append(buf.data(), n);
  }
  // A directory opens but cannot be read: this is where it says so.
  bool failed = std::ferror(f) != 0;
  int error = errno;
  std::fclose(f);
  if (failed) {
    return Error{std::strerror(error)};
  }
  return text;
}

namespace {

/// All of `text` to `fd`, through short writes and signals.
bool write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return false;
    }
    text.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

Error failure() { return Error{std::strerror(errno)}; }

Expected<void> write_in_place(const std::string &path, std::string_view text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) {
    return failure();
  }
  bool ok = write_all(fd, text);
  int saved = errno;
  if (::close(fd) != 0 && ok) {
    return failure();
  }
  errno = saved;
  return ok ? Expected<void>{} : failure();
}

} // namespace

Expected<void> write_whole_file(const std::string &path, std::string_view text) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    return write_in_place(path, text);
  }
  static std::atomic<unsigned> serial{0};
  std::string tmp =
      path + ".partial-" + std::to_string(::getpid()) + "-" + std::to_string(serial.fetch_add(1));
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) {
    return failure();
  }
  bool ok = write_all(fd, text) && ::fsync(fd) == 0;
  int saved = errno;
  ok = ::close(fd) == 0 && ok;
  if (ok && ::rename(tmp.c_str(), path.c_str()) == 0) {
    return {};
  }
  if (ok) {
    saved = errno;
  }
  ::unlink(tmp.c_str());
  errno = saved;
  return failure();
}

} // namespace gossipper::stdlib

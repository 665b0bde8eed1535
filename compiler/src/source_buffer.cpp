//===- source_buffer.cpp - A scenario file's bytes and lines --------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/compiler/source_buffer.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace gossipper::compiler {

SourceBuffer::SourceBuffer(std::string name, std::string bytes)
    : name_(std::move(name)), bytes_(std::move(bytes)) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < bytes_.size(); ++i) {
    if (bytes_[i] == '\n') {
      line_starts_.push_back(i + 1);
    }
  }
}

ir::SourceLoc SourceBuffer::loc(size_t offset) const {
  offset = std::min(offset, bytes_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  size_t line = static_cast<size_t>(it - line_starts_.begin()); // 1-based
  size_t column = offset - line_starts_[line - 1] + 1;
  return {static_cast<uint32_t>(line), static_cast<uint32_t>(column)};
}

std::optional<SourceBuffer> SourceBuffer::read_file(const std::string &path,
                                                    ir::DiagnosticEngine &diags) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    diags.error({}, std::string("cannot read the scenario: ") + std::strerror(errno));
    return std::nullopt;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    diags.error({}, "the scenario is not a regular file");
    return std::nullopt;
  }
  if (static_cast<size_t>(st.st_size) > kMaxBytes) {
    ::close(fd);
    diags.error({}, "the scenario is " + std::to_string(st.st_size) +
                        " bytes; scenarios are limited to 16 MiB");
    return std::nullopt;
  }
  std::string bytes(static_cast<size_t>(st.st_size), '\0');
  size_t got = 0;
  while (got < bytes.size()) {
    ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      break;
    }
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  bytes.resize(got);
  return SourceBuffer(path, std::move(bytes));
}

} // namespace gossipper::compiler

//===- injection_file.cpp - SIPp's -inf CSV files -------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/stdlib/injection_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace gossipper::stdlib {
namespace {

/// Reads NAME=<number> from the header line; true when absent or well formed.
bool header_number(std::string_view header, std::string_view name, unsigned long &out,
                   std::string &error) {
  size_t pos = header.find(name);
  // PRINTF is a prefix of PRINTFOFFSET/PRINTFMULTIPLE: skip those matches.
  while (pos != std::string_view::npos && name == "PRINTF" &&
         header.substr(pos + name.size()).starts_with("OFFSET")) {
    pos = header.find(name, pos + 1);
  }
  while (pos != std::string_view::npos && name == "PRINTF" &&
         header.substr(pos + name.size()).starts_with("MULTIPLE")) {
    pos = header.find(name, pos + 1);
  }
  if (pos == std::string_view::npos) {
    return true;
  }
  std::string_view rest = header.substr(pos + name.size());
  if (rest.empty() || rest[0] != '=') {
    error = std::string(name) + " needs '=<number>'";
    return false;
  }
  std::string digits(rest.substr(1));
  char *end = nullptr;
  errno = 0;
  out = std::strtoul(digits.c_str(), &end, 0);
  if (end == digits.c_str() || errno != 0 || (*end != '\0' && *end != ',' && *end != ' ' &&
                                              *end != ';' && *end != '\t')) {
    error = std::string(name) + " needs a number after '='";
    return false;
  }
  return true;
}

} // namespace

bool InjectionFile::load(const std::string &path, std::string &error) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    error = "cannot read injection file '" + path + "': " + std::strerror(errno);
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    error = "injection file '" + path + "' is not a regular file";
    return false;
  }
  if (static_cast<size_t>(st.st_size) > kMaxBytes) {
    error = "injection file '" + path + "' is larger than 1 GiB";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read injection file '" + path + "': " + std::strerror(errno);
    return false;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  return parse(path, buf.str(), error);
}

bool InjectionFile::parse(std::string_view name, std::string_view contents, std::string &error) {
  lines_.clear();
  fields_ = 0;
  auto next_line = [&contents](std::string_view &line) {
    if (contents.empty()) {
      return false;
    }
    size_t nl = contents.find('\n');
    line = contents.substr(0, nl);
    contents = nl == std::string_view::npos ? std::string_view{} : contents.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    return true;
  };

  std::string_view header;
  if (!next_line(header)) {
    error = "injection file '" + std::string(name) + "' is empty";
    return false;
  }
  if (header.find("RANDOM") != std::string_view::npos) {
    order_ = Order::Random;
  } else if (header.find("SEQUENTIAL") != std::string_view::npos) {
    order_ = Order::Sequential;
  } else if (header.find("USER") != std::string_view::npos) {
    order_ = Order::User;
  } else {
    error = "injection file '" + std::string(name) +
            "':1: the first line must say SEQUENTIAL, RANDOM or USER";
    return false;
  }
  std::string why;
  unsigned long printf_lines = 0;
  if (!header_number(header, "PRINTF", printf_lines, why) ||
      !header_number(header, "PRINTFOFFSET", printf_offset_, why) ||
      !header_number(header, "PRINTFMULTIPLE", printf_multiple_, why)) {
    error = "injection file '" + std::string(name) + "':1: " + why;
    return false;
  }
  printf_ = printf_lines != 0;
  printf_lines_ = printf_lines;

  std::string_view line;
  while (next_line(line)) {
    if (line.empty()) {
      break; // SIPp stops at the first empty line
    }
    if (line[0] == '#') {
      continue;
    }
    unsigned count = 1;
    for (char c : line) {
      count += c == ';' ? 1U : 0U;
    }
    fields_ = std::max(fields_, count);
    lines_.emplace_back(line);
  }
  if (lines_.empty()) {
    error = "injection file '" + std::string(name) + "' has no data line";
    return false;
  }
  return true;
}

std::string_view InjectionFile::field(size_t line, unsigned index) const {
  if (line >= lines_.size()) {
    return {};
  }
  std::string_view rest = lines_[line];
  for (unsigned i = 0; i < index; ++i) {
    size_t sep = rest.find(';');
    if (sep == std::string_view::npos) {
      return {};
    }
    rest = rest.substr(sep + 1);
  }
  return rest.substr(0, rest.find(';'));
}

} // namespace gossipper::stdlib

//===- injection_file.cpp - SIPp's -inf CSV files -------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/stdlib/injection_file.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <sys/stat.h>

namespace gossipper::stdlib {
namespace {

/// Reads NAME=<number> from the header line into `out` (left alone when
/// absent); refused when malformed.
Expected<void> header_number(std::string_view header, std::string_view name, unsigned long &out) {
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
    return {};
  }
  std::string_view rest = header.substr(pos + name.size());
  if (rest.empty() || rest[0] != '=') {
    return Error{std::string(name) + " needs '=<number>'"};
  }
  std::string digits(rest.substr(1));
  char *end = nullptr;
  errno = 0;
  out = std::strtoul(digits.c_str(), &end, 0);
  if (end == digits.c_str() || errno != 0 ||
      (*end != '\0' && *end != ',' && *end != ' ' && *end != ';' && *end != '\t')) {
    return Error{std::string(name) + " needs a number after '='"};
  }
  return {};
}

/// printf's %<spec>d for a non-negative number, with the flags SIPp lets
/// through ('-', '0', width, .precision), without a run-time format string.
std::string printf_number(std::string_view spec, unsigned long long number) {
  bool left = false;
  bool zero = false;
  size_t i = 0;
  for (; i < spec.size() && (spec[i] == '-' || spec[i] == '0'); ++i) {
    left = left || spec[i] == '-';
    zero = zero || spec[i] == '0';
  }
  size_t width = 0;
  for (; i < spec.size() && std::isdigit(static_cast<unsigned char>(spec[i])) != 0; ++i) {
    width = std::min<size_t>(width * 10 + static_cast<size_t>(spec[i] - '0'), 4096);
  }
  std::optional<size_t> precision;
  if (i < spec.size() && spec[i] == '.') {
    precision = 0;
    for (++i; i < spec.size() && std::isdigit(static_cast<unsigned char>(spec[i])) != 0; ++i) {
      *precision = std::min<size_t>(*precision * 10 + static_cast<size_t>(spec[i] - '0'), 4096);
    }
  }
  std::string digits = std::to_string(number);
  if (precision && digits.size() < *precision) {
    digits.insert(0, *precision - digits.size(), '0');
  } else if (precision && *precision == 0 && number == 0) {
    digits.clear();
  }
  if (digits.size() < width) {
    if (left) {
      digits.append(width - digits.size(), ' ');
    } else {
      digits.insert(0, width - digits.size(), zero && !precision ? '0' : ' ');
    }
  }
  return digits;
}

/// SIPp's PRINTF expansion of a field: %% is '%', and %d with digits, '.'
/// and '-' before the d is `number`. False for any other '%'; with `out`
/// null it only checks.
bool expand_printf(std::string_view text, unsigned long long number, std::string *out) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      if (out != nullptr) {
        *out += text[i];
      }
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '%') {
      if (out != nullptr) {
        *out += '%';
      }
      ++i;
      continue;
    }
    size_t end = i + 1;
    while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) != 0 ||
                                 text[end] == '.' || text[end] == '-')) {
      ++end;
    }
    if (end >= text.size() || text[end] != 'd') {
      return false;
    }
    if (out != nullptr) {
      *out += printf_number(text.substr(i + 1, end - i - 1), number);
    }
    i = end;
  }
  return true;
}

} // namespace

Expected<void> InjectionFile::load(const std::string &path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Error{"cannot read injection file '" + path + "': " + std::strerror(errno)};
  }
  if (!S_ISREG(st.st_mode)) {
    return Error{"injection file '" + path + "' is not a regular file"};
  }
  if (static_cast<size_t>(st.st_size) > kMaxBytes) {
    return Error{"injection file '" + path + "' is larger than 1 GiB"};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error{"cannot read injection file '" + path + "': " + std::strerror(errno)};
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  return parse(path, buf.str());
}

std::string InjectionFile::name_of(std::string_view path) {
  size_t slash = path.find_last_of('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

Expected<void> InjectionFile::parse(std::string_view name, std::string_view contents) {
  name_ = name;
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
  std::string file = "injection file '" + std::string(name) + "'";
  if (!next_line(header)) {
    return Error{file + " is empty"};
  }
  if (header.find("RANDOM") != std::string_view::npos) {
    order_ = Order::Random;
  } else if (header.find("SEQUENTIAL") != std::string_view::npos) {
    order_ = Order::Sequential;
  } else if (header.find("USER") != std::string_view::npos) {
    order_ = Order::User;
  } else {
    return Error{file + ":1: the first line must say SEQUENTIAL, RANDOM or USER"};
  }
  unsigned long printf_lines = 0;
  for (auto [key, value] :
       {std::pair{"PRINTF", &printf_lines}, std::pair{"PRINTFOFFSET", &printf_offset_},
        std::pair{"PRINTFMULTIPLE", &printf_multiple_}}) {
    if (Expected<void> read = header_number(header, key, *value); !read) {
      return Error{file + ":1: " + read.error().message};
    }
  }
  printf_ = printf_lines != 0;
  printf_lines_ = printf_lines;

  std::string_view line;
  size_t line_number = 1;
  while (next_line(line)) {
    ++line_number;
    if (line.empty()) {
      break; // SIPp stops at the first empty line
    }
    if (line[0] == '#') {
      continue;
    }
    if (printf_ && !expand_printf(line, 0, nullptr)) {
      return Error{file + ":" + std::to_string(line_number) +
                   ": a PRINTF file allows only %d, %%, and %<width>d in its fields"};
    }
    unsigned count = 1;
    for (char c : line) {
      count += c == ';' ? 1U : 0U;
    }
    fields_ = std::max(fields_, count);
    lines_.emplace_back(line);
  }
  if (lines_.empty()) {
    return Error{file + " has no data line"};
  }
  return {};
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

long InjectionFile::line_count() const {
  if (printf_) {
    return static_cast<long>(printf_lines_);
  }
  if (writable_) {
    std::shared_lock lock(mutex_);
    return static_cast<long>(lines_.size());
  }
  return static_cast<long>(lines_.size());
}

long InjectionFile::next_line(uint32_t user_id, uint64_t random) {
  long count = line_count();
  if (count <= 0) {
    return -1;
  }
  switch (order_) {
  case Order::Random: return static_cast<long>(random % static_cast<uint64_t>(count));
  case Order::Sequential: {
    uint64_t turn = sequential_.fetch_add(1, std::memory_order_relaxed);
    if (sequential_count_ != 0) {
      return static_cast<long>(sequential_first_ + turn % sequential_count_);
    }
    return static_cast<long>(turn % static_cast<uint64_t>(count));
  }
  case Order::User:
    if (user_id == 0 || static_cast<long>(user_id) > count) {
      return -1;
    }
    return static_cast<long>(user_id) - 1;
  }
  return -1;
}

void InjectionFile::append_field(long line, unsigned index, std::string &out) const {
  if (writable_) {
    std::shared_lock lock(mutex_);
    append_field_unlocked(line, index, out);
  } else {
    append_field_unlocked(line, index, out);
  }
}

void InjectionFile::append_field_unlocked(long line, unsigned index, std::string &out) const {
  long count = printf_ ? static_cast<long>(printf_lines_) : static_cast<long>(lines_.size());
  if (line < 0 || line >= count) {
    return;
  }
  size_t real = static_cast<size_t>(line) % lines_.size();
  std::string_view text = field(real, index);
  if (!printf_) {
    out += text;
    return;
  }
  // PRINTF: every %[width.precision]d becomes the line's number (the
  // fields were checked at load).
  expand_printf(text, printf_offset_ + static_cast<unsigned long long>(line) * printf_multiple_,
                &out);
}

void InjectionFile::build_index(unsigned index) {
  std::unique_lock lock(mutex_);
  index_field_ = static_cast<int>(index);
  index_.clear();
  for (size_t line = 0; line < lines_.size(); ++line) {
    index_line(line);
  }
}

void InjectionFile::index_line(size_t line) {
  if (index_field_ < 0) {
    return;
  }
  std::string key;
  append_field_unlocked(static_cast<long>(line), static_cast<unsigned>(index_field_), key);
  index_[key] = static_cast<long>(line); // a later duplicate wins, as in SIPp
}

void InjectionFile::unindex_line(size_t line) {
  if (index_field_ < 0) {
    return;
  }
  std::string key;
  append_field_unlocked(static_cast<long>(line), static_cast<unsigned>(index_field_), key);
  auto it = index_.find(key);
  if (it != index_.end() && it->second == static_cast<long>(line)) {
    index_.erase(it);
  }
}

long InjectionFile::lookup(const std::string &key) const {
  std::shared_lock lock(mutex_, std::defer_lock);
  if (writable_) {
    lock.lock();
  }
  auto it = index_.find(key);
  return it == index_.end() ? -1 : it->second;
}

Expected<void> InjectionFile::insert(std::string value) {
  if (printf_) {
    return Error{"cannot insert into the PRINTF injection file '" + name_ + "'"};
  }
  std::unique_lock lock(mutex_);
  lines_.push_back(std::move(value));
  index_line(lines_.size() - 1);
  return {};
}

Expected<void> InjectionFile::replace(long line, std::string value) {
  if (printf_) {
    return Error{"cannot replace a line of the PRINTF injection file '" + name_ + "'"};
  }
  std::unique_lock lock(mutex_);
  if (line < 0 || static_cast<size_t>(line) >= lines_.size()) {
    return Error{"line " + std::to_string(line) + " is outside the injection file '" + name_ +
                 "' (" + std::to_string(lines_.size()) + " lines)"};
  }
  unindex_line(static_cast<size_t>(line));
  lines_[static_cast<size_t>(line)] = std::move(value);
  index_line(static_cast<size_t>(line));
  return {};
}

} // namespace gossipper::stdlib

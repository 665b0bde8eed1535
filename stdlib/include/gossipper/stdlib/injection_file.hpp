//===- injection_file.hpp - SIPp's -inf CSV files --------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The format SIPp reads: a first line naming the order (SEQUENTIAL, RANDOM or
// USER, optionally PRINTF=n, PRINTFOFFSET=n, PRINTFMULTIPLE=n), then one record
// per line with fields separated by ';'. Lines starting with '#' are comments;
// the first empty line ends the data, as in SIPp.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gossipper::stdlib {

class InjectionFile {
public:
  enum class Order { Sequential, Random, User };

  /// Reads `path`. On failure returns false and sets `error` to a sentence that
  /// names the file (and the line, where there is one).
  bool load(const std::string &path, std::string &error);
  /// Parses already-read contents; `name` is used in messages.
  bool parse(std::string_view name, std::string_view contents, std::string &error);

  [[nodiscard]] Order order() const { return order_; }
  [[nodiscard]] bool printf_mode() const { return printf_; }
  [[nodiscard]] unsigned long printf_lines() const { return printf_lines_; }
  [[nodiscard]] unsigned long printf_offset() const { return printf_offset_; }
  [[nodiscard]] unsigned long printf_multiple() const { return printf_multiple_; }
  [[nodiscard]] const std::vector<std::string> &lines() const { return lines_; }
  /// The largest number of ';'-separated fields of any record.
  [[nodiscard]] unsigned field_count() const { return fields_; }
  /// Field `index` of record `line` ("" when the record is shorter).
  [[nodiscard]] std::string_view field(size_t line, unsigned index) const;

  /// Injection files larger than this are refused rather than read into memory.
  static constexpr size_t kMaxBytes = size_t{1} << 30;

private:
  Order order_ = Order::Sequential;
  bool printf_ = false;
  unsigned long printf_lines_ = 0;
  unsigned long printf_offset_ = 0;
  unsigned long printf_multiple_ = 1;
  std::vector<std::string> lines_;
  unsigned fields_ = 0;
};

} // namespace gossipper::stdlib

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

#include "gossipper/stdlib/expected.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace gossipper::stdlib {

class InjectionFile {
public:
  enum class Order { Sequential, Random, User };

  /// The name scenarios use for the file at `path` (file="…", -infindex):
  /// its last path component, as SIPp keys its files.
  static std::string name_of(std::string_view path);

  /// Reads `path`; the error is a sentence that names the file (and the
  /// line, where there is one).
  Expected<void> load(const std::string &path);
  /// Parses already-read contents; `name` is used in messages.
  Expected<void> parse(std::string_view name, std::string_view contents);

  [[nodiscard]] Order order() const { return order_; }
  [[nodiscard]] bool printf_mode() const { return printf_; }
  [[nodiscard]] unsigned long printf_lines() const { return printf_lines_; }
  [[nodiscard]] unsigned long printf_offset() const { return printf_offset_; }
  [[nodiscard]] unsigned long printf_multiple() const { return printf_multiple_; }
  [[nodiscard]] const std::vector<std::string> &lines() const { return lines_; }
  /// The largest number of ';'-separated fields of any record.
  [[nodiscard]] unsigned field_count() const { return fields_; }
  /// Field `index` of record `line` ("" when the record is shorter), without
  /// PRINTF expansion or locking: for loading and tests.
  [[nodiscard]] std::string_view field(size_t line, unsigned index) const;

  // What calls do with the file while the run goes on. Safe from several
  // threads; only a file that can change (make_writable) takes a lock.

  /// SIPp's line count: PRINTF=n virtual lines, else the data lines.
  [[nodiscard]] long line_count() const;
  /// The line a new call reads (SIPp's nextLine): SEQUENTIAL counts up across
  /// all calls (within keep_sequential_lines' lines, when set), RANDOM takes
  /// `random` modulo the lines, USER is user_id - 1.
  /// -1 when the call reads none (USER without a user, or beyond the file).
  long next_line(uint32_t user_id, uint64_t random);
  /// Appends field `index` of `line` to `out`, with PRINTF's %d expanded to
  /// PRINTFOFFSET + line x PRINTFMULTIPLE. Nothing for a line outside the file.
  void append_field(long line, unsigned index, std::string &out) const;

  /// A sharded run's SEQUENTIAL file: new calls read lines [first, first +
  /// count) only, in turn (count 0: every line). Called before any call runs.
  void keep_sequential_lines(uint64_t first, uint64_t count) {
    sequential_first_ = first;
    sequential_count_ = count;
  }

  /// Lets insert/replace change the file; called before any call runs.
  void make_writable() { writable_ = true; }
  /// -infindex: index the lines by field `index` for lookup.
  void build_index(unsigned index);
  [[nodiscard]] bool indexed() const { return index_field_ >= 0; }
  /// The line whose indexed field is `key`, or -1 (SIPp's lookup).
  [[nodiscard]] long lookup(const std::string &key) const;
  /// Appends a record; refused for a PRINTF file.
  Expected<void> insert(std::string value);
  /// Replaces record `line`; refused for a PRINTF file or a line outside
  /// the file.
  Expected<void> replace(long line, std::string value);

  /// Injection files larger than this are refused rather than read into memory.
  static constexpr size_t kMaxBytes = size_t{1} << 30;

private:
  void append_field_unlocked(long line, unsigned index, std::string &out) const;
  void index_line(size_t line);
  void unindex_line(size_t line);

  std::string name_;
  Order order_ = Order::Sequential;
  bool printf_ = false;
  unsigned long printf_lines_ = 0;
  unsigned long printf_offset_ = 0;
  unsigned long printf_multiple_ = 1;
  std::vector<std::string> lines_;
  unsigned fields_ = 0;
  std::atomic<uint64_t> sequential_{0};
  uint64_t sequential_first_ = 0;
  uint64_t sequential_count_ = 0; ///< 0: every line
  bool writable_ = false;
  mutable std::shared_mutex mutex_; ///< taken only when writable_
  int index_field_ = -1;
  std::unordered_map<std::string, long> index_;
};

} // namespace gossipper::stdlib

//===- posix_regex.hpp - A compiled POSIX extended regex -------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// SIPp matches <ereg> and regexp_match="true" with POSIX extended regular
// expressions (regcomp/regexec); so do we, for the same matches. Each shard
// compiles its own: glibc's regexec takes a lock per regex_t.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <memory>
#include <regex.h>
#include <string>

namespace gossipper::runtime {

inline void free_regex(regex_t *r) {
  if (r != nullptr) {
    regfree(r);
    delete r;
  }
}

using PosixRegex = std::unique_ptr<regex_t, void (*)(regex_t *)>;

/// `pattern` compiled with REG_EXTENDED | `flags`; null when it does not
/// compile (the verifier refused such scenarios already).
inline PosixRegex compile_regex(const std::string &pattern, int flags) {
  auto *r = new regex_t;
  if (regcomp(r, pattern.c_str(), REG_EXTENDED | flags) != 0) {
    delete r;
    return {nullptr, &free_regex};
  }
  return {r, &free_regex};
}

inline PosixRegex no_regex() { return {nullptr, &free_regex}; }

} // namespace gossipper::runtime

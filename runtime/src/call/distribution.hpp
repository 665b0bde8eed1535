//===- distribution.hpp - Random durations of <pause> and <sample> -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// SIPp draws with GSL; we draw the same distributions with the standard
// library's generators (the values differ, their laws do not).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/ir/scenario.hpp"

#include <cstdint>
#include <random>

namespace gossipper::runtime {

/// A value of `d`; the default distribution is -d (`default_ms`).
[[nodiscard]] double sample(const ir::Distribution &d, std::mt19937_64 &rng, double default_ms);

} // namespace gossipper::runtime

//===- run_share.cpp - One process's share of a sharded run ---------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/runtime/run_share.hpp"

namespace gossipper::runtime {

namespace {

/// floor(total * part / count) for part <= count, without overflowing for
/// any uint64_t total: with total = q * count + r, it is q * part (at most
/// total) plus floor(r * part / count) (r and part below 2^32).
uint64_t floor_part(uint64_t total, uint32_t part, uint32_t count) {
  uint64_t q = total / count;
  uint64_t r = total % count;
  return q * part + r * part / count;
}

} // namespace

double shard_rate(double total, uint32_t index, uint32_t count) {
  if (count <= 1) {
    return total; // unsharded: the rate as given, not a rounded copy of it
  }
  auto n = static_cast<double>(count);
  return total * static_cast<double>(index + 1) / n - total * static_cast<double>(index) / n;
}

uint64_t shard_amount(uint64_t total, uint32_t index, uint32_t count) {
  if (count <= 1) {
    return total;
  }
  return floor_part(total, index + 1, count) - floor_part(total, index, count);
}

uint64_t shard_limit(uint64_t total, uint32_t index, uint32_t count) {
  uint64_t share = shard_amount(total, index, count);
  return total != 0 && share == 0 ? 1 : share;
}

ShareSlice shard_slice(uint64_t size, uint32_t index, uint32_t count) {
  if (count <= 1) {
    return {0, size};
  }
  return {floor_part(size, index, count), floor_part(size, index + 1, count)};
}

} // namespace gossipper::runtime

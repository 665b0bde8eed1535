//===- open_file_limit.cpp - Room for the run's sockets -------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// SIPp only checks the limit and refuses a -max_socket above it (so its
// default of 50000 needs -max_socket or ulimit on most machines); we take
// what the hard limit allows instead.
//
//===----------------------------------------------------------------------===//
#include "gossipper/runtime/open_file_limit.hpp"

#include <cstdint>
#include <sys/resource.h>

namespace gossipper::runtime {

uint64_t raise_open_file_limit() {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0) {
    return UINT64_MAX;
  }
  if (lim.rlim_cur < lim.rlim_max) {
    rlimit raised = lim;
    raised.rlim_cur = lim.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) {
      lim = raised;
    }
  }
  return lim.rlim_cur == RLIM_INFINITY ? UINT64_MAX : static_cast<uint64_t>(lim.rlim_cur);
}

} // namespace gossipper::runtime

//===- host_machine.hpp - What machine this is, for native code -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Native code is compiled for the CPU it runs on. A precompiled scenario
// records the machine it was made for, and is refused elsewhere. This says
// which machine this is without loading LLVM (a start from the compile cache
// must not pay for loading it): architecture, CPU vendor, model and brand.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <string>

namespace gossipper::stdlib {

std::string host_machine();

} // namespace gossipper::stdlib

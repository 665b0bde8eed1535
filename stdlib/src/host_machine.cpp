//===- host_machine.cpp - What machine this is, for native code -----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/stdlib/host_machine.hpp"

#include <cstring>
#include <sys/utsname.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace gossipper::stdlib {

std::string host_machine() {
  utsname u{};
  std::string out = ::uname(&u) == 0 ? u.machine : "unknown";
#if defined(__x86_64__) || defined(__i386__)
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (__get_cpuid(0, &a, &b, &c, &d) != 0) {
    char vendor[13] = {};
    std::memcpy(vendor, &b, 4);
    std::memcpy(vendor + 4, &d, 4);
    std::memcpy(vendor + 8, &c, 4);
    out += std::string(" ") + vendor;
  }
  if (__get_cpuid(1, &a, &b, &c, &d) != 0) {
    out += " " + std::to_string((a >> 8) & 0xF) + "." + std::to_string((a >> 4) & 0xF) + "." +
           std::to_string((a >> 16) & 0xF) + "." + std::to_string((a >> 20) & 0xFF);
  }
  unsigned top = __get_cpuid_max(0x80000000, nullptr);
  if (top >= 0x80000004) {
    char brand[49] = {};
    for (unsigned i = 0; i < 3; ++i) {
      __get_cpuid(0x80000002 + i, &a, &b, &c, &d);
      std::memcpy(brand + 16 * i, &a, 4);
      std::memcpy(brand + 16 * i + 4, &b, 4);
      std::memcpy(brand + 16 * i + 8, &c, 4);
      std::memcpy(brand + 16 * i + 12, &d, 4);
    }
    std::string b_text(brand);
    size_t first = b_text.find_first_not_of(' ');
    out += " " + (first == std::string::npos ? std::string() : b_text.substr(first));
  }
#endif
  return out;
}

} // namespace gossipper::stdlib

//===- sipp_option_style.cpp - SIPp's one-dash long options ---------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "sipp_option_style.hpp"

namespace gossipper::tools {

std::vector<std::string> translate_sipp_options(const std::vector<std::string> &args,
                                                const std::set<std::string> &long_names) {
  std::vector<std::string> out;
  out.reserve(args.size());
  bool rest_positional = false;
  for (const std::string &a : args) {
    if (rest_positional) {
      out.push_back(a);
      continue;
    }
    if (a == "--") {
      rest_positional = true;
      out.push_back(a);
      continue;
    }
    if (a.size() > 2 && a[0] == '-' && a[1] != '-') {
      std::string name = a.substr(1, a.find('=') == std::string::npos ? std::string::npos
                                                                      : a.find('=') - 1);
      if (long_names.contains(name)) {
        out.push_back("-" + a);
        continue;
      }
    }
    out.push_back(a);
  }
  return out;
}

} // namespace gossipper::tools

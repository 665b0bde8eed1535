//===- lowering_statistics.cpp - RTDs, counters, repartitions -------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// What the statistics count: RTDs and counters are numbered in order of first
// mention, the repartitions are the bounds of their histograms.
//
//===----------------------------------------------------------------------===//
#include "lowering_pass.hpp"

namespace gossipper::compiler {

/// The RTD's number, counted from 1; 0 for rtd="false". rtd="true" is SIPp's
/// RTD "1".
uint32_t Lowering::rtd(const AttrValue &a, bool start) {
  if (a.text == "false") {
    return 0;
  }
  std::string_view name = a.text == "true" ? std::string_view("1") : std::string_view(a.text);
  size_t i = find_or_add(
      s_.rtds, name, [](const ir::Rtd &r) -> const std::string & { return r.name; },
      [&] {
        return ir::Rtd{std::string(name), false, false, a.value_loc};
      });
  (start ? s_.rtds[i].started : s_.rtds[i].stopped) = true;
  return static_cast<uint32_t>(i + 1);
}

int32_t Lowering::counter(const std::string &name) {
  return static_cast<int32_t>(find_or_add(
      s_.counters, name, [](const std::string &c) -> const std::string & { return c; },
      [&] { return name; }));
}

void Lowering::lower_repartition(const Node &n, ir::Repartition &r) {
  const AttrValue *v = n.attr("value");
  if (v == nullptr) {
    return;
  }
  if (r.present()) {
    d_.warning(n.loc, "<" + n.name + "> given twice; the last one is used");
  }
  r.loc = n.loc;
  r.bounds_ms.clear();
  for (long long b : v->integers) {
    if (!r.bounds_ms.empty() && static_cast<uint32_t>(b) <= r.bounds_ms.back()) {
      d_.warning(v->value_loc, "repartition bounds should increase");
    }
    r.bounds_ms.push_back(static_cast<uint32_t>(b));
  }
}

} // namespace gossipper::compiler

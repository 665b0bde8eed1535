//===- lowering_distributions.cpp - distribution= and its parameters ------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The random durations of <pause> and the values of <sample>: a named
// distribution and its parameters in the IR's order.
//
//===----------------------------------------------------------------------===//
#include "lowering_pass.hpp"

namespace gossipper::compiler {
namespace {

/// The required parameters of each distribution, in the IR's order.
struct DistributionSpec {
  std::string_view name;
  ir::Distribution::Kind kind;
  std::vector<std::string_view> params;
};

const std::vector<DistributionSpec> &distributions() {
  using K = ir::Distribution::Kind;
  static const std::vector<DistributionSpec> specs = {
      {"fixed", K::Fixed, {"value"}},
      {"uniform", K::Uniform, {"min", "max"}},
      {"normal", K::Normal, {"mean", "stdev"}},
      {"lognormal", K::LogNormal, {"mean", "stdev"}},
      {"exponential", K::Exponential, {"mean"}},
      {"weibull", K::Weibull, {"lambda", "k"}},
      {"pareto", K::Pareto, {"k", "x_m"}},
      {"gpareto", K::GeneralizedPareto, {"shape", "scale", "location"}},
      {"gamma", K::Gamma, {"k", "theta"}},
      {"negbin", K::NegativeBinomial, {"n", "p"}},
  };
  return specs;
}

/// The kind an old-style <pause> implies: the first of SIPp's attributes
/// present, "uniform" for min=/max=, "" for none of them.
std::string old_style_kind(const Node &n) {
  for (std::string_view name :
       {"normal", "exponential", "lognormal", "weibull", "pareto", "gamma"}) {
    if (n.has(name)) {
      return std::string(name);
    }
  }
  if (n.has("min") || n.has("max")) {
    return "uniform";
  }
  return {};
}

} // namespace

/// distribution= and its parameters; `old_style` also accepts the
/// pre-distribution= forms of <pause> (normal="..." etc., min/max,
/// milliseconds) in SIPp's order of precedence.
std::optional<ir::Distribution> Lowering::lower_distribution(const Node &n, bool old_style) {
  std::string kind;
  if (const AttrValue *a = n.attr("distribution")) {
    kind = a->text;
  } else if (!old_style) {
    d_.error(n.loc, "<" + n.name + "> needs distribution=");
    return std::nullopt;
  } else {
    kind = old_style_kind(n);
    if (kind.empty()) {
      ir::Distribution d;
      if (const AttrValue *ms = n.attr("milliseconds")) {
        d.kind = ir::Distribution::Kind::Fixed;
        d.params = {ms->number};
      }
      return d;
    }
  }
  for (const DistributionSpec &spec : distributions()) {
    if (spec.name != kind) {
      continue;
    }
    ir::Distribution d;
    d.kind = spec.kind;
    std::string missing;
    for (std::string_view p : spec.params) {
      const AttrValue *a = n.attr(p);
      if (a == nullptr) {
        missing += (missing.empty() ? "" : ", ") + std::string(p) + "=";
        continue;
      }
      d.params.push_back(a->number);
    }
    if (!missing.empty()) {
      std::string message = "distribution \"" + kind + "\" needs ";
      message += missing;
      d_.error(n.loc, message);
      return std::nullopt;
    }
    if (d.kind == ir::Distribution::Kind::Uniform && d.params[0] > d.params[1]) {
      d_.error(n.loc, "uniform distribution with min= greater than max=");
    }
    return d;
  }
  return std::nullopt; // unknown names were refused when the attribute was read
}

} // namespace gossipper::compiler

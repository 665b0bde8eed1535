//===- distribution.cpp - Random durations of <pause> and <sample> --------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "call/distribution.hpp"

#include <cmath>

namespace gossipper::runtime {

double sample(const ir::Distribution &d, std::mt19937_64 &rng, double default_ms) {
  using Kind = ir::Distribution::Kind;
  switch (d.kind) {
  case Kind::Default: return default_ms;
  case Kind::Fixed: return d.params[0];
  case Kind::Uniform: return std::uniform_real_distribution<double>(d.params[0], d.params[1])(rng);
  case Kind::Normal: return std::normal_distribution<double>(d.params[0], d.params[1])(rng);
  case Kind::LogNormal: return std::lognormal_distribution<double>(d.params[0], d.params[1])(rng);
  case Kind::Exponential: return std::exponential_distribution<double>(1.0 / d.params[0])(rng);
  case Kind::Weibull: return std::weibull_distribution<double>(d.params[1], d.params[0])(rng);
  case Kind::Pareto: {
    double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    return d.params[1] / std::pow(1.0 - u, 1.0 / d.params[0]);
  }
  case Kind::GeneralizedPareto: {
    double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    double k = d.params[0];
    return d.params[2] + (k == 0.0 ? -d.params[1] * std::log(1.0 - u)
                                   : d.params[1] * (std::pow(1.0 - u, -k) - 1.0) / k);
  }
  case Kind::Gamma: return std::gamma_distribution<double>(d.params[0], d.params[1])(rng);
  case Kind::NegativeBinomial:
    return static_cast<double>(
        std::negative_binomial_distribution<int>(static_cast<int>(d.params[0]), d.params[1])(rng));
  }
  return 0;
}

} // namespace gossipper::runtime

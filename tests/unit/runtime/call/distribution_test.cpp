// The durations <pause> and <sample> draw: the fixed and default ones
// exactly, the random ones within their laws' bounds.
#include "call/distribution.hpp"

#include <gtest/gtest.h>
#include <cmath>
#include <limits>

namespace gossipper::runtime {
namespace {

using Kind = ir::Distribution::Kind;

ir::Distribution law(Kind kind, std::vector<double> params) {
  ir::Distribution d;
  d.kind = kind;
  d.params = std::move(params);
  return d;
}

TEST(Distribution, FixedAndDefault) {
  std::mt19937_64 rng(1);
  EXPECT_EQ(sample(law(Kind::Fixed, {250}), rng, 1000), 250);
  EXPECT_EQ(sample(law(Kind::Default, {}), rng, 1000), 1000); // -d
  EXPECT_EQ(sample(law(Kind::Default, {}), rng, 0), 0);
}

TEST(Distribution, UniformStaysWithinItsBounds) {
  std::mt19937_64 rng(2);
  double low = 1e9;
  double high = 0;
  for (int i = 0; i < 2000; ++i) {
    double v = sample(law(Kind::Uniform, {100, 200}), rng, 0);
    ASSERT_GE(v, 100);
    ASSERT_LE(v, 200);
    low = std::min(low, v);
    high = std::max(high, v);
  }
  EXPECT_LT(low, 110); // the whole range is drawn
  EXPECT_GT(high, 190);
}

TEST(Distribution, OthersAreFiniteAndNonNegativeWhereTheirLawsAre) {
  struct Case {
    const char *name;
    ir::Distribution d;
    double at_least; ///< -inf: any finite value
  };
  const double any = -std::numeric_limits<double>::infinity();
  const Case cases[] = {
      {"normal", law(Kind::Normal, {1000, 100}), any},
      {"lognormal", law(Kind::LogNormal, {5, 1}), 0},
      {"exponential", law(Kind::Exponential, {500}), 0},
      {"weibull", law(Kind::Weibull, {300, 2}), 0},
      {"pareto", law(Kind::Pareto, {2, 40}), 40}, // never below x_m
      {"gpareto", law(Kind::GeneralizedPareto, {0.5, 10, 20}), 20},
      {"gpareto k=0", law(Kind::GeneralizedPareto, {0, 10, 20}), 20},
      {"gamma", law(Kind::Gamma, {2, 100}), 0},
      {"negbin", law(Kind::NegativeBinomial, {5, 0.5}), 0},
  };
  std::mt19937_64 rng(3);
  for (const Case &c : cases) {
    double sum = 0;
    for (int i = 0; i < 500; ++i) {
      double v = sample(c.d, rng, 0);
      ASSERT_TRUE(std::isfinite(v)) << c.name;
      ASSERT_GE(v, c.at_least) << c.name;
      sum += v;
    }
    EXPECT_GT(sum, 0) << c.name << ": not all zero";
  }
  // Whole numbers only.
  double n = sample(law(Kind::NegativeBinomial, {5, 0.5}), rng, 0);
  EXPECT_EQ(n, std::floor(n));
}

TEST(Distribution, TheMeanIsTheLawsMean) {
  std::mt19937_64 rng(4);
  double sum = 0;
  for (int i = 0; i < 4000; ++i) {
    sum += sample(law(Kind::Exponential, {500}), rng, 0);
  }
  EXPECT_NEAR(sum / 4000, 500, 50); // SIPp's parameter is the mean, not the rate
}

} // namespace
} // namespace gossipper::runtime

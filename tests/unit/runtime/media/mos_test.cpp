//===- mos_test.cpp - Call quality by the E-model (ITU-T G.107) -----------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Expected values come from outside the code under test: G.107's well-known
// 93.2 / 4.41 at the defaults, Annex B's polynomial worked by hand, the
// Ie,eff expression written out here, and R against delay from a separate
// implementation of G.107 §7 (a Python transcription, values quoted).
//
//===----------------------------------------------------------------------===//
#include "media/mos.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace gossipper::runtime::media {
namespace {

// R at the G.107 defaults, no delay, no loss, Ie 0: Ro 94.769 - Is 1.414
// - Idle 0.149.
constexpr double kBaseR = 93.2062;

const CodecImpairment kG711 = codec_impairment("PCMU");

TEST(Mos, NoImpairment) {
  double r = r_factor(0, 0, 1, kG711);
  EXPECT_NEAR(r, kBaseR, 0.001);
  EXPECT_NEAR(mos_from_r(r), 4.41, 0.005);
}

TEST(Mos, AnnexBMapping) {
  EXPECT_EQ(mos_from_r(-5), 1.0);
  EXPECT_EQ(mos_from_r(0), 1.0);
  EXPECT_EQ(mos_from_r(std::numeric_limits<double>::quiet_NaN()), 1.0);
  EXPECT_NEAR(mos_from_r(50), 1 + 1.75 - 0.175, 1e-12); // 50·(-10)·50·7e-6
  EXPECT_NEAR(mos_from_r(80), 1 + 2.8 + 0.224, 1e-12);  // 80·20·20·7e-6
  EXPECT_NEAR(mos_from_r(100), 4.5, 1e-12);
  EXPECT_EQ(mos_from_r(120), 4.5);
}

TEST(Mos, LossFollowsIeEff) {
  // Ie,eff = Ie + (95 - Ie) · Ppl / (Ppl / BurstR + Bpl), Ppl in percent.
  for (double ppl : {0.5, 1.0, 2.0, 5.0, 10.0, 20.0}) {
    double g711 = kBaseR - 95 * ppl / (ppl + 25.1);
    EXPECT_NEAR(r_factor(0, ppl / 100, 1, kG711), g711, 0.001) << ppl;
    double g711_bursty = kBaseR - 95 * ppl / (ppl / 2 + 25.1);
    EXPECT_NEAR(r_factor(0, ppl / 100, 2, kG711), g711_bursty, 0.001) << ppl;
    double g729 = kBaseR - (11 + 84 * ppl / (ppl + 19));
    EXPECT_NEAR(r_factor(0, ppl / 100, 1, codec_impairment("G729")), g729, 0.001) << ppl;
  }
}

TEST(Mos, MosFallsAsLossGrows) {
  double previous = 5;
  for (double loss = 0; loss <= 0.3; loss += 0.01) {
    double mos = mos_from_r(r_factor(20, loss, 1, kG711));
    EXPECT_LT(mos, previous) << loss;
    previous = mos;
  }
  EXPECT_LT(mos_from_r(r_factor(0, 0.05, 1, kG711)), 4.0);
}

TEST(Mos, DelayFromG107Section7) {
  // T = Ta = one-way delay, Tr = 2T; Idte, Idle and Idd by the full formulas.
  struct Point {
    double delay_ms;
    double r;
  };
  for (Point p : {Point{50, 91.7562}, Point{100, 90.6637}, Point{150, 89.5391}, Point{200, 85.8047},
                  Point{300, 72.6664}, Point{400, 62.2468}}) {
    EXPECT_NEAR(r_factor(p.delay_ms, 0, 1, kG711), p.r, 0.001) << p.delay_ms;
  }
  // Idd alone between 150 and 200 ms: X = log2(Ta/100).
  auto idd = [](double ta) {
    double x = std::log2(ta / 100);
    return 25 * (std::pow(1 + std::pow(x, 6), 1.0 / 6) -
                 3 * std::pow(1 + std::pow(x / 3, 6), 1.0 / 6) + 2);
  };
  EXPECT_NEAR(idd(200), 3.0444, 0.001);
  // Past 150 ms the drop per 50 ms steepens.
  double r100 = r_factor(100, 0, 1, kG711);
  double r150 = r_factor(150, 0, 1, kG711);
  double r200 = r_factor(200, 0, 1, kG711);
  EXPECT_GT(r150 - r200, 2 * (r100 - r150));
  EXPECT_LT(mos_from_r(r200), mos_from_r(r150));
}

TEST(Mos, CodecImpairments) {
  for (const char *name : {"PCMU", "pcma", "G711", "G722", "opus", "", "telephone-event"}) {
    CodecImpairment c = codec_impairment(name);
    EXPECT_EQ(c.ie, 0) << name;
    EXPECT_EQ(c.bpl, 25.1) << name;
  }
  for (const char *name : {"G729", "g729a", "G.729", "G729AB"}) {
    CodecImpairment c = codec_impairment(name);
    EXPECT_EQ(c.ie, 11) << name;
    EXPECT_EQ(c.bpl, 19) << name;
  }
  CodecImpairment g723 = codec_impairment("G723");
  EXPECT_EQ(g723.ie, 15);
  EXPECT_EQ(g723.bpl, 16.1);
}

TEST(Mos, OutOfRangeInputsAreClamped) {
  double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_NEAR(r_factor(-10, 0, 1, kG711), kBaseR, 0.001);
  EXPECT_NEAR(r_factor(nan, nan, nan, kG711), kBaseR, 0.001);
  EXPECT_NEAR(r_factor(0, 2, 1, kG711), r_factor(0, 1, 1, kG711), 1e-9);
  EXPECT_NEAR(r_factor(0, 0.02, 0, kG711), r_factor(0, 0.02, 1, kG711), 1e-9);
  EXPECT_EQ(mos_from_r(r_factor(1e9, 1, 1, kG711)), 1.0);
}

} // namespace
} // namespace gossipper::runtime::media

//===- mos.cpp - Call quality by the E-model (ITU-T G.107) ----------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The formulas are G.107's (§7), with its Table 2 defaults written out.
// Nothing here is tuned: the default-parameter terms are computed, not
// quoted, so a reader can check each against the standard.
//
//===----------------------------------------------------------------------===//
#include "media/mos.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

namespace gossipper::runtime::media {
namespace {

// G.107 Table 2, default values.
constexpr double kSlr = 8;       // send loudness rating, dB
constexpr double kRlr = 2;       // receive loudness rating, dB
constexpr double kStmr = 15;     // sidetone masking rating, dB
constexpr double kLstr = 18;     // listener sidetone rating, dB
constexpr double kDs = 3;        // D-value of telephone, send side
constexpr double kTelr = 65;     // talker echo loudness rating, dB
constexpr double kWepl = 110;    // weighted echo path loss, dB
constexpr double kNc = -70;      // circuit noise at the 0 dBr point, dBm0p
constexpr double kNfor = -64;    // noise floor at the receive side, dBmp
constexpr double kPs = 35;       // room noise at the send side, dB(A)
constexpr double kPr = 35;       // room noise at the receive side, dB(A)
constexpr double kQdu = 1;       // quantizing distortion units
constexpr double kAdvantage = 0; // A: wired, no advantage

double pow10(double x) { return std::pow(10.0, x); }

/// No, the total noise power (§7.2), in dBm0p.
double noise_no() {
  double olr = kSlr + kRlr;
  double nos = kPs - kSlr - kDs - 100 + 0.004 * std::pow(kPs - olr - kDs - 14, 2);
  double pre = kPr + 10 * std::log10(1 + pow10((10 - kLstr) / 10));
  double nor = kRlr - 121 + pre + 0.008 * std::pow(pre - 35, 2);
  double nfo = kNfor + kRlr;
  return 10 * std::log10(pow10(kNc / 10) + pow10(nos / 10) + pow10(nor / 10) + pow10(nfo / 10));
}

/// Ro, the basic signal-to-noise ratio (§7.2): 94.77 at the defaults.
double basic_ro(double no) { return 15 - 1.5 * (kSlr + no); }

/// Is, impairments simultaneous with speech (§7.3): 1.41 at the defaults.
/// T only enters through STMRo and barely moves it.
double simultaneous_is(double ro, double no, double t) {
  double olr = kSlr + kRlr;
  double xolr = olr + 0.2 * (64 + no - kRlr);
  double iolr = 20 * (std::pow(1 + std::pow(xolr / 8, 8), 1.0 / 8) - xolr / 8);
  double stmro = -10 * std::log10(pow10(-kStmr / 10) + std::exp(-t / 4) * pow10(-kTelr / 10));
  double ist = 12 * std::pow(1 + std::pow((stmro - 13) / 6, 8), 1.0 / 8) -
               28 * std::pow(1 + std::pow((stmro + 1) / 19.4, 35), 1.0 / 35) -
               13 * std::pow(1 + std::pow((stmro - 3) / 33, 13), 1.0 / 13) + 29;
  double q = 37 - 15 * std::log10(kQdu);
  double g = 1.07 + 0.258 * q + 0.0602 * q * q;
  double y = (ro - 100) / 15 + 46 / 8.4 - g / 9;
  double z = 46.0 / 30 - g / 40;
  double iq = 15 * std::log10(1 + pow10(y) + pow10(z));
  return iolr + ist + iq;
}

/// Id, delay impairments (§7.4): talker echo (Idte), listener echo (Idle)
/// and too-long absolute delay (Idd, above Ta = 100 ms), each by its full
/// formula with the echo ratings at their defaults.
double delay_id(double ro, double no, double t, double ta, double tr) {
  double terv = kTelr - 40 * std::log10((1 + t / 10) / (1 + t / 150)) + 6 * std::exp(-0.3 * t * t);
  double roe = -1.5 * (no - kRlr);
  double re = 80 + 2.5 * (terv - 14);
  double idte =
      ((roe - re) / 2 + std::sqrt(std::pow(roe - re, 2) / 4 + 100) - 1) * (1 - std::exp(-t));
  double rle = 10.5 * (kWepl + 7) * std::pow(tr + 1, -0.25);
  double idle = (ro - rle) / 2 + std::sqrt(std::pow(ro - rle, 2) / 4 + 169);
  double idd = 0;
  if (ta > 100) {
    double x = std::log10(ta / 100) / std::log10(2.0);
    idd = 25 * (std::pow(1 + std::pow(x, 6), 1.0 / 6) -
                3 * std::pow(1 + std::pow(x / 3, 6), 1.0 / 6) + 2);
  }
  return idte + idle + idd;
}

/// NaN and negatives become `low`; the rest is clamped into [low, high].
double bounded(double x, double low, double high) {
  return x >= low ? std::min(x, high) : low; // false for NaN
}

} // namespace

CodecImpairment codec_impairment(std::string_view encoding) {
  std::string name;
  for (char c : encoding.substr(0, 16)) {
    if (c != '.' && c != '-' && c != '_') {
      name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  // G.729(A), with or without annex B: Ie 11, Bpl 19 (G.113 Table I.3).
  if (name.rfind("g729", 0) == 0) {
    return {11, 19};
  }
  // G.723.1 at 6.3 kbit/s (the rtpmap name does not tell 5.3 from 6.3;
  // 6.3 is the usual): Ie 15, Bpl 16.1.
  if (name.rfind("g723", 0) == 0) {
    return {15, 16.1};
  }
  // G.711 (PCMU, PCMA) and everything else, G.722 included: the narrowband
  // scale has no place for a wideband codec, and G.711 is its best case.
  // Bpl 25.1 is G.711 with packet loss concealment (G.711 Appendix I); 4.3
  // is without. Every softphone, IP phone and media server conceals loss,
  // and 4.3 would rate 1% loss as about 15 R points lost.
  return {0, 25.1};
}

double r_factor(double one_way_delay_ms, double loss_ratio, double burst_ratio,
                CodecImpairment codec) {
  double t = bounded(one_way_delay_ms, 0, 1e6);
  double ppl = 100 * bounded(loss_ratio, 0, 1);
  double burst = bounded(burst_ratio, 1, 1e6);
  double no = noise_no();
  double ro = basic_ro(no);
  double is = simultaneous_is(ro, no, t);
  double id = delay_id(ro, no, t, t, 2 * t);
  double ie = bounded(codec.ie, 0, 95);
  double bpl = bounded(codec.bpl, 1e-3, 1e6);
  double ie_eff = ie + (95 - ie) * ppl / (ppl / burst + bpl);
  return ro - is - id - ie_eff + kAdvantage;
}

double mos_from_r(double r) {
  if (!(r >= 0)) { // NaN too
    return 1;
  }
  if (r > 100) {
    return 4.5;
  }
  return 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6;
}

} // namespace gossipper::runtime::media

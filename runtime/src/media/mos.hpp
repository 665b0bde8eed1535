//===- mos.hpp - Call quality by the E-model (ITU-T G.107) ------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The narrowband E-model: a rating factor R from the one-way delay, packet
// loss and the codec, with every other parameter at G.107's default, and
// the MOS (conversational quality, estimated) that R maps to. With nothing
// impaired R is 93.2 and the MOS 4.41, the best a narrowband call gets.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <string_view>

namespace gossipper::runtime::media {

/// A codec's equipment impairment (Ie) and packet-loss robustness (Bpl), from
/// ITU-T G.113 Appendix I.
struct CodecImpairment {
  double ie = 0;
  double bpl = 0;
};

/// The values for an rtpmap encoding name, any case: PCMU, PCMA (G.711 with
/// packet loss concealment), G729, G723, G722 (given G.711's: the wideband
/// E-model is another scale). Unknown encodings get G.711's.
[[nodiscard]] CodecImpairment codec_impairment(std::string_view encoding);

/// G.107's R: `one_way_delay_ms` is the mouth-to-ear delay (taken as the
/// echo path delay T and absolute delay Ta, with Tr = 2T), `loss_ratio` the
/// packets lost (0..1), `burst_ratio` BurstR (1: random loss; above 1:
/// bursty). Out-of-range inputs are clamped.
[[nodiscard]] double r_factor(double one_way_delay_ms, double loss_ratio, double burst_ratio,
                              CodecImpairment codec);

/// G.107 Annex B: the MOS of an R (1 to 4.5).
[[nodiscard]] double mos_from_r(double r);

} // namespace gossipper::runtime::media

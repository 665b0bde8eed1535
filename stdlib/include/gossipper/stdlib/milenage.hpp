//===- milenage.hpp - 3GPP MILENAGE (TS 35.206) ----------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The authentication functions of 3GPP AKA that AKAv1-MD5 digest (RFC 3310)
// needs: f1 (network MAC) and f2-f5 (RES, CK, IK, AK), on AES-128, from the
// subscriber key K and the operator variant OP (OPc is derived here).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <array>
#include <cstdint>

namespace gossipper::stdlib {

using Block128 = std::array<uint8_t, 16>;

struct MilenageKeys {
  std::array<uint8_t, 8> res;
  Block128 ck;
  Block128 ik;
  std::array<uint8_t, 6> ak;
};

/// OPc = AES_K(OP) xor OP.
[[nodiscard]] Block128 milenage_opc(const Block128 &k, const Block128 &op);
/// f1: the network authentication code MAC-A.
[[nodiscard]] std::array<uint8_t, 8> milenage_f1(const Block128 &k, const Block128 &rand,
                                                 const std::array<uint8_t, 6> &sqn,
                                                 const std::array<uint8_t, 2> &amf,
                                                 const Block128 &op);
/// f2, f3, f4, f5: RES, CK, IK and AK.
[[nodiscard]] MilenageKeys milenage_f2345(const Block128 &k, const Block128 &rand,
                                          const Block128 &op);

} // namespace gossipper::stdlib

//===- milenage.cpp - 3GPP MILENAGE (TS 35.206) ---------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Written from the specification's algorithm: every output is AES_K of
// (TEMP xor OPc, rotated by r_i, xor c_i) xor OPc, where TEMP = AES_K(RAND
// xor OPc), with r = 64, 0, 32, 64, 96 and c_i the constants 0..4 in the last
// byte.
//
//===----------------------------------------------------------------------===//
#include "gossipper/stdlib/milenage.hpp"

#include <openssl/evp.h>

#include <memory>

namespace gossipper::stdlib {
namespace {

Block128 aes128(const Block128 &key, const Block128 &in) {
  std::unique_ptr<EVP_CIPHER_CTX, void (*)(EVP_CIPHER_CTX *)> ctx(EVP_CIPHER_CTX_new(),
                                                                  EVP_CIPHER_CTX_free);
  Block128 out{};
  int len = 0;
  if (ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_128_ecb(), nullptr, key.data(), nullptr) == 1) {
    EVP_CIPHER_CTX_set_padding(ctx.get(), 0);
    EVP_EncryptUpdate(ctx.get(), out.data(), &len, in.data(), static_cast<int>(in.size()));
  }
  return out;
}

Block128 xor128(const Block128 &a, const Block128 &b) {
  Block128 r{};
  for (size_t i = 0; i < r.size(); ++i) {
    r[i] = static_cast<uint8_t>(a[i] ^ b[i]);
  }
  return r;
}

/// rot(x, r): x cyclically rotated left by r bits (r a multiple of 8).
Block128 rotate(const Block128 &x, unsigned bits) {
  Block128 r{};
  unsigned bytes = bits / 8;
  for (size_t i = 0; i < r.size(); ++i) {
    r[i] = x[(i + bytes) % r.size()];
  }
  return r;
}

/// OUT_i = AES_K(rot(input xor OPc, r_i) xor c_i) xor OPc.
Block128 out_block(const Block128 &k, const Block128 &opc, const Block128 &input, unsigned r,
                   uint8_t c) {
  Block128 x = rotate(xor128(input, opc), r);
  x[15] ^= c;
  return xor128(aes128(k, x), opc);
}

} // namespace

Block128 milenage_opc(const Block128 &k, const Block128 &op) { return xor128(aes128(k, op), op); }

std::array<uint8_t, 8> milenage_f1(const Block128 &k, const Block128 &rand,
                                   const std::array<uint8_t, 6> &sqn,
                                   const std::array<uint8_t, 2> &amf, const Block128 &op) {
  Block128 opc = milenage_opc(k, op);
  Block128 temp = aes128(k, xor128(rand, opc));
  // IN1 = SQN || AMF || SQN || AMF
  Block128 in1{};
  for (size_t i = 0; i < 6; ++i) {
    in1[i] = sqn[i];
    in1[i + 8] = sqn[i];
  }
  in1[6] = in1[14] = amf[0];
  in1[7] = in1[15] = amf[1];
  // OUT1 = AES_K(TEMP xor rot(IN1 xor OPc, r1) xor c1) xor OPc, r1 = 64, c1 = 0.
  Block128 x = xor128(temp, rotate(xor128(in1, opc), 64));
  Block128 out1 = xor128(aes128(k, x), opc);
  std::array<uint8_t, 8> mac{};
  for (size_t i = 0; i < mac.size(); ++i) {
    mac[i] = out1[i];
  }
  return mac;
}

MilenageKeys milenage_f2345(const Block128 &k, const Block128 &rand, const Block128 &op) {
  Block128 opc = milenage_opc(k, op);
  Block128 temp = aes128(k, xor128(rand, opc));
  // OUT_i = AES_K(rot(TEMP xor OPc, r_i) xor c_i) xor OPc.
  Block128 out2 = out_block(k, opc, temp, 0, 1);
  Block128 out3 = out_block(k, opc, temp, 32, 2);
  Block128 out4 = out_block(k, opc, temp, 64, 4);
  MilenageKeys keys{};
  for (size_t i = 0; i < 8; ++i) {
    keys.res[i] = out2[i + 8]; // f2: the last 64 bits of OUT2
  }
  for (size_t i = 0; i < 6; ++i) {
    keys.ak[i] = out2[i]; // f5: the first 48 bits of OUT2
  }
  keys.ck = out3;
  keys.ik = out4;
  return keys;
}

} // namespace gossipper::stdlib

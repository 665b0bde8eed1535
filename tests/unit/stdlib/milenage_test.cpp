// MILENAGE against 3GPP TS 35.208's test set 1, and AKAv1-MD5 digest built on it.
#include "gossipper/stdlib/digest_auth.hpp"
#include "gossipper/stdlib/milenage.hpp"

#include <openssl/evp.h>

#include <gtest/gtest.h>

#include <string>

namespace gossipper::stdlib {
namespace {

template <size_t N> std::array<uint8_t, N> hex(const char *text) {
  std::array<uint8_t, N> out{};
  for (size_t i = 0; i < N; ++i) {
    out[i] = static_cast<uint8_t>(std::stoul(std::string(text + 2 * i, 2), nullptr, 16));
  }
  return out;
}

const Block128 kK = hex<16>("465b5ce8b199b49faa5f0a2ee238a6bc");
const Block128 kRand = hex<16>("23553cbe9637a89d218ae64dae47bf35");
const Block128 kOp = hex<16>("cdc202d5123e20f62b6d676ac72cb318");
const std::array<uint8_t, 6> kSqn = hex<6>("ff9bb4d0b607");
const std::array<uint8_t, 2> kAmf = hex<2>("b9b9");

TEST(Milenage, TestSet1) {
  EXPECT_EQ(milenage_opc(kK, kOp), hex<16>("cd63cb71954a9f4e48a5994e37a02baf"));
  EXPECT_EQ(milenage_f1(kK, kRand, kSqn, kAmf, kOp), hex<8>("4a9ffac354dfafb3"));
  MilenageKeys keys = milenage_f2345(kK, kRand, kOp);
  EXPECT_EQ(keys.res, hex<8>("a54211d5e3ba50bf"));
  EXPECT_EQ(keys.ck, hex<16>("b40ba9a3c58b2a05bbf0d987b21bf8cb"));
  EXPECT_EQ(keys.ik, hex<16>("f769bcd751044604127672711c6d3441"));
  EXPECT_EQ(keys.ak, hex<6>("aa689c648370"));
}

/// base64(RAND || SQN xor AK || AMF || MAC), as a network builds the nonce.
std::string aka_nonce(const Block128 &k, const Block128 &op, const std::array<uint8_t, 2> &amf) {
  MilenageKeys keys = milenage_f2345(k, kRand, op);
  std::array<uint8_t, 8> mac = milenage_f1(k, kRand, kSqn, amf, op);
  std::string raw(kRand.begin(), kRand.end());
  for (size_t i = 0; i < 6; ++i) {
    raw += static_cast<char>(kSqn[i] ^ keys.ak[i]);
  }
  raw.append(amf.begin(), amf.end());
  raw.append(mac.begin(), mac.end());
  std::string out(64, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char *>(out.data()),
                          reinterpret_cast<const unsigned char *>(raw.data()),
                          static_cast<int>(raw.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

TEST(Milenage, AkaDigestAnswersWithResAsThePassword) {
  // SIPp takes aka_K, aka_OP and aka_AMF as the bytes of their text.
  const std::string k = "0123456789abcdef", op = "fedcba9876543210", amf = "AB";
  Block128 kb{}, opb{};
  std::copy(k.begin(), k.end(), kb.begin());
  std::copy(op.begin(), op.end(), opb.begin());
  std::string nonce = aka_nonce(kb, opb, {'A', 'B'});
  std::string challenge = "Digest realm=\"ims.test\", nonce=\"" + nonce + "\", algorithm=AKAv1-MD5";
  DigestRequest r;
  r.user = "alice@ims.test";
  r.method = "REGISTER";
  r.uri = "sip:ims.test";
  r.challenge = challenge;
  r.aka_k = k;
  r.aka_op = op;
  r.aka_amf = amf;
  DigestResult d = digest_credentials(r);
  ASSERT_TRUE(d.ok) << d.text;
  EXPECT_NE(d.text.find(",algorithm=AKAv1-MD5"), std::string::npos) << d.text;
  // The response is plain MD5 digest with RES (8 raw bytes) as the password.
  MilenageKeys keys = milenage_f2345(kb, kRand, opb);
  std::string res(keys.res.begin(), keys.res.end());
  std::string md5_challenge = "Digest realm=\"ims.test\", nonce=\"" + nonce + "\"";
  DigestRequest plain = r;
  plain.challenge = md5_challenge;
  plain.password = res;
  DigestResult expected = digest_credentials(plain);
  ASSERT_TRUE(expected.ok);
  std::string want = expected.text.substr(expected.text.find("response="), 43);
  EXPECT_NE(d.text.find(want), std::string::npos) << d.text << "\n" << want;

  // Another key: the network's MAC does not check, nothing is sent.
  r.aka_k = "0123456789abcdeX";
  d = digest_credentials(r);
  EXPECT_FALSE(d.ok);
  EXPECT_NE(d.text.find("MAC != expectedMAC"), std::string::npos) << d.text;
  // A nonce too short to hold RAND and AUTN.
  std::string short_challenge = "Digest realm=\"x\", nonce=\"AAAA\", algorithm=AKAv1-MD5";
  r.challenge = short_challenge;
  d = digest_credentials(r);
  EXPECT_FALSE(d.ok);
  EXPECT_EQ(d.text, "AKAv1-MD5 nonce is too short: 3 bytes < 32");
}

} // namespace
} // namespace gossipper::stdlib

//===- srtp_openssl.cpp - libsrtp's ciphers on OpenSSL --------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Each type follows the contract libsrtp's headers state for it: a cipher's
// key comes with its salt (alloc's key_len counts both), set_iv gives the
// packet's IV before each packet, encrypt and decrypt work in place; an AEAD
// cipher takes the AAD after the IV, appends its tag in get_tag and finds it
// at the end of what decrypt is given; an authentication function is
// started, updated and computed for each packet with the key init gave.
//
//===----------------------------------------------------------------------===//
#include "media/srtp_openssl.hpp"

// SHA-1's block functions (HMAC below) are deprecated in OpenSSL 3.0.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <srtp2/auth.h>
#include <srtp2/cipher.h>

#include <array>
#include <cstring>
#include <new>
#include <optional>

namespace gossipper::runtime::media {
namespace {

constexpr int kIcmSalt = 14; ///< RFC 3711: a 112-bit session salt
constexpr int kGcmSalt = 12; ///< RFC 7714: a 96-bit session salt
constexpr int kSha1Size = 20;

const EVP_CIPHER *aes_ctr(int key_size) {
  return key_size == 16 ? EVP_aes_128_ctr() : key_size == 32 ? EVP_aes_256_ctr() : nullptr;
}
const EVP_CIPHER *aes_gcm(int key_size) {
  return key_size == 16 ? EVP_aes_128_gcm() : key_size == 32 ? EVP_aes_256_gcm() : nullptr;
}

// Known answers libsrtp checks each type against before it takes it (and
// against those of the type replaced). Checked here against Python's
// `cryptography` too when they were written.

// RFC 3711 B.2: AES-CM keystream, key 2B7E...4F3C, salt F0F1...FCFD, IV 0.
uint8_t icm_iv[16] = {};
const uint8_t kZeros[32] = {};
const uint8_t kIcm128Key[30] = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7,
                                0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c, 0xf0, 0xf1, 0xf2, 0xf3,
                                0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd};
const uint8_t kIcm128Stream[32] = {0xe0, 0x3e, 0xad, 0x09, 0x35, 0xc9, 0x5e, 0x80, 0xe1, 0x66, 0xb1,
                                   0x6d, 0xd9, 0x2b, 0x4e, 0xb4, 0xd2, 0x35, 0x13, 0x16, 0x2b, 0x02,
                                   0xd0, 0xf7, 0x2a, 0x43, 0xa2, 0xfe, 0x4a, 0x5f, 0x97, 0xab};
// RFC 6188 §7.1: AES-256-CM keystream, salt F0F1...FCFD, IV 0.
const uint8_t kIcm256Key[46] = {
    0x57, 0xf8, 0x2f, 0xe3, 0x61, 0x3f, 0xd1, 0x70, 0xa8, 0x5e, 0xc9, 0x3c, 0x40, 0xb1, 0xf0, 0x92,
    0x2e, 0xc4, 0xcb, 0x0d, 0xc0, 0x25, 0xb5, 0x82, 0x72, 0x14, 0x7c, 0xc4, 0x38, 0x94, 0x4a, 0x98,
    0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd};
const uint8_t kIcm256Stream[32] = {0x92, 0xbd, 0xd2, 0x8a, 0x93, 0xc3, 0xf5, 0x25, 0x11, 0xc6, 0x77,
                                   0xd0, 0x8b, 0x55, 0x15, 0xa4, 0x9d, 0xa7, 0x1b, 0x23, 0x78, 0xa8,
                                   0x54, 0xf6, 0x70, 0x50, 0x75, 0x6d, 0xed, 0x16, 0x5b, 0xac};

// The GCM specification's test cases 4 (AES-128) and 16 (AES-256): 60
// bytes of plaintext with 20 of AAD, a 16-byte tag after the ciphertext.
// libsrtp's keys carry a salt after the key, which GCM itself ignores.
uint8_t gcm_iv[16] = {0xca, 0xfe, 0xba, 0xbe, 0xfa, 0xce, 0xdb, 0xad, 0xde, 0xca, 0xf8, 0x88};
const uint8_t kGcm128Key[28] = {0xfe, 0xff, 0xe9, 0x92, 0x86, 0x65, 0x73, 0x1c,
                                0x6d, 0x6a, 0x8f, 0x94, 0x67, 0x30, 0x83, 0x08};
const uint8_t kGcm256Key[44] = {0xfe, 0xff, 0xe9, 0x92, 0x86, 0x65, 0x73, 0x1c, 0x6d, 0x6a, 0x8f,
                                0x94, 0x67, 0x30, 0x83, 0x08, 0xfe, 0xff, 0xe9, 0x92, 0x86, 0x65,
                                0x73, 0x1c, 0x6d, 0x6a, 0x8f, 0x94, 0x67, 0x30, 0x83, 0x08};
const uint8_t kGcmPlain[60] = {
    0xd9, 0x31, 0x32, 0x25, 0xf8, 0x84, 0x06, 0xe5, 0xa5, 0x59, 0x09, 0xc5, 0xaf, 0xf5, 0x26,
    0x9a, 0x86, 0xa7, 0xa9, 0x53, 0x15, 0x34, 0xf7, 0xda, 0x2e, 0x4c, 0x30, 0x3d, 0x8a, 0x31,
    0x8a, 0x72, 0x1c, 0x3c, 0x0c, 0x95, 0x95, 0x68, 0x09, 0x53, 0x2f, 0xcf, 0x0e, 0x24, 0x49,
    0xa6, 0xb5, 0x25, 0xb1, 0x6a, 0xed, 0xf5, 0xaa, 0x0d, 0xe6, 0x57, 0xba, 0x63, 0x7b, 0x39};
const uint8_t kGcmAad[20] = {0xfe, 0xed, 0xfa, 0xce, 0xde, 0xad, 0xbe, 0xef, 0xfe, 0xed,
                             0xfa, 0xce, 0xde, 0xad, 0xbe, 0xef, 0xab, 0xad, 0xda, 0xd2};
const uint8_t kGcm128Sealed[76] = {
    0x42, 0x83, 0x1e, 0xc2, 0x21, 0x77, 0x74, 0x24, 0x4b, 0x72, 0x21, 0xb7, 0x84, 0xd0, 0xd4, 0x9c,
    0xe3, 0xaa, 0x21, 0x2f, 0x2c, 0x02, 0xa4, 0xe0, 0x35, 0xc1, 0x7e, 0x23, 0x29, 0xac, 0xa1, 0x2e,
    0x21, 0xd5, 0x14, 0xb2, 0x54, 0x66, 0x93, 0x1c, 0x7d, 0x8f, 0x6a, 0x5a, 0xac, 0x84, 0xaa, 0x05,
    0x1b, 0xa3, 0x0b, 0x39, 0x6a, 0x0a, 0xac, 0x97, 0x3d, 0x58, 0xe0, 0x91, 0x5b, 0xc9, 0x4f, 0xbc,
    0x32, 0x21, 0xa5, 0xdb, 0x94, 0xfa, 0xe9, 0x5a, 0xe7, 0x12, 0x1a, 0x47};
const uint8_t kGcm256Sealed[76] = {
    0x52, 0x2d, 0xc1, 0xf0, 0x99, 0x56, 0x7d, 0x07, 0xf4, 0x7f, 0x37, 0xa3, 0x2a, 0x84, 0x42, 0x7d,
    0x64, 0x3a, 0x8c, 0xdc, 0xbf, 0xe5, 0xc0, 0xc9, 0x75, 0x98, 0xa2, 0xbd, 0x25, 0x55, 0xd1, 0xaa,
    0x8c, 0xb0, 0x8e, 0x48, 0x59, 0x0d, 0xbb, 0x3d, 0xa7, 0xb0, 0x8b, 0x10, 0x56, 0x82, 0x88, 0x38,
    0xc5, 0xf6, 0x1e, 0x63, 0x93, 0xba, 0x7a, 0x0a, 0xbc, 0xc9, 0xf6, 0x62, 0x76, 0xfc, 0x6e, 0xce,
    0x0f, 0x4e, 0x17, 0x68, 0xcd, 0xdf, 0x88, 0x53, 0xbb, 0x2d, 0x55, 0x1b};

// RFC 2202 §3, test case 1.
const uint8_t kHmacKey[20] = {0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
                              0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b};
const uint8_t kHmacData[8] = {'H', 'i', ' ', 'T', 'h', 'e', 'r', 'e'};
const uint8_t kHmacTag[20] = {0xb6, 0x17, 0x31, 0x86, 0x55, 0x05, 0x72, 0x64, 0xe2, 0x8b,
                              0xc0, 0xb6, 0xfb, 0x37, 0x8c, 0x8e, 0xf1, 0x46, 0xbe, 0x00};

const srtp_cipher_test_case_t kIcm128Test = {
    30, kIcm128Key, icm_iv, 32, kZeros, 32, kIcm128Stream, 0, nullptr, 0, nullptr};
const srtp_cipher_test_case_t kIcm256Test = {
    46, kIcm256Key, icm_iv, 32, kZeros, 32, kIcm256Stream, 0, nullptr, 0, nullptr};
const srtp_cipher_test_case_t kGcm128Test = {
    28, kGcm128Key, gcm_iv, 60, kGcmPlain, 76, kGcm128Sealed, 20, kGcmAad, 16, nullptr};
const srtp_cipher_test_case_t kGcm256Test = {
    44, kGcm256Key, gcm_iv, 60, kGcmPlain, 76, kGcm256Sealed, 20, kGcmAad, 16, nullptr};
const srtp_auth_test_case_t kHmacTest = {20, kHmacKey, 8, kHmacData, 20, kHmacTag, nullptr};

/// In place (or, without `out`, GCM's AAD); the bytes made.
std::optional<unsigned int> update(EVP_CIPHER_CTX *ctx, uint8_t *out, const uint8_t *in,
                                   unsigned int length) {
  int made = 0;
  if (EVP_CipherUpdate(ctx, out, &made, in, static_cast<int>(length)) != 1) {
    return std::nullopt;
  }
  return static_cast<unsigned int>(made);
}

//===-- AES-ICM: RFC 3711 §4.1.1, AES in counter mode -------------------===//

struct IcmState {
  EVP_CIPHER_CTX *ctx = nullptr;
  int key_size = 0;
  /// The salt, as the counter's first 14 bytes; the IV is XORed over it.
  std::array<uint8_t, 16> offset{};
};

extern const srtp_cipher_type_t kIcm128;
extern const srtp_cipher_type_t kIcm256;

template <typename State> srtp_cipher_t *new_cipher(const srtp_cipher_type_t *type, int key_len) {
  auto *state = new (std::nothrow) State;
  auto *cipher = new (std::nothrow) srtp_cipher_t{};
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
  if (state == nullptr || cipher == nullptr || ctx == nullptr) {
    EVP_CIPHER_CTX_free(ctx);
    delete cipher;
    delete state;
    return nullptr;
  }
  state->ctx = ctx;
  cipher->type = type;
  cipher->state = state;
  cipher->key_len = key_len;
  cipher->algorithm = static_cast<int>(type->id);
  return cipher;
}

template <typename State> srtp_err_status_t free_cipher(srtp_cipher_t *c) {
  if (c == nullptr) {
    return srtp_err_status_bad_param;
  }
  auto *state = static_cast<State *>(c->state);
  if (state != nullptr) {
    EVP_CIPHER_CTX_free(state->ctx);
    OPENSSL_cleanse(state, sizeof(State)); // the salt
    delete state;
  }
  delete c;
  return srtp_err_status_ok;
}

srtp_err_status_t icm_alloc(srtp_cipher_t **c, int key_len, int /*tag_len*/) {
  int key_size = key_len - kIcmSalt;
  const srtp_cipher_type_t *type = key_size == 16 ? &kIcm128 : key_size == 32 ? &kIcm256 : nullptr;
  if (type == nullptr) {
    return srtp_err_status_bad_param;
  }
  *c = new_cipher<IcmState>(type, key_len);
  if (*c == nullptr) {
    return srtp_err_status_alloc_fail;
  }
  static_cast<IcmState *>((*c)->state)->key_size = key_size;
  return srtp_err_status_ok;
}

srtp_err_status_t icm_init(void *cv, const uint8_t *key) {
  auto *c = static_cast<IcmState *>(cv);
  c->offset.fill(0);
  std::memcpy(c->offset.data(), key + c->key_size, kIcmSalt);
  EVP_CIPHER_CTX_reset(c->ctx);
  if (EVP_EncryptInit_ex(c->ctx, aes_ctr(c->key_size), nullptr, key, nullptr) != 1) {
    return srtp_err_status_init_fail;
  }
  return srtp_err_status_ok;
}

srtp_err_status_t icm_set_iv(void *cv, uint8_t *iv, srtp_cipher_direction_t /*dir*/) {
  auto *c = static_cast<IcmState *>(cv);
  std::array<uint8_t, 16> counter{};
  for (size_t i = 0; i < counter.size(); ++i) {
    counter[i] = static_cast<uint8_t>(c->offset[i] ^ iv[i]);
  }
  // The key schedule stays: only the counter block is new.
  if (EVP_EncryptInit_ex(c->ctx, nullptr, nullptr, nullptr, counter.data()) != 1) {
    return srtp_err_status_fail;
  }
  return srtp_err_status_ok;
}

srtp_err_status_t icm_crypt(void *cv, uint8_t *buffer, unsigned int *length) {
  std::optional<unsigned int> made =
      update(static_cast<IcmState *>(cv)->ctx, buffer, buffer, *length);
  if (!made) {
    return srtp_err_status_cipher_fail;
  }
  *length = *made;
  return srtp_err_status_ok;
}

/// The two key sizes differ only by name, known answers and id.
constexpr srtp_cipher_type_t icm_type(const char *name, const srtp_cipher_test_case_t *test,
                                      srtp_cipher_type_id_t id) {
  return {icm_alloc,  free_cipher<IcmState>,
          icm_init,   nullptr,
          icm_crypt,  icm_crypt,
          icm_set_iv, nullptr,
          name,       test,
          id};
}
const srtp_cipher_type_t kIcm128 =
    icm_type("AES-128 counter mode on OpenSSL (Gossipper)", &kIcm128Test, SRTP_AES_ICM_128);
const srtp_cipher_type_t kIcm256 =
    icm_type("AES-256 counter mode on OpenSSL (Gossipper)", &kIcm256Test, SRTP_AES_ICM_256);

//===-- AES-GCM: RFC 7714 -----------------------------------------------===//

struct GcmState {
  EVP_CIPHER_CTX *ctx = nullptr;
  int key_size = 0;
  int tag_len = 0;
};

extern const srtp_cipher_type_t kGcm128;
extern const srtp_cipher_type_t kGcm256;

srtp_err_status_t gcm_alloc(srtp_cipher_t **c, int key_len, int tag_len) {
  int key_size = key_len - kGcmSalt;
  const srtp_cipher_type_t *type = key_size == 16 ? &kGcm128 : key_size == 32 ? &kGcm256 : nullptr;
  if (type == nullptr || (tag_len != 8 && tag_len != 16)) {
    return srtp_err_status_bad_param;
  }
  *c = new_cipher<GcmState>(type, key_len);
  if (*c == nullptr) {
    return srtp_err_status_alloc_fail;
  }
  auto *state = static_cast<GcmState *>((*c)->state);
  state->key_size = key_size;
  state->tag_len = tag_len;
  return srtp_err_status_ok;
}

srtp_err_status_t gcm_init(void *cv, const uint8_t *key) {
  auto *c = static_cast<GcmState *>(cv);
  EVP_CIPHER_CTX_reset(c->ctx);
  if (EVP_CipherInit_ex(c->ctx, aes_gcm(c->key_size), nullptr, key, nullptr, 0) != 1) {
    return srtp_err_status_init_fail;
  }
  return srtp_err_status_ok;
}

srtp_err_status_t gcm_set_iv(void *cv, uint8_t *iv, srtp_cipher_direction_t dir) {
  auto *c = static_cast<GcmState *>(cv);
  if (dir != srtp_direction_encrypt && dir != srtp_direction_decrypt) {
    return srtp_err_status_bad_param;
  }
  // GCM's default IV is the 12 bytes RFC 7714 makes.
  int encrypt = dir == srtp_direction_encrypt ? 1 : 0;
  if (EVP_CipherInit_ex(c->ctx, nullptr, nullptr, nullptr, iv, encrypt) != 1) {
    return srtp_err_status_init_fail;
  }
  return srtp_err_status_ok;
}

srtp_err_status_t gcm_set_aad(void *cv, const uint8_t *aad, uint32_t length) {
  return update(static_cast<GcmState *>(cv)->ctx, nullptr, aad, length) ? srtp_err_status_ok
                                                                        : srtp_err_status_algo_fail;
}

srtp_err_status_t gcm_encrypt(void *cv, uint8_t *buffer, unsigned int *length) {
  return update(static_cast<GcmState *>(cv)->ctx, buffer, buffer, *length)
             ? srtp_err_status_ok
             : srtp_err_status_cipher_fail;
}

srtp_err_status_t gcm_get_tag(void *cv, uint8_t *tag, uint32_t *length) {
  auto *c = static_cast<GcmState *>(cv);
  std::array<uint8_t, 16> none{};
  int out = 0;
  if (EVP_CipherFinal_ex(c->ctx, none.data(), &out) != 1 ||
      EVP_CIPHER_CTX_ctrl(c->ctx, EVP_CTRL_GCM_GET_TAG, c->tag_len, tag) != 1) {
    return srtp_err_status_algo_fail;
  }
  *length = static_cast<uint32_t>(c->tag_len);
  return srtp_err_status_ok;
}

srtp_err_status_t gcm_decrypt(void *cv, uint8_t *buffer, unsigned int *length) {
  auto *c = static_cast<GcmState *>(cv);
  if (*length < static_cast<unsigned int>(c->tag_len)) {
    return srtp_err_status_bad_param;
  }
  unsigned int text = *length - static_cast<unsigned int>(c->tag_len);
  std::array<uint8_t, 16> none{};
  int out = 0;
  if (EVP_CIPHER_CTX_ctrl(c->ctx, EVP_CTRL_GCM_SET_TAG, c->tag_len, buffer + text) != 1 ||
      !update(c->ctx, buffer, buffer, text)) {
    return srtp_err_status_cipher_fail;
  }
  if (EVP_CipherFinal_ex(c->ctx, none.data(), &out) != 1) {
    return srtp_err_status_auth_fail; // the tag is not the packet's
  }
  *length = text;
  return srtp_err_status_ok;
}

constexpr srtp_cipher_type_t gcm_type(const char *name, const srtp_cipher_test_case_t *test,
                                      srtp_cipher_type_id_t id) {
  return {gcm_alloc,  free_cipher<GcmState>, gcm_init, gcm_set_aad, gcm_encrypt, gcm_decrypt,
          gcm_set_iv, gcm_get_tag,           name,     test,        id};
}
const srtp_cipher_type_t kGcm128 =
    gcm_type("AES-128 GCM on OpenSSL (Gossipper)", &kGcm128Test, SRTP_AES_GCM_128);
const srtp_cipher_type_t kGcm256 =
    gcm_type("AES-256 GCM on OpenSSL (Gossipper)", &kGcm256Test, SRTP_AES_GCM_256);

//===-- HMAC-SHA1: RFC 3711 §4.2.1 --------------------------------------===//

/// HMAC on SHA-1's block functions: the key's inner and outer padded
/// states are hashed once (init), and each packet starts from a copy of
/// the inner one (a struct copy). OpenSSL 3's EVP_MAC restarts by
/// duplicating its digest context through the provider, an allocation per
/// packet that cost more than the hashing; these functions are deprecated
/// in 3.0, not removed, and need no provider.
struct HmacState {
  SHA_CTX inner_start;
  SHA_CTX outer_start;
  SHA_CTX inner;
};

extern const srtp_auth_type_t kHmac;

srtp_err_status_t hmac_alloc(srtp_auth_t **a, int key_len, int out_len) {
  if (out_len > kSha1Size) {
    return srtp_err_status_bad_param;
  }
  auto *auth = new (std::nothrow) srtp_auth_t{};
  auto *state = new (std::nothrow) HmacState{};
  if (auth == nullptr || state == nullptr) {
    delete state;
    delete auth;
    return srtp_err_status_alloc_fail;
  }
  auth->type = &kHmac;
  auth->state = state;
  auth->out_len = out_len;
  auth->key_len = key_len;
  auth->prefix_len = 0;
  *a = auth;
  return srtp_err_status_ok;
}

srtp_err_status_t hmac_dealloc(srtp_auth_t *a) {
  auto *state = static_cast<HmacState *>(a->state);
  OPENSSL_cleanse(state, sizeof *state); // the keyed states are key material
  delete state;
  delete a;
  return srtp_err_status_ok;
}

srtp_err_status_t hmac_init(void *state, const uint8_t *key, int key_len) {
  auto *h = static_cast<HmacState *>(state);
  std::array<uint8_t, SHA_CBLOCK> block{};
  if (key_len < 0) {
    return srtp_err_status_bad_param;
  }
  if (static_cast<size_t>(key_len) > block.size()) { // RFC 2104: a long key is hashed first
    SHA1(key, static_cast<size_t>(key_len), block.data());
  } else {
    std::memcpy(block.data(), key, static_cast<size_t>(key_len));
  }
  std::array<uint8_t, SHA_CBLOCK> pad{};
  for (size_t i = 0; i < block.size(); ++i) {
    pad[i] = block[i] ^ 0x36U;
  }
  SHA1_Init(&h->inner_start);
  SHA1_Update(&h->inner_start, pad.data(), pad.size());
  for (size_t i = 0; i < block.size(); ++i) {
    pad[i] = block[i] ^ 0x5cU;
  }
  SHA1_Init(&h->outer_start);
  SHA1_Update(&h->outer_start, pad.data(), pad.size());
  h->inner = h->inner_start;
  OPENSSL_cleanse(block.data(), block.size());
  OPENSSL_cleanse(pad.data(), pad.size());
  return srtp_err_status_ok;
}

srtp_err_status_t hmac_start(void *state) {
  auto *h = static_cast<HmacState *>(state);
  h->inner = h->inner_start;
  return srtp_err_status_ok;
}

srtp_err_status_t hmac_update(void *state, const uint8_t *message, int length) {
  if (length < 0) {
    return srtp_err_status_bad_param;
  }
  SHA1_Update(&static_cast<HmacState *>(state)->inner, message, static_cast<size_t>(length));
  return srtp_err_status_ok;
}

srtp_err_status_t hmac_compute(void *state, const uint8_t *message, int length, int tag_len,
                               uint8_t *tag) {
  if (tag_len < 0 || tag_len > kSha1Size || length < 0) {
    return srtp_err_status_bad_param;
  }
  auto *h = static_cast<HmacState *>(state);
  std::array<uint8_t, kSha1Size> digest{};
  SHA1_Update(&h->inner, message, static_cast<size_t>(length));
  SHA1_Final(digest.data(), &h->inner);
  SHA_CTX outer = h->outer_start;
  SHA1_Update(&outer, digest.data(), digest.size());
  SHA1_Final(digest.data(), &outer);
  std::memcpy(tag, digest.data(), static_cast<size_t>(tag_len));
  return srtp_err_status_ok;
}

const srtp_auth_type_t kHmac = {hmac_alloc,
                                hmac_dealloc,
                                hmac_init,
                                hmac_compute,
                                hmac_update,
                                hmac_start,
                                "HMAC-SHA1 on OpenSSL (Gossipper)",
                                &kHmacTest,
                                SRTP_HMAC_SHA1};

} // namespace

std::string use_openssl_srtp_crypto() {
  std::string refused;
  for (const srtp_cipher_type_t *t : {&kIcm128, &kIcm256, &kGcm128, &kGcm256}) {
    if (srtp_err_status_t e = srtp_replace_cipher_type(t, t->id); e != srtp_err_status_ok) {
      refused += std::string(refused.empty() ? "" : "; ") + t->description + ": error " +
                 std::to_string(e);
    }
  }
  if (srtp_err_status_t e = srtp_replace_auth_type(&kHmac, SRTP_HMAC_SHA1);
      e != srtp_err_status_ok) {
    refused += std::string(refused.empty() ? "" : "; ") + kHmac.description + ": error " +
               std::to_string(e);
  }
  return refused;
}

} // namespace gossipper::runtime::media

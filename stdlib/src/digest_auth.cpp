//===- digest_auth.cpp - SIP digest authentication ------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/stdlib/digest_auth.hpp"
#include "gossipper/stdlib/milenage.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <initializer_list>
#include <memory>
#include <strings.h>

namespace gossipper::stdlib {
namespace {

size_t find_case_insensitive(std::string_view text, std::string_view want, size_t from) {
  if (want.empty()) {
    return from <= text.size() ? from : std::string_view::npos;
  }
  for (size_t i = from; i + want.size() <= text.size(); ++i) {
    if (strncasecmp(text.data() + i, want.data(), want.size()) == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         strncasecmp(text.data(), prefix.data(), prefix.size()) == 0;
}

struct Algorithm {
  const EVP_MD *md = nullptr;
  bool session = false;
};

/// The hash of a challenge's algorithm name; md null when unknown.
Algorithm algorithm_of(std::string_view name) {
  static const struct {
    std::string_view name;
    const EVP_MD *(*md)();
  } kHashes[] = {{"MD5", EVP_md5}, {"SHA-256", EVP_sha256}, {"SHA-512-256", EVP_sha512_256}};
  constexpr std::string_view kSession = "-sess";
  bool session =
      name.size() > kSession.size() && strncasecmp(name.data() + name.size() - kSession.size(),
                                                   kSession.data(), kSession.size()) == 0;
  if (session) {
    name.remove_suffix(kSession.size());
  }
  for (const auto &h : kHashes) {
    if (name.size() == h.name.size() && strncasecmp(name.data(), h.name.data(), name.size()) == 0) {
      return {h.md(), session};
    }
  }
  return {};
}

std::string hex_hash(const EVP_MD *md, std::initializer_list<std::string_view> parts) {
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX *)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), md, nullptr);
  bool first = true;
  for (std::string_view p : parts) {
    if (!first) {
      EVP_DigestUpdate(ctx.get(), ":", 1);
    }
    first = false;
    EVP_DigestUpdate(ctx.get(), p.data(), p.size());
  }
  unsigned char raw[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_DigestFinal_ex(ctx.get(), raw, &size);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2U);
  for (unsigned int i = 0; i < size; ++i) {
    out += kHex[raw[i] >> 4U];
    out += kHex[raw[i] & 0xfU];
  }
  return out;
}

/// The response of RFC 2617/7616 (SIPp's createAuthResponse*): qop is
/// "auth", "auth-int" or empty.
std::string response(const Algorithm &alg, std::string_view user, std::string_view realm,
                     std::string_view password, std::string_view method, std::string_view uri,
                     std::string_view qop, std::string_view body, std::string_view nonce,
                     std::string_view cnonce, std::string_view nc) {
  std::string ha1 = hex_hash(alg.md, {user, realm, password});
  if (alg.session) {
    ha1 = hex_hash(alg.md, {ha1, nonce, cnonce});
  }
  bool auth_int = find_case_insensitive(qop, "auth-int", 0) != std::string_view::npos;
  std::string ha2 = auth_int ? hex_hash(alg.md, {method, uri, hex_hash(alg.md, {body})})
                             : hex_hash(alg.md, {method, uri});
  // With qop the client's nonce and count are hashed too; a -sess
  // algorithm without qop uses its cnonce in HA1 only (RFC 2617 3.2.2).
  if (!qop.empty()) {
    return hex_hash(alg.md, {ha1, nonce, nc, cnonce, qop, ha2});
  }
  return hex_hash(alg.md, {ha1, nonce, ha2});
}

} // namespace

std::string digest_parameter(std::string_view header, std::string_view name) {
  size_t from = 0;
  while (true) {
    size_t at = find_case_insensitive(header, name, from);
    // Preceded by ',' or white space: "nonce" is not found inside "cnonce".
    while (at != std::string_view::npos &&
           !(at > 0 && (header[at - 1] == ',' ||
                        std::isspace(static_cast<unsigned char>(header[at - 1])) != 0))) {
      at = find_case_insensitive(header, name, at + 1);
    }
    if (at == std::string_view::npos) {
      return {};
    }
    size_t pos = at + name.size();
    if (pos >= header.size() || header[pos] != '=') {
      from = pos + 1; // SIPp searches on after the character it checked
      if (from > header.size()) {
        return {};
      }
      continue;
    }
    ++pos;
    size_t end = 0;
    if (pos < header.size() && header[pos] == '"') {
      ++pos;
      end = header.find('"', pos);
      if (end == std::string_view::npos) {
        end = header.size();
      }
    } else {
      end = header.find_first_of(" ,\"\r\n", pos);
      if (end == std::string_view::npos) {
        end = header.size();
      }
    }
    return std::string(header.substr(pos, end - pos));
  }
}

namespace {

/// SIPp reads aka_K/aka_OP/aka_AMF as raw bytes.
template <size_t N> std::array<uint8_t, N> raw_bytes(std::string_view text) {
  std::array<uint8_t, N> out{};
  for (size_t i = 0; i < N && i < text.size(); ++i) {
    out[i] = static_cast<uint8_t>(text[i]);
  }
  return out;
}

/// AKAv1-MD5 (RFC 3310): the nonce is base64(RAND || AUTN), AUTN = SQN xor
/// AK || AMF || MAC. Checks the network's MAC, then RES is the password.
bool aka_response(const DigestRequest &r, std::string &res, std::string &why) {
  // The nonce as SIPp's AKA code takes it: after "nonce=", up to a blank,
  // comma, quote or line end.
  size_t at = find_case_insensitive(r.challenge, "nonce=", 0);
  if (at == std::string_view::npos) {
    why = "couldn't parse nonce";
    return false;
  }
  size_t pos = at + 6;
  if (pos < r.challenge.size() && r.challenge[pos] == '"') {
    ++pos;
  }
  size_t end = r.challenge.find_first_of(" ,\"\r\n", pos);
  std::string nonce64(
      r.challenge.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
  std::string nonce(nonce64.size() * 3 / 4 + 4, '\0');
  int n = nonce64.empty() ? 0
                          : EVP_DecodeBlock(reinterpret_cast<unsigned char *>(nonce.data()),
                                            reinterpret_cast<const unsigned char *>(nonce64.data()),
                                            static_cast<int>(nonce64.size()));
  if (n >= 0 && !nonce64.empty() && nonce64.back() == '=') {
    --n; // EVP_DecodeBlock counts the padding
  }
  if (n >= 0 && nonce64.size() > 1 && nonce64[nonce64.size() - 2] == '=') {
    --n;
  }
  constexpr int kRandAutn = 32;
  if (n < kRandAutn) {
    why = "AKAv1-MD5 nonce is too short: " + std::to_string(std::max(n, 0)) + " bytes < 32";
    return false;
  }
  Block128 rand{};
  std::array<uint8_t, 6> sqn{};
  std::array<uint8_t, 8> mac{};
  for (size_t i = 0; i < 16; ++i) {
    rand[i] = static_cast<uint8_t>(nonce[i]);
  }
  for (size_t i = 0; i < 8; ++i) {
    mac[i] = static_cast<uint8_t>(nonce[24 + i]);
  }
  // SIPp's default K is the password's first 16 bytes.
  Block128 k = raw_bytes<16>(r.aka_k.empty() ? r.password : r.aka_k);
  Block128 op = raw_bytes<16>(r.aka_op);
  std::array<uint8_t, 2> amf = raw_bytes<2>(r.aka_amf);
  MilenageKeys keys = milenage_f2345(k, rand, op);
  for (size_t i = 0; i < 6; ++i) {
    sqn[i] = static_cast<uint8_t>(static_cast<uint8_t>(nonce[16 + i]) ^ keys.ak[i]);
  }
  // SIPp checks the MAC with its aka_AMF, not the AMF inside AUTN.
  if (milenage_f1(k, rand, sqn, amf, op) != mac) {
    why = "AKAv1-MD5: MAC != expectedMAC -> Server might not know the secret (man-in-the-middle "
          "attack?)";
    return false;
  }
  res.assign(keys.res.begin(), keys.res.end());
  return true;
}

} // namespace

DigestResult digest_credentials(const DigestRequest &r) {
  if (find_case_insensitive(r.challenge, "Digest", 0) == std::string_view::npos) {
    return {false, "authentication must be digest"};
  }
  // SIPp takes the algorithm token after "algorithm=" (not the
  // preceded-by-comma rule of the other parameters).
  std::string algo = "MD5";
  if (size_t at = find_case_insensitive(r.challenge, "algorithm=", 0);
      at != std::string_view::npos) {
    size_t pos = at + 10;
    if (pos < r.challenge.size() && r.challenge[pos] == '"') {
      ++pos;
    }
    size_t end = r.challenge.find_first_of(" ,\"\r\n", pos);
    algo = std::string(r.challenge.substr(
        pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
  }
  std::string aka_res;
  Algorithm alg = algorithm_of(algo);
  if (starts_with_nocase(algo, "AKAv1-MD5")) {
    std::string why;
    if (!aka_response(r, aka_res, why)) {
      return {false, why};
    }
    alg = {EVP_md5(), false}; // RES is the password of a plain MD5 digest
  }
  if (alg.md == nullptr) {
    return {false,
            "authentication must use MD5, MD5-sess, SHA-256, SHA-256-sess or SHA-512-256, not '" +
                algo + "'"};
  }
  std::string qop = digest_parameter(r.challenge, "qop");
  std::string cnonce;
  char nc[16] = "";
  if (!qop.empty()) {
    // "auth,auth-int" offered: SIPp picks auth-int.
    if (find_case_insensitive(qop, "auth-int", 0) != std::string_view::npos) {
      qop = "auth-int";
    } else if (find_case_insensitive(qop, "auth", 0) != std::string_view::npos) {
      qop = "auth";
    }
    cnonce = std::string(r.cnonce);
    std::snprintf(nc, sizeof nc, "%08x", r.nonce_count);
  } else if (alg.session) {
    cnonce = std::string(r.cnonce); // -sess needs a cnonce even without qop
  }
  std::string opaque = digest_parameter(r.challenge, "opaque");
  std::string realm = digest_parameter(r.challenge, "realm");
  if (realm.empty()) {
    return {false, "couldn't parse realm in '" + std::string(r.challenge) + "'"};
  }
  std::string nonce = digest_parameter(r.challenge, "nonce");
  if (nonce.empty()) {
    return {false, "couldn't parse nonce"};
  }
  std::string out = "Digest username=\"" + std::string(r.user) + "\",realm=\"" + realm + "\"";
  if (!qop.empty()) {
    out += ",cnonce=\"" + cnonce + "\",nc=" + nc + ",qop=" + qop;
  } else if (alg.session) {
    out += ",cnonce=\"" + cnonce + "\"";
  }
  out += ",uri=\"" + std::string(r.uri) + "\"";
  std::string_view password = aka_res.empty() ? r.password : std::string_view(aka_res);
  std::string resp =
      response(alg, r.user, realm, password, r.method, r.uri, qop, r.body, nonce, cnonce, nc);
  out += ",nonce=\"" + nonce + "\",response=\"" + resp + "\",algorithm=" + algo;
  if (!opaque.empty()) {
    out += ",opaque=\"" + opaque + "\"";
  }
  return {true, out};
}

bool digest_verify(std::string_view user, std::string_view password, std::string_view method,
                   std::string_view authorization, std::string_view body) {
  if (find_case_insensitive(authorization, "Digest", 0) == std::string_view::npos) {
    return false;
  }
  std::string algo = digest_parameter(authorization, "algorithm");
  if (algo.empty()) {
    algo = "MD5";
  }
  Algorithm alg = algorithm_of(algo);
  if (alg.md == nullptr) {
    return false;
  }
  std::string cnonce = digest_parameter(authorization, "cnonce");
  std::string expected = response(
      alg, user, digest_parameter(authorization, "realm"), password, method,
      digest_parameter(authorization, "uri"), digest_parameter(authorization, "qop"), body,
      digest_parameter(authorization, "nonce"), cnonce, digest_parameter(authorization, "nc"));
  return expected == digest_parameter(authorization, "response");
}

} // namespace gossipper::stdlib

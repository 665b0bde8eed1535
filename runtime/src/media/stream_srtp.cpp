//===- stream_srtp.cpp - A stream's SDES keys and SRTP --------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "media/stream_srtp.hpp"

#include <openssl/rand.h>

namespace gossipper::runtime::media {

namespace {

SrtpSuite suite_of(ir::CryptoKeyword::Suite s) {
  switch (s) {
  case ir::CryptoKeyword::Suite::AesCm128Sha1_80: return SrtpSuite::AesCm128HmacSha1_80;
  case ir::CryptoKeyword::Suite::AesCm128Sha1_32: return SrtpSuite::AesCm128HmacSha1_32;
  case ir::CryptoKeyword::Suite::NullSha1_80: return SrtpSuite::NullHmacSha1_80;
  case ir::CryptoKeyword::Suite::NullSha1_32: return SrtpSuite::NullHmacSha1_32;
  case ir::CryptoKeyword::Suite::AeadAes128Gcm: return SrtpSuite::AeadAes128Gcm;
  case ir::CryptoKeyword::Suite::AeadAes256Gcm: return SrtpSuite::AeadAes256Gcm;
  }
  return SrtpSuite::AesCm128HmacSha1_80;
}

/// `n` bytes from the system's CSPRNG (OpenSSL's, seeded by getrandom).
std::string random_bytes(size_t n) {
  std::string bytes(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char *>(bytes.data()), // NOLINT: OpenSSL's API
                 static_cast<int>(n)) != 1) {
    // OpenSSL's generator cannot fail once seeded; were it to, a key of
    // zeros would be worse than no SRTP at all.
    std::abort();
  }
  return bytes;
}

bool same_keys(const SrtpSession *s, const SdesCrypto &c) {
  return s != nullptr && s->crypto().suite == c.suite && s->crypto().master == c.master &&
         s->crypto().unencrypted_srtp == c.unencrypted_srtp &&
         s->crypto().unencrypted_srtcp == c.unencrypted_srtcp &&
         s->crypto().unauthenticated_srtp == c.unauthenticated_srtp;
}

} // namespace

std::optional<std::pair<size_t, size_t>> choose_sdes(const std::vector<SdesCrypto> &ours,
                                                     const std::vector<SdesCrypto> &peers,
                                                     bool peer_latest) {
  // The answer's lines in order, each against the offer's: the same tag
  // and suite first (RFC 4568 §5.1.2), else the same suite (a SIPp-style
  // answer names its tag by its slot, not by the offer's line).
  const auto &answer = peer_latest ? peers : ours;
  const auto &offer = peer_latest ? ours : peers;
  for (bool by_tag : {true, false}) {
    for (size_t a = 0; a < answer.size(); ++a) {
      for (size_t o = 0; o < offer.size(); ++o) {
        if (answer[a].suite == offer[o].suite && (!by_tag || answer[a].tag == offer[o].tag)) {
          return peer_latest ? std::pair{o, a} : std::pair{a, o};
        }
      }
    }
  }
  return std::nullopt;
}

const SdesCrypto *StreamSrtp::peer_offer(SrtpSuite suite) const {
  if (!peer_latest_) {
    return nullptr;
  }
  for (const SdesCrypto &c : peers_) {
    if (c.suite == suite) {
      return &c;
    }
  }
  return nullptr;
}

void StreamSrtp::render(const ir::CryptoKeyword &k, int32_t offset, MessageBytes &out) {
  Slot &slot = slots_[k.slot - 1];
  switch (k.what) {
  case ir::CryptoKeyword::What::Tag: {
    std::string tag = std::to_string(k.slot);
    pending_[k.slot - 1] = {out.size(), tag.size()};
    out += tag;
    return;
  }
  case ir::CryptoKeyword::What::Suite:
  case ir::CryptoKeyword::What::Unencrypted: {
    slot.suite = suite_of(k.suite);
    out += k.what == ir::CryptoKeyword::What::Suite ? srtp_suite_name(slot.suite)
                                                    : std::string_view("UNENCRYPTED_SRTP");
    // Answering: the tag becomes the one of the offer's line we take.
    PendingTag &p = pending_[k.slot - 1];
    const SdesCrypto *offered = peer_offer(slot.suite);
    if (offered != nullptr && p.pos != std::string::npos && p.pos + p.len <= out.size()) {
      std::string tag = std::to_string(offered->tag);
      out.replace(p.pos, p.len, tag);
    }
    p = {};
    return;
  }
  case ir::CryptoKeyword::What::KeyParams:
    // SIPp: a keyword with a negative offset repeats the slot's key, any
    // other makes a new one.
    if (offset >= 0 || slot.master.size() != srtp_master_length(slot.suite)) {
      slot.master = random_bytes(srtp_master_length(slot.suite));
    }
    out += base64_encode(slot.master);
    return;
  }
}

StreamSrtp::Outcome StreamSrtp::on_ours(std::vector<SdesCrypto> lines) {
  ours_ = std::move(lines);
  peer_latest_ = false;
  return negotiate();
}

StreamSrtp::Outcome StreamSrtp::on_peers(std::vector<SdesCrypto> lines) {
  peers_ = std::move(lines);
  peer_latest_ = true;
  return negotiate();
}

Expected<void> StreamSrtp::key(const SdesCrypto &local, const SdesCrypto &remote) {
  Expected<std::unique_ptr<SrtpSession>> tx =
      SrtpSession::make(local, SrtpSession::Direction::Outbound);
  Expected<std::unique_ptr<SrtpSession>> rx =
      SrtpSession::make(remote, SrtpSession::Direction::Inbound);
  if (!tx || !rx) {
    return !tx ? tx.error() : rx.error();
  }
  tx_ = std::move(*tx);
  rx_ = std::move(*rx);
  dtls_keyed_ = true;
  return {};
}

StreamSrtp::Outcome StreamSrtp::negotiate() {
  if (dtls_keyed_) {
    return Outcome::Unchanged; // DTLS-SRTP's keys, not the SDPs' lines
  }
  if (ours_.empty() || peers_.empty()) {
    // The latest SDP without a=crypto turns SRTP off; an offer with lines
    // waiting for its answer keeps what was agreed before.
    if (peer_latest_ ? peers_.empty() : ours_.empty()) {
      tx_.reset();
      rx_.reset();
    }
    return Outcome::Plain;
  }
  std::optional<std::pair<size_t, size_t>> pair = choose_sdes(ours_, peers_, peer_latest_);
  if (!pair) {
    tx_.reset();
    rx_.reset();
    return Outcome::NoCommonSuite;
  }
  const SdesCrypto &mine = ours_[pair->first];
  const SdesCrypto &theirs = peers_[pair->second];
  if (same_keys(tx_.get(), mine) && same_keys(rx_.get(), theirs)) {
    return Outcome::Unchanged;
  }
  Expected<std::unique_ptr<SrtpSession>> tx =
      SrtpSession::make(mine, SrtpSession::Direction::Outbound);
  Expected<std::unique_ptr<SrtpSession>> rx =
      SrtpSession::make(theirs, SrtpSession::Direction::Inbound);
  if (!tx || !rx) {
    refusal_ = !tx ? tx.error().message : rx.error().message;
    tx_.reset();
    rx_.reset();
    return Outcome::Refused;
  }
  tx_ = std::move(*tx);
  rx_ = std::move(*rx);
  return Outcome::Keyed;
}

} // namespace gossipper::runtime::media

//===- scenario.cpp - Names of IR enumerations ----------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/ir/scenario.hpp"

#include <array>
#include <string>

namespace gossipper::ir {

namespace {

constexpr size_t kCryptoPerMedia = 20;

/// SIPp's spelling of the SDES keywords, in the order of the range.
const std::array<std::string, 2 * kCryptoPerMedia> &crypto_names() {
  static const std::array<std::string, 2 *kCryptoPerMedia> names = [] {
    std::array<std::string, 2 * kCryptoPerMedia> n;
    static constexpr std::array<const char *, 10> kStems = {
        "cryptotag",
        "cryptokeyparams",
        "cryptosuiteaescm128sha180",
        "cryptosuiteaescm128sha132",
        "cryptosuitenullsha180",
        "cryptosuitenullsha132",
        "ueaescm128sha180",
        "ueaescm128sha132",
        "cryptosuiteaeadaes128gcm",
        "cryptosuiteaeadaes256gcm",
    };
    for (size_t i = 0; i < n.size(); ++i) {
      size_t r = i % kCryptoPerMedia;
      n[i] = std::string(kStems[r / 2]) + std::to_string(r % 2 + 1) +
             (i < kCryptoPerMedia ? "audio" : "video");
    }
    return n;
  }();
  return names;
}

} // namespace

std::optional<CryptoKeyword> crypto_keyword(Keyword k) {
  if (!is_crypto_keyword(k)) {
    return std::nullopt;
  }
  size_t i = static_cast<size_t>(k) - static_cast<size_t>(Keyword::CryptoFirst);
  size_t r = i % kCryptoPerMedia;
  CryptoKeyword c;
  c.video = i >= kCryptoPerMedia;
  c.slot = static_cast<uint8_t>(r % 2 + 1);
  using S = CryptoKeyword::Suite;
  static constexpr std::array<S, 6> kSuites = {S::AesCm128Sha1_80, S::AesCm128Sha1_32,
                                               S::NullSha1_80,     S::NullSha1_32,
                                               S::AesCm128Sha1_80, S::AesCm128Sha1_32};
  if (r < 2) {
    c.what = CryptoKeyword::What::Tag;
  } else if (r < 4) {
    c.what = CryptoKeyword::What::KeyParams;
  } else if (r < 16) {
    c.what = r < 12 ? CryptoKeyword::What::Suite : CryptoKeyword::What::Unencrypted;
    c.suite = kSuites[r / 2 - 2];
  } else {
    c.what = CryptoKeyword::What::Suite;
    c.suite = r < 18 ? S::AeadAes128Gcm : S::AeadAes256Gcm;
  }
  return c;
}

const char *keyword_name(Keyword k) {
  switch (k) {
  case Keyword::Service: return "service";
  case Keyword::RemoteIp: return "remote_ip";
  case Keyword::RemoteHost: return "remote_host";
  case Keyword::RemotePort: return "remote_port";
  case Keyword::Transport: return "transport";
  case Keyword::LocalIp: return "local_ip";
  case Keyword::LocalIpType: return "local_ip_type";
  case Keyword::LocalPort: return "local_port";
  case Keyword::ServerIp: return "server_ip";
  case Keyword::MediaIp: return "media_ip";
  case Keyword::MediaIpType: return "media_ip_type";
  case Keyword::MediaPort: return "media_port";
  case Keyword::AutoMediaPort: return "auto_media_port";
  case Keyword::RtpstreamAudioPort: return "rtpstream_audio_port";
  case Keyword::RtpstreamVideoPort: return "rtpstream_video_port";
  case Keyword::CallNumber: return "call_number";
  case Keyword::DynamicId: return "dynamic_id";
  case Keyword::CallId: return "call_id";
  case Keyword::Cseq: return "cseq";
  case Keyword::Pid: return "pid";
  case Keyword::Branch: return "branch";
  case Keyword::MsgIndex: return "msg_index";
  case Keyword::NextUrl: return "next_url";
  case Keyword::Len: return "len";
  case Keyword::PeerTagParam: return "peer_tag_param";
  case Keyword::LastRequestUri: return "last_Request_URI";
  case Keyword::LastCseqNumber: return "last_cseq_number";
  case Keyword::LastMessage: return "last_message";
  case Keyword::Routes: return "routes";
  case Keyword::TdmMap: return "tdmmap";
  case Keyword::ClockTick: return "clock_tick";
  case Keyword::Users: return "users";
  case Keyword::UserId: return "userid";
  case Keyword::Timestamp: return "timestamp";
  case Keyword::Date: return "date";
  case Keyword::SippVersion: return "sipp_version";
  case Keyword::DtlsFingerprint: return "dtls_fingerprint";
  case Keyword::DtlsSetup: return "dtls_setup";
  case Keyword::IceUfrag: return "ice_ufrag";
  case Keyword::IcePwd: return "ice_pwd";
  default: break; // the SDES range, below
  }
  if (is_crypto_keyword(k)) {
    return crypto_names()[static_cast<size_t>(k) - static_cast<size_t>(Keyword::CryptoFirst)]
        .c_str();
  }
  return "?";
}

const char *mode_name(Mode m) {
  switch (m) {
  case Mode::Unknown: return "unknown";
  case Mode::Client: return "client";
  case Mode::Server: return "server";
  }
  return "unknown";
}

bool may_be_run_constant(Keyword k) {
  switch (k) {
  case Keyword::Service:
  case Keyword::RemoteIp:
  case Keyword::RemoteHost:
  case Keyword::RemotePort:
  case Keyword::Transport:
  case Keyword::LocalIp:
  case Keyword::LocalIpType:
  case Keyword::ServerIp:
  case Keyword::MediaIp:
  case Keyword::MediaIpType:
  case Keyword::MediaPort:
  case Keyword::Pid:
  case Keyword::SippVersion:
  case Keyword::LocalPort: return true; // one socket for the whole run (u1, t1...)
  default: return false;
  }
}

const Variable *Scenario::find_variable(std::string_view wanted) const {
  for (const Variable &v : variables) {
    if (v.name == wanted) {
      return &v;
    }
  }
  return nullptr;
}

} // namespace gossipper::ir

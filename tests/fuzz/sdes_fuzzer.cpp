// libFuzzer: the secure-media readers. Any bytes as an a=crypto value
// (read_sdes_crypto) and an a=fingerprint value (read_fingerprint), as a
// datagram sorted by RFC 7983's first byte, as a datagram from a keyed peer
// (SRTP and SRTCP unprotect), and as DTLS to an association waiting for a
// ClientHello, and as an ICE connectivity check (STUN). What is read must
// write back the same; base64 must
// round-trip; no datagram may crash a path or pass as authentic.
#include "media/datagram_kind.hpp"
#include "media/dtls_identity.hpp"
#include "media/dtls_session.hpp"
#include "media/sdes_attribute.hpp"
#include "media/srtp_session.hpp"
#include "media/stun_message.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace gossipper::runtime::media;

void check_line(std::string_view value) {
  auto c = read_sdes_crypto(value);
  if (!c || !c->has_value()) {
    return;
  }
  const SdesCrypto &line = **c;
  if (line.master.size() != srtp_master_length(line.suite)) {
    std::abort();
  }
  auto again = read_sdes_crypto(write_sdes_crypto(line));
  if (!again || !again->has_value() || (*again)->master != line.master ||
      (*again)->tag != line.tag || (*again)->suite != line.suite) {
    std::abort();
  }
}

SrtpSession &receiver() {
  static std::unique_ptr<SrtpSession> rx = [] {
    SdesCrypto c;
    c.suite = SrtpSuite::AesCm128HmacSha1_80;
    c.master = std::string(30, '\x42');
    auto s = SrtpSession::make(c, SrtpSession::Direction::Inbound);
    if (!s) {
      std::abort();
    }
    return std::move(*s);
  }();
  return *rx;
}

void check_fingerprint(std::string_view value) {
  auto f = read_fingerprint(value);
  if (!f) {
    return;
  }
  auto again = read_fingerprint(write_fingerprint(*f));
  if (!again || !(*again == *f)) {
    std::abort();
  }
}

/// A DTLS server that has seen nothing: garbage must leave it unkeyed.
void check_dtls(std::string_view datagram) {
  static std::shared_ptr<const DtlsIdentity> id = [] {
    auto made = DtlsIdentity::generate();
    if (!made) {
      std::abort();
    }
    return *made;
  }();
  static const Fingerprint peer = *read_fingerprint(id->fingerprint());
  auto server = DtlsSession::make(*id, DtlsSession::Role::Server, peer);
  if (!server) {
    std::abort();
  }
  std::vector<std::string> out;
  (*server)->on_datagram(datagram, out);
  if ((*server)->state() == DtlsSession::State::Keyed) {
    std::abort(); // one datagram cannot finish a handshake
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char *>(data), size);
  check_line(bytes);
  check_fingerprint(bytes);
  if (datagram_kind(bytes) == DatagramKind::Dtls) {
    check_dtls(bytes);
  }
  if (datagram_kind(bytes) == DatagramKind::Stun) {
    // A check read is answerable.
    if (auto check = read_stun_binding(bytes); check && check->transaction.size() != 12) {
      std::abort();
    }
    // The fuzzer can learn a valid HMAC from the comparison it watches, so
    // a message may pass; then it must not pass with its transaction
    // changed, which the HMAC covers.
    if (stun_integrity_ok(bytes, "fuzz password fuzz") && size >= 20) {
      std::string changed(bytes);
      changed[8] = static_cast<char>(changed[8] ^ 1);
      if (stun_integrity_ok(changed, "fuzz password fuzz")) {
        std::abort();
      }
    }
  }
  if (auto decoded = base64_decode(bytes);
      decoded && base64_decode(base64_encode(*decoded)) != decoded) {
    std::abort();
  }
  // Random bytes are not authentic under a key they do not know.
  std::string packet(bytes);
  if (receiver().unprotect(packet, false) == SrtpSession::Status::Ok && size > 30) {
    std::abort();
  }
  packet.assign(bytes);
  if (receiver().unprotect(packet, true) == SrtpSession::Status::Ok && size > 30) {
    std::abort();
  }
  return 0;
}

//===- dtls_session.hpp - A DTLS-SRTP association (RFC 5764) ----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// One DTLS handshake on a stream's media socket, apart from the socket:
// datagrams are fed in, the datagrams to send come out (Beast's way: the
// protocol here, the I/O in the engine). OpenSSL runs it over memory BIOs.
// When it is done, the peer's certificate is checked against the fingerprint
// of its SDP, and the SRTP keys are exported (RFC 5764 §4.2): the client's
// key protects what the client sends.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/expected.hpp"
#include "media/dtls_identity.hpp"
#include "media/sdes_attribute.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct ssl_st;

namespace gossipper::runtime::media {

/// Whether a datagram starts with a DTLS handshake record holding a
/// ClientHello (RFC 6347 §4.1, §4.2.2).
[[nodiscard]] inline bool is_client_hello(std::string_view d) {
  return d.size() > 13 && static_cast<uint8_t>(d[0]) == 22 && static_cast<uint8_t>(d[13]) == 1;
}

class DtlsSession {
public:
  enum class Role : uint8_t { Client, Server };
  enum class State : uint8_t { Handshaking, Keyed, Failed };

  /// An association in `role` with the peer whose SDP gave `peer`.
  static Expected<std::unique_ptr<DtlsSession>> make(const DtlsIdentity &identity, Role role,
                                                     Fingerprint peer);
  ~DtlsSession();
  DtlsSession(const DtlsSession &) = delete;
  DtlsSession &operator=(const DtlsSession &) = delete;

  /// The client's first flight (nothing for a server).
  void start(std::vector<std::string> &out);
  /// A DTLS datagram from the peer; what to send back is appended to `out`.
  void on_datagram(std::string_view datagram, std::vector<std::string> &out);
  /// Milliseconds until a flight is sent again (nullopt: no timer running).
  [[nodiscard]] std::optional<uint64_t> timeout_ms() const;
  /// The timer went off: the last flight again, if it is due.
  void on_timeout(std::vector<std::string> &out);

  [[nodiscard]] State state() const { return state_; }
  [[nodiscard]] Role role() const { return role_; }
  /// Why it failed (State::Failed).
  [[nodiscard]] const std::string &failure() const { return failure_; }
  /// It failed because the certificate is not the SDP's fingerprint.
  [[nodiscard]] bool fingerprint_mismatch() const { return mismatch_; }
  /// Once keyed: our key (what we send) and the peer's.
  [[nodiscard]] const SdesCrypto &local_key() const { return local_; }
  [[nodiscard]] const SdesCrypto &remote_key() const { return remote_; }

private:
  DtlsSession(ssl_st *ssl, Role role, Fingerprint peer);
  void step(std::vector<std::string> &out);
  void drain(std::vector<std::string> &out);
  void fail(std::string why);
  void finish();

  ssl_st *ssl_;
  Role role_;
  Fingerprint peer_;
  State state_ = State::Handshaking;
  std::string failure_;
  bool mismatch_ = false;
  SdesCrypto local_, remote_;
};

} // namespace gossipper::runtime::media

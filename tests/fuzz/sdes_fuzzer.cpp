// libFuzzer: any bytes as an a=crypto value (read_sdes_crypto), and as a
// datagram from a keyed peer (SRTP and SRTCP unprotect). A line read must
// write back to a line that reads the same; base64 must round-trip; no
// datagram may crash the unprotect path or pass as authentic.
#include "media/sdes_attribute.hpp"
#include "media/srtp_session.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

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

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char *>(data), size);
  check_line(bytes);
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

// libFuzzer: any bytes as a received SIP message whose SDP is read (sdp_body,
// then read_sdp), and as an SDP body on its own. The body found must lie
// inside the message; what read_sdp accepts must be self-consistent.
#include "media/sdp.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

using gossipper::runtime::media::MediaKind;
using gossipper::runtime::media::Sdp;
using gossipper::runtime::media::SdpMedia;

void check(const Sdp &sdp) {
  bool usable = false;
  for (const SdpMedia &m : sdp.media) {
    if (m.port != 0) {
      usable = true;
      if (m.address.empty()) {
        std::abort(); // a used stream always has an address
      }
    }
    for (uint8_t pt : m.payload_types) {
      if (pt > 127) {
        std::abort();
      }
    }
  }
  if (!usable) {
    std::abort(); // read_sdp refuses an SDP with nothing to use
  }
  for (MediaKind kind : {MediaKind::Audio, MediaKind::Video, MediaKind::Image}) {
    if (const SdpMedia *m = sdp.first(kind); m != nullptr && (m->kind != kind || m->port == 0)) {
      std::abort();
    }
  }
}

void read_and_check(std::string_view body) {
  auto sdp = gossipper::runtime::media::read_sdp(body);
  if (sdp) {
    check(*sdp);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char *>(data), size);
  if (auto body = gossipper::runtime::media::sdp_body(bytes)) {
    if (!body->empty() &&
        (body->data() < bytes.data() || body->data() + body->size() > bytes.data() + size)) {
      std::abort();
    }
    read_and_check(*body);
  }
  read_and_check(bytes);
  return 0;
}

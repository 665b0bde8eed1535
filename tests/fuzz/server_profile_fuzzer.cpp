// libFuzzer: gossipper server's profile reader. Any bytes as a profile: a
// profile read, or an error that names the file and a JSON path or a
// line:col; every run it describes has an id and a command line that
// starts as gossipper sipp's does.
#include "server_profile.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view text(reinterpret_cast<const char *>(data), size);
  auto profile = gossipper::tools::read_profile(text, "f.json");
  if (!profile) {
    if (!profile.error().message.starts_with("f.json")) {
      std::abort();
    }
    return 0;
  }
  if (profile->participants.empty()) {
    std::abort();
  }
  for (const auto &p : profile->participants) {
    auto args = p.sipp_arguments({});
    bool client = p.role == gossipper::tools::Participant::Role::Client;
    if (p.id.empty() || args.empty() || (client && args[0] != p.remote_addr) ||
        (!client && args[0] != "-nostdin")) {
      std::abort();
    }
  }
  return 0;
}

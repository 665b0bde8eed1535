// libFuzzer: the reader of a gRPC status's details (a collector's
// grpc-status-details-bin: google.rpc.Status, its Any details, RetryInfo
// and its Duration), on bytes as they come. A delay is found only with a
// RetryInfo, and is capped.
#include "events/grpc_status_details.hpp"
#include "events/retry_policy.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  namespace ev = gossipper::runtime::events;
  ev::RetryInfoDetail r =
      ev::find_retry_info(std::string_view(reinterpret_cast<const char *>(data), size));
  if (r.delay_ms && (!r.present || *r.delay_ms > ev::kMaxRetryDelayMs)) {
    std::abort();
  }
  return 0;
}

//===- summary_merge_fuzzer.cpp - Any bytes as a summary to merge ---------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// libFuzzer: gossipper summary merge reads -summary_json files a user
// gives it. Any bytes as one of them: refused with a reason, or merged into
// a summary that is JSON and, being merged, is refused as an input.
//
//===----------------------------------------------------------------------===//
#include "gossipper/runtime/summary_merge.hpp"

#include <boost/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using gossipper::runtime::merge_summaries;
  std::string text(reinterpret_cast<const char *>(data), size);
  gossipper::Expected<std::string> merged = merge_summaries({{"fuzz.json", text}});
  if (!merged) {
    if (merged.error().message.rfind("fuzz.json: ", 0) != 0) {
      std::abort(); // a refusal names its file
    }
    return 0;
  }
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(*merged, ec);
  if (ec || !v.is_object() || merge_summaries({{"merged.json", *merged}}).ok()) {
    std::abort();
  }
  return 0;
}

//===- summary_command.cpp - gossipper summary merge ----------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Reads the shards' -summary_json files and writes their merge
// (runtime/include/gossipper/runtime/summary_merge.hpp does the work);
// nothing is written when any file is refused.
//
//===----------------------------------------------------------------------===//
#include "commands.hpp"

#include "gossipper/runtime/summary_merge.hpp"
#include "gossipper/stdlib/whole_file.hpp"

namespace gossipper::tools {

int run_summary_merge(const std::vector<std::string> &files, const std::string &output,
                      std::ostream &err) {
  std::vector<runtime::SummaryText> texts;
  for (const std::string &path : files) {
    Expected<std::string> text = stdlib::read_whole_file(path);
    if (!text) {
      err << "gossipper summary merge: " << path << ": cannot read: " << text.error().message
          << '\n';
      return 1;
    }
    texts.push_back({path, std::move(*text)});
  }
  Expected<std::string> merged = runtime::merge_summaries(texts);
  if (!merged) {
    err << "gossipper summary merge: " << merged.error().message << '\n';
    return 1;
  }
  if (Expected<void> written = stdlib::write_whole_file(output, *merged); !written) {
    err << "gossipper summary merge: " << output << ": cannot write: " << written.error().message
        << '\n';
    return 1;
  }
  return 0;
}

} // namespace gossipper::tools

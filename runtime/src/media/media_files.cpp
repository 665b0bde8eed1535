//===- media_files.cpp - The files a scenario's media plays ---------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/runtime/media_files.hpp"

#include "media/pcap_file.hpp"

#include <unistd.h>

namespace gossipper::runtime {
namespace {

bool readable(const std::string &path) { return ::access(path.c_str(), R_OK) == 0; }

/// SIPp's find_file: an absolute name as is; a relative one next to the
/// scenario, else in the working directory; ours adds the fallback for
/// built-ins (docs/sipp-behaviour.md, "Media files").
std::string find_media_file(const std::string &name, const MediaSearch &search) {
  if (name.empty() || name.front() == '/') {
    return name;
  }
  if (!search.scenario_dir.empty()) {
    std::string next_to = search.scenario_dir + "/" + name;
    if (readable(next_to)) {
      return next_to;
    }
  }
  if (readable(name) || search.fallback_dir.empty()) {
    return name;
  }
  std::string base = name.substr(name.rfind('/') + 1);
  std::string fallback = search.fallback_dir + "/" + base;
  return readable(fallback) ? fallback : name;
}

bool is_pcap_play(ir::MediaAction::Op op) {
  return op == ir::MediaAction::Op::PlayPcapAudio || op == ir::MediaAction::Op::PlayPcapVideo ||
         op == ir::MediaAction::Op::PlayPcapImage;
}

template <class F> void for_each_media_action(const ir::Scenario &s, F &&f) {
  for (const auto *states : {&s.states, &s.init_states}) {
    for (const ir::State &st : *states) {
      for (const ir::Action &a : st.actions) {
        if (const auto *m = std::get_if<ir::MediaAction>(&a.body)) {
          f(*m, a.loc);
        }
      }
    }
  }
}

} // namespace

bool uses_media(const ir::Scenario &scenario) {
  bool any = false;
  for_each_media_action(scenario, [&](const ir::MediaAction &, ir::SourceLoc) { any = true; });
  return any;
}

std::shared_ptr<const MediaFiles> load_media_files(const ir::Scenario &scenario,
                                                   ir::DiagnosticEngine &diags,
                                                   const MediaSearch &search) {
  if (!uses_media(scenario)) {
    return nullptr;
  }
  auto files = std::make_shared<MediaFiles>();
  // A file named by several actions is read once.
  std::unordered_map<std::string, std::shared_ptr<const media::PcapMedia>> read;
  for_each_media_action(scenario, [&](const ir::MediaAction &m, ir::SourceLoc loc) {
    if (!is_pcap_play(m.op)) {
      return;
    }
    std::string path = find_media_file(m.argument, search);
    auto known = read.find(path);
    if (known != read.end()) {
      files->add(m, known->second);
      return;
    }
    Expected<media::PcapMedia> packets = media::read_pcap_file(path);
    if (!packets) {
      diags.error(loc, packets.error().message);
      return;
    }
    auto shared = std::make_shared<const media::PcapMedia>(std::move(*packets));
    read.emplace(path, shared);
    files->add(m, shared);
  });
  return files;
}

} // namespace gossipper::runtime

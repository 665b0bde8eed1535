//===- panel_files.cpp - The web panel's files at their paths -------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "panel_files.hpp"

#include "panel_assets.hpp"

#include <string>

namespace gossipper::tools {

std::vector<runtime::StaticFile> panel_files() {
  static const std::vector<std::string> asset_paths = [] {
    std::vector<std::string> paths;
    for (const PanelAsset &a : panel_assets()) {
      paths.push_back("/assets/" + std::string(a.name));
    }
    return paths;
  }();
  std::vector<runtime::StaticFile> files;
  size_t i = 0;
  for (const PanelAsset &a : panel_assets()) {
    std::string_view type = panel_content_type(a.name);
    if (a.name == "index.html") {
      files.push_back({"/", type, a.text});
      files.push_back({"/index.html", type, a.text});
    } else {
      files.push_back({asset_paths[i], type, a.text});
    }
    ++i;
  }
  return files;
}

} // namespace gossipper::tools

//===- panel_assets.hpp - The web panel's files -----------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The web control panel (web/panel/: TypeScript bundled by esbuild at build
// time, cmake/WebBundles.cmake), embedded by cmake/EmbedFiles.cmake:
// index.html (served at /), and panel.js, panel.css and licenses.txt (served
// at /assets/<name>).
//
//===----------------------------------------------------------------------===//
#pragma once

#include <span>
#include <string_view>

namespace gossipper::tools {

struct PanelAsset {
  std::string_view name; ///< its file name: index.html, panel.js, ...
  std::string_view text;
};

[[nodiscard]] std::span<const PanelAsset> panel_assets();

/// The Content-Type to serve a panel file with, by its name's extension.
[[nodiscard]] inline std::string_view panel_content_type(std::string_view name) {
  auto ends = [&](std::string_view ext) {
    return name.size() >= ext.size() && name.substr(name.size() - ext.size()) == ext;
  };
  if (ends(".html")) {
    return "text/html; charset=utf-8";
  }
  if (ends(".js")) {
    return "text/javascript; charset=utf-8";
  }
  if (ends(".css")) {
    return "text/css; charset=utf-8";
  }
  return "text/plain; charset=utf-8";
}

} // namespace gossipper::tools

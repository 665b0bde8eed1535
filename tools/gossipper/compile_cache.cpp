//===- compile_cache.cpp - Compiled scenarios kept on disk ----------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "compile_cache.hpp"

#include "codegen_loader.hpp"
#include "commands.hpp"

#include "gossipper/ir/printer.hpp"
#include "gossipper/stdlib/content_digest.hpp"
#include "gossipper/stdlib/host_machine.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <unistd.h>

namespace gossipper::tools {

std::string CompileCache::directory() {
  if (const char *d = std::getenv("GOSSIPPER_CACHE_DIR"); d != nullptr && *d != '\0') {
    return d;
  }
  if (const char *x = std::getenv("XDG_CACHE_HOME"); x != nullptr && *x != '\0') {
    return std::string(x) + "/gossipper";
  }
  if (const char *h = std::getenv("HOME"); h != nullptr && *h != '\0') {
    return std::string(h) + "/.cache/gossipper";
  }
  return {};
}

std::unique_ptr<runtime::ScenarioObject>
CompileCache::get(const ir::Scenario &scenario, const ir::TemplateTable &templates,
                  const compiler::KeywordConstants &constants) {
  std::string dir = directory();
  if (dir.empty()) {
    return nullptr;
  }
  std::string key_text = ir::print_scenario(scenario, {false});
  for (const auto &[kw, text] : constants) {
    key_text += "constant " + std::to_string(kw.first) + " " + std::to_string(kw.second) + " " +
                ir::quote(text) + "\n";
  }
  std::string key = stdlib::content_digest(
      key_text + '\n' + version_string() + '\n' + stdlib::host_machine() + '\n' +
      std::to_string(GSP_ABI_VERSION) + '\n' + codegen_plugin_stamp());
  std::string path = dir + "/" + key + ".gso";
  if (std::filesystem::exists(path)) {
    // Checked on every hit (its seal, its owner), and used only when it is
    // this scenario's code; otherwise said and made again below.
    auto object = runtime::ScenarioObject::open(path, {.advise = false});
    if (object && (*object)->source() == key_text &&
        (*object)->get("compiler") == version_string() &&
        (*object)->get("target") == stdlib::host_machine()) {
      return *std::move(object);
    }
    std::cerr << "gossipper: warning: compile cache: "
              << (object ? "'" + path + "' holds another scenario or another Gossipper's code"
                         : object.error().message)
              << "; compiling the scenario again\n";
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  // Written under a private name, then renamed: a concurrent start never
  // loads half an object.
  std::string tmp = path + ".tmp" + std::to_string(::getpid());
  auto codegen = codegen_plugin();
  if (!codegen ||
      !(*codegen)->write_object(scenario, templates, {key_text, scenario.file, version_string()},
                                tmp, &constants)) {
    std::filesystem::remove(tmp, ec);
    return nullptr;
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::filesystem::remove(tmp, ec);
    return nullptr;
  }
  auto object = runtime::ScenarioObject::open(path, {.advise = false});
  return object ? *std::move(object) : nullptr;
}

} // namespace gossipper::tools

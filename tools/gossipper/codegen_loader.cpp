//===- codegen_loader.cpp - Loads the code generator plugin ---------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "codegen_loader.hpp"

#include <dlfcn.h>
#include <filesystem>
#include <sys/stat.h>

namespace gossipper::tools {

namespace {

/// Where the plugin is: next to the executable, else installed.
std::filesystem::path plugin_path() {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  for (const auto &path : {exe.parent_path() / compiler::kCodegenPluginFile,
                           exe.parent_path() / ".." / GOSSIPPER_INSTALL_LIBDIR / "gossipper" /
                               compiler::kCodegenPluginFile}) {
    if (std::filesystem::exists(path, ec)) {
      return path;
    }
  }
  return {};
}

} // namespace

std::string codegen_plugin_stamp() {
  std::filesystem::path path = plugin_path();
  struct stat st {};
  if (path.empty() || ::stat(path.c_str(), &st) != 0) {
    return {};
  }
  return std::to_string(st.st_size) + " " + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec);
}

namespace {

/// Loads the plugin, or says why it cannot.
Expected<const compiler::CodegenPluginApi *> load_plugin() {
  std::filesystem::path path = plugin_path();
  if (path.empty()) {
    std::error_code ec;
    return Error{"the code generator (" + std::string(compiler::kCodegenPluginFile) +
                 ") is not next to " +
                 std::filesystem::read_symlink("/proc/self/exe", ec).string() +
                 " nor in ../" GOSSIPPER_INSTALL_LIBDIR "/gossipper"};
  }
  void *handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL); // kept for the process's life
  if (handle == nullptr) {
    const char *why = ::dlerror();
    return Error{"cannot load " + path.string() + ": " + (why != nullptr ? why : "?")};
  }
  auto entry = reinterpret_cast<compiler::CodegenPluginEntry>(
      ::dlsym(handle, compiler::kCodegenPluginEntry));
  const compiler::CodegenPluginApi *table = entry != nullptr ? entry() : nullptr;
  if (table == nullptr || table->version != compiler::kCodegenPluginVersion) {
    return Error{path.string() + " is not this Gossipper's code generator"};
  }
  return table;
}

} // namespace

Expected<const compiler::CodegenPluginApi *> codegen_plugin() {
  static const Expected<const compiler::CodegenPluginApi *> api = load_plugin();
  return api;
}

} // namespace gossipper::tools

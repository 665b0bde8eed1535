//===- codegen_plugin.hpp - The code generator as a plugin -----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// LLVM is big: mapping and relocating libLLVM costs a process about 55 MB of
// RSS and tens of milliseconds before main. Most starts need none of it (the
// code comes from the compile cache or a .gso), so the back end is a plugin,
// libgossipper_codegen.so, that gossipper loads only when it compiles. Both
// sides are built together from this header; the table's version guards a
// mismatched pair.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/compiler/native_code.hpp"

#include <cstdint>
#include <string>

namespace gossipper::compiler {

inline constexpr uint32_t kCodegenPluginVersion = 2;
inline constexpr const char *kCodegenPluginEntry = "gossipper_codegen_plugin";
inline constexpr const char *kCodegenPluginFile = "libgossipper_codegen.so";

struct CodegenPluginApi {
  uint32_t version;
  /// The program is freed by free_jit (the plugin's allocator owns it).
  Expected<JitProgram *> (*jit)(const ir::Scenario &scenario, const ir::TemplateTable &templates,
                                const KeywordConstants *constants);
  void (*free_jit)(JitProgram *program);
  Expected<void> (*write_object)(const ir::Scenario &scenario, const ir::TemplateTable &templates,
                                 const ObjectInfo &info, const std::string &path,
                                 const KeywordConstants *constants);
  std::string (*emit_llvm)(const ir::Scenario &scenario, const ir::TemplateTable &templates,
                           bool optimize);
};

using CodegenPluginEntry = const CodegenPluginApi *(*)();

} // namespace gossipper::compiler

//===- codegen_loader.hpp - Loads the code generator plugin ----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The first call loads libgossipper_codegen.so (and so LLVM): from next to the
// executable (the build tree), else from <prefix>/<libdir>/gossipper (an
// installed Gossipper). Starts that find their code in the compile cache or
// in a .gso never call this.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/compiler/codegen_plugin.hpp"

#include <string>

namespace gossipper::tools {

/// The plugin's table, or why it cannot be loaded.
Expected<const compiler::CodegenPluginApi *> codegen_plugin();

/// "size mtime" of the plugin file, without loading it ("" when missing): the
/// compile cache keys on it, so a rebuilt code generator never gets code an
/// older one made.
std::string codegen_plugin_stamp();

} // namespace gossipper::tools

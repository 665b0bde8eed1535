//===- compile_cache.hpp - Compiled scenarios kept on disk -----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The second start of a scenario skips code generation: its native code is
// kept as a .gso under $GOSSIPPER_CACHE_DIR, else $XDG_CACHE_HOME/gossipper,
// else ~/.cache/gossipper. The key is the scenario's printed IR and the run's
// constant keyword texts (everything the code is made from), the compiler's
// version and code generator file, and the machine; the object embeds that text and is used only
// when it is byte for byte the same. Every hit is checked as any .gso is (its seal, its owner): an
// entry that fails is said on stderr and made again.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/compiler/native_code.hpp"
#include "gossipper/ir/scenario.hpp"
#include "gossipper/ir/template_numbering.hpp"
#include "gossipper/runtime/scenario_object.hpp"

#include <memory>
#include <string>

namespace gossipper::tools {

class CompileCache {
public:
  /// The cache directory; empty when there is none (no HOME...).
  static std::string directory();

  /// The scenario's native code from the cache, compiled and stored first
  /// when missing. Null when it cannot be (no linker, unwritable directory):
  /// the caller then compiles in memory.
  static std::unique_ptr<runtime::ScenarioObject> get(const ir::Scenario &scenario,
                                                      const ir::TemplateTable &templates,
                                                      const compiler::KeywordConstants &constants);
};

} // namespace gossipper::tools

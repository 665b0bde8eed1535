//===- scenario_object.hpp - A precompiled scenario (.gso) -----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// `gossipper compile a.xml -o a.gso` writes a shared object with the
// scenario's code, a manifest and the scenario's source. This opens one with
// dlopen and hands its code to the runtime as a gsp_program; anything that
// is not such an object, or one made for another ABI version, is refused
// with a message and never run.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/abi.h"
#include "gossipper/stdlib/expected.hpp"

#include <map>
#include <memory>
#include <string>

namespace gossipper::runtime {

class ScenarioObject {
public:
  /// True when the file starts like an ELF object (what .gso files are).
  static bool looks_like_object(const std::string &path);
  /// The object, or why the file cannot be used.
  static Expected<std::unique_ptr<ScenarioObject>> open(const std::string &path);
  ~ScenarioObject();
  ScenarioObject(const ScenarioObject &) = delete;
  ScenarioObject &operator=(const ScenarioObject &) = delete;

  /// The manifest's key=value lines.
  [[nodiscard]] const std::map<std::string, std::string> &manifest() const { return manifest_; }
  [[nodiscard]] std::string get(const std::string &key) const;
  /// The scenario's XML, as compiled.
  [[nodiscard]] const std::string &source() const { return source_; }
  [[nodiscard]] const gsp_program *program() const { return &program_; }

private:
  ScenarioObject() = default;
  void *handle_ = nullptr;
  std::map<std::string, std::string> manifest_;
  std::string source_;
  gsp_program program_{};
};

} // namespace gossipper::runtime

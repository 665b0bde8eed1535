//===- scenario_object.hpp - A precompiled scenario (.gso) -----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// `gossipper compile a.xml -o a.gso` writes a shared object with the
// scenario's code, a manifest and the scenario's source, sealed with the
// SHA-256 of all of it (stdlib/object_seal.hpp). This reads the file once,
// refuses it unless its seal matches (and, unless trusted, unless the user
// or root owns it and no other user can write it or replace it), and loads
// exactly the bytes it checked, from a sealed memory file, with dlopen: the
// file can change on disk meanwhile without changing what runs. Anything
// that is not such an object, or one made for another ABI version, is
// refused with a message and never run.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/abi.h"
#include "gossipper/stdlib/expected.hpp"

#include <map>
#include <memory>
#include <string>
#include <sys/stat.h>

namespace gossipper::runtime {

struct ObjectOpenOptions {
  /// Load it whoever owns it and wherever it lies (--trust).
  bool trust = false;
  /// End a refusal with what the user can do about it; the compile cache,
  /// which does it itself, says so in its own words.
  bool advise = true;
};

class ScenarioObject {
public:
  /// True when the file starts like an ELF object (what .gso files are).
  static bool looks_like_object(const std::string &path);
  /// The object, or why the file cannot be used.
  static Expected<std::unique_ptr<ScenarioObject>> open(const std::string &path,
                                                        const ObjectOpenOptions &options = {});
  /// Why a file with status `file`, in the directory `dir_name` with status
  /// `dir`, may hold another user's code for a process of effective uid
  /// `euid`; empty when it cannot. Files of root are trusted: root can
  /// change anything anyway.
  static std::string trust_problem(const struct ::stat &file, const struct ::stat &dir,
                                   const std::string &dir_name, uid_t euid);
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
  Expected<void> load_image(const std::string &path, const std::string &image);
  void *handle_ = nullptr;
  int memory_fd_ = -1; ///< the checked bytes dlopen mapped, named /proc/self/fd/N
  std::map<std::string, std::string> manifest_;
  std::string source_;
  gsp_program program_{};
};

} // namespace gossipper::runtime

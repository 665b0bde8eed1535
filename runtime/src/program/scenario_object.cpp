//===- scenario_object.cpp - A precompiled scenario (.gso) ----------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/runtime/scenario_object.hpp"

#include <dlfcn.h>
#include <elf.h>
#include <fstream>

namespace gossipper::runtime {
namespace {

// The symbols compiler/src/object_emitter.cpp and codegen.hpp define.
constexpr const char *kManifest = "gsp_object_manifest";
constexpr const char *kSource = "gsp_object_source";
constexpr const char *kRender = "gsp_scenario_render";
constexpr const char *kRunActions = "gsp_scenario_run_actions";

bool read_bytes(void *handle, const std::string &name, std::string &out) {
  const auto *data = static_cast<const char *>(::dlsym(handle, name.c_str()));
  const auto *size = static_cast<const uint64_t *>(::dlsym(handle, (name + "_size").c_str()));
  if (data == nullptr || size == nullptr) {
    return false;
  }
  out.assign(data, *size);
  return true;
}

/// The checks dlopen does not make: a truncated file maps past its end and
/// the first touch of the missing pages kills the process (SIGBUS). Every
/// header and loaded segment must lie inside the file, for this machine.
Expected<void> whole_elf_object(const std::string &path) {
  std::ifstream f(path, std::ios::binary | std::ios::ate);
  auto size = static_cast<uint64_t>(f.tellg());
  Elf64_Ehdr eh{};
  f.seekg(0);
  if (!f.read(reinterpret_cast<char *>(&eh), sizeof eh)) {
    return Error{"shorter than an ELF header"};
  }
  if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB ||
      eh.e_type != ET_DYN || eh.e_machine != EM_X86_64 || eh.e_phentsize != sizeof(Elf64_Phdr)) {
    return Error{"not a 64-bit x86-64 shared object"};
  }
  auto inside = [&](uint64_t offset, uint64_t length) {
    return offset <= size && length <= size - offset;
  };
  if (!inside(eh.e_phoff, uint64_t{eh.e_phnum} * eh.e_phentsize) ||
      !inside(eh.e_shoff, uint64_t{eh.e_shnum} * eh.e_shentsize)) {
    return Error{"truncated (its headers lie past the end of the file)"};
  }
  for (uint16_t i = 0; i < eh.e_phnum; ++i) {
    Elf64_Phdr ph{};
    f.seekg(static_cast<std::streamoff>(eh.e_phoff + uint64_t{i} * sizeof ph));
    if (!f.read(reinterpret_cast<char *>(&ph), sizeof ph) ||
        (ph.p_type == PT_LOAD && !inside(ph.p_offset, ph.p_filesz))) {
      return Error{"truncated (a segment lies past the end of the file)"};
    }
  }
  return {};
}

} // namespace

bool ScenarioObject::looks_like_object(const std::string &path) {
  std::ifstream f(path, std::ios::binary);
  char magic[4] = {};
  return f.read(magic, 4) && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' &&
         magic[3] == 'F';
}

Expected<std::unique_ptr<ScenarioObject>> ScenarioObject::open(const std::string &path) {
  if (!looks_like_object(path)) {
    return Error{"'" + path + "' is not a precompiled scenario (no ELF header)"};
  }
  if (Expected<void> whole = whole_elf_object(path); !whole) {
    return Error{"cannot load '" + path + "': " + whole.error().message};
  }
  // dlopen wants a path with a slash to not search the library path.
  std::string where = path.find('/') == std::string::npos ? "./" + path : path;
  void *handle = ::dlopen(where.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char *why = ::dlerror();
    return Error{"cannot load '" + path + "': " + (why != nullptr ? why : "unknown error")};
  }
  std::unique_ptr<ScenarioObject> obj(new ScenarioObject());
  obj->handle_ = handle;
  std::string manifest;
  if (!read_bytes(handle, kManifest, manifest) || !read_bytes(handle, kSource, obj->source_)) {
    return Error{"'" + path + "' is a shared object but not a Gossipper scenario (no manifest)"};
  }
  size_t pos = 0;
  while (pos < manifest.size()) {
    size_t end = manifest.find('\n', pos);
    std::string line =
        manifest.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    size_t eq = line.find('=');
    if (eq != std::string::npos) {
      obj->manifest_[line.substr(0, eq)] = line.substr(eq + 1);
    }
    pos = end == std::string::npos ? manifest.size() : end + 1;
  }
  if (obj->get("format") != "gossipper-scenario-object") {
    return Error{"'" + path + "' has no Gossipper manifest"};
  }
  if (obj->get("abi") != std::to_string(GSP_ABI_VERSION)) {
    return Error{"'" + path + "' was built for ABI version " + obj->get("abi") +
                 "; this Gossipper runs version " + std::to_string(GSP_ABI_VERSION) +
                 ": compile it again with gossipper compile"};
  }
  void *render = ::dlsym(handle, kRender);
  void *run_actions = ::dlsym(handle, kRunActions);
  if (render == nullptr || run_actions == nullptr) {
    return Error{"'" + path + "' lacks the scenario entry points"};
  }
  obj->program_.abi_version = GSP_ABI_VERSION;
  obj->program_.render = reinterpret_cast<decltype(obj->program_.render)>(render);
  obj->program_.run_actions = reinterpret_cast<decltype(obj->program_.run_actions)>(run_actions);
  return obj;
}

ScenarioObject::~ScenarioObject() {
  if (handle_ != nullptr) {
    ::dlclose(handle_);
  }
}

std::string ScenarioObject::get(const std::string &key) const {
  auto it = manifest_.find(key);
  return it == manifest_.end() ? std::string() : it->second;
}

} // namespace gossipper::runtime

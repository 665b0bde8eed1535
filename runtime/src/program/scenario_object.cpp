//===- scenario_object.cpp - A precompiled scenario (.gso) ----------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/runtime/scenario_object.hpp"

#include "gossipper/stdlib/object_seal.hpp"

#include <cerrno>
#include <cstring>
#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

// Linux 6.3: with vm.memfd_noexec set, a memory file is executable only when
// made with this flag (older kernels refuse it: EINVAL, then made without).
#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif

namespace gossipper::runtime {
namespace {

// The symbols compiler/src/object_emitter.cpp and codegen.hpp define.
constexpr const char *kManifest = "gsp_object_manifest";
constexpr const char *kSource = "gsp_object_source";
constexpr const char *kRender = "gsp_scenario_render";
constexpr const char *kRunActions = "gsp_scenario_run_actions";

Error refusal(const std::string &path, const std::string &problem, const char *advice,
              const ObjectOpenOptions &options) {
  std::string message = "'" + path + "' " + problem;
  if (options.advise && advice != nullptr) {
    message += std::string("; ") + advice;
  }
  return Error{message};
}

/// Closes a descriptor when its scope ends.
struct FdCloser {
  int fd;
  ~FdCloser() {
    if (fd >= 0) {
      ::close(fd);
    }
  }
};

bool read_bytes(void *handle, const std::string &name, std::string &out) {
  const auto *data = static_cast<const char *>(::dlsym(handle, name.c_str()));
  const auto *size = static_cast<const uint64_t *>(::dlsym(handle, (name + "_size").c_str()));
  if (data == nullptr || size == nullptr) {
    return false;
  }
  out.assign(data, *size);
  return true;
}

/// The checks dlopen does not make: a truncated image maps past its end and
/// the first touch of the missing pages kills the process (SIGBUS). Every
/// header and loaded segment must lie inside the image, for this machine.
/// (A seal proves the bytes are the writer's, not that the writer was ours.)
Expected<void> whole_elf_object(std::string_view image) {
  uint64_t size = image.size();
  Elf64_Ehdr eh{};
  if (size < sizeof eh) {
    return Error{"shorter than an ELF header"};
  }
  std::memcpy(&eh, image.data(), sizeof eh);
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
    std::memcpy(&ph, image.data() + eh.e_phoff + uint64_t{i} * sizeof ph, sizeof ph);
    if (ph.p_type == PT_LOAD && !inside(ph.p_offset, ph.p_filesz)) {
      return Error{"truncated (a segment lies past the end of the file)"};
    }
  }
  return {};
}

/// The directory holding `path`: as named, and as resolved when a symbolic
/// link leads elsewhere (whoever can write either can swap the file).
std::vector<std::string> directories_of(const std::string &path) {
  std::filesystem::path named(path);
  std::vector<std::string> dirs{named.has_parent_path() ? named.parent_path().string() : "."};
  std::error_code ec;
  std::filesystem::path real = std::filesystem::canonical(named, ec);
  if (!ec && real.parent_path().string() != dirs.front()) {
    dirs.push_back(real.parent_path().string());
  }
  return dirs;
}

/// Why the file at `path`, open with status `st`, may hold another user's
/// code; empty when it cannot.
std::string untrusted(const std::string &path, const struct ::stat &st) {
  for (const std::string &dir : directories_of(path)) {
    struct ::stat ds {};
    if (::stat(dir.c_str(), &ds) != 0) {
      return "its directory '" + dir + "' cannot be examined: " + std::strerror(errno);
    }
    if (std::string why = ScenarioObject::trust_problem(st, ds, dir, ::geteuid()); !why.empty()) {
      return why;
    }
  }
  return {};
}

Expected<std::string> read_all(int fd, size_t size_hint) {
  std::string bytes;
  bytes.reserve(size_hint);
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      return Error{std::strerror(errno)};
    }
    if (n == 0) {
      return bytes;
    }
    bytes.append(buf, static_cast<size_t>(n));
  }
}

/// A memory file holding `image`, sealed against any change: dlopen maps
/// these bytes, the ones the seal was checked on, whatever happens to the
/// .gso on disk meanwhile.
Expected<int> memory_copy(std::string_view image) {
  unsigned flags = MFD_CLOEXEC | MFD_ALLOW_SEALING;
  int fd = ::memfd_create("gossipper-scenario", flags | MFD_EXEC);
  if (fd < 0 && errno == EINVAL) {
    fd = ::memfd_create("gossipper-scenario", flags);
  }
  if (fd < 0) {
    return Error{std::string("no memory file: ") + std::strerror(errno)};
  }
  for (size_t done = 0; done < image.size();) {
    ssize_t n = ::write(fd, image.data() + done, image.size() - done);
    if (n < 0 && errno != EINTR) {
      ::close(fd);
      return Error{std::string("cannot fill a memory file: ") + std::strerror(errno)};
    }
    done += n > 0 ? static_cast<size_t>(n) : 0;
  }
  if (::fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0) {
    ::close(fd);
    return Error{std::string("cannot seal a memory file: ") + std::strerror(errno)};
  }
  return fd;
}

std::string fd_path(int fd) { return "/proc/self/fd/" + std::to_string(fd); }

} // namespace

bool ScenarioObject::looks_like_object(const std::string &path) {
  std::ifstream f(path, std::ios::binary);
  char magic[4] = {};
  return f.read(magic, 4) && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' &&
         magic[3] == 'F';
}

std::string ScenarioObject::trust_problem(const struct ::stat &file, const struct ::stat &dir,
                                          const std::string &dir_name, uid_t euid) {
  if (file.st_uid != euid && file.st_uid != 0) {
    return "another user (uid " + std::to_string(file.st_uid) + ") owns it";
  }
  if ((file.st_mode & S_IWOTH) != 0) {
    return "any user may write to it";
  }
  if ((dir.st_mode & S_IWOTH) != 0 && (dir.st_mode & S_ISVTX) == 0) {
    return "its directory '" + dir_name +
           "' is writable by any user, without the sticky bit: any user may replace it";
  }
  return {};
}

Expected<std::unique_ptr<ScenarioObject>> ScenarioObject::open(const std::string &path,
                                                               const ObjectOpenOptions &options) {
  // O_NONBLOCK: a FIFO named x.gso must be refused, not waited on.
  FdCloser file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)};
  struct ::stat st {};
  if (file.fd < 0 || ::fstat(file.fd, &st) != 0) {
    return Error{"cannot open '" + path + "': " + std::strerror(errno)};
  }
  if (!S_ISREG(st.st_mode)) {
    return refusal(path, "is not a precompiled scenario (not a regular file)", nullptr, options);
  }
  // Checked on the open file: what is read below is what was checked.
  if (std::string why = options.trust ? "" : untrusted(path, st); !why.empty()) {
    return refusal(path, "is not trusted: " + why, "give --trust to load it anyway", options);
  }
  Expected<std::string> bytes = read_all(file.fd, static_cast<size_t>(st.st_size));
  if (!bytes) {
    return Error{"cannot read '" + path + "': " + bytes.error().message};
  }
  if (!bytes->starts_with("\x7f"
                          "ELF")) {
    return refusal(path, "is not a precompiled scenario (no ELF header)",
                   "gossipper compile a.xml -o a.gso makes one", options);
  }
  switch (stdlib::check_object_seal(*bytes)) {
  case stdlib::SealCheck::Matches: break;
  case stdlib::SealCheck::Missing:
    return refusal(path,
                   "is damaged or not a Gossipper scenario: it does not end with the digest "
                   "gossipper compile seals objects with",
                   "compile it again", options);
  case stdlib::SealCheck::Mismatch:
    return refusal(path, "is damaged: its digest does not match", "compile it again", options);
  }
  bytes->resize(bytes->size() - stdlib::kObjectSealSize);
  if (Expected<void> whole = whole_elf_object(*bytes); !whole) {
    return Error{"cannot load '" + path + "': " + whole.error().message};
  }
  std::unique_ptr<ScenarioObject> obj(new ScenarioObject());
  if (Expected<void> loaded = obj->load_image(path, *bytes); !loaded) {
    return loaded.error();
  }
  if (obj->get("format") != "gossipper-scenario-object") {
    return Error{"'" + path + "' has no Gossipper manifest"};
  }
  if (obj->get("abi") != std::to_string(GSP_ABI_VERSION)) {
    return Error{"'" + path + "' was built for ABI version " + obj->get("abi") +
                 "; this Gossipper runs version " + std::to_string(GSP_ABI_VERSION) +
                 ": compile it again with gossipper compile"};
  }
  return obj;
}

Expected<void> ScenarioObject::load_image(const std::string &path, const std::string &image) {
  Expected<int> memory = memory_copy(image);
  if (!memory) {
    return Error{"cannot load '" + path + "': " + memory.error().message};
  }
  memory_fd_ = *memory;
  handle_ = ::dlopen(fd_path(memory_fd_).c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle_ == nullptr) {
    const char *why = ::dlerror();
    return Error{"cannot load '" + path + "': " + (why != nullptr ? why : "unknown error")};
  }
  std::string manifest;
  if (!read_bytes(handle_, kManifest, manifest) || !read_bytes(handle_, kSource, source_)) {
    return Error{"'" + path + "' is a shared object but not a Gossipper scenario (no manifest)"};
  }
  size_t pos = 0;
  while (pos < manifest.size()) {
    size_t end = manifest.find('\n', pos);
    std::string line =
        manifest.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    size_t eq = line.find('=');
    if (eq != std::string::npos) {
      manifest_[line.substr(0, eq)] = line.substr(eq + 1);
    }
    pos = end == std::string::npos ? manifest.size() : end + 1;
  }
  void *render = ::dlsym(handle_, kRender);
  void *run_actions = ::dlsym(handle_, kRunActions);
  if (render == nullptr || run_actions == nullptr) {
    return Error{"'" + path + "' lacks the scenario entry points"};
  }
  program_.abi_version = GSP_ABI_VERSION;
  program_.render = reinterpret_cast<decltype(program_.render)>(render);
  program_.run_actions = reinterpret_cast<decltype(program_.run_actions)>(run_actions);
  return {};
}

ScenarioObject::~ScenarioObject() {
  if (handle_ != nullptr) {
    ::dlclose(handle_);
  }
  if (memory_fd_ < 0) {
    return;
  }
  // dlopen hands back a library still loaded under the name asked for: if
  // dlclose kept this one, its /proc/self/fd/N must never name another
  // object, so the descriptor stays open.
  if (void *kept = ::dlopen(fd_path(memory_fd_).c_str(), RTLD_LAZY | RTLD_NOLOAD)) {
    ::dlclose(kept);
    return;
  }
  ::close(memory_fd_);
}

std::string ScenarioObject::get(const std::string &key) const {
  auto it = manifest_.find(key);
  return it == manifest_.end() ? std::string() : it->second;
}

} // namespace gossipper::runtime

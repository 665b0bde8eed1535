// A .gso is machine code: it is loaded only whole, as compiled, and from a
// place no other user controls. One changed byte anywhere (code, constants,
// manifest, seal) is refused before dlopen with the message users see, and
// nothing of the file is loaded.
#include "gossipper/runtime/scenario_object.hpp"

#include "gossipper/compiler/native_code.hpp"
#include "gossipper/ir/template_numbering.hpp"
#include "gossipper/stdlib/object_seal.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <dlfcn.h>
#include <elf.h>
#include <filesystem>
#include <fstream>
#include <link.h>
#include <sys/stat.h>
#include <unistd.h>

namespace gossipper::runtime {
namespace {

/// How many objects the process has mapped: a refused file adds none.
int loaded_objects() {
  int n = 0;
  ::dl_iterate_phdr(
      [](dl_phdr_info *, size_t, void *count) {
        ++*static_cast<int *>(count);
        return 0;
      },
      &n);
  return n;
}

/// The built-in uac as `gossipper compile` writes it, made once.
const std::string &uac_object() {
  static const std::string bytes = [] {
    std::string xml = test::builtin_xml("uac");
    ir::Scenario s = test::compiled_scenario(xml);
    std::string path = test::temp_path("scenario_object_uac") + ".gso";
    Expected<void> written =
        compiler::write_scenario_object(s, ir::number_templates(s), {xml, "uac.xml", "test"}, path);
    EXPECT_TRUE(written) << written.error().message;
    std::string read = test::read_file(path);
    std::filesystem::remove(path);
    return read;
  }();
  return bytes;
}

struct Span {
  size_t offset = 0;
  size_t size = 0;
};

/// Where the ELF section `name` lies in `elf`.
Span section(const std::string &elf, const std::string &name) {
  Elf64_Ehdr eh{};
  std::memcpy(&eh, elf.data(), sizeof eh);
  auto header = [&](size_t i) {
    Elf64_Shdr sh{};
    std::memcpy(&sh, elf.data() + eh.e_shoff + i * sizeof sh, sizeof sh);
    return sh;
  };
  Elf64_Shdr names = header(eh.e_shstrndx);
  for (size_t i = 0; i < eh.e_shnum; ++i) {
    Elf64_Shdr sh = header(i);
    if (name == elf.data() + names.sh_offset + sh.sh_name) {
      return {sh.sh_offset, sh.sh_size};
    }
  }
  ADD_FAILURE() << "no section " << name;
  return {};
}

class ScenarioObjectFile : public ::testing::Test {
protected:
  void SetUp() override {
    std::string tmpl = test::temp_path("scenario_object") + "_XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr); // mode 0700: a private directory
    dir_ = tmpl;
    ASSERT_FALSE(uac_object().empty());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  /// Writes `bytes` to `name` under the test's directory; its path.
  std::string write(const std::string &name, const std::string &bytes) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  std::string subdir(const std::string &name, mode_t mode) {
    std::string path = dir_ + "/" + name;
    std::filesystem::create_directory(path);
    ::chmod(path.c_str(), mode); // explicit: the umask does not apply
    return path;
  }
  /// Refused with a message holding `words`, and nothing loaded.
  static void expect_refused(const std::string &path, const std::vector<std::string> &words,
                             ObjectOpenOptions options = {}) {
    int before = loaded_objects();
    auto opened = ScenarioObject::open(path, options);
    ASSERT_FALSE(opened) << path << " was loaded";
    for (const std::string &w : words) {
      EXPECT_NE(opened.error().message.find(w), std::string::npos)
          << "'" << w << "' not in: " << opened.error().message;
    }
    EXPECT_EQ(loaded_objects(), before);
  }

  std::string dir_;
};

TEST_F(ScenarioObjectFile, LoadsAGoodObjectFromTheBytesItChecked) {
  std::string path = write("uac.gso", uac_object());
  auto opened = ScenarioObject::open(path);
  ASSERT_TRUE(opened) << opened.error().message;
  EXPECT_EQ((*opened)->get("name"), "Basic Sipstone UAC");
  EXPECT_EQ((*opened)->source(), test::builtin_xml("uac"));
  // The code runs from the sealed memory copy, not from the file.
  Dl_info info{};
  ASSERT_NE(::dladdr(reinterpret_cast<void *>((*opened)->program()->render), &info), 0);
  EXPECT_EQ(std::string(info.dli_fname).rfind("/proc/self/fd/", 0), 0U) << info.dli_fname;
  // Cut on disk after the check, the file no longer backs the mapping (it
  // would read "gone" there, or fault past the end).
  std::ofstream(path, std::ios::binary | std::ios::trunc) << "gone";
  EXPECT_EQ(std::memcmp(info.dli_fbase,
                        "\x7f"
                        "ELF",
                        4),
            0);
}

TEST_F(ScenarioObjectFile, RefusesAChangedByteOfCodeConstantsManifestOrSeal) {
  const std::string &good = uac_object();
  Span text = section(good, ".text");
  Span rodata = section(good, ".rodata");
  size_t manifest = good.find("format=gossipper-scenario-object");
  ASSERT_NE(manifest, std::string::npos);
  size_t seal = good.size() - stdlib::kObjectSealSize;
  struct Flip {
    const char *what;
    size_t offset;
  } flips[] = {{"the first byte of .text", text.offset},
               {"the middle of .text", text.offset + text.size / 2},
               {"the last byte of .text", text.offset + text.size - 1},
               {"the first byte of .rodata", rodata.offset},
               {"the middle of .rodata", rodata.offset + rodata.size / 2},
               {"the manifest", manifest + 7},
               {"the ELF header", 20},
               {"the seal's digest", seal + 5}};
  for (const Flip &f : flips) {
    std::string bytes = good;
    bytes[f.offset] = static_cast<char>(bytes[f.offset] ^ 0x20);
    std::string path = write("flipped.gso", bytes);
    SCOPED_TRACE(f.what);
    expect_refused(path,
                   {"'" + path + "' is damaged: its digest does not match; compile it again"});
  }
}

TEST_F(ScenarioObjectFile, RefusesAnObjectWithoutItsSeal) {
  const std::string &good = uac_object();
  std::string magic = good;
  magic.back() = 'x';
  std::string cut = good.substr(0, good.size() - 1);
  std::string unsealed = good.substr(0, good.size() - stdlib::kObjectSealSize);
  for (const std::string &bytes : {magic, cut, good + "\n", unsealed}) {
    std::string path = write("unsealed.gso", bytes);
    expect_refused(path, {"'" + path + "' is damaged or not a Gossipper scenario", "digest",
                          "compile it again"});
  }
}

TEST_F(ScenarioObjectFile, SaysAGsoThatIsNoObjectIsNotAPrecompiledScenario) {
  std::string path = write("text.gso", test::builtin_xml("uac"));
  expect_refused(
      path, {"'" + path + "' is not a precompiled scenario (no ELF header)", "gossipper compile"});
  std::string fifo = dir_ + "/fifo.gso";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  expect_refused(fifo, {"not a regular file"}); // at once, not waiting for a writer
}

TEST_F(ScenarioObjectFile, RefusesAnObjectOthersCanReplaceUnlessTrusted) {
  std::string open_dir = subdir("anyone", 0777);
  std::string path = open_dir + "/uac.gso";
  std::ofstream(path, std::ios::binary) << uac_object();
  expect_refused(path,
                 {"'" + path + "' is not trusted", "'" + open_dir + "' is writable by any user",
                  "give --trust to load it anyway"});
  auto trusted = ScenarioObject::open(path, {.trust = true});
  EXPECT_TRUE(trusted) << trusted.error().message;
  // /tmp's way: others may create files there but not replace this one.
  std::string sticky = subdir("sticky", 01777);
  std::filesystem::copy_file(path, sticky + "/uac.gso");
  auto in_sticky = ScenarioObject::open(sticky + "/uac.gso");
  EXPECT_TRUE(in_sticky) << in_sticky.error().message;
  // A link in the open directory, to a file in a private one: the link can be swapped.
  std::string link = open_dir + "/link.gso";
  std::filesystem::create_symlink(sticky + "/uac.gso", link);
  expect_refused(link, {"is not trusted", open_dir});
}

TEST_F(ScenarioObjectFile, RefusesAnObjectAnyUserMayWrite) {
  std::string path = write("writable.gso", uac_object());
  ::chmod(path.c_str(), 0666);
  expect_refused(path, {"is not trusted: any user may write to it", "--trust"});
  EXPECT_TRUE(ScenarioObject::open(path, {.trust = true}));
}

TEST(ScenarioObjectTrust, OnlyTheUserAndRootMayOwnIt) {
  struct ::stat file {};
  struct ::stat dir {};
  file.st_mode = S_IFREG | 0644;
  dir.st_mode = S_IFDIR | 0755;
  file.st_uid = 1000;
  EXPECT_EQ(ScenarioObject::trust_problem(file, dir, "d", 1000), "");
  EXPECT_EQ(ScenarioObject::trust_problem(file, dir, "d", 1001), "another user (uid 1000) owns it");
  EXPECT_EQ(ScenarioObject::trust_problem(file, dir, "d", 0), "another user (uid 1000) owns it")
      << "root runs no user's code unless told to";
  file.st_uid = 0;
  EXPECT_EQ(ScenarioObject::trust_problem(file, dir, "d", 1000), "");
  file.st_mode = S_IFREG | 0646;
  EXPECT_EQ(ScenarioObject::trust_problem(file, dir, "d", 1000), "any user may write to it");
  file.st_mode = S_IFREG | 0664; // a group's: the user's own choice
  dir.st_mode = S_IFDIR | 0777;
  EXPECT_NE(ScenarioObject::trust_problem(file, dir, "d", 1000), "");
  dir.st_mode = S_IFDIR | 01777;
  EXPECT_EQ(ScenarioObject::trust_problem(file, dir, "d", 1000), "");
}

} // namespace
} // namespace gossipper::runtime

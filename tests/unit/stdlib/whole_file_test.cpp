#include "gossipper/stdlib/whole_file.hpp"

#include "file_size_limit.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace gossipper::stdlib {
namespace {

namespace fs = std::filesystem;

struct WorkDir {
  WorkDir() {
    std::string pattern = (fs::temp_directory_path() / "whole-file-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
  }
  ~WorkDir() { fs::remove_all(path); }
  [[nodiscard]] std::string file(const char *name) const { return (path / name).string(); }
  fs::path path;
};

std::string contents(const std::string &path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

TEST(WholeFile, ReplacesTheFileAndLeavesNothingBeside) {
  WorkDir d;
  std::string path = d.file("summary.json");
  ASSERT_TRUE(write_whole_file(path, "{\"first\": 1}\n"));
  ASSERT_TRUE(write_whole_file(path, "{}\n"));
  EXPECT_EQ(contents(path), "{}\n");
  EXPECT_EQ(std::distance(fs::directory_iterator(d.path), fs::directory_iterator()), 1);
}

TEST(WholeFile, AWriteThatFailsLeavesThePreviousFileWhole) {
  WorkDir d;
  std::string path = d.file("summary.json");
  std::string previous = "{\"calls\": 10}\n";
  ASSERT_TRUE(write_whole_file(path, previous));
  Expected<void> written;
  {
    test::FileSizeLimit full(4096); // in place, the file would be left cut
    written = write_whole_file(path, std::string(100000, 'x'));
  }
  ASSERT_FALSE(written);
  EXPECT_FALSE(written.error().message.empty());
  EXPECT_EQ(contents(path), previous);
  EXPECT_EQ(std::distance(fs::directory_iterator(d.path), fs::directory_iterator()), 1);
}

TEST(WholeFile, ADeviceOrALinkIsWrittenInPlace) {
  EXPECT_TRUE(write_whole_file("/dev/null", "text"));
  WorkDir d;
  std::string target = d.file("real.json");
  std::string link = d.file("link.json");
  fs::create_symlink(target, link);
  ASSERT_TRUE(write_whole_file(link, "through the link\n"));
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(contents(target), "through the link\n");
}

TEST(WholeFile, AMissingDirectoryIsAnError) {
  WorkDir d;
  Expected<void> written = write_whole_file(d.file("no/such/dir.json"), "x");
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().message, "No such file or directory");
}

} // namespace
} // namespace gossipper::stdlib

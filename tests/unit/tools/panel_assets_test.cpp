// The web panel's embedded files: the page, its script, its style sheet and
// the bundled packages' licences, each with its Content-Type; the page loads
// the others from /assets/.
#include "panel_assets.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace gossipper::test {
namespace {

std::map<std::string, std::string_view> assets() {
  std::map<std::string, std::string_view> all;
  for (const tools::PanelAsset &a : tools::panel_assets()) {
    all.emplace(std::string(a.name), a.text);
  }
  return all;
}

TEST(PanelAssets, ThePageAndWhatItLoads) {
  auto all = assets();
  ASSERT_EQ(all.size(), 4U);
  for (const char *name : {"index.html", "panel.js", "panel.css", "licenses.txt"}) {
    ASSERT_TRUE(all.contains(name)) << name;
  }
  std::string_view page = all["index.html"];
  EXPECT_NE(page.find("<!DOCTYPE html>"), std::string_view::npos);
  EXPECT_NE(page.find("src=\"/assets/panel.js\""), std::string_view::npos);
  EXPECT_NE(page.find("href=\"/assets/panel.css\""), std::string_view::npos);
  EXPECT_GT(all["panel.js"].size(), 10000U);
  EXPECT_NE(all["panel.css"].find(".uplot"), std::string_view::npos) << "uPlot's style sheet";
  EXPECT_NE(all["licenses.txt"].find("uplot"), std::string_view::npos);
}

TEST(PanelAssets, ContentTypes) {
  EXPECT_EQ(tools::panel_content_type("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(tools::panel_content_type("panel.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(tools::panel_content_type("panel.css"), "text/css; charset=utf-8");
  EXPECT_EQ(tools::panel_content_type("licenses.txt"), "text/plain; charset=utf-8");
}

} // namespace
} // namespace gossipper::test

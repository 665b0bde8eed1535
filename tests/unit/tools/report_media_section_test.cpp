// The report's media: the table of the summary's `media` when the run
// measured streams, none otherwise.
#include "report_media_section.hpp"
#include "report_page.hpp"

#include <gtest/gtest.h>

#include <string>

namespace gossipper::test {
namespace {
namespace json = boost::json;

TEST(ReportMediaSection, TheTableOfARunThatMeasuredStreams) {
  ReportPage page = report_page(summary_with({{"media",
                                               {{"rtp_packets_sent", 500},
                                                {"rtp_packets_received", 490},
                                                {"streams_measured", 2},
                                                {"packets_lost", 10},
                                                {"loss_ratio", 0.025},
                                                {"mos", {{"min", 4.0}, {"p50", 4.41}}},
                                                {"port_busy", 3},
                                                {"send_errors", 0}}}}));
  ASSERT_EQ(page.rc, 0) << page.errors;
  std::string media = page.section("media");
  EXPECT_NE(media.find("<th scope=\"row\">RTP packets received</th><td>490</td>"),
            std::string::npos)
      << media;
  EXPECT_NE(media.find("<td>2.50 %</td>"), std::string::npos);
  EXPECT_NE(media.find("<th scope=\"row\">MOS min</th><td>4.00</td>"), std::string::npos);
  EXPECT_NE(media.find("port_busy"), std::string::npos);
  EXPECT_EQ(media.find("send_errors"), std::string::npos); // zero: not a failure shown
}

TEST(ReportMediaSection, NoTableWithoutAMeasuredStream) {
  for (json::value media :
       {json::value(json::object{{"rtp_packets_sent", 9}, {"streams_measured", 0}}),
        json::value("none"), json::value(nullptr)}) {
    ReportPage page = report_page(summary_with({{"media", media}}));
    EXPECT_EQ(page.rc, 0);
    EXPECT_EQ(page.section("media"), "") << json::serialize(media);
  }
}

} // namespace
} // namespace gossipper::test

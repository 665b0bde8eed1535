// The QoS report HEP sends (type 34) as a stream ends: a JSON object with
// Homer's RTP agent field names, each figure as the stream had it (read
// back to the same double), the reception's figures only when RTP came,
// and a Call-ID from the wire written as valid JSON whatever its bytes.
#include "export/hep_qos_report.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <string>

namespace gossipper::runtime {
namespace {

namespace json = boost::json;
namespace ip = boost::asio::ip;

StreamEndEvent stream_end() {
  StreamEndEvent e;
  e.call_id = "1-2@127.0.0.1";
  e.media = "audio";
  e.local = ip::udp::endpoint(ip::make_address("127.0.0.1"), 6000);
  e.peer = ip::udp::endpoint(ip::make_address("10.0.0.9"), 7078);
  e.codec = "PCMA";
  e.packets_received = 249;
  e.octets_received = 249ULL * 172;
  e.packets_sent = 250;
  e.octets_sent = 250ULL * 172;
  e.qos.packets_expected = 250;
  e.qos.packets_lost = 1;
  e.qos.max_jitter_ms = 0.123456789;
  e.qos.mos = 4.3912345678;
  e.qos.r_factor = 92.1234;
  e.jitter_ms = 0.0625;
  e.rtt_ms = 0.75;
  e.wall_us = 1700000000ULL * 1000000 + 42;
  return e;
}

json::object report(const StreamEndEvent &e) {
  std::string out = "x"; // appended to, not replaced
  append_qos_report(e, out);
  EXPECT_EQ(out[0], 'x');
  return json::parse(out.substr(1)).as_object();
}

TEST(HepQosReport, NamesEachFigureAsHomersRtpAgentsDo) {
  json::object o = report(stream_end());
  EXPECT_EQ(o.at("CORRELATION_ID"), "1-2@127.0.0.1");
  EXPECT_EQ(o.at("RTP_SIP_CALL_ID"), "1-2@127.0.0.1");
  EXPECT_EQ(o.at("TYPE"), "FINAL");
  EXPECT_EQ(o.at("DIR"), 0);
  EXPECT_EQ(o.at("MEDIA"), "audio");
  // The figures are of what came in: from the peer to us.
  EXPECT_EQ(o.at("SRC_IP"), "10.0.0.9");
  EXPECT_EQ(o.at("SRC_PORT"), 7078);
  EXPECT_EQ(o.at("DST_IP"), "127.0.0.1");
  EXPECT_EQ(o.at("DST_PORT"), 6000);
  EXPECT_EQ(o.at("CODEC_NAME"), "PCMA");
  EXPECT_EQ(o.at("CLOCK"), 8000);
  EXPECT_EQ(o.at("TOTAL_PK"), 249);
  EXPECT_EQ(o.at("TL_BYTE"), 249 * 172);
  EXPECT_EQ(o.at("SENT_PK"), 250);
  EXPECT_EQ(o.at("SENT_BYTE"), 250 * 172);
  EXPECT_EQ(o.at("EXPECTED_PK"), 250);
  EXPECT_EQ(o.at("PACKET_LOSS"), 1);
  // Doubles read back exactly: a reader compares them with the summary's.
  EXPECT_EQ(o.at("JITTER").as_double(), 0.0625);
  EXPECT_EQ(o.at("MAX_JITTER").as_double(), 0.123456789);
  EXPECT_EQ(o.at("MOS").as_double(), 4.3912345678);
  EXPECT_EQ(o.at("RFACTOR").as_double(), 92.1234);
  EXPECT_EQ(o.at("RTT").as_double(), 0.75);
  EXPECT_EQ(o.size(), 23U);
}

TEST(HepQosReport, WritesTheReportTimeAsSecondsWithTheirMicroseconds) {
  std::string out;
  append_qos_report(stream_end(), out);
  EXPECT_NE(out.find("\"REPORT_TS\":1700000000.000042,"), std::string::npos) << out;
}

TEST(HepQosReport, AStreamThatOnlySentHasNoReceptionFigures) {
  StreamEndEvent e = stream_end();
  e.packets_received = 0;
  e.octets_received = 0;
  e.rtt_ms = -1;
  json::object o = report(e);
  EXPECT_EQ(o.at("TOTAL_PK"), 0);
  EXPECT_EQ(o.at("SENT_PK"), 250);
  for (const char *absent :
       {"EXPECTED_PK", "PACKET_LOSS", "JITTER", "MAX_JITTER", "MOS", "RFACTOR", "RTT"}) {
    EXPECT_FALSE(o.contains(absent)) << absent;
  }
}

TEST(HepQosReport, ACallIdOfAnyBytesIsValidJson) {
  StreamEndEvent e = stream_end();
  std::string id = "a\"b\\c\x01\xff@h";
  e.call_id = id;
  e.codec = "";
  json::object o = report(e);
  EXPECT_EQ(o.at("CORRELATION_ID"), "a\"b\\c\x01\xef\xbf\xbd@h"); // U+FFFD for the stray byte
  EXPECT_EQ(o.at("CODEC_NAME"), "");
}

TEST(HepQosReport, AnIpv6StreamNamesItsAddresses) {
  StreamEndEvent e = stream_end();
  e.local = ip::udp::endpoint(ip::make_address("::1"), 6000);
  e.peer = ip::udp::endpoint(ip::make_address("2001:db8::9"), 7078);
  json::object o = report(e);
  EXPECT_EQ(o.at("SRC_IP"), "2001:db8::9");
  EXPECT_EQ(o.at("DST_IP"), "::1");
}

} // namespace
} // namespace gossipper::runtime

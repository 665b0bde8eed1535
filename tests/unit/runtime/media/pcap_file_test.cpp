//===- pcap_file_test.cpp - Capture files read for replay -----------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The captures come from tests/media/make_pcaps.py, written into a fresh
// directory for each run: one per link type read, one per rule (skipping,
// ports, time), one per error. SIPp's own captures (Debian's sip-tester)
// are checked against numbers tshark gives for them.
//
//===----------------------------------------------------------------------===//
#include "media/pcap_file.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace gossipper::runtime::media {
namespace {

class PcapFile : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(test::temp_path("pcaps"));
    const std::string command = "python3 '" + std::string(GOSSIPPER_SOURCE_DIR) +
                                "/tests/media/make_pcaps.py' --out '" + *dir_ + "'";
    generated_ = std::system(command.c_str()) == 0;
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    std::filesystem::remove_all(*dir_, ignored);
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(generated_) << "make_pcaps.py failed"; }

  static std::string path(const std::string &name) { return *dir_ + "/" + name; }

  /// The packets of a capture that must read.
  static PcapMedia read(const std::string &name) {
    Expected<PcapMedia> media = read_pcap_file(path(name));
    EXPECT_TRUE(media.ok()) << (media.ok() ? "" : media.error().message);
    return media.ok() ? std::move(media).value() : PcapMedia{};
  }

  /// The error message of a capture that must not read.
  static std::string error_of(const std::string &name) {
    Expected<PcapMedia> media = read_pcap_file(path(name));
    EXPECT_FALSE(media.ok()) << name << " read";
    return media.ok() ? "" : media.error().message;
  }

  static std::string *dir_;
  static bool generated_;
};
std::string *PcapFile::dir_ = nullptr;
bool PcapFile::generated_ = false;

uint8_t byte(const std::string &s, size_t i) { return static_cast<uint8_t>(s.at(i)); }
int payload_type(const PcapPacket &p) { return byte(p.payload, 1) & 0x7f; }
bool marker(const PcapPacket &p) { return (byte(p.payload, 1) & 0x80) != 0; }
uint16_t rtp_seq(const PcapPacket &p) {
  return static_cast<uint16_t>(byte(p.payload, 2) << 8 | byte(p.payload, 3));
}

std::vector<uint64_t> offsets(const PcapMedia &m) {
  std::vector<uint64_t> out;
  for (const PcapPacket &p : m.packets) {
    out.push_back(p.offset_us);
  }
  return out;
}

std::vector<uint16_t> deltas(const PcapMedia &m) {
  std::vector<uint16_t> out;
  for (const PcapPacket &p : m.packets) {
    out.push_back(p.port_delta);
  }
  return out;
}

TEST_F(PcapFile, EthernetIpv4PayloadsAndTimes) {
  const PcapMedia m = read("pcmu_20ms.pcap");
  ASSERT_EQ(m.packets.size(), 50u);
  EXPECT_EQ(m.base_port, 6000);
  for (size_t n = 0; n < m.packets.size(); ++n) {
    const PcapPacket &p = m.packets[n];
    SCOPED_TRACE(n);
    EXPECT_EQ(p.offset_us, n * 20000);
    EXPECT_EQ(p.port_delta, 0);
    ASSERT_EQ(p.payload.size(), 12u + 160u); // RTP header and 20 ms of G.711
    EXPECT_EQ(byte(p.payload, 0), 0x80);
    EXPECT_EQ(payload_type(p), 0);
    EXPECT_EQ(marker(p), n == 0);
    EXPECT_EQ(rtp_seq(p), static_cast<uint16_t>(1000 + n));
    // make_pcaps.py's pattern: byte i of packet n's audio is n + i.
    EXPECT_EQ(byte(p.payload, 12), static_cast<uint8_t>(n));
    EXPECT_EQ(byte(p.payload, 12 + 159), static_cast<uint8_t>(n + 159));
  }
}

TEST_F(PcapFile, LinuxCookedCapture) {
  const PcapMedia m = read("pcma_sll.pcap");
  ASSERT_EQ(m.packets.size(), 10u);
  EXPECT_EQ(m.base_port, 6000);
  EXPECT_EQ(payload_type(m.packets[0]), 8);
  EXPECT_EQ(m.packets[9].offset_us, 180000u);
  EXPECT_EQ(m.packets[9].payload.size(), 172u);
}

TEST_F(PcapFile, LinuxCookedV2Capture) {
  const PcapMedia m = read("pcmu_sll2.pcap");
  ASSERT_EQ(m.packets.size(), 3u);
  EXPECT_EQ(m.base_port, 6000);
  EXPECT_EQ(offsets(m), (std::vector<uint64_t>{0, 20000, 40000}));
  EXPECT_EQ(m.packets[2].payload.size(), 172u);
}

TEST_F(PcapFile, PcapngCapture) {
  const PcapMedia m = read("pcmu.pcapng");
  ASSERT_EQ(m.packets.size(), 4u);
  EXPECT_EQ(m.base_port, 6000);
  EXPECT_EQ(offsets(m), (std::vector<uint64_t>{0, 20000, 40000, 60000}));
  EXPECT_EQ(rtp_seq(m.packets[3]), 1003);
}

TEST_F(PcapFile, RawIpv6Capture) {
  const PcapMedia m = read("ipv6_raw.pcap");
  ASSERT_EQ(m.packets.size(), 5u);
  EXPECT_EQ(m.base_port, 6000);
  EXPECT_EQ(offsets(m), (std::vector<uint64_t>{0, 10000, 20000, 30000, 40000}));
  EXPECT_EQ(m.packets[4].payload.size(), 12u + 80u);
  EXPECT_EQ(byte(m.packets[4].payload, 12), 4);
}

TEST_F(PcapFile, Ipv4LinkType) {
  const PcapMedia m = read("ipv4_linktype.pcap");
  ASSERT_EQ(m.packets.size(), 4u);
  EXPECT_EQ(m.packets[3].offset_us, 60000u);
  EXPECT_EQ(m.packets[3].payload.size(), 12u + 40u);
}

TEST_F(PcapFile, VlanTagSkipped) {
  const PcapMedia m = read("vlan.pcap");
  ASSERT_EQ(m.packets.size(), 3u);
  EXPECT_EQ(m.base_port, 6000);
  EXPECT_EQ(rtp_seq(m.packets[2]), 1002);
  EXPECT_EQ(m.packets[2].payload.size(), 172u);
}

TEST_F(PcapFile, PortDeltaFromTheLowestPort) {
  const PcapMedia m = read("two_ports.pcap");
  EXPECT_EQ(m.base_port, 6000);
  EXPECT_EQ(deltas(m), (std::vector<uint16_t>{0, 2, 0, 2, 0, 2}));
}

// ARP, TCP over IPv4 and IPv6, and a later IPv4 fragment are skipped; IPv4
// options are stepped over; a packet stamped earlier adds no time, and the
// next step counts from that earlier stamp (SIPp's do_sleep compares each
// packet with the one before it).
TEST_F(PcapFile, SkipsWhatIsNotUdpAndNeverGoesBack) {
  const PcapMedia m = read("mixed.pcap");
  ASSERT_EQ(m.packets.size(), 5u);
  std::vector<std::string> payloads;
  for (const PcapPacket &p : m.packets) {
    payloads.push_back(p.payload);
  }
  EXPECT_EQ(payloads, (std::vector<std::string>{"first", "second", "third", "fourth", ""}));
  EXPECT_EQ(m.base_port, 7000);
  EXPECT_EQ(deltas(m), (std::vector<uint16_t>{0, 4, 1, 0, 0}));
  // Stamps 0, 100, 50, 80, 120 ms.
  EXPECT_EQ(offsets(m), (std::vector<uint64_t>{0, 100000, 100000, 130000, 170000}));
}

TEST_F(PcapFile, TruncatedPacketsAskForSnaplenZero) {
  const std::string e = error_of("truncated.pcap");
  EXPECT_NE(e.find("You got truncated packets"), std::string::npos) << e;
  EXPECT_NE(e.find("Please create a new dump with -s0"), std::string::npos) << e;
  EXPECT_NE(e.find(path("truncated.pcap") + "', packet 2: 64 of 214 bytes"), std::string::npos)
      << e;
}

TEST_F(PcapFile, NoUdpPacket) {
  EXPECT_EQ(error_of("no_udp.pcap"),
            "no RTP/UDP packet in PCAP file '" + path("no_udp.pcap") + "'");
  EXPECT_EQ(error_of("empty.pcap"), "no RTP/UDP packet in PCAP file '" + path("empty.pcap") + "'");
}

TEST_F(PcapFile, UnsupportedLinkType) {
  const std::string e = error_of("bad_link.pcap");
  EXPECT_NE(e.find("'" + path("bad_link.pcap") + "': unsupported link type 105"), std::string::npos)
      << e;
}

TEST_F(PcapFile, NotACaptureFile) {
  const std::string e = error_of("not_a_pcap.pcap");
  EXPECT_EQ(e.rfind("Can't open PCAP file '" + path("not_a_pcap.pcap") + "': ", 0), 0u) << e;
  EXPECT_NE(e.find("unknown file format"), std::string::npos) << e; // libpcap's words
}

TEST_F(PcapFile, MissingFile) {
  const std::string e = error_of("absent.pcap");
  EXPECT_EQ(e, "Can't open PCAP file '" + path("absent.pcap") + "': No such file or directory");
}

TEST_F(PcapFile, HeadersPastTheCapturedBytes) {
  EXPECT_EQ(error_of("short_header.pcap"), "PCAP file '" + path("short_header.pcap") +
                                               "', packet 1: its IPv4 header runs past its 26 "
                                               "captured bytes");
  // IHL 15: a 60-byte header in a 32-byte IP packet.
  EXPECT_EQ(error_of("bad_ihl.pcap"), "PCAP file '" + path("bad_ihl.pcap") +
                                          "', packet 1: its IPv4 header runs past its 46 "
                                          "captured bytes");
}

TEST_F(PcapFile, UdpLengthMustFitTheCapture) {
  EXPECT_EQ(error_of("udp_too_long.pcap"),
            "PCAP file '" + path("udp_too_long.pcap") +
                "', packet 1: its UDP length 400 is larger than the 12 bytes captured from the "
                "UDP header on");
  EXPECT_EQ(error_of("udp_too_short.pcap"),
            "PCAP file '" + path("udp_too_short.pcap") +
                "', packet 1: its UDP length 4 is shorter than the UDP header");
}

TEST_F(PcapFile, BytesReadLikeTheFile) {
  const std::string bytes = test::read_file(path("two_ports.pcap"));
  ASSERT_FALSE(bytes.empty());
  Expected<PcapMedia> m = read_pcap_bytes(bytes);
  ASSERT_TRUE(m.ok()) << m.error().message;
  const PcapMedia f = read("two_ports.pcap");
  ASSERT_EQ(m->packets.size(), f.packets.size());
  EXPECT_EQ(m->base_port, f.base_port);
  for (size_t i = 0; i < f.packets.size(); ++i) {
    EXPECT_EQ(m->packets[i].payload, f.packets[i].payload);
    EXPECT_EQ(m->packets[i].offset_us, f.packets[i].offset_us);
    EXPECT_EQ(m->packets[i].port_delta, f.packets[i].port_delta);
  }
}

TEST_F(PcapFile, BytesErrorsNameTheSource) {
  const std::string bytes = test::read_file(path("pcmu_20ms.pcap"));
  // Cut inside the second packet's record: libpcap's read fails.
  Expected<PcapMedia> cut = read_pcap_bytes(std::string_view(bytes).substr(0, 24 + 16 + 214 + 30));
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.error().message.rfind("Can't read PCAP file '<memory>': ", 0), 0u)
      << cut.error().message;
  Expected<PcapMedia> header = read_pcap_bytes(std::string_view(bytes).substr(0, 10), "x.pcap");
  ASSERT_FALSE(header.ok());
  EXPECT_EQ(header.error().message.rfind("Can't open PCAP file 'x.pcap': ", 0), 0u)
      << header.error().message;
  Expected<PcapMedia> empty = read_pcap_bytes("");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().message.rfind("Can't open PCAP file '<memory>'", 0), 0u);
  Expected<PcapMedia> text = read_pcap_bytes(test::read_file(path("no_udp.pcap")), "n.pcap");
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().message, "no RTP/UDP packet in PCAP file 'n.pcap'");
}

// SIPp's own captures; the expected numbers come from tshark:
//   tshark -r FILE -d udp.port==0-65535,rtp -T fields -e frame.time_relative
//          -e udp.dstport -e udp.length -e rtp.p_type
// (neither file has a stamp that goes back, so the last packet's time is
// its time_relative).
struct SippCapture {
  const char *file;
  size_t packets;
  uint16_t base_port;
  int first_payload_type;
  uint64_t last_offset_us;
  size_t payload_size; // udp.length - 8
};

void check_sipp_capture(const SippCapture &c) {
  const std::string file = std::string("/usr/share/sip-tester/") + c.file;
  if (!std::filesystem::exists(file)) {
    GTEST_SKIP() << file << " absent (Debian's sip-tester)";
  }
  Expected<PcapMedia> m = read_pcap_file(file);
  ASSERT_TRUE(m.ok()) << m.error().message;
  ASSERT_EQ(m->packets.size(), c.packets);
  EXPECT_EQ(m->base_port, c.base_port);
  EXPECT_EQ(payload_type(m->packets.front()), c.first_payload_type);
  EXPECT_EQ(m->packets.back().offset_us, c.last_offset_us);
  for (const PcapPacket &p : m->packets) {
    EXPECT_EQ(p.payload.size(), c.payload_size);
    EXPECT_EQ(p.port_delta, 0);
  }
}

TEST(PcapFileSipp, G711a) { check_sipp_capture({"g711a.pcap", 236, 2006, 8, 7049628, 252}); }

TEST(PcapFileSipp, Dtmf2833) {
  check_sipp_capture({"dtmf_2833_1.pcap", 10, 10000, 101, 139929, 16});
}

} // namespace
} // namespace gossipper::runtime::media

// SIPp's command line read with the option table's rules.
#include "sipp_options.hpp"

#include <gtest/gtest.h>

namespace gossipper::tools {
namespace {

TEST(SippOptions, ValuesAliasesAndTheRemoteHost) {
  Expected<SippCommandLine> cl = parse_sipp_command_line(
      {"-sn", "uac", "--r", "12.5", "-key", "k", "-v-", "127.0.0.1:5070", "-slave", "b",
       "-cmd_peers", "peers.txt", "-no_cache", "-rsa", "[::1]:5090", "-timeout", "2m", "-t", "t1"});
  ASSERT_TRUE(cl) << cl.error().message;
  EXPECT_EQ(cl->scenario_builtin, "uac");
  EXPECT_EQ(cl->run.rate, 12.5);
  EXPECT_EQ(cl->run.keys.at("k"), "-v-"); // a value is taken whatever it looks like
  EXPECT_EQ(cl->remote, "127.0.0.1:5070");
  EXPECT_EQ(cl->command_name, "b");
  EXPECT_EQ(cl->command_peers, "peers.txt");
  EXPECT_FALSE(cl->use_cache);
  EXPECT_EQ(cl->run.rsa_host, "::1");
  EXPECT_EQ(cl->run.rsa_port, 5090);
  EXPECT_EQ(cl->run.global_timeout_ms, 120000U);
  EXPECT_EQ(cl->run.transport, runtime::TransportMode::TcpOne);
  EXPECT_FALSE(cl->run.tls.handshake_threads.has_value()); // the default: half the cores
  Expected<SippCommandLine> off = parse_sipp_command_line({"-tls_handshake_threads", "0"});
  ASSERT_TRUE(off) << off.error().message;
  EXPECT_EQ(off->run.tls.handshake_threads, std::optional<unsigned>(0));
}

TEST(SippOptions, SippsMessagesAndExitCodeOne) {
  struct Case {
    std::vector<std::string> args;
    const char *message;
  };
  for (const Case &c : std::vector<Case>{
           {{"-r", "x"}, "-r, \"x\" is not a floating point number!"},
           {{"-m", "-1"}, "-m, \"-1\" is not a valid integer!"},
           // -r -5 once wrapped to an unsigned limit: every call at once.
           {{"-r", "-5"}, "-r, \"-5\" is not a number, 0 or more!"},
           {{"-r", "nan"}, "-r, \"nan\" is not a number, 0 or more!"},
           {{"-r", "inf"}, "-r, \"inf\" is not a number, 0 or more!"},
           {{"-lost", "-1"}, "-lost, \"-1\" is not a number, 0 or more!"},
           {{"-rate_increase", "nan"}, "-rate_increase, \"nan\" is not a floating point number!"},
           {{"-d", "5y"}, "-d, \"5y\" is not a valid time!"},
           {{"-bogus"}, "Invalid argument: '-bogus'.\nUse 'gossipper sipp -h' for details"},
           {{"-sf"}, "Missing argument for param '-sf'.\nUse 'gossipper sipp -h' for details"},
           {{"-key", "k"}, "Missing argument for param 'k'.\nUse 'gossipper sipp -h' for details"},
           {{"-users", "3", "-l", "4"},
            "Can not set open call limit (-l) when -users is specified."},
           {{"-rtcheck", "x"}, "Unknown retransmission detection method: x"},
           // Each is a thread: a typo's thousands would fail to start, mid-run.
           {{"-tls_handshake_threads", "65"},
            "-tls_handshake_threads, \"65\" is not a number of threads from 0 to 64!"},
       }) {
    Expected<SippCommandLine> cl = parse_sipp_command_line(c.args);
    ASSERT_FALSE(cl) << c.message;
    EXPECT_EQ(cl.error().message, c.message);
    EXPECT_EQ(cl.error().exit_code, 1);
  }
}

TEST(SippOptions, RtpcheckDebugIsAFlag) {
  Expected<SippCommandLine> off = parse_sipp_command_line({"-sn", "uac"});
  ASSERT_TRUE(off) << off.error().message;
  EXPECT_FALSE(off->run.rtpcheck_debug);
  // A flag: the next argument is not its value.
  Expected<SippCommandLine> on =
      parse_sipp_command_line({"-rtpcheck_debug", "127.0.0.1:5070", "-audiotolerance", "0.2"});
  ASSERT_TRUE(on) << on.error().message;
  EXPECT_TRUE(on->run.rtpcheck_debug);
  EXPECT_EQ(on->remote, "127.0.0.1:5070");
  EXPECT_EQ(on->run.audio_tolerance, 0.2);
  EXPECT_TRUE(sipp_option_implemented("rtpcheck_debug"));
}

TEST(SippOptions, SrtpcheckDebugIsAFlag) {
  Expected<SippCommandLine> off = parse_sipp_command_line({"-sn", "uac_srtp"});
  ASSERT_TRUE(off) << off.error().message;
  EXPECT_FALSE(off->run.srtpcheck_debug);
  Expected<SippCommandLine> on =
      parse_sipp_command_line({"-srtpcheck_debug", "127.0.0.1:5070", "-sn", "uac_srtp"});
  ASSERT_TRUE(on) << on.error().message;
  EXPECT_TRUE(on->run.srtpcheck_debug);
  EXPECT_FALSE(on->run.rtpcheck_debug);
  EXPECT_EQ(on->remote, "127.0.0.1:5070");
  EXPECT_TRUE(sipp_option_implemented("srtpcheck_debug"));
}

TEST(SippOptions, HepOptionsAndTheirDefaults) {
  Expected<SippCommandLine> off = parse_sipp_command_line({"-sn", "uac"});
  ASSERT_TRUE(off) << off.error().message;
  EXPECT_FALSE(off->run.hep.on());
  Expected<SippCommandLine> on =
      parse_sipp_command_line({"-hep_addr", "[::1]:9060", "-hep_transport", "tls", "-hep_password",
                               "pw", "-hep_node_name", "n1", "-hep_queue", "100"});
  ASSERT_TRUE(on) << on.error().message;
  const runtime::HepOptions &hep = on->run.hep;
  EXPECT_TRUE(hep.on());
  EXPECT_EQ(hep.host, "::1");
  EXPECT_EQ(hep.port, 9060);
  EXPECT_EQ(hep.transport, runtime::HepOptions::Transport::Tls);
  EXPECT_EQ(hep.capture_id, 2001U); // the default
  EXPECT_EQ(hep.password, "pw");
  EXPECT_EQ(hep.node_name, "n1");
  EXPECT_EQ(hep.queue_bytes, 65536U); // the least
  for (const auto &[args, message] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"-hep_addr", "host"}, "-hep_addr: 'host' is not HOST:PORT"},
           {{"-hep_transport", "sctp"}, "-hep_transport: 'sctp' is not udp, tcp or tls"},
       }) {
    Expected<SippCommandLine> bad = parse_sipp_command_line(args);
    ASSERT_FALSE(bad) << message;
    EXPECT_EQ(bad.error().message, message);
  }
}

TEST(SippOptions, AnOptionOfSippNotImplementedIsRefusedByName) {
  Expected<SippCommandLine> cl = parse_sipp_command_line({"-random_base_ssrc"});
  ASSERT_FALSE(cl);
  EXPECT_EQ(cl.error().message.rfind("option '-random_base_ssrc' of SIPp is not supported", 0), 0U);
  EXPECT_FALSE(sipp_option_implemented("random_base_ssrc"));
  EXPECT_TRUE(sipp_option_implemented("rtp_echo"));
  EXPECT_TRUE(sipp_option_implemented("cmd_peers"));
}

} // namespace
} // namespace gossipper::tools

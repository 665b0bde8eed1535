// A shard's media on loopback, with no shard around it: the peer's SDP says
// where a replay goes, our SDP which port it leaves from; the capture's
// packets arrive whole, in order, from that port; what the peer sends back
// is measured; the run's figures count it all when the call ends, and the
// message observers hear of the stream with the same figures. An
// rtp_stream pattern's echoes are checked (and -rtpcheck_debug's file names
// the wrong one); the pause words hold their streams; -srtpcheck_debug's
// file names an SDES stream's keys and its first failing packets.
#include "media/media_engine.hpp"

#include "media/pcap_file.hpp"
#include "media/srtp_session.hpp"
#include "time/clock.hpp"

#include "../transport/loopback_bind.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace gossipper::runtime::media {
namespace {

namespace asio = boost::asio;
using Field = MediaSummary::Field;

/// The peer: a UDP socket on 127.0.0.1.
struct Peer {
  Peer() : fd(::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0)), port(testing::bind_loopback(fd)) {}
  ~Peer() { ::close(fd); }
  Peer(const Peer &) = delete;
  Peer &operator=(const Peer &) = delete;

  /// What arrived so far, with the sender's port.
  std::vector<std::pair<std::string, uint16_t>> take() {
    std::vector<std::pair<std::string, uint16_t>> got;
    char buf[2048];
    for (;;) {
      sockaddr_in from{};
      socklen_t len = sizeof from;
      ssize_t n = ::recvfrom(fd, buf, sizeof buf, 0, reinterpret_cast<sockaddr *>(&from), &len);
      if (n < 0) {
        return got;
      }
      got.emplace_back(std::string(buf, static_cast<size_t>(n)), ntohs(from.sin_port));
    }
  }
  void send_to(uint16_t to, const std::string &bytes) const {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(to);
    ::sendto(fd, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr *>(&a), sizeof a);
  }

  int fd;
  uint16_t port = 0;
};

/// An RTP packet: version 2, PCMA, the sequence number and timestamp given.
std::string rtp(uint16_t seq, uint32_t ts, char fill) {
  std::string p(12 + 160, fill);
  p[0] = static_cast<char>(0x80);
  p[1] = 8;
  p[2] = static_cast<char>(seq >> 8);
  p[3] = static_cast<char>(seq & 0xff);
  for (int i = 0; i < 4; ++i) {
    p[4 + i] = static_cast<char>((ts >> (24 - 8 * i)) & 0xff);
    p[8 + i] = static_cast<char>(0x11 * (i + 1));
  }
  return p;
}

std::string sdp_message(const std::string &first_line, uint16_t port) {
  std::string body = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                     "m=audio " +
                     std::to_string(port) + " RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n";
  return first_line + "\r\nCall-ID: a\r\nContent-Type: application/sdp\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

/// The streams' ends the engine tells its message observers (HEP), copied:
/// the event's texts live no longer than the call's media.
struct StreamEnds final : MessageObserver {
  [[nodiscard]] bool enabled() const override { return true; }
  void on_message(const MessageEvent & /*event*/) override {}
  void on_stream_end(const StreamEndEvent &e) override {
    ends.push_back(e);
    codecs.emplace_back(e.codec);
  }
  std::vector<StreamEndEvent> ends;
  std::vector<std::string> codecs;
};

class MediaEngineTest : public ::testing::Test {
protected:
  MediaEngineTest() {
    observers.add(&stream_ends);
    cfg.media_ip = "127.0.0.1";
    action.op = ir::MediaAction::Op::PlayPcapAudio;
    auto pcap = std::make_shared<PcapMedia>();
    for (uint16_t i = 0; i < 5; ++i) {
      pcap->packets.push_back(
          {i * 20000ULL, 0, rtp(i + 100, i * 160U, static_cast<char>('a' + i))});
    }
    files.add(action, pcap);
    shared = {&cfg, &files, &echo_on};
    shared.observers = &observers;
    engine = std::make_unique<MediaEngine>(io, shared, counters, 7);
  }

  /// Ticks the engine and runs its reactor for `ms` milliseconds.
  void run_for(int ms) {
    auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (std::chrono::steady_clock::now() < end) {
      engine->on_tick(steady_ms());
      io.poll();
      std::this_thread::sleep_for(std::chrono::microseconds(300));
    }
  }

  MediaSummary figures() const {
    MediaSummary s;
    counters.add_to(s);
    return s;
  }

  RunConfig cfg;
  ir::MediaAction action;
  MediaFiles files;
  std::atomic<bool> echo_on{true};
  StreamEnds stream_ends;
  MessageObservers observers;
  MediaEngine::Shared shared;
  MediaCounters counters;
  asio::io_context io;
  std::unique_ptr<MediaEngine> engine;
  Call call;
};

TEST_F(MediaEngineTest, AReplayGoesWhereThePeersSdpSaysFromThePortOursGave) {
  Peer peer;
  Peer spare; // a free port for our side, given back before the replay binds it
  uint16_t ours = spare.port;
  ::close(spare.fd);
  spare.fd = -1;
  engine->on_sent(call, sdp_message("INVITE sip:x@127.0.0.1 SIP/2.0", ours));
  engine->on_received(call, sdp_message("SIP/2.0 200 OK", peer.port));
  EXPECT_EQ(engine->run(call, action, {}), GSP_OK);
  run_for(150);
  auto got = peer.take();
  ASSERT_EQ(got.size(), 5U);
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].first, rtp(static_cast<uint16_t>(i + 100), static_cast<uint32_t>(i) * 160,
                                static_cast<char>('a' + i)));
    EXPECT_EQ(got[i].second, ours);
  }
  EXPECT_EQ(figures().get(Field::RtpSent), 5U);
  EXPECT_EQ(figures().get(Field::PortBusy), 0U);
}

TEST_F(MediaEngineTest, WhatThePeerSendsBackIsMeasuredAndCountedAtTheEnd) {
  Peer peer;
  engine->on_received(call, sdp_message("SIP/2.0 200 OK", peer.port));
  ASSERT_EQ(engine->run(call, action, {}), GSP_OK);
  run_for(120);
  auto got = peer.take();
  ASSERT_FALSE(got.empty());
  uint16_t ours = got.front().second;
  // Ten packets back, the sixth lost on the way.
  for (uint16_t i = 0; i < 10; ++i) {
    if (i != 5) {
      peer.send_to(ours, rtp(static_cast<uint16_t>(500 + i), i * 160U, 'z'));
    }
    run_for(20);
  }
  run_for(20);
  EXPECT_EQ(figures().get(Field::RtpReceived), 9U);
  engine->release(call);
  MediaSummary s = figures();
  EXPECT_EQ(s.get(Field::StreamsMeasured), 1U);
  EXPECT_EQ(s.get(Field::PacketsLost), 1U);
  // RFC 3550 A.1: the first packet is the source's probation, not counted.
  EXPECT_EQ(s.get(Field::PacketsExpected), 9U);
  EXPECT_GT(s.min_mos(), 1.0);
  EXPECT_LT(s.min_mos(), 4.5);
  // The observers (HEP's QoS report) hear of the stream with the same figures.
  ASSERT_EQ(stream_ends.ends.size(), 1U);
  const StreamEndEvent &e = stream_ends.ends[0];
  EXPECT_EQ(e.media, "audio");
  EXPECT_EQ(stream_ends.codecs[0], "PCMA");
  EXPECT_EQ(e.local.port(), ours);
  EXPECT_EQ(e.peer.port(), peer.port);
  EXPECT_EQ(e.packets_received, 9U);
  EXPECT_EQ(e.octets_received, 9U * 172);
  EXPECT_EQ(e.packets_sent, s.get(Field::RtpSent));
  EXPECT_EQ(e.octets_sent, s.get(Field::RtpSentOctets));
  EXPECT_EQ(e.qos.packets_expected, 9);
  EXPECT_EQ(e.qos.packets_lost, 1);
  EXPECT_EQ(static_cast<uint64_t>(e.qos.max_jitter_ms * 1000.0), s.get(Field::MaxJitterUs));
  EXPECT_DOUBLE_EQ(std::round(e.qos.mos * 100) / 100, s.min_mos());
  EXPECT_GT(e.qos.r_factor, 0.0);
}

TEST_F(MediaEngineTest, APlayWithNoSdpFromThePeerSendsNothingAndSaysSo) {
  EXPECT_EQ(engine->run(call, action, {}), GSP_OK);
  run_for(30);
  EXPECT_EQ(figures().get(Field::NoRemote), 1U);
  EXPECT_EQ(figures().get(Field::RtpSent), 0U);
}

TEST_F(MediaEngineTest, ATakenPortIsCountedAndTheStreamSendsFromAnother) {
  Peer peer;
  Peer taken;
  engine->on_sent(call, sdp_message("INVITE sip:x@127.0.0.1 SIP/2.0", taken.port));
  engine->on_received(call, sdp_message("SIP/2.0 200 OK", peer.port));
  ASSERT_EQ(engine->run(call, action, {}), GSP_OK);
  run_for(120);
  auto got = peer.take();
  ASSERT_EQ(got.size(), 5U);
  EXPECT_NE(got[0].second, taken.port);
  EXPECT_EQ(figures().get(Field::PortBusy), 1U);
}

TEST_F(MediaEngineTest, NoiseOnAMediaPortIsCountedNotMeasured) {
  Peer peer;
  engine->on_received(call, sdp_message("SIP/2.0 200 OK", peer.port));
  ASSERT_EQ(engine->run(call, action, {}), GSP_OK);
  run_for(10);
  auto got = peer.take();
  ASSERT_FALSE(got.empty());
  peer.send_to(got.front().second, "not rtp");
  peer.send_to(got.front().second, std::string(3, '\x80'));
  run_for(20);
  EXPECT_EQ(figures().get(Field::Malformed), 2U);
  EXPECT_EQ(figures().get(Field::RtpReceived), 0U);
}

/// rtp_stream's actions, their files made as the scenario's load makes them.
struct StreamActions {
  explicit StreamActions(MediaFiles &files) : files_(files) {}
  const ir::MediaAction &operator()(const std::string &argument) {
    auto &a = actions_.emplace_back(std::make_unique<ir::MediaAction>());
    a->op = ir::MediaAction::Op::RtpStream;
    a->argument = argument;
    if (stream_control(argument) == StreamControl::None) {
      auto m = std::make_shared<RtpStreamMedia>();
      m->spec = *parse_rtp_stream(argument, 8);
      m->bytes = pattern_payload(m->spec);
      files_.add(*a, std::move(m));
    }
    return *a;
  }

private:
  MediaFiles &files_;
  std::vector<std::unique_ptr<ir::MediaAction>> actions_;
};

std::string av_sdp(uint16_t audio, uint16_t video) {
  std::string body = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                     "m=audio " +
                     std::to_string(audio) + " RTP/AVP 8\r\nm=video " + std::to_string(video) +
                     " RTP/AVP 8\r\n";
  return "SIP/2.0 200 OK\r\nCall-ID: a\r\nContent-Type: application/sdp\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

TEST_F(MediaEngineTest, AnEchoedPatternIsCheckedAndTheDebugFileNamesTheWrongEcho) {
  std::string path = ::testing::TempDir() + "media_engine_test_rtpcheck_audio.log";
  RtpcheckDebug debug;
  ASSERT_TRUE(debug.open(path, true, path + ".video", false).ok());
  shared.rtpcheck_debug = &debug;
  engine = std::make_unique<MediaEngine>(io, shared, counters, 7);
  StreamActions stream(files);
  call.id = "pattern-call@127.0.0.1";
  Peer peer;
  engine->on_received(call, sdp_message("SIP/2.0 200 OK", peer.port));
  ASSERT_EQ(engine->run(call, stream("apattern,4,8"), {}), GSP_OK);
  run_for(70);
  auto got = peer.take();
  ASSERT_GE(got.size(), 3U);
  for (const auto &[packet, from] : got) {
    ASSERT_EQ(packet.size(), 12U + 160U);
    EXPECT_EQ(packet.substr(12), std::string(160, '\xDD'));
  }
  // Back as they came, but for one byte of the second.
  for (size_t i = 0; i < got.size(); ++i) {
    std::string echo = got[i].first;
    if (i == 1) {
      echo[12 + 9] = 0x42;
    }
    peer.send_to(got[i].second, echo);
  }
  run_for(20);
  engine->release(call);
  debug.flush();
  MediaSummary s = figures();
  EXPECT_EQ(s.get(Field::RtpcheckStreams), 1U);
  EXPECT_EQ(s.get(Field::RtpcheckFailed), 0U); // -audiotolerance 1.0
  std::ifstream in(path);
  std::string header, wrong, verdict, more;
  std::getline(in, header);
  std::getline(in, wrong);
  std::getline(in, verdict);
  EXPECT_FALSE(std::getline(in, more)) << more;
  auto seq = static_cast<uint16_t>(static_cast<uint8_t>(got[1].first[2]) << 8 |
                                   static_cast<uint8_t>(got[1].first[3]));
  EXPECT_NE(wrong.find(" COMPARISON FAILED call=pattern-call@127.0.0.1 "), std::string::npos)
      << wrong;
  EXPECT_NE(wrong.find(" seq=" + std::to_string(seq) + " packet=1 reason=payload at=9 errors=1 "),
            std::string::npos)
      << wrong;
  EXPECT_NE(wrong.find(" received=" + std::string(18, 'D') + "42"), std::string::npos) << wrong;
  EXPECT_NE(verdict.find(" PASSED RTP CHECK call=pattern-call@127.0.0.1 "), std::string::npos)
      << verdict;
  EXPECT_NE(verdict.find(" source=pattern:4 payload=8/PCMA/8000 "), std::string::npos) << verdict;
  EXPECT_NE(verdict.find(" matched=" + std::to_string(got.size() - 1) + " differing=1 "),
            std::string::npos)
      << verdict;
}

TEST_F(MediaEngineTest, ThePauseWordsHoldTheirStreams) {
  StreamActions stream(files);
  Peer audio;
  Peer video;
  engine->on_received(call, av_sdp(audio.port, video.port));
  ASSERT_EQ(engine->run(call, stream("apattern,1,8"), {}), GSP_OK);
  ASSERT_EQ(engine->run(call, stream("vpattern,2,8"), {}), GSP_OK);
  // How many packets each peer gets in 80 ms after `word` (none: none).
  auto after = [&](const char *word) {
    if (word != nullptr) {
      EXPECT_EQ(engine->run(call, stream(word), {}), GSP_OK);
    }
    run_for(10); // what left before the word arrives
    audio.take();
    video.take();
    run_for(80);
    return std::pair{audio.take().size(), video.take().size()};
  };
  auto playing = after(nullptr);
  EXPECT_GT(playing.first, 0U);
  EXPECT_GT(playing.second, 0U);
  auto held = after("pauseapattern");
  EXPECT_EQ(held.first, 0U);
  EXPECT_GT(held.second, 0U);
  held = after("pause"); // SIPp's pause holds both
  EXPECT_EQ(held, (std::pair<size_t, size_t>{0, 0}));
  held = after("resumeapattern"); // the audio is still held by pause
  EXPECT_EQ(held, (std::pair<size_t, size_t>{0, 0}));
  held = after("resume");
  EXPECT_GT(held.first, 0U);
  EXPECT_GT(held.second, 0U);
  held = after("pausevpattern");
  EXPECT_GT(held.first, 0U);
  EXPECT_EQ(held.second, 0U);
}

TEST_F(MediaEngineTest, TheEchoSwitchIsTheRunsAsInSipp) {
  ir::MediaAction off;
  off.op = ir::MediaAction::Op::RtpEchoToggle;
  off.toggle.value = 0;
  EXPECT_EQ(engine->run(call, off, {}), GSP_OK);
  EXPECT_FALSE(echo_on.load());
}

std::string srtp_sdp(const std::string &first_line, uint16_t port, char key) {
  std::string body = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                     "m=audio " +
                     std::to_string(port) +
                     " RTP/SAVP 8\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" +
                     base64_encode(std::string(30, key)) + "\r\n";
  return first_line + "\r\nCall-ID: a\r\nContent-Type: application/sdp\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

TEST_F(MediaEngineTest, TheSrtpDebugFileNamesTheKeysAndTheFirstFailingPackets) {
  std::string path = ::testing::TempDir() + "media_engine_test_srtp.log";
  SrtpDebug debug;
  ASSERT_TRUE(debug.open(path).ok());
  shared.srtp_debug = &debug;
  engine = std::make_unique<MediaEngine>(io, shared, counters, 7);
  call.id = "srtp-call@127.0.0.1";
  Peer peer;
  Peer spare; // our port, given back before the echo binds it
  uint16_t ours = spare.port;
  ::close(spare.fd);
  spare.fd = -1;
  engine->on_sent(call, srtp_sdp("INVITE sip:x@127.0.0.1 SIP/2.0", ours, 'k'));
  engine->on_received(call, srtp_sdp("SIP/2.0 200 OK", peer.port, 'p'));
  ir::MediaAction echo;
  echo.op = ir::MediaAction::Op::RtpEcho;
  echo.argument = "startaudio";
  ASSERT_EQ(engine->run(call, echo, {}), GSP_OK);
  // Plain RTP, which fails SRTP's check, then one packet of the peer's
  // twice: the second is a replay.
  for (uint16_t i = 0; i < 15; ++i) {
    peer.send_to(ours, rtp(static_cast<uint16_t>(200 + i), i * 160U, 'z'));
  }
  SdesCrypto key;
  key.master = std::string(30, 'p');
  auto tx = SrtpSession::make(key, SrtpSession::Direction::Outbound);
  ASSERT_TRUE(tx.ok());
  std::string good = rtp(300, 0, 'y');
  ASSERT_EQ((*tx)->protect(good, false), SrtpSession::Status::Ok);
  peer.send_to(ours, good);
  peer.send_to(ours, good);
  run_for(40);
  engine->release(call);
  debug.flush();
  MediaSummary s = figures();
  EXPECT_EQ(s.get(Field::SrtpAuthFailed), 15U);
  EXPECT_EQ(s.get(Field::SrtpReplayed), 1U);
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) {
    lines.push_back(l.substr(std::min<size_t>(l.size(), 27))); // the date off
  }
  const size_t n = SrtpDebug::kPacketLines;
  ASSERT_EQ(lines.size(), 1 + 1 + n + 1 + 1 + 1) << lines.back();
  EXPECT_EQ(lines[1], "SDES KEYED call=srtp-call@127.0.0.1 stream=audio "
                      "ours=1/AES_CM_128_HMAC_SHA1_80 peer=1/AES_CM_128_HMAC_SHA1_80 our_key=" +
                          SrtpDebug::key_id(std::string(30, 'k')) +
                          " peer_key=" + SrtpDebug::key_id(key.master));
  EXPECT_EQ(lines[2], "SRTP AUTH FAILED call=srtp-call@127.0.0.1 stream=audio packet=rtp "
                      "ssrc=0x11223344 seq=200 size=172 count=1 reason=auth");
  EXPECT_EQ(lines[1 + n], "SRTP AUTH FAILED call=srtp-call@127.0.0.1 stream=audio packet=rtp "
                          "ssrc=0x11223344 seq=209 size=172 count=10 reason=auth");
  EXPECT_EQ(lines[2 + n], "SRTP AUTH FAILED LIMIT call=srtp-call@127.0.0.1 stream=audio logged=10");
  EXPECT_EQ(lines[3 + n], "SRTP REPLAY call=srtp-call@127.0.0.1 stream=audio packet=rtp "
                          "ssrc=0x11223344 seq=300 size=182 count=1");
  EXPECT_EQ(lines[4 + n], "SRTP STREAM END call=srtp-call@127.0.0.1 stream=audio keyed=sdes "
                          "suite=AES_CM_128_HMAC_SHA1_80 auth_failures=15 replays=1 dtls=none");
}

} // namespace
} // namespace gossipper::runtime::media

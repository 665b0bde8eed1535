//===- rtp_echo.cpp - SIPp's -rtp_echo ------------------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "media/rtp_echo.hpp"

#include "gossipper/runtime/exit_code.hpp"
#include "media/rtp_header.hpp"
#include "media/stream_figures.hpp"
#include "time/clock.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <unistd.h>

namespace gossipper::runtime {

namespace asio = boost::asio;

namespace {

/// The echo's buffers: every caller's stream meets on one socket, so the
/// system's default (a few milliseconds of a thousand streams) loses
/// packets under load; -rtp_buffsize when larger.
constexpr int kEchoBufferBytes = 4 << 20;

int bind_udp(const asio::ip::address &ip, uint16_t port, uint32_t buffers) {
  asio::ip::udp::endpoint local(ip, port);
  int fd = ::socket(ip.is_v6() ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return -1;
  }
  int size = std::max(kEchoBufferBytes, static_cast<int>(std::min<uint32_t>(buffers, 1U << 30)));
  for (int option : {SO_RCVBUF, SO_SNDBUF}) {
    // Beyond the system's cap when allowed (root), else up to it.
    int forced = option == SO_RCVBUF ? SO_RCVBUFFORCE : SO_SNDBUFFORCE;
    if (::setsockopt(fd, SOL_SOCKET, forced, &size, sizeof size) != 0) {
      ::setsockopt(fd, SOL_SOCKET, option, &size, sizeof size);
    }
  }
  if (::bind(fd, local.data(), static_cast<socklen_t>(local.size())) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

} // namespace

Expected<EchoSockets> bind_echo_sockets(RunConfig &cfg) {
  boost::system::error_code ec;
  asio::ip::address ip = asio::ip::make_address(cfg.media_ip, ec);
  if (ec) {
    return Error{"Unknown RTP address '" + cfg.media_ip + "'.\nUse 'sipp -h' for details",
                 kExitFatal};
  }
  // SIPp's setup_media_sockets: 100 tries of even ports when the range
  // allows, else one.
  int tries = cfg.min_rtp_port < cfg.max_rtp_port - 2 ? 100 : 1;
  uint32_t port = cfg.min_rtp_port;
  for (int i = 0; i < tries && port + 2 <= 65535; ++i, port += 2) {
    int audio = bind_udp(ip, static_cast<uint16_t>(port), cfg.rtp_buffsize);
    if (audio < 0) {
      continue;
    }
    int video = bind_udp(ip, static_cast<uint16_t>(port + 2), cfg.rtp_buffsize);
    if (video < 0) {
      ::close(audio);
      continue;
    }
    cfg.media_port = static_cast<uint16_t>(port);
    return EchoSockets{audio, video};
  }
  return Error{"Unable to bind audio RTP socket (IP=" + cfg.media_ip +
                   ", port=" + std::to_string(port - 2) + ")",
               kExitFatal};
}

namespace media {

using Field = MediaSummary::Field;

/// A sender silent this long has ended its stream.
constexpr uint64_t kSilentMs = 2000;

RtpEcho::RtpEcho(asio::io_context &io, EchoSockets sockets, size_t buffer_size,
                 const std::atomic<bool> &on, MediaCounters &counters)
    : batch_(buffer_size), on_(on), counters_(counters), now_ms_(steady_ms()), swept_ms_(now_ms_) {
  auto sink = [this](MediaSocket &s, std::string_view d, const asio::ip::udp::endpoint &from) {
    on_datagram(s, d, from);
  };
  audio_ = MediaSocket::adopt(io, sockets.audio, batch_, sink);
  video_ = MediaSocket::adopt(io, sockets.video, batch_, sink);
}

RtpEcho::~RtpEcho() = default;

void RtpEcho::on_datagram(MediaSocket &socket, std::string_view datagram,
                          const asio::ip::udp::endpoint &from) {
  if (on_.load(std::memory_order_relaxed)) {
    socket.queue(datagram, from);
    counters_.add(Field::Echoed);
    counters_.add(Field::EchoedOctets, datagram.size());
  }
  if (is_rtcp(datagram)) {
    counters_.add(Field::RtcpReceived);
    return;
  }
  Expected<RtpHeader> rtp = parse_rtp(datagram);
  if (!rtp) {
    counters_.add(Field::Malformed); // echoed all the same, as SIPp does
    return;
  }
  counters_.add(Field::RtpReceived);
  counters_.add(Field::RtpReceivedOctets, datagram.size());
  Sender &s = senders_[from];
  if (s.reception.received() == 0) {
    s.payload_type = rtp->payload_type;
    s.clock_rate = rtp->payload_type < 35 && rtp->payload_type != 26 ? 8000 : 90000;
  }
  s.last_ms = now_ms_;
  s.reception.on_packet(*rtp, steady_us(), s.clock_rate);
}

void RtpEcho::on_tick(uint64_t now_ms) {
  now_ms_ = now_ms;
  for (MediaSocket *s : {audio_.get(), video_.get()}) {
    if (size_t refused = s->flush(); refused != 0) {
      counters_.add(Field::SendErrors, refused);
    }
  }
  if (now_ms - swept_ms_ < kSilentMs / 2) {
    return;
  }
  swept_ms_ = now_ms;
  for (auto it = senders_.begin(); it != senders_.end();) {
    if (now_ms - it->second.last_ms >= kSilentMs) {
      count(it->second);
      it = senders_.erase(it);
    } else {
      ++it;
    }
  }
}

void RtpEcho::finish() {
  for (MediaSocket *s : {audio_.get(), video_.get()}) {
    s->flush();
  }
  for (const auto &[from, sender] : senders_) {
    count(sender);
  }
  senders_.clear();
}

void RtpEcho::count(const Sender &s) {
  s.reception.count(counters_, static_codec(s.payload_type));
}

} // namespace media
} // namespace gossipper::runtime

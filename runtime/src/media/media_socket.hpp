//===- media_socket.hpp - A UDP socket of a shard's media ------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// One local port of a shard's media. The streams that send from the port
// share it (SIPp's [media_port] is one port for every call); what arrives is
// handed to the stream whose peer sent it. A send leaves at once or is
// queued to leave with the port's others in one sendmmsg at the end of the
// tick (the engine chooses); reads take a batch per wake-up (recvmmsg) into
// buffers the shard's sockets share.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/stdlib/expected.hpp"
#include "transport/shared_udp_socket.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <sys/socket.h>
#include <vector>

namespace gossipper::runtime::media {

/// Buffers for reading datagrams, one set per shard.
struct ReceiveBatch {
  static constexpr unsigned kSize = 16;
  explicit ReceiveBatch(size_t buffer_size);
  std::vector<char> bytes;
  size_t buffer_size;
  std::vector<mmsghdr> msgs;
  std::vector<iovec> iov;
  std::vector<sockaddr_storage> addrs;
};

class MediaSocket {
public:
  /// Each datagram read: its bytes and sender.
  using Sink = std::function<void(MediaSocket &socket, std::string_view datagram,
                                  const boost::asio::ip::udp::endpoint &from)>;

  /// A socket bound to `local` (port 0: any free port); `buffers`: its send
  /// and receive buffer sizes (0: the system's).
  static Expected<std::unique_ptr<MediaSocket>> open(boost::asio::io_context &io,
                                                     const boost::asio::ip::udp::endpoint &local,
                                                     ReceiveBatch &batch, Sink sink,
                                                     uint32_t buffers = 0);
  /// A socket bound already (its descriptor is the socket's now).
  static std::unique_ptr<MediaSocket> adopt(boost::asio::io_context &io, int fd,
                                            ReceiveBatch &batch, Sink sink);
  ~MediaSocket();
  MediaSocket(const MediaSocket &) = delete;
  MediaSocket &operator=(const MediaSocket &) = delete;

  /// Queues a datagram; it leaves at the next flush.
  void queue(std::string_view bytes, const boost::asio::ip::udp::endpoint &to) {
    sends_.push(bytes, to, {});
    if (sends_.full()) {
      flush();
    }
  }
  /// Sends a datagram at once; only when idle(). False when refused.
  bool send_now(std::string_view bytes, const boost::asio::ip::udp::endpoint &to) {
    return sends_.send_now(bytes, to);
  }
  /// Nothing queued.
  [[nodiscard]] bool idle() const { return sends_.empty(); }
  /// Sends what is queued; how many datagrams were refused since the last
  /// flush.
  size_t flush();
  [[nodiscard]] uint16_t port() const { return port_; }

private:
  MediaSocket(boost::asio::io_context &io, int fd, uint16_t port, ReceiveBatch &batch, Sink sink);
  void wait();
  void read();

  int fd_;
  uint16_t port_;
  boost::asio::posix::stream_descriptor descriptor_;
  ReceiveBatch &batch_;
  Sink sink_;
  UdpSendQueue sends_;
  size_t refused_seen_ = 0;
  std::shared_ptr<bool> alive_;
};

} // namespace gossipper::runtime::media

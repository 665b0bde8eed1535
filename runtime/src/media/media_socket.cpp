//===- media_socket.cpp - A UDP socket of a shard's media -----------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "media/media_socket.hpp"

#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <unistd.h>

namespace gossipper::runtime::media {

namespace asio = boost::asio;
using boost::system::error_code;

ReceiveBatch::ReceiveBatch(size_t size)
    : bytes(size * kSize), buffer_size(size), msgs(kSize), iov(kSize), addrs(kSize) {
  for (unsigned i = 0; i < kSize; ++i) {
    iov[i] = {bytes.data() + i * size, size};
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
    msgs[i].msg_hdr.msg_name = &addrs[i];
    msgs[i].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
  }
}

namespace {

uint16_t bound_port(int fd) {
  sockaddr_storage bound{};
  socklen_t length = sizeof(bound);
  ::getsockname(fd, reinterpret_cast<sockaddr *>(&bound), &length);
  return bound.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6 *>(&bound)->sin6_port)
                                     : ntohs(reinterpret_cast<sockaddr_in *>(&bound)->sin_port);
}

} // namespace

std::unique_ptr<MediaSocket> MediaSocket::adopt(asio::io_context &io, int fd, ReceiveBatch &batch,
                                                Sink sink) {
  std::unique_ptr<MediaSocket> s(new MediaSocket(io, fd, bound_port(fd), batch, std::move(sink)));
  s->wait();
  return s;
}

Expected<std::unique_ptr<MediaSocket>> MediaSocket::open(asio::io_context &io,
                                                         const asio::ip::udp::endpoint &local,
                                                         ReceiveBatch &batch, Sink sink,
                                                         uint32_t buffers) {
  int fd = ::socket(local.address().is_v6() ? AF_INET6 : AF_INET,
                    SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return Error{std::string("cannot make a media socket: ") + std::strerror(errno)};
  }
  if (buffers != 0) {
    int size = static_cast<int>(buffers);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  }
  if (::bind(fd, local.data(), static_cast<socklen_t>(local.size())) != 0) {
    int err = errno;
    ::close(fd);
    return Error{"cannot bind media port " + std::to_string(local.port()) + ": " +
                     std::strerror(err),
                 err};
  }
  return adopt(io, fd, batch, std::move(sink));
}

MediaSocket::MediaSocket(asio::io_context &io, int fd, uint16_t port, ReceiveBatch &batch,
                         Sink sink)
    : fd_(fd), port_(port), descriptor_(io), batch_(batch), sink_(std::move(sink)), sends_(fd),
      alive_(std::make_shared<bool>(true)) {
  error_code ec;
  // The descriptor waits on a copy, so that closing it never closes fd_
  // under a pending send.
  descriptor_.assign(::dup(fd_), ec);
}

MediaSocket::~MediaSocket() {
  *alive_ = false;
  error_code ec;
  descriptor_.cancel(ec);
  descriptor_.close(ec);
  ::close(fd_);
}

size_t MediaSocket::flush() {
  sends_.flush(nullptr);
  size_t refused = sends_.drops() + sends_.errors();
  size_t now = refused - refused_seen_;
  refused_seen_ = refused;
  return now;
}

void MediaSocket::wait() {
  descriptor_.async_wait(asio::posix::stream_descriptor::wait_read,
                         [this, alive = alive_](const error_code &ec) {
                           if (ec || !*alive) {
                             return;
                           }
                           read();
                           if (*alive) {
                             wait();
                           }
                         });
}

void MediaSocket::read() {
  // A bounded number of batches per wake-up: one busy port cannot starve
  // the shard's other work.
  std::shared_ptr<bool> alive = alive_;
  for (int round = 0; round < 8 && *alive; ++round) {
    int n = ::recvmmsg(fd_, batch_.msgs.data(), ReceiveBatch::kSize, MSG_DONTWAIT, nullptr);
    if (n <= 0) {
      return;
    }
    for (int i = 0; i < n && *alive; ++i) {
      auto k = static_cast<size_t>(i);
      asio::ip::udp::endpoint from;
      socklen_t length = batch_.msgs[k].msg_hdr.msg_namelen;
      std::memcpy(from.data(), &batch_.addrs[k], std::min<size_t>(length, sizeof(sockaddr_storage)));
      batch_.msgs[k].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
      sink_(*this, std::string_view(batch_.bytes.data() + k * batch_.buffer_size,
                                     batch_.msgs[k].msg_len),
            from);
    }
    if (n < static_cast<int>(ReceiveBatch::kSize)) {
      return;
    }
  }
}

} // namespace gossipper::runtime::media

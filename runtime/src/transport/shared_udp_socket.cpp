//===- shared_udp_socket.cpp - -t u1's one UDP socket ---------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "transport/shared_udp_socket.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace gossipper::runtime {

namespace asio = boost::asio;
using boost::system::error_code;

//===----------------------------------------------------------------------===//
// Sending
//===----------------------------------------------------------------------===//

namespace {

/// What the kernel's refusal of a datagram means: a full buffer loses it
/// as a network would (EWOULDBLOCK is EAGAIN here); ECONNREFUSED reports
/// an ICMP error of an earlier datagram, not this one; anything else is a
/// hard error.
enum class Refusal : uint8_t { Dropped, NotThisOne, Failed };

Refusal refusal(int err) {
  if (err == EAGAIN || err == ENOBUFS) {
    return Refusal::Dropped;
  }
  return err == ECONNREFUSED ? Refusal::NotThisOne : Refusal::Failed;
}

} // namespace

bool UdpSendQueue::send_now(std::string_view bytes, const asio::ip::udp::endpoint &to) {
  for (;;) {
    if (::sendto(fd_, bytes.data(), bytes.size(), MSG_DONTWAIT, to.data(),
                 static_cast<socklen_t>(to.size())) >= 0) {
      return true;
    }
    if (errno != EINTR) {
      return refusal(errno) == Refusal::NotThisOne;
    }
  }
}

void UdpSendQueue::send_all(const Failed &failed) {
  std::array<mmsghdr, kMaxQueued> msgs;
  std::array<iovec, kMaxQueued> iov;
  std::vector<std::string> refused;
  size_t done = 0;
  while (done < queued_.size()) {
    size_t n = std::min(kMaxQueued, queued_.size() - done);
    for (size_t i = 0; i < n; ++i) {
      Queued &q = queued_[done + i];
      iov[i] = {bytes_.data() + q.offset, q.length};
      msgs[i] = {};
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
      msgs[i].msg_hdr.msg_name = &q.to;
      msgs[i].msg_hdr.msg_namelen = q.to_length;
    }
    int sent = ::sendmmsg(fd_, msgs.data(), static_cast<unsigned>(n), MSG_DONTWAIT);
    if (sent > 0) {
      done += static_cast<size_t>(sent);
      continue;
    }
    // The datagram at `done` was refused. A full buffer or an ICMP error
    // loses it as a network would; a hard error fails its call, as a
    // synchronous send would have.
    int err = errno;
    if (err == EINTR) {
      continue;
    }
    Refusal why = refusal(err);
    if (why == Refusal::Dropped) {
      ++drops_;
    } else if (why == Refusal::Failed) {
      ++errors_;
      const Queued &q = queued_[done];
      refused.emplace_back(bytes_.data() + q.id_offset, q.id_length);
    }
    ++done;
  }
  queued_.clear();
  bytes_.clear();
  // Reported once the queue is empty: failing a call may queue more.
  for (const std::string &id : refused) {
    if (failed) {
      failed(id);
    }
  }
}

//===----------------------------------------------------------------------===//
// Reading
//===----------------------------------------------------------------------===//

UdpReader::UdpReader(asio::io_context &io, int fd, uint32_t max_reads, Sink sink,
                     std::function<void()> after_read,
                     std::function<void(const std::string &)> warn)
    : fd_(fd), descriptor_(io, ::dup(fd)), max_reads_(std::max<uint32_t>(max_reads, 1)),
      sink_(std::move(sink)), after_read_(std::move(after_read)), warn_(std::move(warn)) {}

UdpReader::~UdpReader() { close(); }

void UdpReader::start() { wait(); }

void UdpReader::wait() {
  descriptor_.async_wait(asio::posix::stream_descriptor::wait_read, [this](const error_code &ec) {
    if (ec) {
      return;
    }
    size_t n = read();
    after_read_();
    if (policy_.busy(ticks_, n)) {
      // The tick reads from now on. The descriptor leaves the reactor:
      // registered, every datagram would still wake the thread.
      polled_fd_ = descriptor_.release();
      return;
    }
    wait();
  });
}

void UdpReader::on_tick() {
  ++ticks_;
  if (polled_fd_ < 0) {
    return;
  }
  if (!policy_.idle(read())) {
    return;
  }
  error_code ec;
  descriptor_.assign(polled_fd_, ec);
  if (ec) {
    warn_("cannot watch the UDP socket: " + ec.message());
    return;
  }
  polled_fd_ = -1;
  wait();
}

size_t UdpReader::read() {
  if (!batch_) {
    // Set up once: the tick reads even when nothing came. The 2 MiB of
    // buffers are left unwritten: only the pages datagrams land in count.
    batch_ = std::make_unique_for_overwrite<Batch>();
    for (unsigned i = 0; i < Batch::kSize; ++i) {
      batch_->iov[i] = {batch_->bufs[i].data(), batch_->bufs[i].size()};
      batch_->msgs[i].msg_hdr.msg_iov = &batch_->iov[i];
      batch_->msgs[i].msg_hdr.msg_iovlen = 1;
      batch_->msgs[i].msg_hdr.msg_name = &batch_->addrs[i];
      batch_->msgs[i].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
    }
  }
  size_t total = 0;
  while (total < max_reads_) {
    auto count = static_cast<unsigned>(std::min<size_t>(Batch::kSize, max_reads_ - total));
    int n = ::recvmmsg(fd_, batch_->msgs.data(), count, MSG_DONTWAIT, nullptr);
    if (n <= 0) {
      return total;
    }
    total += static_cast<size_t>(n);
    for (size_t i = 0; i < static_cast<size_t>(n); ++i) {
      std::string_view raw(batch_->bufs[i].data(), batch_->msgs[i].msg_len);
      asio::ip::udp::endpoint from;
      socklen_t length = batch_->msgs[i].msg_hdr.msg_namelen;
      std::memcpy(from.data(), &batch_->addrs[i],
                  std::min<size_t>(length, sizeof(sockaddr_storage)));
      // recvmmsg wrote only the entries it filled: those are made ready for
      // the next read here, not all of them before every read.
      batch_->msgs[i].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
      sink_(raw, from);
    }
    if (static_cast<unsigned>(n) < count) {
      return total;
    }
  }
  return total;
}

void UdpReader::close() {
  error_code ec;
  descriptor_.cancel(ec);
  descriptor_.close(ec);
  if (polled_fd_ >= 0) {
    ::close(polled_fd_);
    polled_fd_ = -1;
  }
}

} // namespace gossipper::runtime

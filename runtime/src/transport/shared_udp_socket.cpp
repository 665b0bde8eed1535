//===- shared_udp_socket.cpp - -t u1's one UDP socket ---------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "transport/shared_udp_socket.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <netinet/udp.h>
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

void UdpSendQueue::refused_one(size_t index, int err, std::vector<std::string> &refused) {
  // A full buffer or an ICMP error loses the datagram as a network would; a
  // hard error fails its call, as a synchronous send would have.
  Refusal why = refusal(err);
  if (why == Refusal::Dropped) {
    ++drops_;
  } else if (why == Refusal::Failed) {
    ++errors_;
    const Queued &q = queued_[index];
    refused.emplace_back(bytes_.data() + q.id_offset, q.id_length);
  }
}

void UdpSendQueue::send_all(const Failed &failed) {
  std::vector<std::string> refused;
  send_groups(refused);
  queued_.clear();
  bytes_.clear();
  // Reported once the queue is empty: failing a call may queue more.
  for (const std::string &id : refused) {
    if (failed) {
      failed(id);
    }
  }
}

void UdpSendQueue::send_groups(std::vector<std::string> &refused) {
  items_.clear();
  for (const Queued &q : queued_) {
    items_.push_back(SegmentItem{q.length, &q.to, q.to_length, q.call});
  }
  // Without -udp_gso every datagram is a group of its own.
  groups_.build(items_, segmented_ ? max_segment_ : 0);
  const std::vector<SegmentGroups::Group> &groups = groups_.groups();
  iov_.resize(queued_.size());
  for (size_t k = 0; k < groups_.order().size(); ++k) {
    const Queued &q = queued_[groups_.order()[k]];
    iov_[k] = {bytes_.data() + q.offset, q.length};
  }
  std::array<mmsghdr, kMaxQueued> msgs;
  std::array<SegmentControl, kMaxQueued> controls;
  size_t done = 0;
  while (done < groups.size()) {
    size_t n = std::min(kMaxQueued, groups.size() - done);
    for (size_t i = 0; i < n; ++i) {
      const SegmentGroups::Group &group = groups[done + i];
      const Queued &first = queued_[group.item];
      segmented_message(msgs[i], &iov_[group.first], group.count, group.length, &first.to,
                        first.to_length, &controls[i]);
    }
    int sent = ::sendmmsg(fd_, msgs.data(), static_cast<unsigned>(n), MSG_DONTWAIT);
    if (sent > 0) {
      for (size_t i = 0; i < static_cast<size_t>(sent); ++i) {
        uint32_t count = groups[done + i].count;
        segmented_sent_ += count > 1 ? count : 0;
      }
      done += static_cast<size_t>(sent);
      continue;
    }
    int err = errno;
    if (err == EINTR) {
      continue;
    }
    const SegmentGroups::Group &group = groups[done++];
    if (group.count > 1 && refusal(err) != Refusal::Dropped) {
      // These leave one by one, each with its own outcome. When the kernel
      // would not segment them (a segment above the path's MTU: EINVAL; no
      // checksum offload on the way, or no GSO: EIO, EOPNOTSUPP), it is
      // not asked again.
      if (err == EINVAL) {
        max_segment_ = group.length - 1;
      } else if (err == EIO || err == EOPNOTSUPP || err == ENOPROTOOPT) {
        max_segment_ = 0;
      }
      send_singly(group, refused);
      continue;
    }
    for (uint32_t k = 0; k < group.count; ++k) {
      refused_one(groups_.order()[group.first + k], err, refused);
    }
  }
}

void UdpSendQueue::send_singly(const SegmentGroups::Group &group,
                               std::vector<std::string> &refused) {
  for (uint32_t k = 0; k < group.count; ++k) {
    size_t index = groups_.order()[group.first + k];
    const Queued &q = queued_[index];
    for (;;) {
      if (::sendto(fd_, bytes_.data() + q.offset, q.length, MSG_DONTWAIT,
                   reinterpret_cast<const sockaddr *>(&q.to), q.to_length) >= 0) {
        break;
      }
      if (errno != EINTR) {
        refused_one(index, errno, refused);
        break;
      }
    }
  }
}

//===----------------------------------------------------------------------===//
// Reading
//===----------------------------------------------------------------------===//

UdpReader::UdpReader(asio::io_context &io, int fd, uint32_t max_reads, Sink sink,
                     std::function<void()> after_read,
                     std::function<void(const std::string &)> warn, bool coalesced)
    : fd_(fd), descriptor_(io, ::dup(fd)), max_reads_(std::max<uint32_t>(max_reads, 1)),
      sink_(std::move(sink)), after_read_(std::move(after_read)), warn_(std::move(warn)),
      coalesced_(coalesced) {
  int on = 1;
  if (coalesced_ && ::setsockopt(fd_, SOL_UDP, UDP_GRO, &on, sizeof on) != 0) {
    coalesced_ = false; // datagrams then come one by one, as without it
    warn_(std::string("-udp_gso: this kernel reads no coalesced datagrams (UDP_GRO): ") +
          std::strerror(errno));
  }
}

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
      if (coalesced_) {
        batch_->msgs[i].msg_hdr.msg_control = batch_->controls[i].bytes.data();
        batch_->msgs[i].msg_hdr.msg_controllen = batch_->controls[i].bytes.size();
      }
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
    for (unsigned i = 0; i < static_cast<unsigned>(n); ++i) {
      hand_on(i);
    }
    if (static_cast<unsigned>(n) < count) {
      return total;
    }
  }
  return total;
}

void UdpReader::hand_on(unsigned index) {
  msghdr &hdr = batch_->msgs[index].msg_hdr;
  std::string_view raw(batch_->bufs[index].data(), batch_->msgs[index].msg_len);
  asio::ip::udp::endpoint from;
  std::memcpy(from.data(), &batch_->addrs[index],
              std::min<size_t>(hdr.msg_namelen, sizeof(sockaddr_storage)));
  size_t segment = raw.size();
  if (coalesced_) {
    for (cmsghdr *c = CMSG_FIRSTHDR(&hdr); c != nullptr; c = CMSG_NXTHDR(&hdr, c)) {
      if (c->cmsg_level == SOL_UDP && c->cmsg_type == UDP_GRO) {
        int size = 0;
        std::memcpy(&size, CMSG_DATA(c), sizeof size);
        segment = size > 0 ? static_cast<size_t>(size) : segment;
      }
    }
    hdr.msg_controllen = batch_->controls[index].bytes.size();
  }
  // recvmmsg wrote only the entries it filled: those are made ready for
  // the next read here, not all of them before every read.
  hdr.msg_namelen = sizeof(sockaddr_storage);
  if (raw.empty()) {
    sink_(raw, from);
    return;
  }
  for (size_t at = 0; at < raw.size(); at += segment) {
    sink_(raw.substr(at, segment), from);
  }
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

//===- hep_sender.cpp - The HEP exporter's connection ---------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "export/hep_sender.hpp"

#include "time/clock.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

namespace gossipper::runtime {
namespace {

/// A stream buffers this much for a slow receiver; past it the packets wait
/// in the shards' queues, and past those they are dropped.
constexpr size_t kStreamBuffer = 1U << 20;
/// Datagrams sent by one sendmmsg; with -udp_gso, the batch regrouped by
/// size (more of a size in a batch, fewer sends).
constexpr size_t kDatagramBatch = 64;
constexpr size_t kSegmentedBatch = 512;
constexpr int kConnectTimeoutMs = 1000;
constexpr uint64_t kRetryMs = 1000;

bool wait_for(int fd, short events, int timeout_ms) {
  pollfd p{fd, events, 0};
  return ::poll(&p, 1, timeout_ms) > 0;
}

std::string tls_error(const char *what) {
  unsigned long e = ERR_get_error();
  char text[256] = "";
  if (e != 0) {
    ERR_error_string_n(e, text, sizeof text);
  }
  ERR_clear_error();
  return std::string(what) + (e != 0 ? std::string(": ") + text : std::string());
}

} // namespace

HepSender::HepSender(HepOptions::Transport transport,
                     const boost::asio::ip::udp::endpoint &receiver, bool segmented)
    : transport_(transport), receiver_(receiver), segmented_(segmented) {}

HepSender::~HepSender() {
  if (tls_ != nullptr) {
    SSL_shutdown(tls_); // close_notify, once: the receiver sees a clean end
    SSL_free(tls_);
  }
  if (tls_ctx_ != nullptr) {
    SSL_CTX_free(tls_ctx_);
  }
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

bool HepSender::ready() {
  if (transport_ == HepOptions::Transport::Udp) {
    if (fd_ < 0) {
      fd_ = ::socket(receiver_.protocol().family(), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      // Connected, so that an ICMP "port unreachable" comes back as an
      // error of a later send: a receiver that is not there is counted.
      if (fd_ >= 0 &&
          ::connect(fd_, receiver_.data(), static_cast<socklen_t>(receiver_.size())) != 0) {
        ::close(fd_);
        fd_ = -1;
      }
    }
    // A socket that cannot be made fails each packet.
    return sizes_.size() < (segmented_ ? kSegmentedBatch : kDatagramBatch);
  }
  return out_.size() - written_ < kStreamBuffer;
}

char *HepSender::room(size_t size) {
  if (transport_ == HepOptions::Transport::Udp && fd_ < 0) {
    fail(1, "UDP send: no socket");
    return nullptr;
  }
  if (transport_ != HepOptions::Transport::Udp && fd_ < 0 && !connect_stream()) {
    ++outcome_.failed; // connect_stream said why
    return nullptr;
  }
  if (sizes_.empty()) {
    front_left_ = size;
  }
  sizes_.push_back(size);
  size_t at = out_.size();
  out_.resize(at + size);
  return out_.data() + at;
}

bool HepSender::connect_stream() {
  uint64_t now = steady_ms();
  if (now < next_attempt_ms_) {
    return false;
  }
  next_attempt_ms_ = now + kRetryMs;
  fd_ = ::socket(receiver_.protocol().family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) {
    outcome_.error = std::string("socket: ") + std::strerror(errno);
    return false;
  }
  int rc = ::connect(fd_, receiver_.data(), static_cast<socklen_t>(receiver_.size()));
  if (rc != 0 && errno == EINPROGRESS && wait_for(fd_, POLLOUT, kConnectTimeoutMs)) {
    int err = 0;
    socklen_t len = sizeof err;
    ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len);
    rc = err == 0 ? 0 : -1;
    errno = err != 0 ? err : ETIMEDOUT;
  } else if (rc != 0 && errno == EINPROGRESS) {
    errno = ETIMEDOUT;
  }
  if (rc != 0) {
    close(std::string("cannot connect: ") + std::strerror(errno));
    return false;
  }
  if (transport_ == HepOptions::Transport::Tls && !handshake()) {
    return false;
  }
  return true;
}

bool HepSender::handshake() {
  // Homer's receivers mostly show self-signed certificates: the link is
  // encrypted, its peer not verified (as SIPp's TLS client does by default).
  if (tls_ctx_ == nullptr) {
    tls_ctx_ = SSL_CTX_new(TLS_client_method());
    if (tls_ctx_ == nullptr) {
      close(tls_error("TLS context"));
      return false;
    }
    SSL_CTX_set_verify(tls_ctx_, SSL_VERIFY_NONE, nullptr);
    SSL_CTX_set_mode(tls_ctx_, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  }
  tls_ = SSL_new(tls_ctx_);
  if (tls_ == nullptr || SSL_set_fd(tls_, fd_) != 1) {
    close(tls_error("TLS session"));
    return false;
  }
  uint64_t deadline = steady_ms() + kConnectTimeoutMs;
  for (;;) {
    int rc = SSL_connect(tls_);
    if (rc == 1) {
      return true;
    }
    int why = SSL_get_error(tls_, rc);
    uint64_t now = steady_ms();
    bool again = why == SSL_ERROR_WANT_READ || why == SSL_ERROR_WANT_WRITE;
    if (!again || now >= deadline ||
        !wait_for(fd_, why == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT,
                  static_cast<int>(deadline - now))) {
      close(tls_error("TLS handshake failed"));
      return false;
    }
  }
}

long HepSender::write_some() {
  const char *data = out_.data() + written_;
  size_t size = std::min(out_.size() - written_, size_t{1} << 16);
  if (tls_ != nullptr) {
    int n = SSL_write(tls_, data, static_cast<int>(size));
    if (n > 0) {
      return n;
    }
    int why = SSL_get_error(tls_, n);
    if (why == SSL_ERROR_WANT_WRITE || why == SSL_ERROR_WANT_READ) {
      return 0;
    }
    close(tls_error("TLS write"));
    return -1;
  }
  ssize_t n = ::send(fd_, data, size, MSG_NOSIGNAL);
  if (n >= 0) {
    return n;
  }
  if (errno == EAGAIN) { // EWOULDBLOCK is the same on Linux
    return 0;
  }
  close(std::string("connection lost: ") + std::strerror(errno));
  return -1;
}

void HepSender::flush_datagrams(int wait_ms) {
  if (segmented_) {
    flush_segmented(wait_ms);
    return;
  }
  // One system call for the batch: a datagram each is what HEP over UDP
  // is, but not a call each.
  std::array<mmsghdr, kDatagramBatch> msgs{};
  std::array<iovec, kDatagramBatch> iov{};
  size_t count = std::min(sizes_.size(), kDatagramBatch);
  size_t offset = written_;
  for (size_t i = 0; i < count; ++i) {
    iov[i] = iovec{out_.data() + offset, sizes_[i]};
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
    offset += sizes_[i];
  }
  int n = ::sendmmsg(fd_, msgs.data(), static_cast<unsigned>(count), MSG_NOSIGNAL);
  if (n < 0 && errno == EAGAIN && wait_for(fd_, POLLOUT, wait_ms)) {
    n = ::sendmmsg(fd_, msgs.data(), static_cast<unsigned>(count), MSG_NOSIGNAL);
  }
  if (n < 0 && errno == EAGAIN) {
    return; // the socket's buffer is full: the batch waits
  }
  if (n < 0) {
    // The first datagram failed (an ICMP "port unreachable" the kernel
    // kept, say): it is counted and the next ones are tried.
    fail(1, std::string("UDP send: ") + std::strerror(errno));
    n = 1;
  } else {
    outcome_.sent += static_cast<uint64_t>(n);
  }
  for (int i = 0; i < n; ++i) {
    written_ += sizes_.front();
    sizes_.pop_front();
  }
  if (sizes_.empty()) {
    out_.clear();
    written_ = 0;
  }
}

void HepSender::flush_segmented(int wait_ms) {
  size_t count = std::min(sizes_.size(), kSegmentedBatch);
  // One receiver (the socket is connected); the packets' order is free:
  // Homer orders them by their time chunk.
  static const sockaddr_storage kConnected{};
  items_.clear();
  offsets_.clear();
  size_t offset = written_;
  for (size_t i = 0; i < count; ++i) {
    offsets_.push_back(offset);
    items_.push_back(SegmentItem{sizes_[i], &kConnected, 0, i});
    offset += sizes_[i];
  }
  groups_.build(items_, max_segment_);
  const std::vector<SegmentGroups::Group> &groups = groups_.groups();
  std::vector<iovec> iov(count);
  for (size_t k = 0; k < count; ++k) {
    uint32_t i = groups_.order()[k];
    iov[k] = iovec{out_.data() + offsets_[i], sizes_[i]};
  }
  std::vector<mmsghdr> msgs(groups.size());
  std::vector<SegmentControl> controls(groups.size());
  for (size_t g = 0; g < groups.size(); ++g) {
    segmented_message(msgs[g], &iov[groups[g].first], groups[g].count, groups[g].length, nullptr, 0,
                      &controls[g]);
  }
  int n = ::sendmmsg(fd_, msgs.data(), static_cast<unsigned>(msgs.size()), MSG_NOSIGNAL);
  if (n < 0 && errno == EAGAIN && wait_for(fd_, POLLOUT, wait_ms)) {
    n = ::sendmmsg(fd_, msgs.data(), static_cast<unsigned>(msgs.size()), MSG_NOSIGNAL);
  }
  if (n < 0 && errno == EAGAIN) {
    return; // the socket's buffer is full: the batch waits
  }
  if (n < 0) {
    int err = errno;
    if (groups[0].count > 1 && (err == EINVAL || err == EIO || err == EOPNOTSUPP)) {
      // The kernel would not segment it (a segment above the path's MTU,
      // or no GSO on the way): the batch is sent again, less grouped.
      max_segment_ = err == EINVAL ? groups[0].length - 1 : 0;
      return;
    }
    // The first send failed (an ICMP "port unreachable" the kernel kept,
    // say): its packets are counted and the next ones tried.
    fail(groups[0].count, std::string("UDP send: ") + std::strerror(err));
    n = 1;
  } else {
    for (int g = 0; g < n; ++g) {
      outcome_.sent += groups[g].count;
      outcome_.segmented += groups[g].count > 1 ? groups[g].count : 0;
    }
  }
  keep_unsent(count, static_cast<size_t>(n));
}

void HepSender::keep_unsent(size_t count, size_t sent) {
  const std::vector<SegmentGroups::Group> &groups = groups_.groups();
  std::vector<bool> left(count, false);
  for (size_t g = sent; g < groups.size(); ++g) {
    for (uint32_t k = 0; k < groups[g].count; ++k) {
      left[groups_.order()[groups[g].first + k]] = true;
    }
  }
  std::string rest;
  std::deque<size_t> sizes;
  for (size_t i = 0; i < count; ++i) {
    if (left[i]) {
      rest.append(out_, offsets_[i], sizes_[i]);
      sizes.push_back(sizes_[i]);
    }
  }
  size_t end = count == 0 ? written_ : offsets_[count - 1] + sizes_[count - 1];
  rest.append(out_, end);
  sizes.insert(sizes.end(), sizes_.begin() + static_cast<long>(count), sizes_.end());
  out_ = std::move(rest);
  written_ = 0;
  sizes_ = std::move(sizes);
  front_left_ = sizes_.empty() ? 0 : sizes_.front();
}

void HepSender::flush(int wait_ms) {
  if (fd_ < 0 || out_.size() == written_) {
    return;
  }
  if (transport_ == HepOptions::Transport::Udp) {
    flush_datagrams(wait_ms);
    return;
  }
  // Until the buffer is written or the socket's is full.
  while (fd_ >= 0 && written_ < out_.size()) {
    long n = write_some();
    if (n == 0 && wait_ms > 0 && wait_for(fd_, POLLOUT, wait_ms)) {
      n = write_some();
    }
    if (n <= 0) {
      return;
    }
    account_written(static_cast<size_t>(n));
  }
}

void HepSender::account_written(size_t n) {
  written_ += n;
  size_t left = n;
  while (left > 0 && !sizes_.empty()) {
    size_t take = std::min(left, front_left_);
    front_left_ -= take;
    left -= take;
    if (front_left_ == 0) {
      ++outcome_.sent;
      sizes_.pop_front();
      front_left_ = sizes_.empty() ? 0 : sizes_.front();
    }
  }
  if (written_ == out_.size()) {
    out_.clear();
    written_ = 0;
  } else if (written_ > kStreamBuffer / 2) {
    out_.erase(0, written_);
    written_ = 0;
  }
}

void HepSender::close(const std::string &why) {
  // The packets of the buffer are lost with the connection: a packet cut
  // in the middle would make the next connection's stream unreadable.
  fail(sizes_.size(), why);
  sizes_.clear();
  front_left_ = 0;
  out_.clear();
  written_ = 0;
  if (tls_ != nullptr) {
    SSL_free(tls_);
    tls_ = nullptr;
  }
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

void HepSender::fail(uint64_t packets, const std::string &why) {
  outcome_.failed += packets;
  outcome_.error = why;
}

uint64_t HepSender::abandon() {
  uint64_t left = sizes_.size();
  sizes_.clear();
  out_.clear();
  written_ = 0;
  front_left_ = 0;
  return left;
}

HepSender::Outcome HepSender::take_outcome() {
  Outcome o = std::move(outcome_);
  outcome_ = {};
  return o;
}

} // namespace gossipper::runtime

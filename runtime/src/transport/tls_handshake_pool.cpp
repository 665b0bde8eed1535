//===- tls_handshake_pool.cpp - TLS handshakes off the shards -------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "transport/tls_handshake_pool.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <openssl/err.h>

#include <cerrno>
#include <chrono>
#include <unistd.h>

namespace gossipper::runtime {

namespace asio = boost::asio;
using boost::system::error_code;

/// One handshake: its own duplicate of the descriptor (the pool's reactor
/// watches it; the shard's keeps watching the original, idle meanwhile).
class TlsHandshakePool::Job : public std::enable_shared_from_this<Job> {
public:
  Job(TlsHandshakePool &pool, int fd, SslPtr ssl, asio::any_io_executor home, Done done)
      : pool_(pool), descriptor_(pool.io_), ssl_(std::move(ssl)), home_(std::move(home)),
        done_(std::move(done)) {
    int copy = ::dup(fd);
    if (copy < 0) {
      failed_at_start_ = error_code(errno, boost::system::system_category());
      return;
    }
    error_code ec;
    descriptor_.assign(copy, ec); // registers it with the pool's reactor, which may refuse
    if (ec) {
      ::close(copy);
    } else {
      descriptor_.non_blocking(true, ec); // shared with the original: the shard's is too
    }
    failed_at_start_ = ec;
  }

  void start(bool client) {
    note_wait();
    if (failed_at_start_) {
      finish(failed_at_start_);
      return;
    }
    // A socket BIO without close: the descriptor stays the Job's to close.
    if (SSL_set_fd(ssl_.get(), descriptor_.native_handle()) != 1) {
      finish(openssl_error());
      return;
    }
    // A record's header and its body in one read, and a whole flight if it
    // came together: without read-ahead a socket BIO reads each record in
    // two calls. What it reads past the handshake stays in the SSL.
    SSL_set_read_ahead(ssl_.get(), 1);
    if (client) {
      if (pool_.prepare_client_) {
        pool_.prepare_client_(ssl_.get());
      }
      SSL_set_connect_state(ssl_.get());
    } else {
      SSL_set_accept_state(ssl_.get());
    }
    step();
  }

private:
  void note_wait() {
    auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - handed_over_);
    auto ms = static_cast<uint64_t>(waited.count());
    uint64_t seen = pool_.recent_wait_ms_.load(std::memory_order_relaxed);
    while (ms > seen && !pool_.recent_wait_ms_.compare_exchange_weak(seen, ms)) {
    }
  }

  static error_code openssl_error() {
    return {static_cast<int>(ERR_get_error()), asio::error::get_ssl_category()};
  }

  void step() {
    ERR_clear_error();
    int r = SSL_do_handshake(ssl_.get());
    if (r == 1) {
      finish({});
      return;
    }
    int why = SSL_get_error(ssl_.get(), r);
    if (why == SSL_ERROR_WANT_READ || why == SSL_ERROR_WANT_WRITE) {
      auto self = shared_from_this();
      descriptor_.async_wait(why == SSL_ERROR_WANT_READ
                                 ? asio::posix::stream_descriptor::wait_read
                                 : asio::posix::stream_descriptor::wait_write,
                             [self](const error_code &ec) {
                               if (ec) {
                                 self->finish(ec);
                               } else {
                                 self->step();
                               }
                             });
      return;
    }
    if (why == SSL_ERROR_SSL) {
      finish(openssl_error());
    } else if (why == SSL_ERROR_SYSCALL && errno != 0) {
      finish(error_code(errno, boost::system::system_category()));
    } else {
      finish(asio::error::eof); // the peer closed in the middle
    }
  }

  void finish(const error_code &ec) {
    error_code ignored;
    descriptor_.close(ignored);
    if (!ec) {
      pool_.completed_.fetch_add(1, std::memory_order_relaxed);
    }
    pool_.ended_.fetch_add(1, std::memory_order_relaxed);
    // The SSL's socket BIO names a closed descriptor now: the shard's
    // stream replaces it with its own BIO before any use.
    asio::post(home_, [done = std::move(done_),
                       r = HandshakeResult{ec, std::move(ssl_)}]() mutable { done(std::move(r)); });
  }

  TlsHandshakePool &pool_;
  asio::posix::stream_descriptor descriptor_;
  SslPtr ssl_;
  asio::any_io_executor home_;
  Done done_;
  error_code failed_at_start_;
  std::chrono::steady_clock::time_point handed_over_ = std::chrono::steady_clock::now();
};

TlsHandshakePool::TlsHandshakePool(unsigned threads, Prepare prepare_client)
    : prepare_client_(std::move(prepare_client)) {
  threads = std::max(1U, threads);
  threads_.reserve(threads);
  for (unsigned i = 0; i < threads; ++i) {
    threads_.emplace_back([this] {
      auto work = asio::make_work_guard(io_);
      io_.run();
    });
  }
}

TlsHandshakePool::~TlsHandshakePool() { stop(); }

void TlsHandshakePool::stop() {
  io_.stop();
  for (std::thread &t : threads_) {
    if (t.joinable()) {
      t.join();
    }
  }
}

void TlsHandshakePool::shake(int fd, SslPtr ssl, bool client, const asio::any_io_executor &home,
                             Done done) {
  started_.fetch_add(1, std::memory_order_relaxed);
  auto job = std::make_shared<Job>(*this, fd, std::move(ssl), home, std::move(done));
  asio::post(io_, [job, client] { job->start(client); });
}

} // namespace gossipper::runtime

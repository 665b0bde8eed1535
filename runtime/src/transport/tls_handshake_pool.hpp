//===- tls_handshake_pool.hpp - TLS handshakes off the shards --*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A TLS handshake costs a shard hundreds of microseconds of public-key work
// (about 500 under TLS 1.3 with OpenSSL 3.0): with `ln` opening a connection
// per call, a burst of them stalls every other call of the shard for that
// long, and the overload controller reads the stall as saturation. The pool
// runs handshakes on threads of its own instead. The shard hands it the
// socket's descriptor and a fresh SSL; a pool thread drives SSL_do_handshake
// over a duplicate of the descriptor until it completes or fails, then the
// SSL goes back to the shard, which wraps it in its stream and reads and
// writes the connection as before. Nothing the peer sent after its last
// handshake message is lost on the way: the socket BIO buffers nothing, and
// what OpenSSL read ahead stays in the SSL's own record buffer.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "transport/tls_context.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream_base.hpp>
#include <boost/system/error_code.hpp>
#include <openssl/ssl.h>

#include <atomic>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace gossipper::runtime {

/// How a handshake ended: an error, or the established SSL.
struct HandshakeResult {
  boost::system::error_code ec;
  SslPtr ssl; ///< the caller's again, failed or not (its verify result says why)
};

class TlsHandshakePool {
public:
  using Done = std::function<void(HandshakeResult)>;
  /// Readies a client's SSL (its session to resume) on the pool's thread,
  /// just before the ClientHello: a TLS 1.3 session chosen earlier may be
  /// used up by then (another connection's resumption ended meanwhile), and
  /// OpenSSL would silently make the handshake a full one.
  using Prepare = std::function<void(SSL *)>;

  /// `threads` threads (at least one), started now.
  TlsHandshakePool(unsigned threads, Prepare prepare_client);
  ~TlsHandshakePool();
  TlsHandshakePool(const TlsHandshakePool &) = delete;
  TlsHandshakePool &operator=(const TlsHandshakePool &) = delete;

  /// Shakes hands as a client or a server over the connected socket `fd`
  /// (which stays the caller's) and calls `done` on `home`. Shutting the
  /// socket down ends a handshake in progress (with an error).
  void shake(int fd, SslPtr ssl, bool client, const boost::asio::any_io_executor &home, Done done);

  /// Stops the threads; handshakes not ended by then never call back.
  void stop();

  [[nodiscard]] uint64_t completed() const { return completed_.load(); }
  /// The longest a handshake waited for a pool thread since the last call
  /// (the overload controller reads it: a pool that falls behind is
  /// saturation, as a late tick is).
  uint64_t take_recent_wait_ms() { return recent_wait_ms_.exchange(0); }
  /// Handshakes handed over and not ended yet.
  [[nodiscard]] uint64_t pending() const { return started_.load() - ended_.load(); }

private:
  class Job;
  friend class Job;

  Prepare prepare_client_;
  boost::asio::io_context io_;
  std::vector<std::thread> threads_;
  std::atomic<uint64_t> started_{0};
  std::atomic<uint64_t> ended_{0};
  std::atomic<uint64_t> completed_{0};
  std::atomic<uint64_t> recent_wait_ms_{0};
};

/// A TLS handshake over `socket` (connected, not yet any stream's): on the
/// pool when `tls` has one, else in Asio's stream on the socket's own
/// thread. `open(SSL *)` makes the connection's stream over the socket from
/// the session and returns its TLS layer (an `asio::ssl::stream`); `done(ec)`
/// follows on the socket's thread, the stream open either way. False when
/// no session could be made (out of memory): neither is called.
template <class Open, class Done>
bool start_tls_handshake(TlsContexts &tls, boost::asio::ip::tcp::socket &socket, bool server,
                         bool client, Open open, Done done) {
  SslPtr ssl = tls.new_ssl(server);
  if (!ssl) {
    return false;
  }
  if (TlsHandshakePool *pool = tls.handshake_pool()) {
    pool->shake(socket.native_handle(), std::move(ssl), client, socket.get_executor(),
                [open, done](HandshakeResult r) mutable {
                  open(r.ssl.release());
                  done(r.ec);
                });
    return true;
  }
  if (client) {
    tls.prepare_client(ssl.get());
  }
  open(ssl.release())
      .async_handshake(client ? boost::asio::ssl::stream_base::client
                              : boost::asio::ssl::stream_base::server,
                       std::move(done));
  return true;
}

} // namespace gossipper::runtime

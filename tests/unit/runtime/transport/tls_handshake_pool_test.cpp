// TlsHandshakePool: handshakes on the pool's threads, over real loopback TCP,
// handed back to the caller's executor and carried on by an Asio stream.
#include "transport/tls_handshake_pool.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <atomic>
#include <csignal>
#include <optional>
#include <thread>
#include <unistd.h>

namespace gossipper::runtime {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

/// A server context with a fresh self-signed P-256 certificate, and a client
/// context that does not verify it; TLS 1.3, whose client finishes first and
/// receives its session tickets after the handshake.
struct Contexts {
  Contexts() {
    EVP_PKEY *key = EVP_EC_gen("P-256");
    X509 *cert = X509_new();
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), 0);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_set_pubkey(cert, key);
    X509_NAME *name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char *>("localhost"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509_sign(cert, key, EVP_sha256());
    server = SSL_CTX_new(TLS_server_method());
    SSL_CTX_use_certificate(server, cert);
    SSL_CTX_use_PrivateKey(server, key);
    client = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_min_proto_version(client, TLS1_3_VERSION);
    SSL_CTX_set_session_cache_mode(client, SSL_SESS_CACHE_CLIENT);
    SSL_CTX_sess_set_new_cb(client, [](SSL *, SSL_SESSION *) {
      ++tickets;
      return 0; // not kept
    });
    X509_free(cert);
    EVP_PKEY_free(key);
  }
  ~Contexts() {
    SSL_CTX_free(server);
    SSL_CTX_free(client);
  }
  SSL_CTX *server;
  SSL_CTX *client;
  static inline int tickets = 0;
};

/// A connected loopback pair on `io`.
std::pair<tcp::socket, tcp::socket> connected_pair(asio::io_context &io) {
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  tcp::socket client(io);
  client.connect(acceptor.local_endpoint());
  tcp::socket server = acceptor.accept();
  return {std::move(server), std::move(client)};
}

class TlsHandshakePoolTest : public ::testing::Test {
protected:
  void SetUp() override { std::signal(SIGPIPE, SIG_IGN); }
  /// Runs `io` until `done()`, or gives up after a bound (a broken pool
  /// fails the test rather than hanging it).
  template <class Done> bool run_until(Done done) {
    for (int i = 0; i < 10000 && !done(); ++i) {
      io.run_for(std::chrono::milliseconds(1));
    }
    return done();
  }
  /// The server's side of `socket` handed to `pool`; its end lands in `result`.
  void serve_on(TlsHandshakePool &pool, tcp::socket &socket,
                std::optional<HandshakeResult> &result) {
    pool.shake(socket.native_handle(), SslPtr(SSL_new(ctx.server)), false, io.get_executor(),
               [&result](HandshakeResult r) { result = std::move(r); });
  }
  Contexts ctx;
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
};

TEST_F(TlsHandshakePoolTest, BothEndsShakeHandsOffTheCallersThreadAndTheirStreamsCarryOn) {
  auto [server_socket, client_socket] = connected_pair(io);
  std::thread::id prepared_on;
  TlsHandshakePool pool(2, [&](SSL *) { prepared_on = std::this_thread::get_id(); });
  std::optional<HandshakeResult> server_result;
  std::optional<HandshakeResult> client_result;
  std::thread::id called_back_on;
  pool.shake(server_socket.native_handle(), SslPtr(SSL_new(ctx.server)), false, io.get_executor(),
             [&](HandshakeResult r) {
               called_back_on = std::this_thread::get_id();
               server_result = std::move(r);
             });
  pool.shake(client_socket.native_handle(), SslPtr(SSL_new(ctx.client)), true, io.get_executor(),
             [&](HandshakeResult r) { client_result = std::move(r); });
  ASSERT_TRUE(run_until([&] { return server_result && client_result; }));
  ASSERT_FALSE(server_result->ec) << server_result->ec.message();
  ASSERT_FALSE(client_result->ec) << client_result->ec.message();
  EXPECT_EQ(called_back_on, std::this_thread::get_id());
  EXPECT_NE(prepared_on, std::thread::id());
  EXPECT_NE(prepared_on, std::this_thread::get_id());
  EXPECT_EQ(pool.completed(), 2U);
  EXPECT_EQ(pool.pending(), 0U);

  // Each SSL goes on in a stream on the caller's sockets: what one side
  // writes the other reads, and the tickets the server sent with its last
  // flight reach the client's stream.
  asio::ssl::stream<tcp::socket> server(std::move(server_socket), server_result->ssl.release());
  asio::ssl::stream<tcp::socket> client(std::move(client_socket), client_result->ssl.release());
  int before = Contexts::tickets;
  std::string asked(5, '\0');
  std::string answered(5, '\0');
  asio::async_write(client, asio::buffer(std::string_view("hello")), [](error_code, size_t) {});
  asio::async_read(server, asio::buffer(asked), [&](error_code ec, size_t) {
    ASSERT_FALSE(ec) << ec.message();
    asio::async_write(server, asio::buffer(std::string_view("world")), [](error_code, size_t) {});
  });
  bool read = false;
  asio::async_read(client, asio::buffer(answered), [&](error_code ec, size_t) {
    EXPECT_FALSE(ec) << ec.message();
    read = true;
  });
  ASSERT_TRUE(run_until([&] { return read; }));
  EXPECT_EQ(asked, "hello");
  EXPECT_EQ(answered, "world");
  EXPECT_GT(Contexts::tickets, before);
}

TEST_F(TlsHandshakePoolTest, WhatTheClientSendsRightAfterItsFinishedReachesTheServersStream) {
  // A TLS 1.3 client may send a request in the same breath as its Finished,
  // while the server's handshake is still on the pool: whatever the pool
  // read of it must reach the stream the SSL moves into.
  auto [server_socket, client_socket] = connected_pair(io);
  TlsHandshakePool pool(1, nullptr);
  std::optional<HandshakeResult> result;
  serve_on(pool, server_socket, result);
  int fd = client_socket.native_handle();
  client_socket.non_blocking(false);
  // The client writes through memory: its Finished and the request leave in
  // one write, so they reach the server's socket together.
  std::thread client([&] {
    SSL *ssl = SSL_new(ctx.client);
    BIO *in = BIO_new(BIO_s_mem());
    BIO *out = BIO_new(BIO_s_mem());
    SSL_set_bio(ssl, in, out);
    auto flush = [&] {
      char *bytes = nullptr;
      long n = BIO_get_mem_data(out, &bytes);
      if (n > 0 && ::write(fd, bytes, static_cast<size_t>(n)) != n) {
        ADD_FAILURE() << "short write";
      }
      (void)BIO_reset(out);
    };
    int r = 0;
    while ((r = SSL_connect(ssl)) != 1 && SSL_get_error(ssl, r) == SSL_ERROR_WANT_READ) {
      flush();
      char buf[4096];
      ssize_t got = ::read(fd, buf, sizeof buf);
      if (got <= 0) {
        break;
      }
      BIO_write(in, buf, static_cast<int>(got));
    }
    if (r == 1) {
      SSL_write(ssl, "hello", 5);
      flush(); // the Finished and "hello" together
      char buf[4096];
      ::read(fd, buf, sizeof buf); // until the answer (or the close)
    }
    SSL_free(ssl);
  });
  ASSERT_TRUE(run_until([&] { return result.has_value(); }));
  ASSERT_FALSE(result->ec) << result->ec.message();
  asio::ssl::stream<tcp::socket> server(std::move(server_socket), result->ssl.release());
  std::string asked(5, '\0');
  bool answered = false;
  asio::async_read(server, asio::buffer(asked), [&](error_code ec, size_t) {
    EXPECT_FALSE(ec) << ec.message();
    asio::async_write(server, asio::buffer(std::string_view("world")),
                      [&](error_code, size_t) { answered = true; });
  });
  EXPECT_TRUE(run_until([&] { return answered; }));
  EXPECT_EQ(asked, "hello");
  if (!answered) {
    server.next_layer().close(); // the client's read ends
  }
  client.join();
}

TEST_F(TlsHandshakePoolTest, GarbageFromThePeerFailsTheHandshake) {
  auto [server_socket, client_socket] = connected_pair(io);
  TlsHandshakePool pool(1, nullptr);
  std::optional<HandshakeResult> result;
  serve_on(pool, server_socket, result);
  asio::write(client_socket, asio::buffer(std::string(64, 'x')));
  ASSERT_TRUE(run_until([&] { return result.has_value(); }));
  EXPECT_TRUE(result->ec);
  EXPECT_NE(result->ssl, nullptr); // the caller's again, to say why
  EXPECT_EQ(pool.completed(), 0U);
  EXPECT_EQ(pool.pending(), 0U);
}

TEST_F(TlsHandshakePoolTest, ShuttingTheSocketDownEndsAHandshakeInProgress) {
  auto [server_socket, client_socket] = connected_pair(io);
  TlsHandshakePool pool(1, nullptr);
  std::optional<HandshakeResult> result;
  serve_on(pool, server_socket, result);
  io.run_for(std::chrono::milliseconds(5)); // the client says nothing
  EXPECT_FALSE(result.has_value());
  EXPECT_EQ(pool.pending(), 1U);
  error_code ignored;
  server_socket.shutdown(tcp::socket::shutdown_both, ignored);
  server_socket.close(ignored);
  ASSERT_TRUE(run_until([&] { return result.has_value(); }));
  EXPECT_TRUE(result->ec);
  EXPECT_EQ(pool.pending(), 0U);
}

TEST_F(TlsHandshakePoolTest, AStoppedPoolCallsNoOneBack) {
  auto [server_socket, client_socket] = connected_pair(io);
  bool called = false;
  {
    TlsHandshakePool pool(1, nullptr);
    pool.shake(server_socket.native_handle(), SslPtr(SSL_new(ctx.server)), false, io.get_executor(),
               [&](HandshakeResult) { called = true; });
    io.run_for(std::chrono::milliseconds(5));
    pool.stop();
  } // what it held (the SSL, the descriptor's copy) is freed: ASan's leak check
  io.run_for(std::chrono::milliseconds(5));
  EXPECT_FALSE(called);
  // The caller's socket is still its own and open.
  EXPECT_TRUE(server_socket.is_open());
}

TEST_F(TlsHandshakePoolTest, AHandshakeKeptWaitingByABusyPoolIsReported) {
  // One thread, and the first client's preparation holds it 30 ms: the
  // second handshake waits at least that long for it.
  auto [s1, c1] = connected_pair(io);
  auto [s2, c2] = connected_pair(io);
  std::atomic<int> prepared{0};
  TlsHandshakePool pool(1, [&](SSL *) {
    if (prepared.fetch_add(1) == 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(30));
    }
  });
  EXPECT_EQ(pool.take_recent_wait_ms(), 0U);
  int ended = 0;
  for (tcp::socket *c : {&c1, &c2}) {
    pool.shake(c->native_handle(), SslPtr(SSL_new(ctx.client)), true, io.get_executor(),
               [&](HandshakeResult) { ++ended; });
  }
  ASSERT_TRUE(run_until([&] { return prepared.load() == 2; })); // the second has started
  EXPECT_GE(pool.take_recent_wait_ms(), 29U);
  EXPECT_LT(pool.take_recent_wait_ms(), 29U); // taken: the next reading starts again
  error_code ignored;
  c1.shutdown(tcp::socket::shutdown_both, ignored);
  c2.shutdown(tcp::socket::shutdown_both, ignored);
  ASSERT_TRUE(run_until([&] { return ended == 2; }));
}

} // namespace
} // namespace gossipper::runtime

//===- stream_connection.hpp - TLS and WebSocket connections ---*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// What a TLS (l1/ln) and a WebSocket (w1/wn/ws1/wsn) connection share: the
// TCP connect, a handshake with a deadline, a queue of messages to write, the
// closing. Each kind says how it shakes hands, reads and writes. Plain TCP
// keeps its own, leaner TcpConnection (polled reads, direct writes).
//
//===----------------------------------------------------------------------===//
#pragma once

#include "transport/connection.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <deque>
#include <string>

namespace gossipper::runtime {

class TlsContexts;

class StreamConnection : public Connection {
public:
  /// How long a TCP connect plus handshake may take before the connection
  /// is given up (a peer that accepts and then says nothing).
  static constexpr std::chrono::seconds kHandshakeDeadline{5};

  StreamConnection(const boost::asio::any_io_executor &executor, Deliver deliver,
                   ConnectionClosed closed, ConnectionError error);
  /// Client: connect to `peer` (from `local` when given), then shake hands.
  void connect(const boost::asio::ip::tcp::endpoint &peer,
               const boost::asio::ip::tcp::endpoint *local);
  /// The socket is connected (accepted by a server, or connected by a
  /// client): shake hands.
  void start(bool client);

  bool send(std::string_view bytes) override;
  [[nodiscard]] uint16_t local_port() const override { return port_; }
  [[nodiscard]] bool is_open() const override { return !closed_; }
  void close() override;

protected:
  virtual boost::asio::ip::tcp::socket &tcp() = 0;
  /// Runs the handshake(s); calls established() or fail().
  virtual void do_handshake(bool client) = 0;
  /// Reads on; hands each SIP message to deliver_message().
  virtual void do_read() = 0;
  /// Writes queue_.front() (or all of it); calls on_written().
  virtual void do_write() = 0;
  /// Says goodbye at the protocol's level (close_notify, a close frame),
  /// then closes the socket.
  virtual void do_shutdown() = 0;

  void established();
  void on_written(const boost::system::error_code &ec);
  /// false when the connection closed while the message was handled.
  bool deliver_message(std::string_view message);
  /// An error: reported, the connection closed. During the handshake it is a
  /// connection failure.
  void fail(const std::string &why);
  /// A read ended with `ec`: the peer's close, or an error.
  void read_failed(const boost::system::error_code &ec, const char *what);
  void close_socket();
  [[nodiscard]] bool closed() const { return closed_; }

  std::deque<std::string> queue_;
  bool writing_ = false;

private:
  void note_endpoints();
  /// Connect plus handshakes must end within kHandshakeDeadline.
  void arm_deadline();

  boost::asio::steady_timer deadline_;
  boost::asio::ip::udp::endpoint peer_as_udp_;
  uint16_t port_ = 0;
  bool established_ = false;
  bool closed_ = false;
  Deliver deliver_;
  ConnectionClosed closed_cb_;
  ConnectionError error_;
};

/// A TLS connection over `socket` (a closed one for a client: it connects).
std::shared_ptr<StreamConnection> make_tls_connection(boost::asio::ip::tcp::socket socket,
                                                      TlsContexts &tls, bool server,
                                                      Deliver deliver, ConnectionClosed closed,
                                                      ConnectionError error);
/// A WebSocket connection (RFC 7118, subprotocol "sip"), over TLS when `tls`
/// is given. `host` is the Host of a client's upgrade request.
std::shared_ptr<StreamConnection> make_websocket_connection(boost::asio::ip::tcp::socket socket,
                                                            TlsContexts *tls, bool server,
                                                            std::string host, Deliver deliver,
                                                            ConnectionClosed closed,
                                                            ConnectionError error);

} // namespace gossipper::runtime

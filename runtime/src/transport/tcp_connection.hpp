//===- tcp_connection.hpp - One TCP connection of a shard ------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A TCP connection frames SIP messages out of its byte stream and hands them
// to its shard. Sends made while a handler runs are gathered and leave in one
// write when the handler ends (TcpScheduler::flush). Under load a connection
// is read on the shard's 1 ms tick instead of on every readiness event: its
// descriptor then leaves the reactor, so arriving segments no longer wake the
// thread one by one.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "sip/stream_framer.hpp"
#include "transport/connection.hpp"
#include "transport/poll_policy.hpp"

#include <boost/asio/ip/tcp.hpp>

#include <array>
#include <deque>
#include <string>
#include <vector>

namespace gossipper::runtime {

class TcpConnection;

/// A shard's TCP bookkeeping: connections with sends waiting for the end of
/// the handler, and connections read on the tick.
class TcpScheduler {
public:
  void add_dirty(std::shared_ptr<TcpConnection> c) { dirty_.push_back(std::move(c)); }
  void add_polled(std::shared_ptr<TcpConnection> c) { polled_.push_back(std::move(c)); }
  /// Writes what every connection gathered.
  void flush();
  /// Reads the polled connections; one idle for a while goes back to the
  /// reactor.
  void on_tick();

private:
  std::vector<std::shared_ptr<TcpConnection>> dirty_;
  std::vector<std::shared_ptr<TcpConnection>> polled_;
};

class TcpConnection : public Connection {
public:
  TcpConnection(boost::asio::ip::tcp::socket socket, Deliver deliver, ConnectionClosed closed,
                ConnectionError error);
  bool send(std::string_view bytes) override;
  [[nodiscard]] uint16_t local_port() const override { return port_; }
  void close() override;
  void start();
  /// For tn: connect first; writes queue until connected.
  void connect(const boost::asio::ip::tcp::endpoint &peer,
               const boost::asio::ip::tcp::endpoint *local);
  [[nodiscard]] bool open() const { return !closed_; }
  [[nodiscard]] bool is_open() const override { return !closed_; }
  /// From now on sends wait for `s`'s flush, and a busy connection is polled.
  void set_scheduler(TcpScheduler *s) { scheduler_ = s; }

  // For the scheduler.
  void flush_pending();
  [[nodiscard]] bool polled() const { return polled_fd_ >= 0; }
  /// Reads what the kernel holds; the number of bytes.
  size_t poll_read();
  /// Back into the reactor: readiness events wake the shard again.
  void resume_events();
  /// When it leaves the reactor and comes back.
  PollPolicy &poll_policy() { return policy_; }

private:
  bool write_now(std::string_view bytes);
  void do_read();
  void on_read(const boost::system::error_code &ec, size_t n);
  /// Frames and delivers `bytes`; false when the connection closed meanwhile.
  bool consume(std::string_view bytes);
  [[nodiscard]] bool busy_now();
  void start_polling();
  void do_write();
  void on_write(const boost::system::error_code &ec, size_t n);
  void fail(const std::string &why);

  boost::asio::ip::tcp::socket socket_;
  boost::asio::ip::tcp protocol_;
  boost::asio::ip::udp::endpoint peer_as_udp_;
  std::array<char, 65536> buf_; // unwritten until read into: no page is touched for nothing
  StreamFramer framer_;
  std::deque<std::string> queue_;
  std::string pending_; ///< sends waiting for the scheduler's flush
  TcpScheduler *scheduler_ = nullptr;
  int polled_fd_ = -1; ///< the descriptor while it is out of the reactor
  PollPolicy policy_;
  bool writing_ = false;
  bool connecting_ = false;
  bool closed_ = false;
  uint16_t port_ = 0;
  Deliver deliver_;
  ConnectionClosed closed_cb_;
  ConnectionError error_;
};

} // namespace gossipper::runtime

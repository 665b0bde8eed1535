//===- twin_connection.hpp - SIPp's 3PCC twin socket ----------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The TCP connection between the two controllers of a -3pcc pair. SIPp frames
// each command (a <sendCmd> message, or its internal abort_call) by a
// trailing ESC byte (27); nothing else delimits them.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include <array>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace gossipper::runtime {

class TwinConnection : public std::enable_shared_from_this<TwinConnection> {
public:
  /// A whole command, without its ESC.
  using Command = std::function<void(std::string_view)>;
  /// The peer closed (or the connection failed): the reason.
  using Closed = std::function<void(const std::string &)>;

  TwinConnection(boost::asio::ip::tcp::socket socket, Command command, Closed closed);
  void start();
  /// Queues `command` with its ESC; false once the connection is closed.
  bool send(std::string_view command);
  void close();
  [[nodiscard]] bool is_open() const { return open_; }

  /// Commands larger than this are a broken peer: the connection closes.
  static constexpr size_t kMaxCommand = size_t{1} << 20;

private:
  void do_read();
  void on_read(const boost::system::error_code &ec, size_t n);
  void do_write();
  void on_write(const boost::system::error_code &ec, size_t n);
  void fail(const std::string &why);

  boost::asio::ip::tcp::socket socket_;
  Command command_;
  Closed closed_;
  bool open_ = true;
  std::array<char, 16384> in_; // unwritten until read into: no page is touched for nothing
  std::string pending_;        ///< bytes of a command not yet ended by ESC
  std::deque<std::string> out_;
};

} // namespace gossipper::runtime

//===- twin_connection.cpp - SIPp's 3PCC twin socket ----------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "threepcc/twin_connection.hpp"

#include <boost/asio/write.hpp>

namespace gossipper::runtime {

namespace asio = boost::asio;
using boost::system::error_code;

namespace {
constexpr char kEsc = 27;
} // namespace

TwinConnection::TwinConnection(asio::ip::tcp::socket socket, Command command, Closed closed)
    : socket_(std::move(socket)), command_(std::move(command)), closed_(std::move(closed)) {}

void TwinConnection::start() {
  error_code ec;
  socket_.set_option(asio::ip::tcp::no_delay(true), ec);
  do_read();
}

void TwinConnection::do_read() {
  socket_.async_read_some(
      asio::buffer(in_),
      [self = shared_from_this()](const error_code &ec, size_t n) { self->on_read(ec, n); });
}

void TwinConnection::on_read(const error_code &ec, size_t n) {
  if (ec) {
    fail(ec == asio::error::eof ? "the twin closed the 3PCC connection"
                                : "3PCC connection: " + ec.message());
    return;
  }
  std::string_view data(in_.data(), n);
  while (!data.empty() && open_) {
    size_t end = data.find(kEsc);
    if (end == std::string_view::npos) {
      pending_.append(data);
      break;
    }
    pending_.append(data.substr(0, end));
    data.remove_prefix(end + 1);
    std::string command = std::move(pending_);
    pending_.clear();
    command_(command);
  }
  if (pending_.size() > kMaxCommand) {
    fail("the twin sent more than 1 MiB without an end of command (ESC): closing the 3PCC "
         "connection");
    return;
  }
  if (open_) {
    do_read();
  }
}

bool TwinConnection::send(std::string_view command) {
  if (!open_) {
    return false;
  }
  std::string framed(command);
  framed += kEsc;
  out_.push_back(std::move(framed));
  if (out_.size() == 1) {
    do_write();
  }
  return true;
}

void TwinConnection::do_write() {
  asio::async_write(
      socket_, asio::buffer(out_.front()),
      [self = shared_from_this()](const error_code &ec, size_t n) { self->on_write(ec, n); });
}

void TwinConnection::on_write(const error_code &ec, size_t) {
  if (ec) {
    fail("3PCC connection: " + ec.message());
    return;
  }
  out_.pop_front();
  if (!out_.empty()) {
    do_write();
  }
}

void TwinConnection::fail(const std::string &why) {
  if (!open_) {
    return;
  }
  open_ = false;
  error_code ignored;
  socket_.close(ignored);
  out_.clear();
  if (closed_) {
    closed_(why);
  }
}

void TwinConnection::close() {
  if (!open_) {
    return;
  }
  open_ = false; // our own close reports nothing
  error_code ignored;
  socket_.close(ignored);
}

} // namespace gossipper::runtime

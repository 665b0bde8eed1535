//===- stream_endpoints.cpp - A shard's listening and client streams ------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "transport/stream_endpoints.hpp"

#include <boost/asio/steady_timer.hpp>

#include <algorithm>

namespace gossipper::runtime {

namespace asio = boost::asio;
using boost::system::error_code;

void StreamServer::listen(const asio::ip::tcp::endpoint &local) {
  acceptor_ = std::make_unique<asio::ip::tcp::acceptor>(transport_.io());
  error_code ec;
  acceptor_->open(local.protocol(), ec);
  acceptor_->set_option(asio::socket_base::reuse_address(true), ec);
  acceptor_->bind(local, ec);
  if (!ec) {
    acceptor_->listen(asio::socket_base::max_listen_connections, ec);
  }
  if (ec) {
    warn_("cannot listen on TCP port " + std::to_string(local.port()) + ": " + ec.message());
    return;
  }
  do_accept();
}

void StreamServer::do_accept() {
  acceptor_->async_accept([this](const error_code &ec, asio::ip::tcp::socket s) {
    if (ec) {
      if (ec != asio::error::operation_aborted) {
        do_accept();
      }
      return;
    }
    if (connections_.size() >= 2 * kept_) {
      std::erase_if(connections_, [](const auto &c) { return !c->is_open(); });
      kept_ = std::max<size_t>(32, connections_.size());
    }
    connections_.push_back(transport_.accept_stream(std::move(s)));
    do_accept();
  });
}

void StreamServer::close() {
  error_code ec;
  if (acceptor_) {
    acceptor_->close(ec);
  }
  for (auto &c : connections_) {
    c->close();
  }
}

void StreamClient::adopt(asio::ip::tcp::socket socket) {
  connection_ = transport_.adopt_stream(std::move(socket));
  transport_.set_shared_connection(connection_);
}

void StreamClient::connect() {
  asio::ip::tcp::endpoint local(asio::ip::make_address(cfg_.local_ip), 0);
  connection_ = transport_.connect_stream(peer_, cfg_.bind_local ? &local : nullptr);
  transport_.set_shared_connection(connection_);
}

void StreamClient::on_closed(const Connection *c) {
  // SIPp: -max_reconnect attempts, -reconnect_sleep apart; the calls on the
  // old connection failed already unless -reconnect_close false.
  if (c != connection_.get() || closed_ || reconnects_ >= cfg_.max_reconnect) {
    return;
  }
  ++reconnects_;
  auto timer = std::make_shared<asio::steady_timer>(
      transport_.io(), std::chrono::milliseconds(cfg_.reconnect_sleep_ms));
  timer->async_wait([this, timer](const error_code &ec) {
    if (!ec && !closed_) {
      warn_("reconnecting to the remote (" + std::to_string(reconnects_) + " of " +
            std::to_string(cfg_.max_reconnect) + ")");
      connect();
    }
  });
}

void StreamClient::close() {
  closed_ = true;
  if (connection_) {
    connection_->close();
  }
}

} // namespace gossipper::runtime

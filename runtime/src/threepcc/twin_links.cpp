//===- twin_links.cpp - A shard's 3PCC connections ------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "threepcc/twin_links.hpp"

namespace gossipper::runtime {

const CommandPeerAddress *find_command_peer(const RunConfig &cfg, std::string_view name) {
  const CommandPeerAddress *found = nullptr;
  for (const CommandPeerAddress &p : cfg.command_peers) {
    if (p.name == name) {
      found = &p;
    }
  }
  return found;
}

namespace asio = boost::asio;
using boost::system::error_code;

TwinLinks::TwinLinks(asio::io_context &io, const RunConfig &cfg, const ir::Scenario &scenario,
                     Events events)
    : io_(io), cfg_(cfg), scenario_(scenario), events_(std::move(events)) {}

Expected<void> TwinLinks::connect_twin(const asio::ip::tcp::endpoint &peer) {
  asio::ip::tcp::socket s(io_);
  error_code ec;
  s.connect(peer, ec);
  if (ec) {
    return Error{"Unable to connect a twin sipp TCP socket to " + peer.address().to_string() + ":" +
                 std::to_string(peer.port()) + ": " + ec.message()};
  }
  twin_ = start(std::move(s), Quit::WhenCallsEnd);
  return {};
}

Expected<void> TwinLinks::connect_peers() {
  peers_connected_ = true;
  for (const ir::State &st : scenario_.states) {
    const auto *cmd = std::get_if<ir::SendCmdState>(&st.body);
    if (cmd == nullptr || cmd->dest.empty() || peers_out_.count(cmd->dest) != 0) {
      continue;
    }
    const CommandPeerAddress *peer = find_command_peer(cfg_, cmd->dest);
    if (peer == nullptr) {
      return Error{"get_peer_addr: Peer " + cmd->dest + " not found"};
    }
    asio::ip::tcp::socket s(io_);
    error_code ec;
    s.connect(asio::ip::tcp::endpoint(asio::ip::make_address(peer->ip), peer->port), ec);
    if (ec) {
      return Error{"Unable to connect a twin sipp TCP socket to 3PCC peer " + peer->name + " (" +
                   peer->ip + ":" + std::to_string(peer->port) + "): " + ec.message()};
    }
    peers_out_[cmd->dest] = start(std::move(s), Quit::Now);
  }
  return {};
}

Expected<void> TwinLinks::listen(const asio::ip::tcp::endpoint &local) {
  acceptor_ = std::make_unique<asio::ip::tcp::acceptor>(io_);
  error_code ec;
  acceptor_->open(local.protocol(), ec);
  acceptor_->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) {
    acceptor_->bind(local, ec);
  }
  if (!ec) {
    acceptor_->listen(16, ec);
  }
  if (ec) {
    return Error{"Unable to bind twin sipp socket to " + local.address().to_string() + ":" +
                 std::to_string(local.port()) + ": " + ec.message()};
  }
  do_accept();
  return {};
}

void TwinLinks::do_accept() {
  acceptor_->async_accept([this](const error_code &ec, asio::ip::tcp::socket s) {
    if (ec) {
      return;
    }
    if (cfg_.command_name.empty()) {
      twin_ = start(std::move(s), Quit::Now); // the latest twin answers
    } else {
      peers_in_.push_back(start(std::move(s), Quit::Now));
      if (!peers_connected_) {
        if (Expected<void> done = connect_peers(); !done) {
          events_.warn(done.error().message);
          events_.closed(Quit::Now);
        }
      }
    }
    do_accept();
  });
}

std::shared_ptr<TwinConnection> TwinLinks::start(asio::ip::tcp::socket s, Quit quit) {
  auto c = std::make_shared<TwinConnection>(
      std::move(s), [this](std::string_view command) { events_.command(command); },
      [this, quit](const std::string &why) {
        // SIPp: the listening side (and any extended 3PCC instance) exits
        // when a twin ends; the -3pcc client stops making calls and ends
        // when they are done.
        events_.warn(why);
        if (quit == Quit::Now) {
          events_.warn(cfg_.command_name.empty()
                           ? "3PCC controller A has ended -> exiting"
                           : "One of the twin instances has ended -> exiting");
        }
        events_.closed(quit);
      });
  c->start();
  return c;
}

bool TwinLinks::send(std::string_view dest, std::string_view command) {
  if (dest.empty()) {
    return twin_ != nullptr && twin_->send(command);
  }
  auto it = peers_out_.find(dest);
  return it != peers_out_.end() && it->second->send(command);
}

void TwinLinks::close() {
  error_code ec;
  if (acceptor_) {
    acceptor_->close(ec);
  }
  if (twin_) {
    twin_->close();
  }
  for (auto &[name, c] : peers_out_) {
    c->close();
  }
}

} // namespace gossipper::runtime

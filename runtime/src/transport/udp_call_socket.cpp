//===- udp_call_socket.cpp - -t un: a call's own UDP socket ---------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "transport/udp_call_socket.hpp"

namespace gossipper::runtime {

namespace asio = boost::asio;
using boost::system::error_code;

UdpCallSocket::UdpCallSocket(asio::io_context &io, const asio::ip::udp::endpoint &local,
                             const asio::ip::udp::endpoint &peer, uint32_t buff_size,
                             Deliver deliver)
    : socket_(io), peer_(peer), deliver_(std::move(deliver)) {
  error_code ec;
  socket_.open(local.protocol(), ec);
  if (!ec) {
    socket_.set_option(asio::socket_base::receive_buffer_size(static_cast<int>(buff_size)), ec);
    socket_.set_option(asio::socket_base::send_buffer_size(static_cast<int>(buff_size)), ec);
    socket_.bind(local, ec);
  }
  if (!ec) {
    port_ = socket_.local_endpoint(ec).port();
  }
  if (ec) {
    closed_ = true;
  }
}

void UdpCallSocket::start() {
  if (!closed_) {
    do_receive();
  }
}

bool UdpCallSocket::send_to(std::string_view bytes, const asio::ip::udp::endpoint &peer) {
  if (closed_) {
    return false;
  }
  error_code ec;
  socket_.send_to(asio::buffer(bytes.data(), bytes.size()), peer, 0, ec);
  // A full send buffer loses the datagram, as a network would: retransmission
  // repairs it. Only a real error fails the call.
  return !ec || ec == asio::error::would_block || ec == asio::error::no_buffer_space;
}

void UdpCallSocket::close() {
  if (!closed_) {
    closed_ = true;
    error_code ec;
    socket_.close(ec);
  }
}

void UdpCallSocket::do_receive() {
  auto self = std::static_pointer_cast<UdpCallSocket>(shared_from_this());
  socket_.async_receive_from(asio::buffer(buf_), from_,
                             [self](const error_code &ec, size_t n) { self->on_receive(ec, n); });
}

void UdpCallSocket::on_receive(const error_code &ec, size_t n) {
  if (ec) {
    if (ec == asio::error::operation_aborted || closed_) {
      return;
    }
    do_receive(); // ICMP errors (connection refused) surface here: keep reading
    return;
  }
  deliver_(std::string_view(buf_.data(), n), from_, shared_from_this());
  if (!closed_) {
    do_receive();
  }
}

} // namespace gossipper::runtime

//===- address.cpp - Host and port as SIPp's command line writes them ------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/runtime/address.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cstdlib>
#include <memory>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

namespace gossipper::runtime {
namespace {

struct AddrinfoFree {
  void operator()(addrinfo *a) const { freeaddrinfo(a); }
};
using Addrinfo = std::unique_ptr<addrinfo, AddrinfoFree>;

/// getaddrinfo, or its reason for failing.
Expected<Addrinfo> lookup(const std::string &host, const char *service, const addrinfo &hints) {
  addrinfo *res = nullptr;
  int rc = getaddrinfo(host.c_str(), service, &hints, &res);
  Addrinfo owned(res);
  if (rc != 0 || !owned) {
    return Error{"cannot resolve '" + host + "': " + gai_strerror(rc)};
  }
  return owned;
}

std::string numeric_host(const sockaddr *addr, socklen_t len) {
  char buf[INET6_ADDRSTRLEN] = {};
  getnameinfo(addr, len, buf, sizeof buf, nullptr, 0, NI_NUMERICHOST);
  return buf;
}

uint16_t port_at(std::string_view text, size_t at) {
  return static_cast<uint16_t>(std::atol(std::string(text.substr(at)).c_str()));
}

} // namespace

HostPort split_host_port(std::string_view text) {
  size_t open = text.find('[');
  size_t close = text.find(']');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
    HostPort hp{std::string(text.substr(open + 1, close - open - 1))};
    if (close + 1 < text.size() && text[close + 1] == ':') {
      hp.port = port_at(text, close + 2);
    }
    return hp;
  }
  if (std::count(text.begin(), text.end(), ':') == 1) {
    size_t colon = text.find(':');
    return {std::string(text.substr(0, colon)), port_at(text, colon + 1)};
  }
  return {std::string(text)};
}

Expected<std::string> resolve(const std::string &host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  Expected<Addrinfo> res = lookup(host, nullptr, hints);
  if (!res) {
    return res.error();
  }
  return numeric_host((*res)->ai_addr, (*res)->ai_addrlen);
}

Expected<std::string> local_ip_toward(const std::string &remote, uint16_t port) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_DGRAM;
  hints.ai_flags = AI_NUMERICHOST;
  Expected<Addrinfo> res = lookup(remote, std::to_string(port).c_str(), hints);
  if (!res) {
    return res.error();
  }
  const addrinfo &to = **res;
  int fd = ::socket(to.ai_family, SOCK_DGRAM, 0);
  if (fd < 0) {
    return Error{"cannot open a socket toward " + remote};
  }
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  bool found = ::connect(fd, to.ai_addr, to.ai_addrlen) == 0 &&
               ::getsockname(fd, reinterpret_cast<sockaddr *>(&ss), &len) == 0;
  ::close(fd);
  if (!found) {
    return Error{"no route toward " + remote};
  }
  return numeric_host(reinterpret_cast<sockaddr *>(&ss), len);
}

} // namespace gossipper::runtime

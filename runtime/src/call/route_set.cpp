//===- route_set.cpp - Record-Route and the remote target -----------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "call/route_set.hpp"

#include "sip/header_lookup.hpp"

#include <algorithm>
#include <vector>

namespace gossipper::runtime {
namespace {

/// A name-addr's URI: between '<' and '>', else the whole value.
std::string uri_of(std::string x) {
  size_t b = x.find_first_not_of(" \t");
  x.erase(0, b == std::string::npos ? x.size() : b);
  if (!x.empty() && x[0] == '<') {
    size_t gt = x.find('>');
    return x.substr(1, gt == std::string::npos ? std::string::npos : gt - 1);
  }
  return x;
}

std::string trim_spaces(const std::string &s) {
  size_t b = s.find_first_not_of(' ');
  size_t e = s.find_last_not_of(' ');
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::vector<std::string> split_commas(const std::string &text) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t comma = text.find(',', start);
    parts.push_back(
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) {
      return parts;
    }
    start = comma + 1;
  }
}

} // namespace

Expected<RouteSet> record_route(std::string_view message, bool is_request) {
  std::string rr = sipp_get_header(message, "Record-Route:", true);
  std::string contact = sipp_get_header(message, "Contact:", true);
  if (contact.empty()) {
    return Error{"no Contact header to record the remote target from"};
  }
  RouteSet out;
  if (rr.empty()) {
    out.remote_uri = uri_of(contact);
    return out;
  }
  std::vector<std::string> parts = split_commas(rr);
  if (!is_request) {
    std::reverse(parts.begin(), parts.end());
  }
  std::string target;
  std::vector<std::string> routes;
  bool loose_seen = false;
  for (const std::string &p : parts) {
    if (!loose_seen && p.find(";lr") == std::string::npos) {
      target = p; // a strict router: its URI is the target, the Contact a route
      continue;
    }
    loose_seen = true;
    routes.push_back(trim_spaces(p));
  }
  if (!target.empty()) {
    routes.push_back(trim_spaces(contact));
  } else {
    target = contact;
  }
  for (size_t i = 0; i < routes.size(); ++i) {
    out.routes += (i ? ", " : "") + routes[i];
  }
  out.remote_uri = uri_of(target);
  return out;
}

} // namespace gossipper::runtime

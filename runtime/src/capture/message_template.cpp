//===- message_template.cpp - A captured message as a scenario's <send> ---===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "capture/message_template.hpp"

#include "sip/sip_message.hpp"

#include <cctype>
#include <vector>

namespace gossipper::runtime::capture {
namespace {

/// The lines of `text`, without their CR or LF.
std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    lines.push_back(line);
    if (end == std::string_view::npos) {
      break;
    }
    text.remove_prefix(end + 1);
  }
  return lines;
}

/// A message's header lines and body.
struct MessageParts {
  std::vector<std::string_view> head; ///< start line, then header lines
  std::string_view body;
};

MessageParts split_message(std::string_view text) {
  MessageParts parts;
  size_t end = text.find("\r\n\r\n");
  size_t skip = 4;
  if (end == std::string_view::npos) {
    end = text.find("\n\n");
    skip = 2;
  }
  parts.head = lines_of(text.substr(0, end));
  if (end != std::string_view::npos) {
    parts.body = text.substr(end + skip);
  }
  return parts;
}

std::string_view header_name(std::string_view line) {
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos || line.empty() || line[0] == ' ' || line[0] == '\t') {
    return {};
  }
  std::string_view name = line.substr(0, colon);
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) {
    name.remove_suffix(1);
  }
  return name;
}

std::string_view header_value(std::string_view line) {
  std::string_view value = line.substr(line.find(':') + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
    value.remove_prefix(1);
  }
  return value;
}

/// A character that makes an address or port next to it a longer one.
bool continues_address(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.';
}

/// Replaces each `from` in `text` that is not part of a longer address or
/// number by `to`.
void replace_whole(std::string &text, const std::string &from, const std::string &to) {
  if (from.empty()) {
    return;
  }
  size_t at = 0;
  while ((at = text.find(from, at)) != std::string::npos) {
    const size_t end = at + from.size();
    // "sip:1.2.3.4" and "[1.2.3.4]" are whole; "11.2.3.4" and "a1.2.3.4" are not.
    const bool before_ok = at == 0 || from.front() == '[' || !continues_address(text[at - 1]);
    const bool after_ok = end == text.size() || !continues_address(text[end]);
    if (before_ok && after_ok) {
      text.replace(at, from.size(), to);
      at += to.size();
    } else {
      at = end;
    }
  }
}

/// How an address is written in a SIP message: IPv6 in brackets.
std::string sip_address(const IpAddress &a) {
  return a.version == 6 ? "[" + a.text() + "]" : a.text();
}

void replace_tag(std::string &line, const std::string &tag, const std::string &to) {
  if (tag.empty()) {
    return;
  }
  const std::string param = ";tag=" + tag;
  size_t at = line.find(param);
  if (at != std::string::npos) {
    const size_t end = at + param.size();
    if (end == line.size() || line[end] == ';' || line[end] == ' ' || line[end] == '>') {
      line.replace(at, param.size(), to);
    }
  }
}

/// The top Via of a request this side sends, with SIPp's keywords.
std::string via_template(std::string_view line, const SideValues &side) {
  const std::string_view value = header_value(line);
  std::string out = std::string(header_name(line)) + ": SIP/2.0/[transport] ";
  const size_t sent_by_start = value.find_first_of(" \t");
  std::string_view rest =
      sent_by_start == std::string_view::npos ? "" : value.substr(sent_by_start);
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) {
    rest.remove_prefix(1);
  }
  const size_t params = rest.find(';');
  out += with_address_keywords(rest.substr(0, params), side);
  std::string_view tail = params == std::string_view::npos ? "" : rest.substr(params);
  while (!tail.empty()) { // each ;param, branch= replaced
    tail.remove_prefix(1);
    const size_t next = tail.find(';');
    const std::string_view param = tail.substr(0, next);
    out += ';';
    out += param.starts_with("branch=") ? std::string("branch=[branch]")
                                        : with_address_keywords(param, side);
    tail = next == std::string_view::npos ? "" : tail.substr(next);
  }
  return out;
}

bool is_sdp(const MessageParts &parts) {
  for (std::string_view line : parts.head) {
    const std::string_view name = header_name(line);
    if (same_header_name(name, "Content-Type")) {
      std::string value(header_value(line));
      for (char &c : value) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      return value.starts_with("application/sdp");
    }
  }
  return false;
}

std::string body_template(const MessageParts &parts, const SideValues &side) {
  if (parts.body.empty()) {
    return {};
  }
  return is_sdp(parts) ? sdp_template(parts.body, side) : with_address_keywords(parts.body, side);
}

/// Head lines and body as a template's text: one line each, LF ends.
std::string join(const std::vector<std::string> &head, const std::string &body) {
  std::string out;
  for (const std::string &line : head) {
    out += line;
    out += '\n';
  }
  out += '\n';
  out += body;
  return out;
}

/// "m=audio 6000 RTP/AVP 0" with its port as [media_port+N], N from `base`
/// (the first port seen when `base` is 0, which it then becomes).
std::string media_line(const std::string &line, uint16_t &base) {
  const size_t sp = line.find(' ');
  const size_t end = sp == std::string::npos ? sp : line.find_first_of(" /", sp + 1);
  if (end == std::string::npos) {
    return line;
  }
  const std::string digits = line.substr(sp + 1, end - sp - 1);
  if (digits.empty() || digits.size() > 5 ||
      digits.find_first_not_of("0123456789") != std::string::npos) {
    return line;
  }
  const long port = std::stol(digits);
  if (port <= 0 || port > 65535) {
    return line;
  }
  if (base == 0) {
    base = static_cast<uint16_t>(port);
  }
  const long delta = port - base;
  std::string out = line.substr(0, sp + 1);
  out += "[media_port";
  if (delta != 0) {
    out += delta > 0 ? "+" : "";
    out += std::to_string(delta);
  }
  out += ']';
  out += line.substr(end);
  return out;
}

} // namespace

std::string with_address_keywords(std::string_view text, const SideValues &side) {
  std::string out(text);
  const std::string local = sip_address(side.local.address);
  const std::string remote = sip_address(side.remote.address);
  replace_whole(out, local + ":" + std::to_string(side.local.port), "[local_ip]:[local_port]");
  replace_whole(out, remote + ":" + std::to_string(side.remote.port), "[remote_ip]:[remote_port]");
  for (uint16_t port : side.local_ports) {
    replace_whole(out, local + ":" + std::to_string(port), "[local_ip]:[local_port]");
  }
  for (uint16_t port : side.remote_ports) {
    replace_whole(out, remote + ":" + std::to_string(port), "[remote_ip]:[remote_port]");
  }
  replace_whole(out, local, "[local_ip]");
  replace_whole(out, remote, "[remote_ip]");
  return out;
}

std::string sdp_template(std::string_view body, const SideValues &side) {
  std::string out;
  uint16_t base = side.media_port;
  for (std::string_view line : lines_of(body)) {
    std::string l(line);
    if (line.starts_with("c=") || line.starts_with("o=")) {
      // "c=IN IP4 addr", "o=user id version IN IP4 addr"
      const size_t ip = l.find(" IP4 ") != std::string::npos ? l.find(" IP4 ") : l.find(" IP6 ");
      if (ip != std::string::npos) {
        l = l.substr(0, ip) + " IP[media_ip_type] [media_ip]";
      }
    } else if (line.starts_with("m=")) {
      l = media_line(l, base);
    } else {
      l = with_address_keywords(l, side);
    }
    out += l;
    out += '\n';
  }
  return out;
}

std::string request_template(std::string_view text, const SideValues &side, TemplateNeeds &needs) {
  const MessageParts parts = split_message(text);
  std::vector<std::string> head;
  bool via_done = false;
  for (size_t i = 0; i < parts.head.size(); ++i) {
    const std::string_view line = parts.head[i];
    const std::string_view name = i == 0 ? std::string_view() : header_name(line);
    std::string out;
    if (i == 0) {
      out = with_address_keywords(line, side);
    } else if (same_header_name(name, "Via") && !via_done) {
      out = via_template(line, side);
      via_done = true;
    } else if (same_header_name(name, "Call-ID")) {
      out = std::string(name) + ": [call_id]";
    } else if (same_header_name(name, "CSeq")) {
      const std::string_view value = header_value(line);
      const size_t sp = value.find(' ');
      out = std::string(name) + ": [cseq]" +
            std::string(sp == std::string_view::npos ? "" : value.substr(sp));
    } else if (same_header_name(name, "Content-Length")) {
      out = std::string(name) + ": [len]";
    } else if (same_header_name(name, "Authorization") ||
               same_header_name(name, "Proxy-Authorization")) {
      out = "[authentication]";
      needs.authentication = true;
    } else if (same_header_name(name, "Route")) {
      if (needs.routes) {
        continue; // the route set is one [routes]
      }
      out = "[routes]";
      needs.routes = true;
    } else {
      out = with_address_keywords(line, side);
      if (same_header_name(name, "From") || same_header_name(name, "To")) {
        for (const std::string &tag : side.local_tags) {
          replace_tag(out, tag, ";tag=" + side.tag_keyword);
        }
        for (const std::string &tag : side.remote_tags) {
          replace_tag(out, tag, "[peer_tag_param]");
        }
      }
    }
    head.push_back(std::move(out));
  }
  return join(head, body_template(parts, side));
}

std::string response_template(std::string_view text, const SideValues &side, bool adds_tag) {
  const MessageParts parts = split_message(text);
  std::vector<std::string> head;
  bool via_done = false;
  bool record_route_done = false;
  for (size_t i = 0; i < parts.head.size(); ++i) {
    const std::string_view line = parts.head[i];
    const std::string_view name = i == 0 ? std::string_view() : header_name(line);
    std::string out;
    if (i == 0) {
      out = std::string(line);
    } else if (same_header_name(name, "Via")) {
      if (via_done) {
        continue; // [last_Via:] is every Via line
      }
      out = "[last_Via:]";
      via_done = true;
    } else if (same_header_name(name, "Record-Route")) {
      if (record_route_done) {
        continue;
      }
      out = "[last_Record-Route:]";
      record_route_done = true;
    } else if (same_header_name(name, "From")) {
      out = "[last_From:]";
    } else if (same_header_name(name, "To")) {
      out = adds_tag ? "[last_To:];tag=" + side.tag_keyword : "[last_To:]";
    } else if (same_header_name(name, "Call-ID")) {
      out = "[last_Call-ID:]";
    } else if (same_header_name(name, "CSeq")) {
      const std::string_view value = header_value(line);
      const size_t sp = value.find(' ');
      out = std::string(name) + ": [last_cseq_number]" +
            std::string(sp == std::string_view::npos ? "" : value.substr(sp));
    } else if (same_header_name(name, "Content-Length")) {
      out = std::string(name) + ": [len]";
    } else {
      out = with_address_keywords(line, side);
    }
    head.push_back(std::move(out));
  }
  return join(head, body_template(parts, side));
}

} // namespace gossipper::runtime::capture

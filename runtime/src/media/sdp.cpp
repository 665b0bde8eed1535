//===- sdp.cpp - Reading the peer's SDP -----------------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "media/sdp.hpp"

#include "sip/sip_message.hpp"

#include <algorithm>
#include <cstddef>

namespace gossipper::runtime::media {
namespace {

constexpr std::string_view kBlanks = " \t";

std::string_view trim(std::string_view s) {
  size_t first = s.find_first_not_of(kBlanks);
  if (first == std::string_view::npos) {
    return {};
  }
  size_t last = s.find_last_not_of(kBlanks);
  return s.substr(first, last - first + 1);
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) {
      return false;
    }
  }
  return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

/// A decimal number no greater than `max`; nullopt for anything else (sign,
/// blanks, empty, too many digits).
std::optional<uint32_t> parse_number(std::string_view s, uint32_t max) {
  if (s.empty() || s.size() > 10) {
    return std::nullopt;
  }
  uint64_t value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  if (value > max) {
    return std::nullopt;
  }
  return static_cast<uint32_t>(value);
}

/// The next blank-separated word of `rest`, consumed; empty at the end.
std::string_view next_word(std::string_view &rest) {
  size_t start = rest.find_first_not_of(kBlanks);
  if (start == std::string_view::npos) {
    rest = {};
    return {};
  }
  size_t end = rest.find_first_of(kBlanks, start);
  std::string_view word = rest.substr(start, end - start);
  rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
  return word;
}

/// The next line of `rest` without its CRLF or LF, consumed.
std::string_view next_line(std::string_view &rest) {
  size_t nl = rest.find('\n');
  std::string_view line = rest.substr(0, nl);
  rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  return line;
}

Error sdp_error(std::string_view what, std::string_view line) {
  constexpr size_t kShown = 80; // enough to recognise the line, not a flood
  std::string shown(line.substr(0, kShown));
  return Error{"SDP: " + std::string(what) + " in '" + shown + "'"};
}

// ---------------------------------------------------------------------------
// read_sdp

struct Connection {
  std::string address;
  bool ipv6 = false;
};

/// The m= section being read: the stream, and what it said itself (the rest
/// falls back to session level when the section ends).
struct Section {
  SdpMedia media;
  bool kept = false; ///< audio, video or image
  std::optional<Connection> connection;
  std::optional<MediaDirection> direction;
  std::optional<uint16_t> rtcp_port;
};

std::optional<MediaKind> media_kind(std::string_view word) {
  if (iequals(word, "audio")) {
    return MediaKind::Audio;
  }
  if (iequals(word, "video")) {
    return MediaKind::Video;
  }
  if (iequals(word, "image")) {
    return MediaKind::Image;
  }
  return std::nullopt;
}

/// m=<media> <port>[/<count>] <proto> <fmt> ...
Expected<Section> read_m_line(std::string_view line) {
  Section section;
  std::string_view rest = line.substr(2);
  std::optional<MediaKind> kind = media_kind(next_word(rest));
  if (!kind) {
    return section; // application, text, message...: skipped with its attributes
  }
  section.kept = true;
  section.media.kind = *kind;
  std::string_view port_word = next_word(rest);
  size_t slash = port_word.find('/');
  std::optional<uint32_t> port = parse_number(port_word.substr(0, slash), 65535);
  bool bad_count = slash != std::string_view::npos &&
                   !parse_number(port_word.substr(slash + 1), UINT32_MAX).has_value();
  if (!port || bad_count) {
    return sdp_error("bad port", line);
  }
  section.media.port = static_cast<uint16_t>(*port);
  std::string_view protocol = next_word(rest);
  if (protocol.empty()) {
    return sdp_error("no transport protocol", line);
  }
  section.media.protocol = std::string(protocol);
  // RTP/AVP, RTP/SAVPF, UDP/TLS/RTP/SAVPF: formats are payload types. Other
  // protocols (udptl for T.38) name their formats.
  if (protocol.find("RTP") == std::string_view::npos) {
    return section;
  }
  for (std::string_view fmt = next_word(rest); !fmt.empty(); fmt = next_word(rest)) {
    std::optional<uint32_t> pt = parse_number(fmt, 127);
    if (!pt) {
      return sdp_error("bad payload type", line);
    }
    section.media.payload_types.push_back(static_cast<uint8_t>(*pt));
  }
  return section;
}

/// c=IN IP4 <address>[/<ttl>[/<count>]] or c=IN IP6 <address>[/<count>].
Expected<Connection> read_c_line(std::string_view line) {
  std::string_view rest = line.substr(2);
  std::string_view net = next_word(rest);
  std::string_view type = next_word(rest);
  std::string_view address = next_word(rest);
  address = address.substr(0, address.find('/'));
  bool ip4 = type == "IP4";
  if (net != "IN" || (!ip4 && type != "IP6") || address.empty()) {
    return sdp_error("bad connection line", line);
  }
  return Connection{std::string(address), !ip4};
}

std::optional<MediaDirection> direction_attribute(std::string_view name) {
  if (name == "sendrecv") {
    return MediaDirection::SendRecv;
  }
  if (name == "sendonly") {
    return MediaDirection::SendOnly;
  }
  if (name == "recvonly") {
    return MediaDirection::RecvOnly;
  }
  if (name == "inactive") {
    return MediaDirection::Inactive;
  }
  return std::nullopt;
}

/// a=rtpmap:<pt> <encoding>/<clock rate>[/<channels>]
Expected<RtpMap> read_rtpmap(std::string_view value, std::string_view line) {
  std::string_view rest = value;
  std::optional<uint32_t> pt = parse_number(next_word(rest), 127);
  std::string_view spec = next_word(rest);
  size_t slash = spec.find('/');
  if (!pt || slash == 0 || slash == std::string_view::npos) {
    return sdp_error("bad rtpmap", line);
  }
  std::string_view clock_and_channels = spec.substr(slash + 1);
  size_t second = clock_and_channels.find('/');
  std::optional<uint32_t> clock = parse_number(clock_and_channels.substr(0, second), UINT32_MAX);
  bool bad_channels = second != std::string_view::npos &&
                      !parse_number(clock_and_channels.substr(second + 1), 255).has_value();
  if (!clock || bad_channels) {
    return sdp_error("bad rtpmap", line);
  }
  return RtpMap{static_cast<uint8_t>(*pt), std::string(spec.substr(0, slash)), *clock};
}

/// An a= line inside a kept m= section.
Expected<void> read_media_attribute(Section &section, std::string_view line) {
  std::string_view attribute = line.substr(2);
  size_t colon = attribute.find(':');
  std::string_view name = attribute.substr(0, colon);
  std::string_view value =
      colon == std::string_view::npos ? std::string_view{} : attribute.substr(colon + 1);
  if (std::optional<MediaDirection> direction = direction_attribute(name)) {
    section.direction = direction;
  } else if (name == "rtcp-mux") {
    section.media.rtcp_mux = true;
  } else if (name == "rtcp") {
    // a=rtcp:<port> [IN IP4 <address>]: the address is not kept.
    std::string_view rest = value;
    std::optional<uint32_t> port = parse_number(next_word(rest), 65535);
    if (!port) {
      return sdp_error("bad rtcp port", line);
    }
    section.rtcp_port = static_cast<uint16_t>(*port);
  } else if (name == "rtpmap") {
    Expected<RtpMap> map = read_rtpmap(value, line);
    if (!map) {
      return map.error();
    }
    section.media.rtpmaps.push_back(std::move(*map));
  } else if (name == "crypto") {
    section.media.crypto.emplace_back(value); // read by the stream's SRTP (sdes_attribute.hpp)
  } else if (name == "fingerprint" && section.media.fingerprint.empty()) {
    section.media.fingerprint = value; // read by dtls_identity.hpp
  } else if (name == "setup") {
    section.media.setup = value;
  }
  return {};
}

/// Closes a section: what it did not say comes from session level.
Expected<void> finish_section(Section &section, const std::optional<Connection> &session_c,
                              std::optional<MediaDirection> session_direction, Sdp &sdp) {
  if (!section.kept) {
    return {};
  }
  SdpMedia &media = section.media;
  const std::optional<Connection> &c = section.connection ? section.connection : session_c;
  if (c) {
    media.address = c->address;
    media.ipv6 = c->ipv6;
  } else if (media.port != 0) {
    return Error{"SDP: no c= line for the m= line with port " + std::to_string(media.port)};
  }
  media.rtcp_port = section.rtcp_port ? *section.rtcp_port : static_cast<uint16_t>(media.port + 1);
  media.direction = section.direction   ? *section.direction
                    : session_direction ? *session_direction
                                        : MediaDirection::SendRecv;
  sdp.media.push_back(std::move(media));
  return {};
}

// ---------------------------------------------------------------------------
// sdp_body

/// A header block and the body after its blank line.
struct Entity {
  std::string_view headers;
  std::string_view body;
};

/// Headers run to the first empty line (CRLF CRLF or LF LF). nullopt when
/// there is none: no body.
std::optional<Entity> split_entity(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) {
      return std::nullopt;
    }
    std::string_view line = text.substr(pos, nl - pos);
    if (line.empty() || line == "\r") {
      return Entity{text.substr(0, pos), text.substr(nl + 1)};
    }
    pos = nl + 1;
  }
  return std::nullopt;
}

/// A Content-Type parameter's value, quoted or not (boundary="a;b" or
/// boundary=ab).
std::optional<std::string_view> type_parameter(std::string_view type, std::string_view param) {
  std::string_view rest = type;
  size_t semi = rest.find(';');
  while (semi != std::string_view::npos) {
    rest = rest.substr(semi + 1);
    size_t eq = rest.find('=');
    semi = rest.find(';');
    if (eq == std::string_view::npos) {
      return std::nullopt;
    }
    if (semi < eq) {
      continue; // a parameter without a value
    }
    std::string_view name = trim(rest.substr(0, eq));
    rest = rest.substr(eq + 1);
    rest = rest.substr(std::min(rest.size(), rest.find_first_not_of(kBlanks)));
    std::string_view value;
    if (!rest.empty() && rest[0] == '"') {
      size_t close = rest.find('"', 1);
      if (close == std::string_view::npos) {
        return std::nullopt;
      }
      value = rest.substr(1, close - 1);
      rest = rest.substr(close + 1);
      semi = rest.find(';');
    } else {
      semi = rest.find(';');
      value = trim(rest.substr(0, semi));
    }
    if (iequals(name, param)) {
      return value;
    }
  }
  return std::nullopt;
}

std::string_view media_type(std::string_view content_type) {
  return trim(content_type.substr(0, content_type.find(';')));
}

/// Where "--boundary" starts a line of `body` at or after `from`, followed by
/// the end, blanks, a line end or "--" (RFC 2046 §5.1.1); npos when never.
size_t find_delimiter(std::string_view body, std::string_view delimiter, size_t from) {
  for (size_t p = body.find(delimiter, from); p != std::string_view::npos;
       p = body.find(delimiter, p + 1)) {
    size_t after = p + delimiter.size();
    bool at_line_start = p == 0 || body[p - 1] == '\n';
    bool ends = after == body.size() || body[after] == '\r' || body[after] == '\n' ||
                body[after] == ' ' || body[after] == '\t' || body.substr(after, 2) == "--";
    if (at_line_start && ends) {
      return p;
    }
  }
  return std::string_view::npos;
}

// Nested multiparts (multipart/alternative inside multipart/mixed) are
// followed this deep; deeper is not a real message.
constexpr int kMaxMultipartDepth = 4;

std::optional<std::string_view> sdp_in_content(std::string_view content_type, std::string_view body,
                                               int depth);

std::optional<std::string_view> sdp_in_multipart(std::string_view body, std::string_view boundary,
                                                 int depth) {
  std::string delimiter = "--" + std::string(boundary);
  size_t at = find_delimiter(body, delimiter, 0);
  while (at != std::string_view::npos) {
    size_t after = at + delimiter.size();
    if (body.substr(after, 2) == "--") {
      return std::nullopt; // the close delimiter
    }
    size_t eol = body.find('\n', after);
    if (eol == std::string_view::npos) {
      return std::nullopt;
    }
    size_t start = eol + 1;
    size_t next = find_delimiter(body, delimiter, start);
    size_t end = next == std::string_view::npos ? body.size() : next;
    // The line break before a delimiter belongs to the delimiter.
    if (next != std::string_view::npos && end > start && body[end - 1] == '\n') {
      --end;
      if (end > start && body[end - 1] == '\r') {
        --end;
      }
    }
    std::optional<Entity> part = split_entity(body.substr(start, end - start));
    if (part) {
      std::optional<std::string> type = find_unfolded_header_value(part->headers, "Content-Type");
      if (type) {
        if (std::optional<std::string_view> sdp = sdp_in_content(*type, part->body, depth + 1)) {
          return sdp;
        }
      }
    }
    at = next;
  }
  return std::nullopt;
}

std::optional<std::string_view> sdp_in_content(std::string_view content_type, std::string_view body,
                                               int depth) {
  std::string_view type = media_type(content_type);
  if (iequals(type, "application/sdp")) {
    return body;
  }
  if (!istarts_with(type, "multipart/") || depth >= kMaxMultipartDepth) {
    return std::nullopt;
  }
  std::optional<std::string_view> boundary = type_parameter(content_type, "boundary");
  if (!boundary || boundary->empty()) {
    return std::nullopt;
  }
  return sdp_in_multipart(body, *boundary, depth);
}

} // namespace

const SdpMedia *Sdp::first(MediaKind kind) const {
  for (const SdpMedia &m : media) {
    if (m.kind == kind && m.port != 0) {
      return &m;
    }
  }
  return nullptr;
}

Expected<Sdp> read_sdp(std::string_view body) {
  Sdp sdp;
  std::optional<Connection> session_c;
  std::optional<MediaDirection> session_direction;
  std::string session_fingerprint, session_setup;
  std::optional<Section> section;
  std::string_view rest = body;
  while (!rest.empty()) {
    std::string_view line = next_line(rest);
    if (line.size() < 2 || line[1] != '=') {
      continue; // not an SDP line: tolerated, as most stacks do
    }
    char type = line[0];
    if (type == 'm') {
      if (section) {
        if (Expected<void> done = finish_section(*section, session_c, session_direction, sdp);
            !done) {
          return done.error();
        }
      }
      Expected<Section> next = read_m_line(line);
      if (!next) {
        return next.error();
      }
      section = std::move(*next);
    } else if (section && !section->kept) {
      continue;
    } else if (type == 'c') {
      Expected<Connection> c = read_c_line(line);
      if (!c) {
        return c.error();
      }
      (section ? section->connection : session_c) = std::move(*c);
    } else if (type == 'a' && section) {
      if (Expected<void> read = read_media_attribute(*section, line); !read) {
        return read.error();
      }
    } else if (type == 'a') {
      if (std::optional<MediaDirection> d = direction_attribute(line.substr(2))) {
        session_direction = d;
      } else if (line.starts_with("a=fingerprint:") && session_fingerprint.empty()) {
        session_fingerprint = line.substr(14);
      } else if (line.starts_with("a=setup:")) {
        session_setup = line.substr(8);
      }
    }
  }
  if (section) {
    if (Expected<void> done = finish_section(*section, session_c, session_direction, sdp); !done) {
      return done.error();
    }
  }
  if (!sdp.first(MediaKind::Audio) && !sdp.first(MediaKind::Video) &&
      !sdp.first(MediaKind::Image)) {
    return Error{"SDP: no audio, video or image m= line with a port"};
  }
  // RFC 8122 §5 and RFC 4145: both may be given at session level.
  for (SdpMedia &m : sdp.media) {
    if (m.fingerprint.empty()) {
      m.fingerprint = session_fingerprint;
    }
    if (m.setup.empty()) {
      m.setup = session_setup;
    }
  }
  return sdp;
}

std::optional<std::string_view> sdp_body(std::string_view sip_message) {
  // CRLF keep-alives before a message (RFC 5626) are not its start line.
  size_t start = sip_message.find_first_not_of("\r\n");
  if (start == std::string_view::npos) {
    return std::nullopt;
  }
  std::optional<Entity> message = split_entity(sip_message.substr(start));
  if (!message) {
    return std::nullopt;
  }
  std::string_view body = message->body;
  if (std::optional<std::string_view> length =
          find_header_value(message->headers, "Content-Length")) {
    std::optional<uint32_t> n = parse_number(*length, UINT32_MAX);
    if (n && *n <= body.size()) {
      body = body.substr(0, *n);
    }
  }
  std::optional<std::string> type = find_unfolded_header_value(message->headers, "Content-Type");
  if (!type) {
    return std::nullopt;
  }
  return sdp_in_content(*type, body, 0);
}

} // namespace gossipper::runtime::media

//===- server_profile.cpp - gossipper server's JSON profile ---------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "server_profile.hpp"

#include <boost/json.hpp>

#include <cmath>
#include <functional>
#include <map>
#include <set>

namespace gossipper::tools {
namespace {

namespace json = boost::json;

std::string at(const std::string &path, std::string_view key) {
  return path + "." + std::string(key);
}

Error bad(const std::string &path, const std::string &what) { return Error{path + ": " + what}; }

Expected<std::string> text_of(const json::value &v, const std::string &path) {
  if (!v.is_string()) {
    return bad(path, "a string");
  }
  return std::string(v.get_string());
}

Expected<uint64_t> count_of(const json::value &v, const std::string &path, uint64_t max) {
  if (v.is_uint64() && v.get_uint64() <= max) {
    return v.get_uint64();
  }
  if (v.is_int64() && v.get_int64() >= 0 && static_cast<uint64_t>(v.get_int64()) <= max) {
    return static_cast<uint64_t>(v.get_int64());
  }
  return bad(path, "a whole number from 0 to " + std::to_string(max));
}

Expected<std::vector<std::string>> args_of(const json::value &v, const std::string &path) {
  if (!v.is_array()) {
    return bad(path, "an array of command-line arguments (strings)");
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < v.get_array().size(); ++i) {
    Expected<std::string> s = text_of(v.get_array()[i], path + "[" + std::to_string(i) + "]");
    if (!s) {
      return s.error();
    }
    out.push_back(*s);
  }
  return out;
}

/// A key of a participant into `p`; false when the key is not one.
Expected<bool> read_key(std::string_view key, const json::value &v, const std::string &path,
                        Participant &p) {
  std::string where = at(path, key);
  std::map<std::string_view, std::string *> texts = {{"id", &p.id},
                                                     {"scenario_name", &p.scenario_name},
                                                     {"scenario_file", &p.scenario_file},
                                                     {"transport", &p.transport},
                                                     {"local_ip", &p.local_ip},
                                                     {"remote_addr", &p.remote_addr}};
  if (auto t = texts.find(key); t != texts.end()) {
    Expected<std::string> s = text_of(v, where);
    if (!s) {
      return s.error();
    }
    *t->second = *s;
  } else if (key == "local_port") {
    Expected<uint64_t> n = count_of(v, where, 65535);
    if (!n) {
      return n.error();
    }
    p.local_port = static_cast<uint32_t>(*n);
  } else if (key == "rate") {
    if (!v.is_number() || v.to_number<double>() < 0 || !std::isfinite(v.to_number<double>())) {
      return bad(where, "a number of calls per second, 0 or more");
    }
    p.rate = v.to_number<double>();
  } else if (key == "max_concurrent" || key == "total_calls") {
    Expected<uint64_t> n = count_of(v, where, 1'000'000'000);
    if (!n) {
      return n.error();
    }
    (key == "total_calls" ? p.total_calls : p.max_concurrent) = *n;
  } else if (key == "extra_args") {
    Expected<std::vector<std::string>> a = args_of(v, where);
    if (!a) {
      return a.error();
    }
    p.extra_args = *a;
  } else if (key == "role") {
    // The Go Gossipper's profiles say "management" or "load": the place of
    // the entry (server or clients) says it here.
    if (!v.is_string()) {
      return bad(where, "a string");
    }
  } else {
    return false;
  }
  return true;
}

Expected<Participant> read_participant(const json::value &v, const std::string &path,
                                       Participant::Role role,
                                       const std::set<std::string_view> &also) {
  if (!v.is_object()) {
    return bad(path, "an object");
  }
  Participant p;
  p.role = role;
  for (const auto &member : v.get_object()) {
    if (also.contains(member.key())) {
      continue;
    }
    Expected<bool> known = read_key(member.key(), member.value(), path, p);
    if (!known) {
      return known.error();
    }
    if (!*known) {
      return bad(at(path, member.key()),
                 "not a key of a " +
                     std::string(role == Participant::Role::Client ? "client" : "listener") +
                     " (see docs/server.md)");
    }
  }
  if (!p.scenario_name.empty() && !p.scenario_file.empty()) {
    return bad(at(path, "scenario_file"), "give scenario_name or scenario_file, not both");
  }
  if (role == Participant::Role::Client && p.remote_addr.empty()) {
    return bad(at(path, "remote_addr"), "a client needs the HOST:PORT it calls");
  }
  if (role == Participant::Role::Listener && !p.remote_addr.empty()) {
    return bad(at(path, "remote_addr"), "a listener calls no one");
  }
  return p;
}

/// Where `offset` is in `text`, as "line:col".
std::string position(std::string_view text, size_t offset) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return std::to_string(line) + ":" + std::to_string(col);
}

Expected<json::value> parse(std::string_view text, std::string_view file) {
  json::stream_parser parser;
  boost::system::error_code ec;
  size_t used = parser.write_some(text.data(), text.size(), ec);
  if (!ec) {
    parser.finish(ec);
    used = text.size();
  }
  if (ec) {
    return Error{std::string(file) + ":" + position(text, used) + ": not JSON: " + ec.message()};
  }
  return parser.release();
}

/// The composite profile's "server": one listener, or several.
Expected<void> read_server(const json::value &v, ServerProfile &out) {
  Expected<Participant> base =
      read_participant(v, "$.server", Participant::Role::Listener, {"listeners"});
  if (!base) {
    return base.error();
  }
  const json::value *listeners = v.as_object().if_contains("listeners");
  if (listeners == nullptr) {
    out.participants.push_back(*base);
    return {};
  }
  if (!listeners->is_array() || listeners->get_array().empty()) {
    return bad("$.server.listeners", "an array of listeners, one at least");
  }
  for (size_t i = 0; i < listeners->get_array().size(); ++i) {
    std::string path = "$.server.listeners[" + std::to_string(i) + "]";
    Expected<Participant> l =
        read_participant(listeners->get_array()[i], path, Participant::Role::Listener, {});
    if (!l) {
      return l.error();
    }
    // What the listener does not say, the server says.
    Participant merged = *base;
    for (auto [field, inherited] : {std::pair{&Participant::transport, &base->transport},
                                    {&Participant::local_ip, &base->local_ip},
                                    {&Participant::scenario_name, &base->scenario_name},
                                    {&Participant::scenario_file, &base->scenario_file}}) {
      merged.*field = ((*l).*field).empty() ? *inherited : (*l).*field;
    }
    if (!l->scenario_name.empty() || !l->scenario_file.empty()) {
      merged.scenario_name = l->scenario_name;
      merged.scenario_file = l->scenario_file;
    }
    merged.local_port = l->local_port ? l->local_port : base->local_port;
    merged.id = l->id.empty() ? base->id + "-" + std::to_string(i) : l->id;
    merged.extra_args.insert(merged.extra_args.end(), l->extra_args.begin(), l->extra_args.end());
    out.participants.push_back(merged);
  }
  return {};
}

Expected<void> read_top(const json::object &top, ServerProfile &out, bool composite) {
  for (const auto &m : top) {
    std::string path = at("$", m.key());
    std::string *field = m.key() == "api_addr"       ? &out.api_addr
                         : m.key() == "api_token"    ? &out.api_token
                         : m.key() == "api_tls_cert" ? &out.api_tls_cert
                         : m.key() == "api_tls_key"  ? &out.api_tls_key
                                                     : nullptr;
    if (m.key() == "api_allow_exec") {
      if (!m.value().is_bool()) {
        return bad(path, "true or false");
      }
      out.api_allow_exec = m.value().get_bool();
    } else if (field != nullptr) {
      Expected<std::string> s = text_of(m.value(), path);
      if (!s) {
        return s.error();
      }
      *field = *s;
    } else if (composite && m.key() != "server" && m.key() != "clients") {
      return bad(path, "not a key of a server profile (api_addr, api_token, api_tls_cert, "
                       "api_tls_key, api_allow_exec, server, clients)");
    }
  }
  return {};
}

Expected<void> read_clients(const json::value &v, ServerProfile &out) {
  if (!v.is_array()) {
    return bad("$.clients", "an array of clients");
  }
  for (size_t i = 0; i < v.get_array().size(); ++i) {
    Expected<Participant> c = read_client(v.get_array()[i], "$.clients[" + std::to_string(i) + "]");
    if (!c) {
      return c.error();
    }
    out.participants.push_back(*c);
  }
  return {};
}

Expected<void> name_everyone(ServerProfile &out) {
  std::set<std::string> ids;
  size_t clients = 0;
  for (Participant &p : out.participants) {
    if (p.id.empty()) {
      p.id =
          p.role == Participant::Role::Listener ? "server" : "client-" + std::to_string(++clients);
    }
    if (!ids.insert(p.id).second) {
      return Error{"$: two participants have the id '" + p.id + "'"};
    }
    bool plain = !p.id.empty() && p.id.size() <= 64;
    for (char c : p.id) {
      plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
    }
    if (!plain) {
      return Error{"$: the id '" + p.id + "' is not 1-64 letters, digits, - and _"};
    }
  }
  return {};
}

} // namespace

Expected<Participant> read_client(const json::value &v, const std::string &path) {
  return read_participant(v, path, Participant::Role::Client, {});
}

Expected<ServerProfile> read_profile(std::string_view text, std::string_view file) {
  Expected<json::value> doc = parse(text, file);
  if (!doc) {
    return doc.error();
  }
  auto located = [&](const Error &e) { return Error{std::string(file) + ": " + e.message}; };
  if (!doc->is_object()) {
    return located(bad("$", "a JSON object"));
  }
  const json::object &top = doc->get_object();
  bool composite = top.contains("server") || top.contains("clients");
  ServerProfile out;
  Expected<void> step = read_top(top, out, composite);
  if (step && composite && top.contains("server")) {
    step = read_server(top.at("server"), out);
  }
  if (step && composite && top.contains("clients")) {
    step = read_clients(top.at("clients"), out);
  }
  size_t api_keys = 0;
  for (const char *k : {"api_addr", "api_token", "api_tls_cert", "api_tls_key", "api_allow_exec"}) {
    api_keys += top.contains(k) ? 1 : 0;
  }
  if (step && !composite && top.size() == api_keys) {
    step = bad("$", "nothing to run: give server or clients, or one run's keys");
  }
  if (step && !composite && top.size() > api_keys) {
    // A flat profile: one participant, a client when it calls someone.
    Participant::Role role =
        top.contains("remote_addr") ? Participant::Role::Client : Participant::Role::Listener;
    Expected<Participant> p =
        read_participant(*doc, "$", role, {"api_addr", "api_token", "api_tls_cert", "api_tls_key"});
    step = p ? Expected<void>{} : Expected<void>{p.error()};
    if (p) {
      out.participants.push_back(*p);
    }
  }
  if (step && out.participants.empty()) {
    step = bad("$", "nothing to run: give server or clients");
  }
  if (step) {
    step = name_everyone(out);
  }
  if (!step) {
    return located(step.error());
  }
  return out;
}

std::vector<std::string>
Participant::sipp_arguments(const std::vector<std::string> &command_line) const {
  std::vector<std::string> a;
  if (role == Role::Client) {
    a.push_back(remote_addr);
  }
  a.insert(a.end(), {"-nostdin", "-i", local_ip.empty() ? "127.0.0.1" : local_ip});
  if (!scenario_file.empty()) {
    a.insert(a.end(), {"-sf", scenario_file});
  } else {
    a.insert(a.end(), {"-sn", !scenario_name.empty()   ? scenario_name
                              : role == Role::Listener ? std::string("uas")
                                                       : std::string("uac")});
  }
  if (!transport.empty()) {
    a.insert(a.end(), {"-t", transport});
  }
  if (local_port) {
    a.insert(a.end(), {"-p", std::to_string(*local_port)});
  }
  if (rate) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", *rate);
    a.insert(a.end(), {"-r", text});
  }
  if (max_concurrent) {
    a.insert(a.end(), {"-l", std::to_string(*max_concurrent)});
  }
  if (total_calls && *total_calls != 0) {
    a.insert(a.end(), {"-m", std::to_string(*total_calls)});
  }
  a.insert(a.end(), extra_args.begin(), extra_args.end());
  a.insert(a.end(), command_line.begin(), command_line.end());
  return a;
}

} // namespace gossipper::tools

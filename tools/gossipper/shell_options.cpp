//===- shell_options.cpp - gossipper cli's set, unset and show ------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "shell_options.hpp"

#include "sipp_option_table.hpp"

#include <algorithm>
#include <charconv>

namespace gossipper::tools {
namespace {

constexpr const char *kTarget = "target";

/// Options a run of the shell cannot take: the shell owns the run's API,
/// its standard input and its place in the foreground.
bool shell_owned(std::string_view name) {
  return name == "api_addr" || name == "api_token" || name == "api_port_file" ||
         name == "nostdin" || name == "bg" || name == "summary_json";
}

/// Options that may be given several times, each with its own values.
bool repeatable(const SippOption &o) { return o.kind == OptionKind::TwoValues; }

std::string joined(const std::vector<std::string> &words) {
  std::string out;
  for (const std::string &w : words) {
    out += (out.empty() ? "" : " ") + w;
  }
  return out;
}

template <typename T> std::optional<T> number(const std::string &text) {
  T v{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return v;
}

} // namespace

Expected<void> ShellOptions::set(const std::string &name, const std::vector<std::string> &values) {
  std::string bare = name.starts_with('-') ? name.substr(name.find_first_not_of('-')) : name;
  if (bare == kTarget) {
    if (values.size() != 1) {
      return Error{"set target HOST:PORT"};
    }
    values_[bare] = {values};
    return {};
  }
  const SippOption *o = find_sipp_option(bare);
  if (o == nullptr) {
    return Error{"no option '" + bare + "' (gossipper sipp -h lists them; `help set`)"};
  }
  if (shell_owned(bare)) {
    return Error{"-" + bare + " is the shell's own for the runs it starts"};
  }
  size_t wanted = o->kind == OptionKind::Flag ? 0 : o->kind == OptionKind::Value ? 1 : 2;
  if (values.size() != wanted) {
    return Error{"-" + bare + " takes " +
                 (wanted == 0 ? std::string("no value") : std::to_string(wanted) + " value(s)")};
  }
  std::string key(o->names.front()); // aliases share one entry
  if (repeatable(*o)) {
    values_[key].push_back(values);
  } else {
    values_[key] = {values};
  }
  return {};
}

bool ShellOptions::unset(const std::string &name) {
  std::string bare = name.starts_with('-') ? name.substr(name.find_first_not_of('-')) : name;
  const SippOption *o = find_sipp_option(bare);
  return values_.erase(o != nullptr ? std::string(o->names.front()) : bare) != 0;
}

std::vector<std::string> ShellOptions::show(const std::string &name) const {
  std::vector<std::string> lines;
  for (const auto &[key, sets] : values_) {
    if (!name.empty() && key != name) {
      continue;
    }
    for (const auto &v : sets) {
      lines.push_back(v.empty() ? key : key + " " + joined(v));
    }
  }
  return lines;
}

Participant ShellOptions::participant(const std::string &id) const {
  Participant p;
  p.id = id;
  auto one = [this](const char *key) -> const std::string * {
    auto it = values_.find(key);
    return it == values_.end() || it->second.empty() || it->second.front().empty()
               ? nullptr
               : &it->second.front().front();
  };
  if (const std::string *t = one(kTarget)) {
    p.role = Participant::Role::Client;
    p.remote_addr = *t;
  } else {
    p.role = Participant::Role::Listener;
  }
  // The keys Participant names itself; the rest as they are.
  for (const auto &[key, sets] : values_) {
    const std::string *v = sets.front().empty() ? nullptr : &sets.front().front();
    if (key == kTarget) {
      continue;
    }
    if (key == "sn" && v != nullptr) {
      p.scenario_name = *v;
    } else if (key == "sf" && v != nullptr) {
      p.scenario_file = *v;
    } else if (key == "i" && v != nullptr) {
      p.local_ip = *v;
    } else if (key == "t" && v != nullptr) {
      p.transport = *v;
    } else if (key == "p" && v != nullptr && number<uint32_t>(*v)) {
      p.local_port = number<uint32_t>(*v);
    } else {
      for (const auto &values : sets) {
        p.extra_args.push_back("-" + key);
        p.extra_args.insert(p.extra_args.end(), values.begin(), values.end());
      }
    }
  }
  return p;
}

std::vector<std::string> ShellOptions::names() {
  std::vector<std::string> out{kTarget};
  for (const SippOption &o : sipp_option_table()) {
    for (std::string_view n : o.names) {
      if (!shell_owned(n)) {
        out.emplace_back(n);
      }
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

} // namespace gossipper::tools

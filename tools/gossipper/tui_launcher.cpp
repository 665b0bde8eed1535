//===- tui_launcher.cpp - gossipper tui's launcher form -------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "tui_launcher.hpp"

#include "shell_words.hpp"
#include "sipp_option_table.hpp"

#include <fstream>

namespace gossipper::tools {
namespace {

constexpr size_t kRecent = 10;
constexpr size_t kLabelWidth = 40;
constexpr char kSeparator = '\x1f'; // the ASCII unit separator: never typed
constexpr int kEnter = '\n';
constexpr int kEsc = 27;
constexpr int kCtrlR = 18;
constexpr int kCtrlU = 21;
// curses' codes, without its header here
constexpr int kKeyDown = 0402;
constexpr int kKeyUp = 0403;
constexpr int kKeyBackspace = 0407;
constexpr int kKeyEnter = 0527;

constexpr std::array<const char *, TuiLauncher::kFields> kLabels = {
    "Scenario  (built-in, .xml or .gso)",  "Target    (HOST:PORT; empty: a UAS)",
    "Transport (u1 un t1 tn l1 ln w1...)", "Rate      (calls per second)",
    "Limit     (-l, open calls)",          "Calls     (-m, then end; empty: no end)",
    "More      (gossipper sipp options)"};

bool ends_with(const std::string &s, std::string_view tail) { return s.ends_with(tail); }

} // namespace

TuiLauncher::TuiLauncher() {
  values_[Scenario] = "uac";
  values_[Transport] = "u1";
  values_[Rate] = "10";
}

TuiLauncher::Action TuiLauncher::key(int k) {
  std::string &v = values_[at_];
  if (k == kEsc) {
    return Action::Leave;
  }
  if (k == kEnter || k == '\r' || k == kKeyEnter) {
    if (at_ + 1 == kFields) {
      return Action::Start;
    }
    ++at_;
  } else if (k == kKeyDown || k == '\t') {
    at_ = (at_ + 1) % kFields;
  } else if (k == kKeyUp) {
    at_ = (at_ + kFields - 1) % kFields;
  } else if (k == kKeyBackspace || k == 127 || k == 8) {
    if (!v.empty()) {
      v.pop_back();
    }
  } else if (k == kCtrlU) {
    v.clear();
  } else if (k == kCtrlR && !recent_.empty()) {
    values_ = recent_[recent_at_++ % recent_.size()];
    message_ = {"recent run " + std::to_string((recent_at_ - 1) % recent_.size() + 1) + " of " +
                std::to_string(recent_.size())};
  } else if (k >= 32 && k < 127) {
    v.push_back(static_cast<char>(k));
  }
  return Action::None;
}

std::vector<TuiLine> TuiLauncher::lines(int width, int height, int &cursor_row,
                                        int &cursor_col) const {
  std::vector<TuiLine> out;
  out.push_back({"gossipper tui - a test to start", true});
  out.push_back({"", false});
  for (size_t f = 0; f < kFields; ++f) {
    std::string label = kLabels[f];
    label.resize(kLabelWidth, ' ');
    std::string line = (f == at_ ? "> " : "  ") + label + "  " + values_[f];
    if (f == at_) {
      cursor_row = static_cast<int>(out.size());
      cursor_col = static_cast<int>(columns(line));
    }
    out.push_back({line, false});
  }
  out.push_back({"", false});
  for (const std::string &m : message_) {
    out.push_back({m, false});
  }
  auto h = static_cast<size_t>(height);
  out.resize(h - 1);
  out.push_back(
      {"Up/Down move  Enter next, on More: start  Ctrl-R recent  Ctrl-U clear  Esc leave", true});
  for (TuiLine &l : out) {
    if (columns(l.text) > static_cast<size_t>(width)) {
      l.text.resize(static_cast<size_t>(width)); // the form is ASCII
    }
  }
  cursor_col = std::min(cursor_col, width - 1);
  return out;
}

std::string TuiLauncher::scenario_file() const {
  const std::string &s = values_[Scenario];
  return ends_with(s, ".xml") ? s : std::string();
}

Expected<ShellOptions> TuiLauncher::options() const {
  ShellOptions o;
  auto set = [&o](const char *name, const std::vector<std::string> &v,
                  const char *field) -> Expected<void> {
    if (Expected<void> done = o.set(name, v); !done) {
      return Error{std::string(field) + ": " + done.error().message};
    }
    return {};
  };
  const std::string &s = values_[Scenario];
  bool file = ends_with(s, ".xml") || ends_with(s, ".gso");
  std::vector<std::pair<Field, const char *>> plain = {
      {Target, "target"}, {Transport, "t"}, {Rate, "r"}, {Limit, "l"}, {Calls, "m"}};
  if (s.empty()) {
    return Error{"Scenario: a built-in's name (uac, uas...) or a file"};
  }
  if (Expected<void> d = set(file ? "sf" : "sn", {s}, "Scenario"); !d) {
    return d.error();
  }
  for (auto [f, name] : plain) {
    if (!values_[f].empty()) {
      if (Expected<void> d = set(name, {values_[f]}, kLabels[f]); !d) {
        return d.error();
      }
    }
  }
  std::vector<std::string> words = split_words(values_[More]);
  for (size_t i = 0; i < words.size();) {
    const std::string &name = words[i];
    const SippOption *opt = name.starts_with('-')
                                ? find_sipp_option(name.substr(name.find_first_not_of('-')))
                                : nullptr;
    if (opt == nullptr) {
      return Error{"More: '" + name + "' is no gossipper sipp option"};
    }
    size_t n = opt->kind == OptionKind::Flag ? 0 : opt->kind == OptionKind::Value ? 1 : 2;
    if (i + 1 + n > words.size()) {
      return Error{"More: " + name + " wants " + std::to_string(n) + " value(s)"};
    }
    std::vector<std::string> v(words.begin() + static_cast<long>(i) + 1,
                               words.begin() + static_cast<long>(i + 1 + n));
    if (Expected<void> d = set(name.c_str(), v, "More"); !d) {
      return d.error();
    }
    i += 1 + n;
  }
  return o;
}

void TuiLauncher::load_recent(const std::string &file) {
  recent_.clear();
  std::ifstream in(file);
  std::string line;
  while (recent_.size() < kRecent && std::getline(in, line)) {
    std::array<std::string, kFields> form;
    size_t f = 0;
    size_t start = 0;
    for (size_t i = 0; i <= line.size() && f < kFields; ++i) {
      if (i == line.size() || line[i] == kSeparator) {
        form[f++] = line.substr(start, i - start);
        start = i + 1;
      }
    }
    if (f == kFields) {
      recent_.push_back(form);
    }
  }
}

void TuiLauncher::remember(const std::string &file) {
  if (file.empty()) {
    return;
  }
  std::erase(recent_, values_);
  recent_.insert(recent_.begin(), values_);
  if (recent_.size() > kRecent) {
    recent_.resize(kRecent);
  }
  std::string tmp = file + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    for (const auto &form : recent_) {
      for (size_t f = 0; f < kFields; ++f) {
        out << (f == 0 ? "" : std::string(1, kSeparator)) << form[f];
      }
      out << "\n";
    }
  }
  std::rename(tmp.c_str(), file.c_str()); // never half a file
}

} // namespace gossipper::tools

//===- printer.cpp - Stable text form of the IR ---------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/ir/printer.hpp"

#include "gossipper/ir/call_layout.hpp"
#include "gossipper/ir/reachability.hpp"

#include <cstdio>
#include <type_traits>

namespace gossipper::ir {

std::string quote(std::string_view bytes) {
  std::string out = "\"";
  for (unsigned char c : bytes) {
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\r': out += "\\r"; break;
    case '\n': out += "\\n"; break;
    case '\t': out += "\\t"; break;
    default:
      if (c < 0x20 || c >= 0x7f) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02x", c);
        out += buf;
      } else {
        out += static_cast<char>(c);
      }
    }
  }
  out += '"';
  return out;
}

namespace {

std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

const char *scope_name(VarScope s) {
  switch (s) {
  case VarScope::Call: return "call";
  case VarScope::Global: return "global";
  case VarScope::User: return "user";
  }
  return "call";
}

const char *type_name(VarType t) {
  switch (t) {
  case VarType::Unset: return "unset";
  case VarType::String: return "string";
  case VarType::Double: return "double";
  case VarType::Bool: return "bool";
  case VarType::Any: return "any";
  }
  return "any";
}

const char *optional_name(Optional o) {
  switch (o) {
  case Optional::No: return "no";
  case Optional::Yes: return "true";
  case Optional::Global: return "global";
  }
  return "no";
}

const char *distribution_name(Distribution::Kind k) {
  switch (k) {
  case Distribution::Kind::Default: return "default";
  case Distribution::Kind::Fixed: return "fixed";
  case Distribution::Kind::Uniform: return "uniform";
  case Distribution::Kind::Normal: return "normal";
  case Distribution::Kind::LogNormal: return "lognormal";
  case Distribution::Kind::Exponential: return "exponential";
  case Distribution::Kind::Weibull: return "weibull";
  case Distribution::Kind::Pareto: return "pareto";
  case Distribution::Kind::GeneralizedPareto: return "gpareto";
  case Distribution::Kind::Gamma: return "gamma";
  case Distribution::Kind::NegativeBinomial: return "negbin";
  }
  return "default";
}

class Printer {
public:
  Printer(const Scenario &s, const PrintOptions &o) : s_(s), o_(o) {}

  std::string run() {
    line("scenario " + quote(s_.name) + " mode " + mode_name(s_.mode) + at(s_.loc));
    print_declarations();
    if (!s_.init_states.empty() || !s_.init_labels.empty()) {
      line("init");
      print_states(s_.init_states, s_.init_labels, "  ");
    }
    line("states");
    std::vector<bool> live = reachable_states(s_);
    print_states(s_.states, s_.labels, "  ", &live);
    return std::move(out_);
  }

  std::string tmpl(const Template &t) {
    std::string r = "{";
    bool first = true;
    for (const Segment &seg : t.segments) {
      r += first ? "" : " ";
      first = false;
      r += segment(seg);
    }
    return r + "}";
  }

private:
  std::string at(SourceLoc loc) const {
    if (!o_.locations || !loc.valid()) {
      return "";
    }
    return " @" + std::to_string(loc.line) + ":" + std::to_string(loc.column);
  }

  void line(const std::string &text) {
    out_ += text;
    out_ += '\n';
  }

  std::string var(VarId id) const {
    if (id == kNoVar) {
      return "none";
    }
    if (id >= s_.variables.size()) {
      return "$?" + std::to_string(id);
    }
    return "$" + std::to_string(id) + ":" + s_.variables[id].name;
  }

  std::string operand(const Operand &op) const {
    if (op.value) {
      return number(*op.value);
    }
    return var(op.var);
  }

  std::string distribution(const Distribution &d) const {
    std::string r = distribution_name(d.kind);
    if (!d.params.empty()) {
      r += "(";
      for (size_t i = 0; i < d.params.size(); ++i) {
        r += (i ? "," : "") + number(d.params[i]);
      }
      r += ")";
    }
    return r;
  }

  static std::string check(const Check &c) {
    std::string r;
    if (c.check_it) {
      r += " check_it";
    }
    if (c.check_it_inverse) {
      r += " check_it_inverse";
    }
    return r;
  }

  std::string segment(const Segment &seg) {
    auto offset = [&]() -> std::string {
      if (seg.offset == 0) {
        return "";
      }
      return (seg.offset > 0 ? "+" : "") + std::to_string(seg.offset);
    };
    switch (seg.kind) {
    case Segment::Kind::Literal: return quote(seg.text);
    case Segment::Kind::Keyword:
      return std::string("[") + keyword_name(seg.keyword) + offset() + "]";
    case Segment::Kind::Variable: return "[" + var(seg.var) + offset() + "]";
    case Segment::Kind::LastHeader: return "[last " + quote(seg.text) + "]";
    case Segment::Kind::Field: {
      std::string r = "[field" + std::to_string(seg.field) + offset();
      r += " file=" + (seg.file.empty() ? std::string("default") : quote(seg.file));
      if (!seg.sub.empty() && !seg.sub[0].empty()) {
        r += " line=" + tmpl(seg.sub[0]);
      }
      return r + "]";
    }
    case Segment::Kind::File:
      return "[file name=" + (seg.sub.empty() ? std::string("{}") : tmpl(seg.sub[0])) + "]";
    case Segment::Kind::Fill: return "[fill " + var(seg.var) + " text=" + quote(seg.text) + "]";
    case Segment::Kind::Authentication: {
      static const char *const names[] = {"username", "password", "aka_K", "aka_OP", "aka_AMF"};
      std::string r = "[authentication";
      for (size_t i = 0; i < seg.sub.size() && i < 5; ++i) {
        if (!seg.sub[i].empty()) {
          r += std::string(" ") + names[i] + "=" + tmpl(seg.sub[i]);
        }
      }
      return r + "]";
    }
    case Segment::Kind::CustomKey: return "[key " + quote(seg.text) + "]";
    }
    return "?";
  }

  std::string action(const ActionBody &body) {
    return std::visit(
        [&](const auto &a) -> std::string {
          using T = std::decay_t<decltype(a)>;
          if constexpr (std::is_same_v<T, EregAction>) {
            static const char *const where[] = {"msg", "hdr", "body", "var"};
            std::string r =
                "ereg " + quote(a.regex) + " search_in=" + where[static_cast<int>(a.search_in)];
            if (a.search_in == EregAction::SearchIn::Header) {
              r += " header=" + quote(a.header) + " occurrence=" + std::to_string(a.occurrence);
            }
            if (a.search_in == EregAction::SearchIn::Variable) {
              r += " variable=" + var(a.variable);
            }
            if (a.case_indep) {
              r += " case_indep";
            }
            if (a.start_line) {
              r += " start_line";
            }
            r += check(a.check) + " assign_to=";
            for (size_t i = 0; i < a.assign_to.size(); ++i) {
              r += (i ? "," : "") + var(a.assign_to[i]);
            }
            return r;
          } else if constexpr (std::is_same_v<T, LogAction>) {
            static const char *const lv[] = {"log", "warning", "error"};
            return std::string(lv[static_cast<int>(a.level)]) + " " + tmpl(a.message);
          } else if constexpr (std::is_same_v<T, ArithmeticAction>) {
            static const char *const ops[] = {"assign", "add", "subtract", "multiply", "divide"};
            return std::string(ops[static_cast<int>(a.op)]) + " " + var(a.target) + " " +
                   operand(a.rhs);
          } else if constexpr (std::is_same_v<T, SampleAction>) {
            return "sample " + var(a.target) + " " + distribution(a.distribution);
          } else if constexpr (std::is_same_v<T, ToDoubleAction>) {
            return "todouble " + var(a.target) + " " + var(a.source);
          } else if constexpr (std::is_same_v<T, IndexAction>) {
            return "index " + var(a.target);
          } else if constexpr (std::is_same_v<T, GetTimeOfDayAction>) {
            return "gettimeofday " + var(a.seconds) + " " + var(a.microseconds);
          } else if constexpr (std::is_same_v<T, AssignStrAction>) {
            return "assignstr " + var(a.target) + " " + tmpl(a.value);
          } else if constexpr (std::is_same_v<T, StrcmpAction>) {
            return "strcmp " + var(a.target) + " " + var(a.variable) + " " +
                   (a.value ? quote(*a.value) : var(a.variable2)) + check(a.check);
          } else if constexpr (std::is_same_v<T, TestAction>) {
            static const char *const cmp[] = {"equal",     "not_equal",          "greater_than",
                                              "less_than", "greater_than_equal", "less_than_equal"};
            return "test " + var(a.target) + " " + var(a.variable) + " " +
                   cmp[static_cast<int>(a.compare)] + " " + operand(a.rhs) + check(a.check);
          } else if constexpr (std::is_same_v<T, StringTransformAction>) {
            static const char *const ops[] = {"trim", "urlencode", "urldecode"};
            return std::string(ops[static_cast<int>(a.op)]) + " " + var(a.variable);
          } else if constexpr (std::is_same_v<T, VerifyAuthAction>) {
            return "verifyauth " + var(a.target) + " username=" + tmpl(a.username) +
                   " password=" + tmpl(a.password);
          } else if constexpr (std::is_same_v<T, InjectionFileAction>) {
            switch (a.op) {
            case InjectionFileAction::Op::Lookup:
              return "lookup " + var(a.target) + " file=" + tmpl(a.file) + " key=" + tmpl(a.key);
            case InjectionFileAction::Op::Insert:
              return "insert file=" + tmpl(a.file) + " value=" + tmpl(a.value);
            case InjectionFileAction::Op::Replace:
              return "replace file=" + tmpl(a.file) + " line=" + tmpl(a.key) +
                     " value=" + tmpl(a.value);
            }
            return "?";
          } else if constexpr (std::is_same_v<T, JumpAction>) {
            return std::string(a.op == JumpAction::Op::Jump ? "jump " : "pauserestore ") +
                   operand(a.target);
          } else if constexpr (std::is_same_v<T, SetDestAction>) {
            return "setdest host=" + tmpl(a.host) + " port=" + tmpl(a.port) +
                   " protocol=" + tmpl(a.protocol);
          } else if constexpr (std::is_same_v<T, CloseConAction>) {
            return "closecon";
          } else if constexpr (std::is_same_v<T, ExecCommandAction>) {
            return "exec " + tmpl(a.command);
          } else if constexpr (std::is_same_v<T, InternalCommandAction>) {
            static const char *const ops[] = {"stop_call", "stop_gracefully", "stop_now"};
            return std::string("int_cmd ") + ops[static_cast<int>(a.op)];
          } else if constexpr (std::is_same_v<T, MediaAction>) {
            static const char *const ops[] = {
                "play_pcap_audio", "play_pcap_image", "play_pcap_video", "play_dtmf",
                "rtp_stream",      "rtp_echo",        "rtp_echo_toggle"};
            std::string r = std::string("media ") + ops[static_cast<int>(a.op)];
            if (a.op == MediaAction::Op::PlayDtmf) {
              return r + " " + tmpl(a.digits);
            }
            if (a.op == MediaAction::Op::RtpEchoToggle) {
              return r + " " + operand(a.toggle);
            }
            return r + " " + quote(a.argument);
          }
        },
        body);
  }

  std::string state_header(const State &st) {
    return std::visit(
        [&](const auto &b) -> std::string {
          using T = std::decay_t<decltype(b)>;
          if constexpr (std::is_same_v<T, SendState>) {
            std::string r = "send ";
            r += b.is_response ? "response " + std::to_string(b.code) : "request " + b.method;
            if (b.retrans_ms) {
              r += " retrans=" + std::to_string(b.retrans_ms);
            }
            if (b.timeout_ms) {
              r += " timeout=" + std::to_string(b.timeout_ms);
            }
            if (b.start_txn) {
              r += " start_txn=" + std::to_string(b.start_txn);
            }
            if (b.ack_txn) {
              r += " ack_txn=" + std::to_string(b.ack_txn);
            }
            static const char *const cl[] = {"absent", "zero", "nonzero"};
            r += std::string(" content_length=") + cl[static_cast<int>(b.content_length)];
            return r;
          } else if constexpr (std::is_same_v<T, RecvState>) {
            std::string r = "recv ";
            if (!b.request.empty()) {
              r += "request " + quote(b.request);
            } else {
              r +=
                  "response " + (b.response ? std::to_string(*b.response) : quote(b.response_text));
            }
            if (b.regexp_match) {
              r += " regexp";
            }
            if (b.optional != Optional::No) {
              r += std::string(" optional=") + optional_name(b.optional);
            }
            if (!b.advance_state) {
              r += " advance_state=false";
            }
            if (b.timeout_ms) {
              r += " timeout=" + std::to_string(b.timeout_ms);
            }
            if (b.record_routes) {
              r += " rrs";
            }
            if (b.authentication) {
              r += " auth";
            }
            if (b.response_txn) {
              r += " response_txn=" + std::to_string(b.response_txn);
            }
            if (!b.cseq_methods.empty()) {
              r += " cseq_methods=";
              for (size_t i = 0; i < b.cseq_methods.size(); ++i) {
                r += (i ? "," : "") + b.cseq_methods[i];
              }
            }
            return r;
          } else if constexpr (std::is_same_v<T, PauseState>) {
            std::string r = b.timewait ? "timewait " : "pause ";
            r += b.variable != kNoVar ? var(b.variable) : distribution(b.distribution);
            if (!b.sanity_check) {
              r += " sanity_check=false";
            }
            return r;
          } else if constexpr (std::is_same_v<T, NopState>) {
            return "nop";
          } else if constexpr (std::is_same_v<T, SendCmdState>) {
            return "sendCmd" + (b.dest.empty() ? std::string() : " dest=" + quote(b.dest));
          } else if constexpr (std::is_same_v<T, RecvCmdState>) {
            std::string r = "recvCmd";
            if (!b.src.empty()) {
              r += " src=" + quote(b.src);
            }
            if (b.optional != Optional::No) {
              r += std::string(" optional=") + optional_name(b.optional);
            }
            return r;
          }
        },
        st.body);
  }

  static std::string label_ref(const LabelRef &l) {
    return quote(l.name) + "->" + (l.index == kNoState ? "?" : std::to_string(l.index));
  }

  /// `live`: per state, whether a call can reach it (null: all can).
  void print_states(const std::vector<State> &states, const std::vector<Label> &labels,
                    const std::string &indent, const std::vector<bool> *live = nullptr) {
    size_t next_label = 0;
    for (size_t i = 0; i <= states.size(); ++i) {
      while (next_label < labels.size() && labels[next_label].index == static_cast<StateIndex>(i)) {
        line(indent + "label " + quote(labels[next_label].name) + at(labels[next_label].loc));
        ++next_label;
      }
      if (i == states.size()) {
        break;
      }
      const State &st = states[i];
      std::string r = indent + std::to_string(i) + ": " +
                      (live != nullptr && !(*live)[i] ? "dead " : "") + state_header(st);
      if (st.next.present()) {
        r += " next=" + label_ref(st.next);
        if (st.test != kNoVar) {
          r += " test=" + var(st.test);
        }
        if (st.chance) {
          r += " chance=" + number(*st.chance);
        }
      }
      if (st.on_timeout.present()) {
        r += " ontimeout=" + label_ref(st.on_timeout);
      }
      if (st.condexec != kNoVar) {
        r +=
            std::string(" condexec") + (st.condexec_inverse ? "_inverse=" : "=") + var(st.condexec);
      }
      if (st.lost) {
        r += " lost=" + number(*st.lost);
      }
      if (st.start_rtd) {
        r += " start_rtd=" + std::to_string(st.start_rtd);
      }
      if (st.stop_rtd) {
        r += " stop_rtd=" + std::to_string(st.stop_rtd);
        if (st.repeat_rtd) {
          r += " repeat_rtd";
        }
      }
      if (st.counter >= 0) {
        r += " counter=" + std::to_string(st.counter);
      }
      if (st.crlf) {
        r += " crlf";
      }
      if (st.hide) {
        r += " hide";
      }
      if (st.ignore_sdp) {
        r += " ignoresdp";
      }
      if (!st.display.empty()) {
        r += " display=" + quote(st.display);
      }
      line(r + at(st.loc));
      if (const auto *send = std::get_if<SendState>(&st.body)) {
        line(indent + "    message " + tmpl(send->message));
      } else if (const auto *cmd = std::get_if<SendCmdState>(&st.body)) {
        line(indent + "    message " + tmpl(cmd->message));
      }
      for (const Action &a : st.actions) {
        line(indent + "    action " + action(a.body) + at(a.loc));
      }
    }
  }

  void print_declarations() {
    if (s_.response_time_repartition.present()) {
      line("repartition response_time " + bounds(s_.response_time_repartition) +
           at(s_.response_time_repartition.loc));
    }
    if (s_.call_length_repartition.present()) {
      line("repartition call_length " + bounds(s_.call_length_repartition) +
           at(s_.call_length_repartition.loc));
    }
    for (size_t i = 0; i < s_.rtds.size(); ++i) {
      line("rtd " + std::to_string(i + 1) + " " + quote(s_.rtds[i].name) + at(s_.rtds[i].loc));
    }
    for (size_t i = 0; i < s_.counters.size(); ++i) {
      line("counter " + std::to_string(i) + " " + quote(s_.counters[i]));
    }
    // Where a call keeps each variable: its slot, or none when never read.
    CallLayout layout = call_layout(s_, number_templates(s_));
    for (size_t i = 0; i < s_.variables.size(); ++i) {
      const Variable &v = s_.variables[i];
      uint32_t slot = layout.var_slot[i];
      std::string held = v.scope == VarScope::Global ? ""
                         : slot == kNoSlot           ? " unread"
                                                     : " slot=" + std::to_string(slot);
      line("var " + var(static_cast<VarId>(i)) + " " + scope_name(v.scope) + " " +
           type_name(v.type) + " refs=" + std::to_string(v.references) +
           (v.referenced_explicitly ? " referenced" : "") + held + at(v.first_loc));
    }
    for (size_t i = 0; i < s_.transactions.size(); ++i) {
      const Transaction &t = s_.transactions[i];
      line("txn " + std::to_string(i + 1) + " " + quote(t.name) + (t.is_invite ? " invite" : "") +
           at(t.loc));
    }
    if (s_.unexpected_jump != kNoState) {
      line("unexpected_jump " + std::to_string(s_.unexpected_jump));
    }
    for (const DefaultMessage &d : s_.default_messages) {
      if (d.builtin) {
        continue; // SIPp's own: the same in every scenario
      }
      line("default_message " + quote(d.id) + " " + tmpl(d.message) + at(d.loc));
    }
  }

  static std::string bounds(const Repartition &r) {
    std::string out;
    for (size_t i = 0; i < r.bounds_ms.size(); ++i) {
      out += (i ? "," : "") + std::to_string(r.bounds_ms[i]);
    }
    return out;
  }

  const Scenario &s_;
  PrintOptions o_;
  std::string out_;
};

} // namespace

std::string print_scenario(const Scenario &s, const PrintOptions &opts) {
  return Printer(s, opts).run();
}

std::string print_template(const Template &t, const Scenario &s) { return Printer(s, {}).tmpl(t); }

} // namespace gossipper::ir

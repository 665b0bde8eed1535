//===- verifier.cpp - SIPp's load-time rules, and more --------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/ir/verifier.hpp"

#include "gossipper/ir/reachability.hpp"
#include "gossipper/ir/spelling.hpp"

#include <climits>
#include <regex.h>
#include <type_traits>

namespace gossipper::ir {
namespace {

/// Compiles `pattern` as SIPp does (POSIX extended) and returns the error text,
/// or an empty string when it compiles.
std::string regex_error(const std::string &pattern) {
  regex_t re;
  int rc = regcomp(&re, pattern.c_str(), REG_EXTENDED | REG_NOSUB);
  if (rc == 0) {
    regfree(&re);
    return {};
  }
  char buf[256];
  regerror(rc, &re, buf, sizeof buf);
  regfree(&re);
  return buf;
}

class Verifier {
public:
  Verifier(const Scenario &s, const VerifyContext &ctx, DiagnosticEngine &d)
      : s_(s), ctx_(ctx), d_(d) {}

  bool run() {
    size_t before = d_.error_count();
    check_mode();
    check_labels(s_.labels, s_.states);
    check_labels(s_.init_labels, s_.init_states);
    check_sequence();
    check_states(s_.states, false);
    check_states(s_.init_states, true);
    if (!ctx_.after_errors) {
      check_variables();
      check_rtds();
      check_transactions();
    }
    if (d_.error_count() == before) {
      check_reachability(); // needs every label resolved
    }
    check_3pcc();
    for (const DefaultMessage &m : s_.default_messages) {
      check_template(m.message);
    }
    return d_.error_count() == before;
  }

private:
  void check_mode() {
    if (s_.states.empty()) {
      d_.error(s_.loc, "the scenario has no command (send, recv, pause, nop, sendCmd or recvCmd)");
      return;
    }
    if (s_.mode == Mode::Unknown) {
      d_.error(s_.loc, "cannot tell whether this scenario is a client or a server: it has no "
                       "send, recv, sendCmd or recvCmd");
    }
  }

  void check_labels(const std::vector<Label> &labels, const std::vector<State> &states) {
    for (size_t i = 0; i < labels.size(); ++i) {
      for (size_t j = 0; j < i; ++j) {
        if (labels[j].name == labels[i].name) {
          d_.error(labels[i].loc, "label '" + labels[i].name +
                                      "' is defined twice (first at line " +
                                      std::to_string(labels[j].loc.line) + ")");
          break;
        }
      }
    }
    std::vector<std::string_view> names;
    names.reserve(labels.size());
    for (const Label &l : labels) {
      names.push_back(l.name);
    }
    auto check_ref = [&](const LabelRef &ref, const char *attr) {
      if (ref.present() && ref.index == kNoState) {
        std::string near = closest_match(ref.name, names);
        d_.error(ref.loc, std::string("unknown label '") + ref.name + "' in " + attr + "=" +
                              (near.empty() ? "" : " (did you mean '" + near + "'?)"));
      }
    };
    for (const State &st : states) {
      check_ref(st.next, "next");
      check_ref(st.on_timeout, "ontimeout");
    }
  }

  /// A dead state is almost always a mistake (a `next=` that skips what was
  /// meant to run); one warning per run of dead states.
  void check_reachability() {
    std::vector<bool> live = reachable_states(s_);
    for (size_t i = 0; i < live.size(); ++i) {
      if (!live[i] && (i == 0 || live[i - 1])) {
        const State &st = s_.states[i];
        d_.warning(st.loc, "<" + st.element +
                               "> can never run: the command before it always jumps away "
                               "(next=) and no next=, ontimeout= or optional message leads "
                               "here; it is not compiled");
      }
    }
  }

  /// SIPp's ordering rules: nothing after <timewait>, and an optional <recv>
  /// must be followed by a mandatory one before anything is sent.
  void check_sequence() {
    bool after_timewait = false;
    bool last_recv_optional = false;
    for (const State &st : s_.states) {
      if (after_timewait) {
        d_.error(st.loc, "<" + st.element +
                             "> after <timewait>: <timewait> must be the last "
                             "command of a scenario");
        after_timewait = false; // one report is enough
      }
      bool is_recv = std::holds_alternative<RecvState>(st.body) ||
                     std::holds_alternative<RecvCmdState>(st.body);
      if (is_recv) {
        Optional opt = Optional::No;
        if (const auto *r = std::get_if<RecvState>(&st.body)) {
          opt = r->optional;
        } else {
          opt = std::get<RecvCmdState>(st.body).optional;
        }
        last_recv_optional = opt != Optional::No;
      } else {
        if (last_recv_optional) {
          d_.error(st.loc, "<" + st.element +
                               "> follows optional receives with no mandatory one in between: "
                               "the call could never tell when to send; make one of them "
                               "mandatory (remove optional=\"true\")");
        }
        last_recv_optional = false;
      }
      if (const auto *p = std::get_if<PauseState>(&st.body); p && p->timewait) {
        after_timewait = true;
        if (st.next.present()) {
          d_.error(st.next.loc, "next= is not allowed on <timewait>");
        }
        if (st.on_timeout.present()) {
          d_.error(st.on_timeout.loc, "ontimeout= is not allowed on <timewait>");
        }
      }
    }
  }

  void check_states(const std::vector<State> &states, bool init) {
    for (const State &st : states) {
      if (init && !std::holds_alternative<NopState>(st.body)) {
        d_.error(st.loc, "<init> may only hold <nop> and <label>");
      }
      if (st.chance && (*st.chance < 0.0 || *st.chance > 1.0)) {
        d_.error(st.loc, "chance must be between 0 and 1");
      }
      if (st.lost && (*st.lost < 0.0 || *st.lost > 100.0)) {
        d_.warning(st.loc,
                   "lost is a percentage; values outside 0-100 behave like the nearest bound");
      }
      if (st.repeat_rtd && st.stop_rtd == 0) {
        d_.error(st.loc, "repeat_rtd needs rtd= on the same command");
      }
      std::visit([&](const auto &b) { check_body(st, b); }, st.body);
      for (const Action &a : st.actions) {
        std::visit([&](const auto &body) { check_action(a, body); }, a.body);
      }
    }
  }

  void check_body(const State &, const SendState &b) {
    check_template(b.message);
    if (b.message.empty()) {
      return; // the message did not parse, which was reported already
    }
    SourceLoc first = b.message.segments.front().loc;
    if (b.is_response) {
      if (b.code < 100 || b.code > 699) {
        d_.error(first, "response code " + std::to_string(b.code) + " is outside 100-699");
      }
    } else if (b.method.empty()) {
      d_.error(first, "the first line of a message must start with a literal method or "
                      "'SIP/2.0 <code>' (a keyword there would break [cseq] and matching)");
    }
  }

  void check_body(const State &st, const RecvState &b) {
    if (b.regexp_match) {
      const std::string &pattern = b.request.empty() ? b.response_text : b.request;
      if (std::string err = regex_error(pattern); !err.empty()) {
        d_.error(st.loc, "regular expression '" + pattern + "' does not compile: " + err);
      }
    } else if (b.request.empty() && b.response_text.empty()) {
      // Neither request= nor response=: reported when it was read.
    } else if (b.request.empty() && !b.response) {
      d_.error(st.loc, "response code '" + b.response_text + "' is not a number");
    } else if (b.response && (*b.response < 100 || *b.response > 699)) {
      d_.error(st.loc, "response code " + std::to_string(*b.response) + " is outside 100-699");
    }
    if (!b.advance_state && b.optional == Optional::No) {
      d_.error(st.loc, "advance_state=\"false\" is only allowed on an optional <recv>");
    }
  }

  void check_body(const State &st, const PauseState &b) {
    const Distribution &d = b.distribution;
    if (b.variable != kNoVar || !b.sanity_check) {
      return;
    }
    if (d.kind == Distribution::Kind::Fixed && !d.params.empty() &&
        d.params[0] > static_cast<double>(INT_MAX)) {
      d_.error(st.loc, "pause of " + std::to_string(d.params[0]) + " ms is longer than INT_MAX");
    }
  }

  void check_body(const State &, const NopState &) {}
  void check_body(const State &, const SendCmdState &b) { check_template(b.message); }
  void check_body(const State &, const RecvCmdState &) {}

  void check_action(const Action &a, const EregAction &e) {
    if (std::string err = regex_error(e.regex); !err.empty()) {
      d_.error(a.loc, "regular expression '" + e.regex + "' does not compile: " + err);
    }
    if (e.assign_to.size() > 10) {
      d_.error(a.loc, "ereg can assign at most nine sub-expressions");
    }
    if (e.check.check_it && e.check.check_it_inverse) {
      d_.error(a.loc, "check_it and check_it_inverse are mutually exclusive");
    }
  }
  void check_action(const Action &a, const ArithmeticAction &x) {
    if (x.op == ArithmeticAction::Op::Divide && x.rhs.value && *x.rhs.value == 0.0) {
      d_.error(a.loc, "divide by the constant zero");
    }
  }
  void check_action(const Action &a, const StrcmpAction &x) {
    if (x.check.check_it && x.check.check_it_inverse) {
      d_.error(a.loc, "check_it and check_it_inverse are mutually exclusive");
    }
  }
  void check_action(const Action &a, const TestAction &x) {
    if (x.check.check_it && x.check.check_it_inverse) {
      d_.error(a.loc, "check_it and check_it_inverse are mutually exclusive");
    }
  }
  void check_action(const Action &, const LogAction &x) { check_template(x.message); }
  void check_action(const Action &, const AssignStrAction &x) { check_template(x.value); }
  void check_action(const Action &, const VerifyAuthAction &x) {
    check_template(x.username);
    check_template(x.password);
  }
  void check_action(const Action &a, const InjectionFileAction &x) {
    check_template(x.file);
    // A file named by literal text is checked now; SIPp stops mid-run instead.
    if (ctx_.check_injection && x.file.segments.size() == 1 &&
        x.file.segments[0].kind == Segment::Kind::Literal) {
      const std::string &name = x.file.segments[0].text;
      if (ctx_.injection_fields.count(name) == 0) {
        d_.error(a.loc, "injection file '" + name + "' was not given with -inf");
      } else if (x.op == InjectionFileAction::Op::Lookup &&
                 ctx_.indexed_injection_files.count(name) == 0) {
        d_.error(a.loc,
                 "<lookup> needs an index of '" + name + "': add -infindex " + name + " FIELD");
      }
    }
    check_template(x.key);
    check_template(x.value);
  }
  void check_action(const Action &, const SetDestAction &x) {
    check_template(x.host);
    check_template(x.port);
    check_template(x.protocol);
  }
  void check_action(const Action &, const ExecCommandAction &x) { check_template(x.command); }
  void check_action(const Action &, const MediaAction &x) { check_template(x.digits); }
  template <class T> void check_action(const Action &, const T &) {}

  /// Injection fields against the -inf files of the command line.
  void check_template(const Template &t) {
    for (const Segment &seg : t.segments) {
      for (const Template &sub : seg.sub) {
        check_template(sub);
      }
      if (seg.kind != Segment::Kind::Field || !ctx_.check_injection) {
        continue;
      }
      std::string file = seg.file.empty() ? ctx_.default_injection_file : seg.file;
      if (file.empty()) {
        d_.error(seg.loc, "[field" + std::to_string(seg.field) +
                              "] needs an injection file: none was given with -inf");
        continue;
      }
      auto it = ctx_.injection_fields.find(file);
      if (it == ctx_.injection_fields.end()) {
        d_.error(seg.loc, "injection file '" + file + "' was not given with -inf");
        continue;
      }
      if (seg.field >= it->second) {
        d_.error(seg.loc, "[field" + std::to_string(seg.field) + "] is beyond the " +
                              std::to_string(it->second) + " field" + (it->second == 1 ? "" : "s") +
                              " of '" + file + "'");
      }
    }
  }

  void check_variables() {
    for (const Variable &v : s_.variables) {
      if (v.references < 2 && !v.referenced_explicitly && v.name != "_" &&
          v.name.rfind("_unexp.", 0) != 0) {
        d_.error(v.first_loc, "variable '" + v.name +
                                  "' is used only once; a variable that is only set or only "
                                  "read is usually a typo (name it in <Reference variables=\"" +
                                  v.name + "\"/> if this is intended)");
      }
    }
  }

  void check_rtds() {
    for (const Rtd &r : s_.rtds) {
      if (r.started && !r.stopped) {
        d_.error(r.loc, "response time '" + r.name + "' is started but never stopped (rtd=\"" +
                            r.name + "\")");
      }
    }
  }

  void check_transactions() {
    for (const Transaction &t : s_.transactions) {
      if (t.started == 0) {
        d_.error(t.loc, "transaction '" + t.name + "' is never started (start_txn=)");
      } else if (t.responses == 0) {
        d_.error(t.loc, "transaction '" + t.name + "' has no response (response_txn=)");
      }
      if (t.is_invite && t.acks == 0) {
        d_.error(t.loc, "INVITE transaction '" + t.name + "' is never acknowledged (ack_txn=)");
      }
      if (!t.is_invite && t.acks > 0) {
        d_.error(t.loc, "transaction '" + t.name + "' is not an INVITE but has an ack_txn=");
      }
    }
  }

  void check_3pcc() {
    for (const State &st : s_.states) {
      const auto *send = std::get_if<SendCmdState>(&st.body);
      const auto *recv = std::get_if<RecvCmdState>(&st.body);
      if (!send && !recv) {
        continue;
      }
      const std::string &peer = send ? send->dest : recv->src;
      if (ctx_.check_3pcc && !ctx_.twin_3pcc && !ctx_.extended_3pcc) {
        d_.error(st.loc, "<" + st.element +
                             "> needs a 3PCC peer: give -3pcc HOST:PORT, or "
                             "-master/-slave with -slave_cfg");
        return; // once per scenario, like SIPp
      }
      if (ctx_.extended_3pcc) {
        if (peer.empty()) {
          d_.error(st.loc, std::string("<") + st.element + "> needs " + (send ? "dest=" : "src=") +
                               " in extended 3PCC mode");
        } else if (!ctx_.peers.empty() && !ctx_.peers.contains(peer)) {
          d_.error(st.loc, "3PCC peer '" + peer + "' is not in the -slave_cfg file");
        }
      }
    }
  }

  const Scenario &s_;
  const VerifyContext &ctx_;
  DiagnosticEngine &d_;
};

} // namespace

bool verify(const Scenario &s, const VerifyContext &ctx, DiagnosticEngine &diags) {
  return Verifier(s, ctx, diags).run();
}

} // namespace gossipper::ir

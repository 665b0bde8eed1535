//===- lowering_states.cpp - Top-level elements, states, labels, next= ----===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Each command becomes a state: its body (send, recv, pause, nop, 3PCC), the
// attributes every command takes, and its actions. Labels record the index
// of the state that follows them; next= and ontimeout= keep the label's name
// until the driver resolves it.
//
//===----------------------------------------------------------------------===//
#include "lowering_pass.hpp"

namespace gossipper::compiler {

void Lowering::lower_top_level(const Node &n) {
  const std::string &name = n.name;
  if (name == "label") {
    if (const AttrValue *id = n.attr("id")) {
      s_.labels.push_back({id->text, static_cast<ir::StateIndex>(s_.states.size()), n.loc});
    }
  } else if (name == "init") {
    for (const Node &c : n.children) {
      if (c.name == "label") {
        if (const AttrValue *id = c.attr("id")) {
          s_.init_labels.push_back(
              {id->text, static_cast<ir::StateIndex>(s_.init_states.size()), c.loc});
        }
      } else {
        s_.init_states.push_back(lower_command(c));
      }
    }
  } else if (name == "DefaultMessage") {
    const AttrValue *id = n.attr("id");
    if (id != nullptr && n.message) {
      s_.default_messages.push_back({id->text, lower_template(*n.message), n.loc});
    }
  } else if (name == "ResponseTimeRepartition" || name == "CallLengthRepartition") {
    lower_repartition(n, name == "ResponseTimeRepartition" ? s_.response_time_repartition
                                                           : s_.call_length_repartition);
  } else if (name == "Global" || name == "User" || name == "Reference") {
    // Handled before and after the commands.
  } else if (n.spec != nullptr && n.spec->command) {
    s_.states.push_back(lower_command(n));
  }
}

ir::State Lowering::lower_command(const Node &n) {
  ir::State st;
  st.element = n.name;
  st.loc = n.loc;
  if (n.name == "send") {
    st.body = lower_send(n);
  } else if (n.name == "recv") {
    st.body = lower_recv(n);
  } else if (n.name == "pause" || n.name == "timewait") {
    st.body = lower_pause(n);
  } else if (n.name == "sendCmd") {
    ir::SendCmdState c;
    if (n.message) {
      c.message = lower_template(*n.message);
    }
    if (const AttrValue *dest = n.attr("dest")) {
      c.dest = dest->text;
    }
    st.body = std::move(c);
  } else if (n.name == "recvCmd") {
    ir::RecvCmdState c;
    if (const AttrValue *src = n.attr("src")) {
      c.src = src->text;
    }
    c.optional = optional_of(n);
    st.body = std::move(c);
  } else {
    st.body = ir::NopState{};
  }
  lower_common(n, st);
  for (const Node &child : n.children) {
    for (const Node &action : child.children) {
      if (auto a = lower_action(action)) {
        st.actions.push_back(std::move(*a));
      }
    }
  }
  return st;
}

ir::Optional Lowering::optional_of(const Node &n) {
  const AttrValue *o = n.attr("optional");
  if (o == nullptr || o->text == "false") {
    return ir::Optional::No;
  }
  return o->text == "global" ? ir::Optional::Global : ir::Optional::Yes;
}

/// The attributes every command takes, in the order their diagnostics and
/// their uses of variables must come.
void Lowering::lower_common(const Node &n, ir::State &st) {
  if (const AttrValue *a = n.attr("rtd")) {
    st.stop_rtd = rtd(*a, false);
  }
  if (const AttrValue *a = n.attr("repeat_rtd")) {
    st.repeat_rtd = a->boolean;
  }
  if (const AttrValue *a = n.attr("start_rtd")) {
    st.start_rtd = rtd(*a, true);
  }
  if (const AttrValue *a = n.attr("counter")) {
    st.counter = counter(a->text);
  }
  if (const AttrValue *a = n.attr("lost")) {
    st.lost = a->number;
  }
  st.crlf = n.has("crlf");
  if (const AttrValue *a = n.attr("ignoresdp")) {
    st.ignore_sdp = a->boolean;
  }
  if (const AttrValue *a = n.attr("hiderest")) {
    hide_default_ = a->boolean;
  }
  st.hide = hide_default_;
  if (const AttrValue *a = n.attr("hide")) {
    st.hide = a->boolean;
  }
  if (const AttrValue *a = n.attr("display")) {
    st.display = a->text;
  }
  st.condexec = var_attr(n, "condexec", ir::VarType::Unset);
  if (const AttrValue *a = n.attr("condexec_inverse")) {
    st.condexec_inverse = a->boolean;
  }
  lower_next(n, st);
  if (const AttrValue *a = n.attr("ontimeout")) {
    st.on_timeout.name = a->text;
    st.on_timeout.loc = a->value_loc;
  }
}

/// next=, with the test= and chance= that only mean something beside it.
void Lowering::lower_next(const Node &n, ir::State &st) {
  if (const AttrValue *a = n.attr("next")) {
    st.next.name = a->text;
    st.next.loc = a->value_loc;
    st.test = var_attr(n, "test", ir::VarType::Unset);
    if (const AttrValue *c = n.attr("chance")) {
      st.chance = c->number;
    }
    return;
  }
  // As in SIPp, test= without next= is not read at all, so it does not
  // count as a use of its variable either.
  for (std::string_view attr : {"test", "chance"}) {
    if (const AttrValue *given = n.attr(attr)) {
      d_.warning(given->loc, std::string(attr) + "= has no effect without next=");
    }
  }
}

ir::PauseState Lowering::lower_pause(const Node &n) {
  ir::PauseState p;
  p.timewait = n.name == "timewait";
  if (const AttrValue *a = n.attr("variable")) {
    p.variable = var(a->names[0], a->value_loc, ir::VarType::Unset);
  } else if (auto d = lower_distribution(n, true)) {
    p.distribution = std::move(*d);
  }
  if (const AttrValue *a = n.attr("sanity_check")) {
    p.sanity_check = a->boolean;
  }
  return p;
}

} // namespace gossipper::compiler

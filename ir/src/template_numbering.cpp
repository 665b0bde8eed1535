//===- template_numbering.cpp - One id per message template ---------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/ir/template_numbering.hpp"

#include <type_traits>

namespace gossipper::ir {
namespace {

class Numbering {
public:
  explicit Numbering(TemplateTable &t) : t_(t) {}

  uint32_t add(const Template &tmpl) {
    auto [it, inserted] = t_.ids.emplace(&tmpl, static_cast<uint32_t>(t_.templates.size()));
    if (inserted) {
      t_.templates.push_back(&tmpl);
      t_.template_state.push_back(state_);
      for (const Segment &seg : tmpl.segments) {
        for (const Template &sub : seg.sub) {
          add(sub);
        }
      }
    }
    return it->second;
  }

  void add_action(const Action &a) {
    std::visit(
        [&](const auto &body) {
          using T = std::decay_t<decltype(body)>;
          if constexpr (std::is_same_v<T, LogAction>) {
            add(body.message);
          } else if constexpr (std::is_same_v<T, AssignStrAction>) {
            add(body.value);
          } else if constexpr (std::is_same_v<T, VerifyAuthAction>) {
            add(body.username);
            add(body.password);
          } else if constexpr (std::is_same_v<T, InjectionFileAction>) {
            add(body.file);
            add(body.key);
            add(body.value);
          } else if constexpr (std::is_same_v<T, SetDestAction>) {
            add(body.host);
            add(body.port);
            add(body.protocol);
          } else if constexpr (std::is_same_v<T, ExecCommandAction>) {
            add(body.command);
          } else if constexpr (std::is_same_v<T, MediaAction>) {
            add(body.digits);
          }
        },
        a.body);
  }

  void add_states(const std::vector<State> &states) {
    for (const State &st : states) {
      state_ = static_cast<StateIndex>(t_.state_message.size());
      uint32_t message = kNoTemplate;
      if (const auto *send = std::get_if<SendState>(&st.body)) {
        message = add(send->message);
      } else if (const auto *cmd = std::get_if<SendCmdState>(&st.body)) {
        message = add(cmd->message);
      }
      t_.state_message.push_back(message);
      for (const Action &a : st.actions) {
        add_action(a);
      }
    }
    state_ = kNoState;
  }

private:
  TemplateTable &t_;
  StateIndex state_ = kNoState; ///< the state whose templates are being numbered
};

} // namespace

TemplateTable number_templates(const Scenario &s) {
  TemplateTable t;
  Numbering n(t);
  n.add_states(s.states);
  n.add_states(s.init_states);
  for (const DefaultMessage &d : s.default_messages) {
    t.default_messages.emplace_back(d.id, n.add(d.message));
  }
  return t;
}

} // namespace gossipper::ir

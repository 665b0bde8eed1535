//===- scenario_context.cpp - What the shards share for a scenario --------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "call/scenario_context.hpp"

namespace gossipper::runtime {

void ScenarioContext::describe(const ir::Scenario &s, const ir::TemplateTable &t,
                               uint32_t default_pause_ms) {
  for (const auto &[id, tmpl] : t.default_messages) {
    if (id == "ack") {
      default_ack = tmpl;
    } else if (id == "bye") {
      default_bye = tmpl;
    } else if (id == "cancel") {
      default_cancel = tmpl;
    } else if (id == "200") {
      default_200 = tmpl;
    } else if (id == "3pcc_abort") {
      default_3pcc_abort = tmpl;
    }
  }
  for (const ir::State &st : s.states) {
    if (const auto *p = std::get_if<ir::PauseState>(&st.body)) {
      if (p->distribution.kind == ir::Distribution::Kind::Fixed) {
        scenario_duration_ms += static_cast<uint64_t>(p->distribution.params[0]);
      } else if (p->distribution.kind == ir::Distribution::Kind::Default) {
        scenario_duration_ms += default_pause_ms;
      }
    }
  }
}

} // namespace gossipper::runtime

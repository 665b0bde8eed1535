//===- scenario_context.cpp - What the shards share for a scenario --------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "call/scenario_context.hpp"

#include <string_view>
#include <utility>

namespace gossipper::runtime {

void ScenarioContext::find_default_messages(const ir::TemplateTable &t) {
  static constexpr std::pair<std::string_view, uint32_t ScenarioContext::*> kDefaults[] = {
      {"ack", &ScenarioContext::default_ack},
      {"bye", &ScenarioContext::default_bye},
      {"cancel", &ScenarioContext::default_cancel},
      {"200", &ScenarioContext::default_200},
      {"3pcc_abort", &ScenarioContext::default_3pcc_abort}};
  for (const auto &[id, tmpl] : t.default_messages) {
    for (const auto &[name, member] : kDefaults) {
      if (id == name) {
        this->*member = tmpl;
      }
    }
  }
}

} // namespace gossipper::runtime

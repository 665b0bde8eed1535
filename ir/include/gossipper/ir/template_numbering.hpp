//===- template_numbering.hpp - One id per message template ----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Every template of a scenario (messages, action texts, keyword parameters)
// gets an id, in a fixed walk order, so the runtime and any scenario program
// (interpreter, generated code) name templates the same way across the ABI.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/ir/scenario.hpp"

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace gossipper::ir {

inline constexpr uint32_t kNoTemplate = UINT32_MAX;

struct TemplateTable {
  std::vector<const Template *> templates;
  std::unordered_map<const Template *, uint32_t> ids;
  /// The message template of each state (send, sendCmd), kNoTemplate otherwise;
  /// main states first, then init states.
  std::vector<uint32_t> state_message;
  /// Per template: the state it belongs to (numbered as state_message is),
  /// kNoState for a default message.
  std::vector<StateIndex> template_state;
  /// DefaultMessage templates by id ("bye", "200", ...).
  std::vector<std::pair<std::string, uint32_t>> default_messages;

  [[nodiscard]] uint32_t id(const Template *t) const {
    auto it = ids.find(t);
    return it == ids.end() ? kNoTemplate : it->second;
  }
};

/// Numbers the templates of `s`. The table points into `s`, which must outlive it.
[[nodiscard]] TemplateTable number_templates(const Scenario &s);

} // namespace gossipper::ir

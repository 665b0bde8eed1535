//===- interpreter.hpp - The IR as a gsp_program ---------------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The reference implementation of the ABI: render() walks a template's
// segments, run_actions() a state's actions, both through the runtime's
// services. Generated code must behave exactly like this.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/abi.h"
#include "gossipper/ir/scenario.hpp"
#include "gossipper/ir/template_numbering.hpp"

namespace gossipper::runtime {

class Interpreter {
public:
  /// `s` and `table` must outlive the interpreter.
  Interpreter(const ir::Scenario &s, const ir::TemplateTable &table);

  [[nodiscard]] const gsp_program *program() const { return &program_; }

private:
  static void render(void *self, const gsp_services *svc, gsp_call *call, gsp_buf *out,
                     uint32_t template_id);
  static int run_actions(void *self, const gsp_services *svc, gsp_call *call, uint32_t state);

  const ir::Scenario &s_;
  const ir::TemplateTable &table_;
  gsp_program program_{};
};

} // namespace gossipper::runtime

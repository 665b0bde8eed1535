//===- lowering_pass.hpp - The lowering's state and steps (internal) -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// One object walks the whole scenario because its steps share what has been
// named so far: the IR being built, the variable table, the methods sent. Its
// steps are defined one concept per file; each group below names its file.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/compiler/lowering.hpp"

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gossipper::compiler {

/// Where the item named `name` is in `items` (`name_of` reads an item's
/// name), `make()` appended first when there is none: response times,
/// counters and transactions are numbered by first use.
template <class T, class NameOf, class Make>
size_t find_or_add(std::vector<T> &items, std::string_view name, NameOf name_of, Make make) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (name_of(items[i]) == name) {
      return i;
    }
  }
  items.push_back(make());
  return items.size() - 1;
}

class Lowering {
public:
  Lowering(const ScenarioAst &ast, const SourceBuffer &src, const LoweringOptions &opts,
           ir::DiagnosticEngine &d)
      : ast_(ast), src_(src), opts_(opts), d_(d) {}

  /// The whole scenario, in the order its diagnostics must come out.
  ir::Scenario run();

private:
  //===--- the whole scenario (lowering.cpp) -------------------------------===//

  void add_builtin_default_messages();

  //===--- variables (lowering_variables.cpp) ------------------------------===//

  /// The slot of `name`, made at its first use; each use counts and merges
  /// the type it implies.
  ir::VarId var(const std::string &name, ir::SourceLoc loc, ir::VarType type);
  ir::VarId var_attr(const Node &n, std::string_view attr, ir::VarType type);
  void declare_scoped_variables(const Node &root);
  void apply_references(const Node &root);

  //===--- RTDs, counters, repartitions (lowering_statistics.cpp) ----------===//

  uint32_t rtd(const AttrValue &a, bool start);
  int32_t counter(const std::string &name);
  void lower_repartition(const Node &n, ir::Repartition &r);

  //===--- templates and keywords (lowering_templates.cpp) -----------------===//

  void add_literal(ir::Template &t, const std::string &bytes, ir::SourceLoc loc);
  ir::Template lower_template(const TemplateAst &ast);
  ir::Template lower_attr_template(const Node &n, std::string_view attr);
  ir::Template param_template(const TemplateParam &p);
  bool check_params(const TemplatePiece &p, const std::string &kw,
                    std::initializer_list<std::string_view> allowed);
  const TemplateParam *required_param(const TemplatePiece &p, std::string_view name,
                                      const std::string &missing);
  std::optional<ir::Segment> lower_keyword(const TemplatePiece &p);
  std::optional<ir::Segment> lower_simple_keyword(const TemplatePiece &p, const std::string &word,
                                                  ir::Keyword keyword, ir::Segment seg);
  std::optional<ir::Segment> lower_field(const TemplatePiece &p, const std::string &word,
                                         ir::Segment seg);
  std::optional<ir::Segment> lower_file(const TemplatePiece &p, const std::string &word,
                                        ir::Segment seg);
  std::optional<ir::Segment> lower_variable_keyword(const TemplatePiece &p, const std::string &word,
                                                    ir::Segment seg);
  std::optional<ir::Segment> lower_fill(const TemplatePiece &p, const std::string &word,
                                        ir::Segment seg);
  std::optional<ir::Segment> lower_last_header(const TemplatePiece &p, const std::string &word,
                                               ir::Segment seg);
  std::optional<ir::Segment> lower_authentication(const TemplatePiece &p, const std::string &word,
                                                  ir::Segment seg);

  //===--- states, labels, next= (lowering_states.cpp) ---------------------===//

  void lower_top_level(const Node &n);
  ir::State lower_command(const Node &n);
  void lower_common(const Node &n, ir::State &st);
  void lower_next(const Node &n, ir::State &st);
  ir::PauseState lower_pause(const Node &n);
  static ir::Optional optional_of(const Node &n);

  //===--- send, recv, transactions (lowering_messages.cpp) ----------------===//

  enum class TxnUse { Start, Response, Ack };

  uint32_t transaction(const AttrValue &a, TxnUse use, bool is_invite);
  ir::SendState lower_send(const Node &n);
  void lower_send_transaction(const Node &n, ir::SendState &s);
  ir::RecvState lower_recv(const Node &n);

  //===--- distributions (lowering_distributions.cpp) ----------------------===//

  std::optional<ir::Distribution> lower_distribution(const Node &n, bool old_style);

  //===--- actions (lowering_actions.cpp) ----------------------------------===//

  std::optional<ir::Operand> operand(const Node &n, std::string_view value_attr,
                                     std::string_view var_attr_name);
  ir::VarId optional_target(const Node &n, ir::VarType type);
  std::optional<ir::Action> lower_action(const Node &n);
  std::optional<ir::ActionBody> act_ereg(const Node &n);
  std::optional<ir::ActionBody> act_log(const Node &n);
  std::optional<ir::ActionBody> act_arithmetic(const Node &n);
  std::optional<ir::ActionBody> act_sample(const Node &n);
  std::optional<ir::ActionBody> act_todouble(const Node &n);
  std::optional<ir::ActionBody> act_index(const Node &n);
  std::optional<ir::ActionBody> act_gettimeofday(const Node &n);
  std::optional<ir::ActionBody> act_assignstr(const Node &n);
  std::optional<ir::ActionBody> act_strcmp(const Node &n);
  std::optional<ir::ActionBody> act_test(const Node &n);
  std::optional<ir::ActionBody> act_string_transform(const Node &n);
  std::optional<ir::ActionBody> act_verifyauth(const Node &n);
  std::optional<ir::ActionBody> act_injection(const Node &n);
  std::optional<ir::ActionBody> act_jump(const Node &n);
  std::optional<ir::ActionBody> act_setdest(const Node &n);
  std::optional<ir::ActionBody> act_closecon(const Node &n);
  std::optional<ir::ActionBody> act_exec(const Node &n);
  std::optional<ir::ActionBody> act_rtp_echo(const Node &n);
  /// rtp_stream's pattern forms: an ID of 1 to 6 (SIPp's PATTERN1..6).
  bool check_rtp_stream_pattern(const AttrValue &a);

  //===--- state ------------------------------------------------------------===//

  const ScenarioAst &ast_;
  const SourceBuffer &src_;
  const LoweringOptions &opts_;
  ir::DiagnosticEngine &d_;
  ir::Scenario s_;
  std::map<std::string, ir::VarId, std::less<>> vars_;
  /// Methods of the requests sent so far outside transactions: the CSeq
  /// methods a later <recv response=> accepts.
  std::vector<std::string> methods_;
  /// hiderest= is the default hide= of its state and of all after it.
  bool hide_default_ = false;
};

} // namespace gossipper::compiler

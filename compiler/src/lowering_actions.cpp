//===- lowering_actions.cpp - Actions: one function per kind --------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// Each action names the variables it writes with the type it gives them
// (ereg and assignstr strings, arithmetic doubles, test bools), which is
// how the variables' types are inferred.
//
//===----------------------------------------------------------------------===//
#include "lowering_pass.hpp"

#include <cstdlib>
#include <map>
#include <string_view>
#include <unordered_map>

namespace gossipper::compiler {
namespace {

using ir::VarType;

ir::Check check_of(const Node &n) {
  ir::Check c;
  if (const AttrValue *a = n.attr("check_it")) {
    c.check_it = a->boolean;
  }
  if (const AttrValue *a = n.attr("check_it_inverse")) {
    c.check_it_inverse = a->boolean;
  }
  return c;
}

} // namespace

std::optional<ir::Operand> Lowering::operand(const Node &n, std::string_view value_attr,
                                             std::string_view var_attr_name) {
  const AttrValue *v = n.attr(value_attr);
  const AttrValue *x = n.attr(var_attr_name);
  if (v != nullptr && x != nullptr) {
    d_.error(n.loc, "<" + n.name + "> takes " + std::string(value_attr) + "= or " +
                        std::string(var_attr_name) + "=, not both");
    var(x->names[0], x->value_loc, VarType::Unset); // still named: no second error about it
    return std::nullopt;
  }
  if (v == nullptr && x == nullptr) {
    d_.error(n.loc, "<" + n.name + "> needs " + std::string(value_attr) + "= or " +
                        std::string(var_attr_name) + "=");
    return std::nullopt;
  }
  ir::Operand op;
  if (v != nullptr) {
    op.value = v->number;
  } else {
    op.var = var(x->names[0], x->value_loc, VarType::Unset);
  }
  return op;
}

/// assign_to is optional on test and strcmp when the result only checks.
ir::VarId Lowering::optional_target(const Node &n, VarType type) {
  if (n.has("assign_to")) {
    return var_attr(n, "assign_to", type);
  }
  if (!n.has("check_it") && !n.has("check_it_inverse")) {
    d_.error(n.loc, "<" + n.name + "> needs assign_to= (or check_it=/check_it_inverse=)");
  }
  return ir::kNoVar;
}

std::optional<ir::Action> Lowering::lower_action(const Node &n) {
  using Lower = std::optional<ir::ActionBody> (Lowering::*)(const Node &);
  static const std::unordered_map<std::string_view, Lower> table = {
      {"ereg", &Lowering::act_ereg},
      {"log", &Lowering::act_log},
      {"warning", &Lowering::act_log},
      {"error", &Lowering::act_log},
      {"assign", &Lowering::act_arithmetic},
      {"add", &Lowering::act_arithmetic},
      {"subtract", &Lowering::act_arithmetic},
      {"multiply", &Lowering::act_arithmetic},
      {"divide", &Lowering::act_arithmetic},
      {"sample", &Lowering::act_sample},
      {"todouble", &Lowering::act_todouble},
      {"index", &Lowering::act_index},
      {"gettimeofday", &Lowering::act_gettimeofday},
      {"assignstr", &Lowering::act_assignstr},
      {"strcmp", &Lowering::act_strcmp},
      {"test", &Lowering::act_test},
      {"trim", &Lowering::act_string_transform},
      {"urlencode", &Lowering::act_string_transform},
      {"urldecode", &Lowering::act_string_transform},
      {"verifyauth", &Lowering::act_verifyauth},
      {"lookup", &Lowering::act_injection},
      {"insert", &Lowering::act_injection},
      {"replace", &Lowering::act_injection},
      {"jump", &Lowering::act_jump},
      {"pauserestore", &Lowering::act_jump},
      {"setdest", &Lowering::act_setdest},
      {"closecon", &Lowering::act_closecon},
      {"exec", &Lowering::act_exec},
      {"rtp_echo", &Lowering::act_rtp_echo},
  };
  auto it = table.find(n.name);
  if (it == table.end()) {
    return std::nullopt; // unknown actions were reported by the AST builder
  }
  auto body = (this->*(it->second))(n);
  if (!body) {
    return std::nullopt;
  }
  return ir::Action{std::move(*body), n.loc};
}

std::optional<ir::ActionBody> Lowering::act_ereg(const Node &n) {
  ir::EregAction e;
  if (const AttrValue *a = n.attr("regexp")) {
    e.regex = a->text;
  }
  if (const AttrValue *a = n.attr("search_in")) {
    static const std::map<std::string, ir::EregAction::SearchIn, std::less<>> where = {
        {"msg", ir::EregAction::SearchIn::Message},
        {"hdr", ir::EregAction::SearchIn::Header},
        {"body", ir::EregAction::SearchIn::Body},
        {"var", ir::EregAction::SearchIn::Variable}};
    e.search_in = where.at(a->text);
  }
  if (e.search_in == ir::EregAction::SearchIn::Header) {
    const AttrValue *h = n.attr("header");
    if (h == nullptr || h->text.empty()) {
      d_.error(n.loc, "search_in=\"hdr\" needs header=");
    } else {
      e.header = h->text;
    }
    for (std::string_view attr : {"occurrence", "occurence"}) {
      if (const AttrValue *o = n.attr(attr)) {
        e.occurrence = static_cast<uint32_t>(o->integer);
        break;
      }
    }
  } else if (e.search_in == ir::EregAction::SearchIn::Variable) {
    if (!n.has("variable")) {
      d_.error(n.loc, "search_in=\"var\" needs variable=");
    }
    e.variable = var_attr(n, "variable", VarType::Unset);
  }
  if (const AttrValue *a = n.attr("case_indep")) {
    e.case_indep = a->boolean;
  }
  if (const AttrValue *a = n.attr("start_line")) {
    e.start_line = a->boolean;
  }
  e.check = check_of(n);
  if (n.has("check_it") && n.has("check_it_inverse")) {
    d_.error(n.loc, "<ereg> takes check_it= or check_it_inverse=, not both");
  }
  if (const AttrValue *a = n.attr("assign_to")) {
    for (const std::string &name : a->names) {
      e.assign_to.push_back(var(name, a->value_loc, VarType::String));
    }
  }
  return e;
}

std::optional<ir::ActionBody> Lowering::act_log(const Node &n) {
  ir::LogAction l;
  l.level = n.name == "log"       ? ir::LogAction::Level::Log
            : n.name == "warning" ? ir::LogAction::Level::Warning
                                  : ir::LogAction::Level::Error;
  l.message = lower_attr_template(n, "message");
  return l;
}

std::optional<ir::ActionBody> Lowering::act_arithmetic(const Node &n) {
  static const std::map<std::string, ir::ArithmeticAction::Op, std::less<>> ops = {
      {"assign", ir::ArithmeticAction::Op::Assign},
      {"add", ir::ArithmeticAction::Op::Add},
      {"subtract", ir::ArithmeticAction::Op::Subtract},
      {"multiply", ir::ArithmeticAction::Op::Multiply},
      {"divide", ir::ArithmeticAction::Op::Divide}};
  ir::ArithmeticAction a;
  a.op = ops.at(n.name);
  a.target = var_attr(n, "assign_to", VarType::Double);
  auto rhs = operand(n, "value", "variable");
  if (!rhs) {
    return std::nullopt;
  }
  a.rhs = *rhs;
  return a;
}

std::optional<ir::ActionBody> Lowering::act_sample(const Node &n) {
  ir::SampleAction s;
  s.target = var_attr(n, "assign_to", VarType::Double);
  auto d = lower_distribution(n, false);
  if (!d) {
    return std::nullopt;
  }
  s.distribution = std::move(*d);
  return s;
}

std::optional<ir::ActionBody> Lowering::act_todouble(const Node &n) {
  return ir::ToDoubleAction{var_attr(n, "assign_to", VarType::Double),
                            var_attr(n, "variable", VarType::Unset)};
}

std::optional<ir::ActionBody> Lowering::act_index(const Node &n) {
  return ir::IndexAction{var_attr(n, "assign_to", VarType::Double)};
}

std::optional<ir::ActionBody> Lowering::act_gettimeofday(const Node &n) {
  const AttrValue *a = n.attr("assign_to");
  if (a == nullptr) {
    return std::nullopt;
  }
  if (a->names.size() != 2) {
    d_.error(a->value_loc, "gettimeofday needs two variables: assign_to=\"seconds,microseconds\"");
    return std::nullopt;
  }
  return ir::GetTimeOfDayAction{var(a->names[0], a->value_loc, VarType::Double),
                                var(a->names[1], a->value_loc, VarType::Double)};
}

std::optional<ir::ActionBody> Lowering::act_assignstr(const Node &n) {
  ir::AssignStrAction a;
  a.target = var_attr(n, "assign_to", VarType::String);
  a.value = lower_attr_template(n, "value");
  return a;
}

std::optional<ir::ActionBody> Lowering::act_strcmp(const Node &n) {
  ir::StrcmpAction s;
  s.check = check_of(n);
  s.target = optional_target(n, VarType::Double);
  s.variable = var_attr(n, "variable", VarType::Unset);
  const AttrValue *value = n.attr("value");
  if (value != nullptr && n.has("variable2")) {
    d_.error(n.loc, "<strcmp> takes value= or variable2=, not both");
  } else if (value != nullptr) {
    s.value = value->text;
  } else if (n.has("variable2")) {
    s.variable2 = var_attr(n, "variable2", VarType::Unset);
  } else {
    d_.error(n.loc, "<strcmp> needs value= or variable2=");
  }
  return s;
}

std::optional<ir::ActionBody> Lowering::act_test(const Node &n) {
  static const std::map<std::string, ir::TestAction::Compare, std::less<>> cmp = {
      {"equal", ir::TestAction::Compare::Equal},
      {"not_equal", ir::TestAction::Compare::NotEqual},
      {"greater_than", ir::TestAction::Compare::Greater},
      {"less_than", ir::TestAction::Compare::Less},
      {"greater_than_equal", ir::TestAction::Compare::GreaterEqual},
      {"less_than_equal", ir::TestAction::Compare::LessEqual}};
  ir::TestAction t;
  t.check = check_of(n);
  t.target = optional_target(n, VarType::Bool);
  t.variable = var_attr(n, "variable", VarType::Unset);
  if (const AttrValue *c = n.attr("compare")) {
    t.compare = cmp.at(c->text);
  }
  auto rhs = operand(n, "value", "variable2");
  if (rhs) {
    t.rhs = *rhs;
  }
  return t;
}

std::optional<ir::ActionBody> Lowering::act_string_transform(const Node &n) {
  ir::StringTransformAction t;
  if (n.name == "trim") {
    t.op = ir::StringTransformAction::Op::Trim;
    t.variable = var_attr(n, "assign_to", VarType::String);
  } else {
    t.op = n.name == "urlencode" ? ir::StringTransformAction::Op::UrlEncode
                                 : ir::StringTransformAction::Op::UrlDecode;
    t.variable = var_attr(n, "variable", VarType::String);
  }
  return t;
}

std::optional<ir::ActionBody> Lowering::act_verifyauth(const Node &n) {
  ir::VerifyAuthAction v;
  v.target = var_attr(n, "assign_to", VarType::Bool);
  v.username = lower_attr_template(n, "username");
  v.password = lower_attr_template(n, "password");
  return v;
}

std::optional<ir::ActionBody> Lowering::act_injection(const Node &n) {
  ir::InjectionFileAction a;
  a.file = lower_attr_template(n, "file");
  if (n.name == "lookup") {
    a.op = ir::InjectionFileAction::Op::Lookup;
    a.target = var_attr(n, "assign_to", VarType::Double);
    a.key = lower_attr_template(n, "key");
  } else if (n.name == "insert") {
    a.op = ir::InjectionFileAction::Op::Insert;
    a.value = lower_attr_template(n, "value");
  } else {
    a.op = ir::InjectionFileAction::Op::Replace;
    a.key = lower_attr_template(n, "line");
    a.value = lower_attr_template(n, "value");
  }
  return a;
}

std::optional<ir::ActionBody> Lowering::act_jump(const Node &n) {
  auto target = operand(n, "value", "variable");
  if (!target) {
    return std::nullopt;
  }
  return ir::JumpAction{
      n.name == "jump" ? ir::JumpAction::Op::Jump : ir::JumpAction::Op::PauseRestore, *target};
}

std::optional<ir::ActionBody> Lowering::act_setdest(const Node &n) {
  return ir::SetDestAction{lower_attr_template(n, "host"), lower_attr_template(n, "port"),
                           lower_attr_template(n, "protocol")};
}

std::optional<ir::ActionBody> Lowering::act_closecon(const Node &) { return ir::CloseConAction{}; }

std::optional<ir::ActionBody> Lowering::act_exec(const Node &n) {
  static constexpr std::string_view kinds[] = {
      "command",         "int_cmd",   "play_pcap_audio", "play_pcap_image",
      "play_pcap_video", "play_dtmf", "rtp_stream",      "rtp_echo"};
  auto listed = [] {
    std::string out;
    for (std::string_view k : kinds) {
      out += (out.empty() ? "" : ", ") + std::string(k) + "=";
    }
    return out;
  };
  const AttrValue *chosen = nullptr;
  for (std::string_view k : kinds) {
    if (const AttrValue *a = n.attr(k)) {
      if (chosen != nullptr) {
        d_.error(a->loc, "<exec> takes exactly one of " + listed() + "; here " + chosen->name +
                             "= and " + a->name + "= are both given");
        return std::nullopt;
      }
      chosen = a;
    }
  }
  if (chosen == nullptr) {
    d_.error(n.loc, "<exec> needs one of " + listed());
    return std::nullopt;
  }
  const std::string &k = chosen->name;
  if (k == "command") {
    return ir::ExecCommandAction{lower_attr_template(n, "command")};
  }
  if (k == "int_cmd") {
    ir::InternalCommandAction c;
    c.op = chosen->text == "stop_now"          ? ir::InternalCommandAction::Op::StopNow
           : chosen->text == "stop_gracefully" ? ir::InternalCommandAction::Op::StopGracefully
                                               : ir::InternalCommandAction::Op::StopCall;
    return c;
  }
  ir::MediaAction m;
  static const std::map<std::string, ir::MediaAction::Op, std::less<>> ops = {
      {"play_pcap_audio", ir::MediaAction::Op::PlayPcapAudio},
      {"play_pcap_image", ir::MediaAction::Op::PlayPcapImage},
      {"play_pcap_video", ir::MediaAction::Op::PlayPcapVideo},
      {"play_dtmf", ir::MediaAction::Op::PlayDtmf},
      {"rtp_stream", ir::MediaAction::Op::RtpStream},
      {"rtp_echo", ir::MediaAction::Op::RtpEcho}};
  m.op = ops.at(k);
  m.argument = chosen->text;
  if (m.argument.empty()) {
    d_.error(chosen->value_loc, k + "= is empty");
    return std::nullopt;
  }
  if (m.op == ir::MediaAction::Op::PlayDtmf) {
    m.digits = lower_attr_template(n, "play_dtmf");
  }
  if (m.op == ir::MediaAction::Op::RtpStream && !check_rtp_stream_pattern(*chosen)) {
    return std::nullopt;
  }
  return m;
}

bool Lowering::check_rtp_stream_pattern(const AttrValue &a) {
  // SIPp 3.7: "apattern[,ID[,PT[,NAME]]]" or "vpattern..." (its first eight
  // letters), ID 1 by default; an ID out of 1..6 fails when the action
  // runs (rtpstream_cache_file), read as atoi reads it. Ours says so here.
  std::string_view v = a.text;
  if (!v.starts_with("apattern") && !v.starts_with("vpattern")) {
    return true;
  }
  size_t comma = v.find(',');
  if (comma == std::string_view::npos) {
    return true;
  }
  std::string id(v.substr(comma + 1, v.find(',', comma + 1) - comma - 1));
  int n = std::atoi(id.c_str());
  if (n >= 1 && n <= 6) {
    return true;
  }
  d_.error(a.value_loc, "rtp_stream pattern ID '" + id +
                            "' is not 1 to 6 (SIPp's patterns: payload bytes 0xAA, 0xBB, "
                            "0xCC, 0xDD, 0xEE, 0xFF)");
  return false;
}

std::optional<ir::ActionBody> Lowering::act_rtp_echo(const Node &n) {
  auto toggle = operand(n, "value", "variable");
  if (!toggle) {
    return std::nullopt;
  }
  ir::MediaAction m;
  m.op = ir::MediaAction::Op::RtpEchoToggle;
  m.toggle = *toggle;
  return m;
}

} // namespace gossipper::compiler

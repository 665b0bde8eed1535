//===- lowering.cpp - AST to IR: resolving every name ---------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/compiler/lowering.hpp"

#include "gossipper/compiler/default_messages.hpp"
#include "gossipper/compiler/scenario_schema.hpp"
#include "gossipper/ir/spelling.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <strings.h>
#include <unordered_map>

namespace gossipper::compiler {
namespace {

using ir::SourceLoc;
using ir::VarId;
using ir::VarType;

std::string suggest_keyword(std::string_view word) {
  std::vector<std::string_view> names;
  for (const KeywordSpec &k : all_keywords()) {
    if (k.simple) {
      names.push_back(k.name);
    }
  }
  std::string best = ir::closest_match(word, names);
  return best.empty() ? std::string() : " (did you mean [" + best + "]?)";
}

VarType merge(VarType have, VarType add) {
  if (add == VarType::Unset || have == add) {
    return have;
  }
  if (have == VarType::Unset) {
    return add;
  }
  return VarType::Any;
}

/// The required parameters of each distribution, in the IR's order.
struct DistributionSpec {
  std::string_view name;
  ir::Distribution::Kind kind;
  std::vector<std::string_view> params;
};

const std::vector<DistributionSpec> &distributions() {
  using K = ir::Distribution::Kind;
  static const std::vector<DistributionSpec> specs = {
      {"fixed", K::Fixed, {"value"}},
      {"uniform", K::Uniform, {"min", "max"}},
      {"normal", K::Normal, {"mean", "stdev"}},
      {"lognormal", K::LogNormal, {"mean", "stdev"}},
      {"exponential", K::Exponential, {"mean"}},
      {"weibull", K::Weibull, {"lambda", "k"}},
      {"pareto", K::Pareto, {"k", "x_m"}},
      {"gpareto", K::GeneralizedPareto, {"shape", "scale", "location"}},
      {"gamma", K::Gamma, {"k", "theta"}},
      {"negbin", K::NegativeBinomial, {"n", "p"}},
  };
  return specs;
}

class Lowering {
public:
  Lowering(const ScenarioAst &ast, const SourceBuffer &src, const LoweringOptions &opts,
           ir::DiagnosticEngine &d)
      : ast_(ast), src_(src), opts_(opts), d_(d) {}

  ir::Scenario run() {
    const Node &root = ast_.root;
    s_.file = src_.name();
    s_.loc = root.loc;
    if (const AttrValue *name = root.attr("name")) {
      s_.name = name->text;
    }
    declare_scoped_variables(root);
    for (const Node &n : root.children) {
      lower_top_level(n);
    }
    apply_references(root);
    resolve_labels(s_.states, s_.labels);
    resolve_labels(s_.init_states, s_.init_labels);
    for (const ir::Label &l : s_.labels) {
      if (l.name == "_unexp.main") {
        s_.unexpected_jump = l.index;
        break;
      }
    }
    s_.mode = compute_mode();
    add_builtin_default_messages();
    return std::move(s_);
  }

private:
  //===--- names ------------------------------------------------------------===//

  VarId var(const std::string &name, SourceLoc loc, VarType type) {
    auto it = vars_.find(name);
    VarId id = 0;
    if (it == vars_.end()) {
      id = static_cast<VarId>(s_.variables.size());
      ir::Variable v;
      v.name = name;
      v.first_loc = loc;
      s_.variables.push_back(std::move(v));
      vars_.emplace(name, id);
    } else {
      id = it->second;
    }
    ir::Variable &v = s_.variables[id];
    ++v.references;
    v.type = merge(v.type, type);
    return id;
  }

  VarId var_attr(const Node &n, std::string_view attr, VarType type) {
    const AttrValue *a = n.attr(attr);
    if (a == nullptr || a->names.empty()) {
      return ir::kNoVar;
    }
    return var(a->names[0], a->value_loc, type);
  }

  void declare_scoped_variables(const Node &root) {
    for (const Node &n : root.children) {
      ir::VarScope scope = ir::VarScope::Call;
      if (n.name == "Global") {
        scope = ir::VarScope::Global;
      } else if (n.name == "User") {
        scope = ir::VarScope::User;
      } else {
        continue;
      }
      const AttrValue *a = n.attr("variables");
      if (a == nullptr) {
        continue;
      }
      for (const std::string &name : a->names) {
        if (vars_.contains(name)) {
          d_.error(a->value_loc, "variable '" + name + "' is declared twice");
          continue;
        }
        VarId id = var(name, a->value_loc, VarType::Unset);
        s_.variables[id].scope = scope;
      }
    }
  }

  void apply_references(const Node &root) {
    for (const Node &n : root.children) {
      if (n.name != "Reference") {
        continue;
      }
      const AttrValue *a = n.attr("variables");
      if (a == nullptr) {
        continue;
      }
      for (const std::string &name : a->names) {
        auto it = vars_.find(name);
        if (it == vars_.end()) {
          d_.error(a->value_loc, "<Reference> names '" + name + "', which the scenario never uses");
          continue;
        }
        ir::Variable &v = s_.variables[it->second];
        v.referenced_explicitly = true;
        ++v.references;
      }
    }
  }

  uint32_t rtd(const AttrValue &a, bool start) {
    std::string name = a.text;
    if (name == "false") {
      return 0;
    }
    if (name == "true") {
      name = "1";
    }
    size_t i = 0;
    for (; i < s_.rtds.size(); ++i) {
      if (s_.rtds[i].name == name) {
        break;
      }
    }
    if (i == s_.rtds.size()) {
      s_.rtds.push_back({name, false, false, a.value_loc});
    }
    (start ? s_.rtds[i].started : s_.rtds[i].stopped) = true;
    return static_cast<uint32_t>(i + 1);
  }

  int32_t counter(const std::string &name) {
    for (size_t i = 0; i < s_.counters.size(); ++i) {
      if (s_.counters[i] == name) {
        return static_cast<int32_t>(i);
      }
    }
    s_.counters.push_back(name);
    return static_cast<int32_t>(s_.counters.size() - 1);
  }

  enum class TxnUse { Start, Response, Ack };

  uint32_t transaction(const AttrValue &a, TxnUse use, bool is_invite) {
    const std::string &name = a.text;
    if (name.empty() || name.find_first_of("$,") != std::string::npos) {
      d_.error(a.value_loc, "transaction names must be non-empty and without '$' or ','");
      return 0;
    }
    size_t i = 0;
    for (; i < s_.transactions.size(); ++i) {
      if (s_.transactions[i].name == name) {
        break;
      }
    }
    if (i == s_.transactions.size()) {
      ir::Transaction t;
      t.name = name;
      t.loc = a.value_loc;
      s_.transactions.push_back(t);
    }
    ir::Transaction &t = s_.transactions[i];
    switch (use) {
    case TxnUse::Start:
      ++t.started;
      t.is_invite = t.is_invite || is_invite;
      break;
    case TxnUse::Response:
      ++t.responses;
      break;
    case TxnUse::Ack:
      ++t.acks;
      break;
    }
    return static_cast<uint32_t>(i + 1);
  }

  //===--- templates --------------------------------------------------------===//

  void add_literal(ir::Template &t, const std::string &bytes, SourceLoc loc) {
    if (bytes.empty()) {
      return;
    }
    if (!t.segments.empty() && t.segments.back().kind == ir::Segment::Kind::Literal) {
      t.segments.back().text += bytes;
      return;
    }
    ir::Segment seg;
    seg.kind = ir::Segment::Kind::Literal;
    seg.text = bytes;
    seg.loc = loc;
    t.segments.push_back(std::move(seg));
  }

  ir::Template lower_template(const TemplateAst &ast) {
    ir::Template t;
    for (const TemplatePiece &p : ast.pieces) {
      if (!p.is_keyword) {
        add_literal(t, p.literal, p.loc);
      } else if (auto seg = lower_keyword(p)) {
        t.segments.push_back(std::move(*seg));
      }
    }
    return t;
  }

  ir::Template lower_attr_template(const Node &n, std::string_view attr) {
    const AttrValue *a = n.attr(attr);
    if (a == nullptr || !a->parsed) {
      return {};
    }
    return lower_template(*a->parsed);
  }

  /// A keyword parameter's value as a template ("0x..." values are hex bytes,
  /// as in SIPp).
  ir::Template param_template(const TemplateParam &p) {
    const std::string &v = p.value.text;
    if (!p.quoted && v.size() > 2 && v[0] == '0' && v[1] == 'x') {
      std::string bytes;
      for (size_t i = 2; i + 1 < v.size() + 1 && std::isxdigit(static_cast<unsigned char>(v[i]));) {
        int hi = std::isdigit(static_cast<unsigned char>(v[i])) ? v[i] - '0'
                                                                 : std::tolower(v[i]) - 'a' + 10;
        int val = hi;
        ++i;
        if (i < v.size() && std::isxdigit(static_cast<unsigned char>(v[i]))) {
          int lo = std::isdigit(static_cast<unsigned char>(v[i])) ? v[i] - '0'
                                                                  : std::tolower(v[i]) - 'a' + 10;
          val = val * 16 + lo;
          ++i;
        }
        bytes.push_back(static_cast<char>(val));
      }
      ir::Template t;
      add_literal(t, bytes, p.loc);
      return t;
    }
    return lower_template(parse_template(p.value, src_, d_));
  }

  bool check_params(const TemplatePiece &p, const std::string &kw,
                    std::initializer_list<std::string_view> allowed) {
    bool ok = true;
    for (const TemplateParam &param : p.params) {
      if (std::find(allowed.begin(), allowed.end(), param.name) == allowed.end()) {
        d_.error(param.loc, allowed.size() == 0
                                ? "[" + kw + "] takes no parameter"
                                : "unknown parameter '" + param.name + "' of [" + kw + "]");
        ok = false;
      }
    }
    return ok;
  }

  static const TemplateParam *param(const TemplatePiece &p, std::string_view name) {
    for (const TemplateParam &param : p.params) {
      if (param.name == name) {
        return &param;
      }
    }
    return nullptr;
  }

  std::optional<ir::Segment> lower_keyword(const TemplatePiece &p) {
    ir::Segment seg;
    seg.loc = p.loc;
    std::string word = p.word;
    // [kw+N] / [kw-N]: as SIPp, the first '+' (else the first '-') if a digit follows.
    if (!word.starts_with("authentication") && !word.starts_with("tdmmap")) {
      size_t pos = word.find('+');
      if (pos == std::string::npos) {
        pos = word.find('-');
      }
      if (pos != std::string::npos && pos + 1 < word.size() &&
          std::isdigit(static_cast<unsigned char>(word[pos + 1]))) {
        seg.offset = std::atoi(word.c_str() + pos);
        word.resize(pos);
      }
    }

    if (const KeywordSpec *k = find_simple_keyword(word)) {
      if (!check_params(p, word, {})) {
        return std::nullopt;
      }
      seg.kind = ir::Segment::Kind::Keyword;
      seg.keyword = *k->simple;
      if (seg.keyword == ir::Keyword::Crypto) {
        seg.text = word;
      }
      return seg;
    }
    if (word.starts_with("field")) {
      std::string digits = word.substr(5);
      if (digits.empty() || !std::all_of(digits.begin(), digits.end(),
                                         [](unsigned char c) { return std::isdigit(c); })) {
        d_.error(p.loc, "[" + word + "] is not a field keyword: write [field0], [field1], ...");
        return std::nullopt;
      }
      if (!check_params(p, word, {"file", "line"})) {
        return std::nullopt;
      }
      seg.kind = ir::Segment::Kind::Field;
      seg.field = static_cast<uint32_t>(std::strtoul(digits.c_str(), nullptr, 10));
      if (const TemplateParam *f = param(p, "file")) {
        seg.file = f->value.text;
      }
      seg.sub.emplace_back();
      if (const TemplateParam *l = param(p, "line")) {
        seg.sub[0] = param_template(*l);
      }
      return seg;
    }
    if (word == "file") {
      if (!check_params(p, word, {"name"})) {
        return std::nullopt;
      }
      const TemplateParam *name = param(p, "name");
      if (name == nullptr || name->value.text.empty()) {
        d_.error(p.loc, "[file] needs name=");
        return std::nullopt;
      }
      seg.kind = ir::Segment::Kind::File;
      seg.sub.push_back(param_template(*name));
      return seg;
    }
    if (word.starts_with("$")) {
      std::string name = word.substr(1);
      if (name.empty() || name.find(',') != std::string::npos) {
        d_.error(p.loc, "[$] needs a variable name, as in [$name]");
        return std::nullopt;
      }
      if (!check_params(p, word, {})) {
        return std::nullopt;
      }
      seg.kind = ir::Segment::Kind::Variable;
      seg.var = var(name, p.loc, VarType::Unset);
      return seg;
    }
    if (word == "fill") {
      if (!check_params(p, word, {"variable", "text"})) {
        return std::nullopt;
      }
      const TemplateParam *v = param(p, "variable");
      if (v == nullptr || v->value.text.empty()) {
        d_.error(p.loc, "[fill] needs variable= (the length to fill)");
        return std::nullopt;
      }
      seg.kind = ir::Segment::Kind::Fill;
      seg.var = var(v->value.text, v->loc, VarType::Unset);
      const TemplateParam *text = param(p, "text");
      seg.text = text != nullptr && !text->value.text.empty() ? text->value.text : "X";
      return seg;
    }
    if (word.starts_with("last_")) {
      if (!check_params(p, word, {})) {
        return std::nullopt;
      }
      seg.kind = ir::Segment::Kind::LastHeader;
      seg.text = word.substr(5);
      if (seg.text.empty() || seg.text == ":") {
        d_.error(p.loc, "[last_] needs a header name, as in [last_Via:]");
        return std::nullopt;
      }
      return seg;
    }
    if (word == "authentication") {
      if (!check_params(p, word, {"username", "password", "aka_K", "aka_OP", "aka_AMF"})) {
        return std::nullopt;
      }
      seg.kind = ir::Segment::Kind::Authentication;
      for (std::string_view name : {"username", "password", "aka_K", "aka_OP", "aka_AMF"}) {
        const TemplateParam *prm = param(p, name);
        seg.sub.push_back(prm != nullptr ? param_template(*prm) : ir::Template{});
      }
      return seg;
    }
    if (opts_.custom_keys.contains(p.word)) {
      seg.kind = ir::Segment::Kind::CustomKey;
      seg.offset = 0;
      seg.text = p.word;
      return seg;
    }
    d_.error(p.loc, "unknown keyword [" + p.word + "]" + suggest_keyword(word) +
                        "; a -key NAME VALUE option defines [NAME]");
    return std::nullopt;
  }

  //===--- states -----------------------------------------------------------===//

  void lower_top_level(const Node &n) {
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

  void lower_repartition(const Node &n, ir::Repartition &r) {
    const AttrValue *v = n.attr("value");
    if (v == nullptr) {
      return;
    }
    if (r.present()) {
      d_.warning(n.loc, "<" + n.name + "> given twice; the last one is used");
    }
    r.loc = n.loc;
    r.bounds_ms.clear();
    for (long long b : v->integers) {
      if (!r.bounds_ms.empty() && static_cast<uint32_t>(b) <= r.bounds_ms.back()) {
        d_.warning(v->value_loc, "repartition bounds should increase");
      }
      r.bounds_ms.push_back(static_cast<uint32_t>(b));
    }
  }

  ir::State lower_command(const Node &n) {
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

  static ir::Optional optional_of(const Node &n) {
    const AttrValue *o = n.attr("optional");
    if (o == nullptr || o->text == "false") {
      return ir::Optional::No;
    }
    return o->text == "global" ? ir::Optional::Global : ir::Optional::Yes;
  }

  void lower_common(const Node &n, ir::State &st) {
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
    st.condexec = var_attr(n, "condexec", VarType::Unset);
    if (const AttrValue *a = n.attr("condexec_inverse")) {
      st.condexec_inverse = a->boolean;
    }
    if (const AttrValue *a = n.attr("next")) {
      st.next.name = a->text;
      st.next.loc = a->value_loc;
      st.test = var_attr(n, "test", VarType::Unset);
      if (const AttrValue *c = n.attr("chance")) {
        st.chance = c->number;
      }
    } else {
      // As in SIPp, test= without next= is not read at all, so it does not
      // count as a use of its variable either.
      for (std::string_view attr : {"test", "chance"}) {
        if (const AttrValue *given = n.attr(attr)) {
          d_.warning(given->loc, std::string(attr) + "= has no effect without next=");
        }
      }
    }
    if (const AttrValue *a = n.attr("ontimeout")) {
      st.on_timeout.name = a->text;
      st.on_timeout.loc = a->value_loc;
    }
  }

  static ir::ContentLengthFlag content_length(const std::string &cleaned) {
    size_t pos = 0;
    while (pos < cleaned.size()) {
      size_t eol = cleaned.find('\n', pos);
      std::string_view line(cleaned.data() + pos,
                            (eol == std::string::npos ? cleaned.size() : eol) - pos);
      if (line.empty()) {
        break; // end of headers
      }
      constexpr std::string_view kName = "content-length:";
      if (line.size() >= kName.size() &&
          strncasecmp(line.data(), kName.data(), kName.size()) == 0) {
        std::string value(line.substr(kName.size()));
        size_t b = value.find_first_not_of(" \t");
        if (b == std::string::npos) {
          return ir::ContentLengthFlag::Absent;
        }
        return std::atoi(value.c_str() + b) == 0 ? ir::ContentLengthFlag::Zero
                                                 : ir::ContentLengthFlag::NonZero;
      }
      if (eol == std::string::npos) {
        break;
      }
      pos = eol + 1;
    }
    return ir::ContentLengthFlag::Absent;
  }

  ir::SendState lower_send(const Node &n) {
    ir::SendState s;
    if (n.message) {
      s.message = lower_template(*n.message);
      s.content_length = content_length(n.cleaned_message);
      if (!n.message->complete) {
        s.message = {}; // its syntax error was reported; nothing more to say about it
      }
    }
    // The first line decides request or response, as in SIPp.
    if (!s.message.empty() && s.message.segments[0].kind == ir::Segment::Kind::Literal) {
      const std::string &first = s.message.segments[0].text;
      size_t b = first.find_first_not_of(" \t\r\n");
      size_t sp = b == std::string::npos ? b : first.find(' ', b);
      if (sp != std::string::npos) {
        std::string head = first.substr(b, sp - b);
        if (head == "SIP/2.0") {
          s.is_response = true;
          size_t c = first.find_first_not_of(' ', sp);
          std::string rest = c == std::string::npos ? std::string() : first.substr(c);
          char *end = nullptr;
          long code = std::strtol(rest.c_str(), &end, 10);
          bool valid = end != rest.c_str() && (*end == '\0' || std::isspace(static_cast<unsigned char>(*end)));
          s.code = valid ? static_cast<int32_t>(code) : 0;
        } else {
          s.method = head;
        }
      }
    }
    if (const AttrValue *a = n.attr("retrans")) {
      s.retrans_ms = static_cast<uint32_t>(a->integer);
    }
    if (const AttrValue *a = n.attr("timeout")) {
      s.timeout_ms = static_cast<uint32_t>(a->integer);
    }
    const AttrValue *start = n.attr("start_txn");
    const AttrValue *ack = n.attr("ack_txn");
    if (s.is_response) {
      if (start != nullptr) {
        d_.error(start->loc, "a response cannot start a transaction");
      }
      if (ack != nullptr) {
        d_.error(ack->loc, "a response cannot acknowledge a transaction");
      }
    } else if (!s.method.empty()) {
      bool is_ack = s.method == "ACK";
      if (start != nullptr) {
        if (is_ack) {
          d_.error(start->loc, "an ACK cannot start a transaction");
        } else {
          s.start_txn = transaction(*start, TxnUse::Start, s.method == "INVITE");
        }
      } else if (ack != nullptr) {
        if (!is_ack) {
          d_.error(ack->loc, "ack_txn= is only valid on an ACK");
        } else {
          s.ack_txn = transaction(*ack, TxnUse::Ack, false);
        }
      } else if (std::find(methods_.begin(), methods_.end(), s.method) == methods_.end()) {
        methods_.push_back(s.method);
      }
    }
    return s;
  }

  ir::RecvState lower_recv(const Node &n) {
    ir::RecvState r;
    const AttrValue *response = n.attr("response");
    const AttrValue *request = n.attr("request");
    if (const AttrValue *a = n.attr("regexp_match")) {
      r.regexp_match = a->boolean;
    }
    if ((response != nullptr) == (request != nullptr)) {
      d_.error(n.loc, "<recv> needs exactly one of request= or response=");
    }
    if (request != nullptr) {
      r.request = request->text;
      if (r.request.empty()) {
        d_.error(request->value_loc, "request= is empty");
      }
      if (const AttrValue *t = n.attr("response_txn")) {
        d_.error(t->loc, "response_txn= is only valid on a response");
      }
    } else if (response != nullptr) {
      r.response_text = response->text;
      if (!r.regexp_match) {
        char *end = nullptr;
        long code = std::strtol(response->text.c_str(), &end, 10);
        if (!response->text.empty() && *end == '\0') {
          r.response = static_cast<int32_t>(code);
        }
      }
      r.cseq_methods = methods_;
      if (const AttrValue *t = n.attr("response_txn")) {
        r.response_txn = transaction(*t, TxnUse::Response, false);
      }
    }
    r.optional = optional_of(n);
    if (const AttrValue *a = n.attr("advance_state")) {
      r.advance_state = a->boolean;
    }
    if (const AttrValue *a = n.attr("timeout")) {
      r.timeout_ms = static_cast<uint32_t>(a->integer);
    }
    if (const AttrValue *a = n.attr("rrs")) {
      r.record_routes = a->boolean;
    }
    if (const AttrValue *a = n.attr("auth")) {
      r.authentication = a->boolean;
    }
    return r;
  }

  /// distribution= and its parameters; `old_style` also accepts the
  /// pre-distribution= forms of <pause> (normal="..." etc., min/max,
  /// milliseconds) in SIPp's order of precedence.
  std::optional<ir::Distribution> lower_distribution(const Node &n, bool old_style) {
    std::string kind;
    if (const AttrValue *a = n.attr("distribution")) {
      kind = a->text;
    } else if (!old_style) {
      d_.error(n.loc, "<" + n.name + "> needs distribution=");
      return std::nullopt;
    } else {
      for (std::string_view name :
           {"normal", "exponential", "lognormal", "weibull", "pareto", "gamma"}) {
        if (n.has(name)) {
          kind = name;
          break;
        }
      }
      if (kind.empty() && (n.has("min") || n.has("max"))) {
        kind = "uniform";
      }
      if (kind.empty()) {
        ir::Distribution d;
        if (const AttrValue *ms = n.attr("milliseconds")) {
          d.kind = ir::Distribution::Kind::Fixed;
          d.params = {ms->number};
        }
        return d;
      }
    }
    for (const DistributionSpec &spec : distributions()) {
      if (spec.name != kind) {
        continue;
      }
      ir::Distribution d;
      d.kind = spec.kind;
      std::string missing;
      for (std::string_view p : spec.params) {
        const AttrValue *a = n.attr(p);
        if (a == nullptr) {
          missing += (missing.empty() ? "" : ", ") + std::string(p) + "=";
          continue;
        }
        d.params.push_back(a->number);
      }
      if (!missing.empty()) {
        d_.error(n.loc, "distribution \"" + kind + "\" needs " + missing);
        return std::nullopt;
      }
      if (d.kind == ir::Distribution::Kind::Uniform && d.params[0] > d.params[1]) {
        d_.error(n.loc, "uniform distribution with min= greater than max=");
      }
      return d;
    }
    return std::nullopt; // unknown names were refused when the attribute was read
  }

  ir::PauseState lower_pause(const Node &n) {
    ir::PauseState p;
    p.timewait = n.name == "timewait";
    if (const AttrValue *a = n.attr("variable")) {
      p.variable = var(a->names[0], a->value_loc, VarType::Unset);
    } else if (auto d = lower_distribution(n, true)) {
      p.distribution = std::move(*d);
    }
    if (const AttrValue *a = n.attr("sanity_check")) {
      p.sanity_check = a->boolean;
    }
    return p;
  }

  //===--- actions ----------------------------------------------------------===//

  std::optional<ir::Operand> operand(const Node &n, std::string_view value_attr,
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

  static ir::Check check_of(const Node &n) {
    ir::Check c;
    if (const AttrValue *a = n.attr("check_it")) {
      c.check_it = a->boolean;
    }
    if (const AttrValue *a = n.attr("check_it_inverse")) {
      c.check_it_inverse = a->boolean;
    }
    return c;
  }

  /// assign_to is optional on test and strcmp when the result only checks.
  VarId optional_target(const Node &n, VarType type) {
    if (n.has("assign_to")) {
      return var_attr(n, "assign_to", type);
    }
    if (!n.has("check_it") && !n.has("check_it_inverse")) {
      d_.error(n.loc, "<" + n.name + "> needs assign_to= (or check_it=/check_it_inverse=)");
    }
    return ir::kNoVar;
  }

  std::optional<ir::Action> lower_action(const Node &n) {
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

  std::optional<ir::ActionBody> act_ereg(const Node &n) {
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

  std::optional<ir::ActionBody> act_log(const Node &n) {
    ir::LogAction l;
    l.level = n.name == "log"       ? ir::LogAction::Level::Log
              : n.name == "warning" ? ir::LogAction::Level::Warning
                                    : ir::LogAction::Level::Error;
    l.message = lower_attr_template(n, "message");
    return l;
  }

  std::optional<ir::ActionBody> act_arithmetic(const Node &n) {
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

  std::optional<ir::ActionBody> act_sample(const Node &n) {
    ir::SampleAction s;
    s.target = var_attr(n, "assign_to", VarType::Double);
    auto d = lower_distribution(n, false);
    if (!d) {
      return std::nullopt;
    }
    s.distribution = std::move(*d);
    return s;
  }

  std::optional<ir::ActionBody> act_todouble(const Node &n) {
    return ir::ToDoubleAction{var_attr(n, "assign_to", VarType::Double),
                              var_attr(n, "variable", VarType::Unset)};
  }

  std::optional<ir::ActionBody> act_index(const Node &n) {
    return ir::IndexAction{var_attr(n, "assign_to", VarType::Double)};
  }

  std::optional<ir::ActionBody> act_gettimeofday(const Node &n) {
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

  std::optional<ir::ActionBody> act_assignstr(const Node &n) {
    ir::AssignStrAction a;
    a.target = var_attr(n, "assign_to", VarType::String);
    a.value = lower_attr_template(n, "value");
    return a;
  }

  std::optional<ir::ActionBody> act_strcmp(const Node &n) {
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

  std::optional<ir::ActionBody> act_test(const Node &n) {
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

  std::optional<ir::ActionBody> act_string_transform(const Node &n) {
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

  std::optional<ir::ActionBody> act_verifyauth(const Node &n) {
    ir::VerifyAuthAction v;
    v.target = var_attr(n, "assign_to", VarType::Bool);
    v.username = lower_attr_template(n, "username");
    v.password = lower_attr_template(n, "password");
    return v;
  }

  std::optional<ir::ActionBody> act_injection(const Node &n) {
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

  std::optional<ir::ActionBody> act_jump(const Node &n) {
    auto target = operand(n, "value", "variable");
    if (!target) {
      return std::nullopt;
    }
    return ir::JumpAction{n.name == "jump" ? ir::JumpAction::Op::Jump
                                           : ir::JumpAction::Op::PauseRestore,
                          *target};
  }

  std::optional<ir::ActionBody> act_setdest(const Node &n) {
    return ir::SetDestAction{lower_attr_template(n, "host"), lower_attr_template(n, "port"),
                             lower_attr_template(n, "protocol")};
  }

  std::optional<ir::ActionBody> act_closecon(const Node &) { return ir::CloseConAction{}; }

  std::optional<ir::ActionBody> act_exec(const Node &n) {
    static constexpr std::string_view kinds[] = {"command",         "int_cmd",
                                                 "play_pcap_audio", "play_pcap_image",
                                                 "play_pcap_video", "play_dtmf",
                                                 "rtp_stream",      "rtp_echo"};
    const AttrValue *chosen = nullptr;
    for (std::string_view k : kinds) {
      if (const AttrValue *a = n.attr(k)) {
        if (chosen != nullptr) {
          d_.error(a->loc, "<exec> takes exactly one of command=, int_cmd=, play_pcap_audio=, "
                           "play_pcap_image=, play_pcap_video=, play_dtmf=, rtp_stream=, "
                           "rtp_echo=; here " +
                               chosen->name + "= and " + a->name + "= are both given");
          return std::nullopt;
        }
        chosen = a;
      }
    }
    if (chosen == nullptr) {
      d_.error(n.loc, "<exec> needs one of command=, int_cmd=, play_pcap_audio=, "
                      "play_pcap_image=, play_pcap_video=, play_dtmf=, rtp_stream=, rtp_echo=");
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
    return m;
  }

  std::optional<ir::ActionBody> act_rtp_echo(const Node &n) {
    auto toggle = operand(n, "value", "variable");
    if (!toggle) {
      return std::nullopt;
    }
    ir::MediaAction m;
    m.op = ir::MediaAction::Op::RtpEchoToggle;
    m.toggle = *toggle;
    return m;
  }

  //===--- whole scenario ---------------------------------------------------===//

  static void resolve_labels(std::vector<ir::State> &states, const std::vector<ir::Label> &labels) {
    auto find = [&labels](const std::string &name) {
      for (const ir::Label &l : labels) {
        if (l.name == name) {
          return l.index;
        }
      }
      return ir::kNoState;
    };
    for (ir::State &st : states) {
      if (st.next.present()) {
        st.next.index = find(st.next.name);
      }
      if (st.on_timeout.present()) {
        st.on_timeout.index = find(st.on_timeout.name);
      }
    }
  }

  /// SIPp's own ack/bye/cancel/200/3pcc_abort, where the scenario has none.
  void add_builtin_default_messages() {
    for (auto &[id, ast] : builtin_default_messages()) {
      bool given = false;
      for (const ir::DefaultMessage &d : s_.default_messages) {
        given = given || d.id == id;
      }
      if (!given) {
        ir::DefaultMessage d;
        d.id = id;
        d.message = lower_template(ast);
        d.builtin = true;
        s_.default_messages.push_back(std::move(d));
      }
    }
  }

  /// SIPp's rule: the first send or sendCmd makes a client, the first recv or
  /// recvCmd a server; pauses and nops may come first.
  ir::Mode compute_mode() const {
    for (const ir::State &st : s_.states) {
      if (std::holds_alternative<ir::SendState>(st.body) ||
          std::holds_alternative<ir::SendCmdState>(st.body)) {
        return ir::Mode::Client;
      }
      if (std::holds_alternative<ir::RecvState>(st.body) ||
          std::holds_alternative<ir::RecvCmdState>(st.body)) {
        return ir::Mode::Server;
      }
    }
    return ir::Mode::Unknown;
  }

  const ScenarioAst &ast_;
  const SourceBuffer &src_;
  const LoweringOptions &opts_;
  ir::DiagnosticEngine &d_;
  ir::Scenario s_;
  std::map<std::string, VarId, std::less<>> vars_;
  std::vector<std::string> methods_;
  bool hide_default_ = false;
};

} // namespace

ir::Scenario lower(const ScenarioAst &ast, const SourceBuffer &src, const LoweringOptions &opts,
                   ir::DiagnosticEngine &diags) {
  return Lowering(ast, src, opts, diags).run();
}

} // namespace gossipper::compiler

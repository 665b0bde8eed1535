//===- runtime_support.cpp - What the runtime can run today ---------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/runtime/runtime_support.hpp"

#include <algorithm>
#include <iterator>
#include <type_traits>

namespace gossipper::runtime {
namespace {

class SupportCheck {
public:
  SupportCheck(ir::DiagnosticEngine &d, RunFeatures f) : d_(d), f_(f) {}

  void refuse(ir::SourceLoc loc, const std::string &what) {
    d_.error(loc, what + " is not supported by the runtime yet; the scenario cannot run");
  }

  void templ(const ir::Template &t) {
    for (const ir::Segment &seg : t.segments) {
      if (seg.kind == ir::Segment::Kind::Keyword && seg.keyword == ir::Keyword::TdmMap &&
          !f_.tdm_map) {
        d_.error(seg.loc, "[tdmmap] keyword without -tdmmap parameter on command line");
      } else if (seg.kind == ir::Segment::Kind::Keyword && ir::is_media_keyword(seg.keyword) &&
                 !f_.media) {
        refuse(seg.loc,
               std::string("[") + ir::keyword_name(seg.keyword) + "] in an out-of-call scenario");
      }
      for (const ir::Template &sub : seg.sub) {
        templ(sub);
      }
    }
  }

  void states(const std::vector<ir::State> &states) {
    for (const ir::State &st : states) {
      if (const auto *send = std::get_if<ir::SendState>(&st.body)) {
        templ(send->message);
      }
      for (const ir::Action &a : st.actions) {
        std::visit(
            [&](const auto &body) {
              using T = std::decay_t<decltype(body)>;
              if constexpr (std::is_same_v<T, ir::MediaAction>) {
                media(body, a.loc);
              } else if constexpr (std::is_same_v<T, ir::LogAction>) {
                templ(body.message);
              } else if constexpr (std::is_same_v<T, ir::AssignStrAction>) {
                templ(body.value);
              } else if constexpr (std::is_same_v<T, ir::ExecCommandAction>) {
                templ(body.command);
              }
            },
            a.body);
      }
    }
  }

private:
  void media(const ir::MediaAction &, ir::SourceLoc loc) {
    if (!f_.media) {
      refuse(loc, "media in an out-of-call scenario");
    }
  }

  ir::DiagnosticEngine &d_;
  RunFeatures f_;
};

} // namespace

bool runtime_runs(LanguageItem kind, std::string_view /*name*/) {
  // Everything the front end reads runs: the checks above refuse uses
  // (media out of call, [tdmmap] without -tdmmap), not names.
  switch (kind) {
  case LanguageItem::Element: return true;
  case LanguageItem::Action: return true;
  case LanguageItem::Keyword: return true;
  }
  return false;
}

bool check_runtime_support(const ir::Scenario &s, ir::DiagnosticEngine &diags,
                           RunFeatures features) {
  size_t before = diags.error_count();
  SupportCheck c(diags, features);
  c.states(s.states);
  c.states(s.init_states);
  for (const ir::DefaultMessage &m : s.default_messages) {
    c.templ(m.message);
  }
  return diags.error_count() == before;
}

} // namespace gossipper::runtime

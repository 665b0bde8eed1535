//===- count_csv.cpp - SIPp's -trace_counts file ---------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "stats/count_csv.hpp"
#include "stats/stat_csv.hpp"
#include "time/wall_date.hpp"

namespace gossipper::runtime {
namespace {

/// The columns of element `i` (none for a hidden one or a nop), as SIPp's
/// print_count_file, with `cell` giving each column's value or name.
template <class Cell>
void element_columns(const ir::State &st, size_t i, const StatsSnapshot::State *c, bool lost,
                     Cell cell) {
  std::string prefix = std::to_string(i) + "_";
  if (const auto *send = std::get_if<ir::SendState>(&st.body)) {
    prefix += send->is_response ? std::to_string(send->code) : send->method;
    cell(prefix + "_Sent", c ? c->sent : 0);
    cell(prefix + "_Retrans", c ? c->sent_retrans : 0);
    if (send->retrans_ms != 0) {
      cell(prefix + "_Timeout", c ? c->timeouts : 0);
    }
    if (lost) {
      cell(prefix + "_Lost", c ? c->lost : 0);
    }
  } else if (const auto *recv = std::get_if<ir::RecvState>(&st.body)) {
    prefix += recv->request.empty() ? recv->response_text : recv->request;
    cell(prefix + "_Recv", c ? c->recv : 0);
    cell(prefix + "_Retrans", c ? c->recv_retrans : 0);
    cell(prefix + "_Timeout", c ? c->timeouts : 0);
    cell(prefix + "_Unexp", c ? c->unexpected : 0);
    if (lost) {
      cell(prefix + "_Lost", c ? c->lost : 0);
    }
  } else if (std::holds_alternative<ir::PauseState>(st.body)) {
    cell(prefix + "Pause_Sessions", c ? c->sessions : 0);
    cell(prefix + "Pause_Unexp", c ? c->unexpected : 0);
  } else if (std::holds_alternative<ir::RecvCmdState>(st.body)) {
    cell(prefix + "RecvCmd", c ? c->recv : 0);
    cell(prefix + "RecvCmd_Timeout", c ? c->timeouts : 0);
  } else if (std::holds_alternative<ir::SendCmdState>(st.body)) {
    cell(prefix + "SendCmd", c ? c->sent : 0);
  }
}

} // namespace

std::string CountCsv::header(const ir::Scenario &s, const std::string &d, bool lost_columns) {
  std::string h = "CurrentTime" + d + "ElapsedTime" + d;
  for (size_t i = 0; i < s.states.size(); ++i) {
    if (!s.states[i].hide) {
      element_columns(s.states[i], i, nullptr, lost_columns,
                      [&](const std::string &name, uint64_t) { h += name + d; });
    }
  }
  return h;
}

Expected<void> CountCsv::open(const std::string &path, const ir::Scenario &s, std::string delimiter,
                              bool lost_columns) {
  if (Expected<void> opened = file_.open(path, true); !opened) {
    return opened;
  }
  scenario_ = &s;
  delimiter_ = std::move(delimiter);
  lost_columns_ = lost_columns;
  std::string h = header(s, delimiter_, lost_columns_) + "\n";
  file_.write(h);
  file_.flush();
  return {};
}

void CountCsv::row(const StatsSnapshot &now, uint64_t start_us, uint64_t now_us) {
  if (!file_.is_open()) {
    return;
  }
  const std::string &d = delimiter_;
  uint64_t elapsed_ms = now_us > start_us ? (now_us - start_us) / 1000 : 0;
  std::string r = sipp_timestamp(now_us) + d + StatCsv::hhmmssus(elapsed_ms) + d;
  for (size_t i = 0; i < scenario_->states.size() && i < now.states.size(); ++i) {
    if (!scenario_->states[i].hide) {
      element_columns(scenario_->states[i], i, &now.states[i], lost_columns_,
                      [&](const std::string &, uint64_t v) { r += std::to_string(v) + d; });
    }
  }
  r += '\n';
  file_.write(r);
  file_.flush();
}

} // namespace gossipper::runtime

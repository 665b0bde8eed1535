//===- run_loop.cpp - The main thread while a test runs -------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "engine/run_loop.hpp"
#include "gossipper/runtime/run_share.hpp"

#include "time/clock.hpp"

#include <poll.h>
#include <thread>

namespace gossipper::runtime {

RunLoop::RunLoop(Run &run, const RunSignals &signals, std::FILE *out)
    : run_(run), cfg_(run.cfg_), signals_(signals), out_(out), console_(run.cfg_.no_stdin, out) {
  screens_.has_out_of_call = run.ooc_ != nullptr;
}

void RunLoop::run() {
  uint64_t start_wall = wall_us();
  reset_wall_ = start_wall;
  period_start_ = run_.shown_snapshot();
  run_.start_wall_us_ = start_wall;
  {
    std::lock_guard lock(run_.reset_mu_);
    run_.shown_start_wall_us_ = start_wall;
    run_.shown_start_ms_ = run_.start_ms_;
  }
  last_stat_row_ = run_.start_ms_;
  run_.write_rows(period_start_); // SIPp's first row, at start
  last_report_ = run_.start_ms_;
  run_.rate_.restart(run_.start_ms_);
  ooc_period_start_ = run_.ooc_ ? run_.collect(true, false) : StatsSnapshot{};
  while (true) {
    wait();
    uint64_t now = steady_ms();
    if (!follow_signals()) {
      break;
    }
    increase_rate(now);
    run_.follow_load(now);
    read_input();
    {
      std::lock_guard lock(run_.reset_mu_);
      if (run_.rebase_period_) {
        period_start_.subtract_cumulative(*run_.rebase_period_);
        run_.rebase_period_.reset();
        peak_ = 0; // SIPp's peak is a cumulative counter too
        peak_time_ = 0;
      }
    }
    StatsSnapshot all = run_.collect(false, false);
    {
      std::lock_guard lock(run_.history_mu_);
      run_.history_.sample(now - run_.start_ms_, all);
    }
    StatsSnapshot shown = all;
    {
      std::lock_guard lock(run_.reset_mu_);
      shown.subtract_cumulative(run_.reset_base_);
    }
    if (shown.open_calls > peak_) {
      peak_ = shown.open_calls;
      peak_time_ = (now - run_.start_ms_) / 1000;
    }
    if (!go_on(now, all, shown)) {
      break;
    }
    refresh(now, shown);
  }
  console_.restore();
}

void RunLoop::wait() {
  // Sleep until the next thing the main thread must do: on a quiet machine
  // every wake-up costs, and this thread has little to do while calls run.
  uint64_t before = steady_ms();
  uint64_t next = before + 100;
  if (cfg_.refresh_ms != 0) {
    next = std::min(next, last_report_ + cfg_.refresh_ms);
  }
  if (cfg_.global_timeout_ms != 0 && !run_.timeout_fired_) {
    next = std::min(next, run_.start_ms_ + cfg_.global_timeout_ms);
  }
  if (run_.rate_.increases()) {
    next = std::min(next, run_.rate_.next_step_ms());
  }
  pollfd fds[3];
  nfds_t nfds = 0;
  for (int fd : {signals_.wake_fd(), console_.key_fd(), run_.control_socket_.fd()}) {
    if (fd >= 0) {
      fds[nfds++] = pollfd{fd, POLLIN, 0};
    }
  }
  if (next > before) {
    ::poll(fds, nfds, static_cast<int>(next - before));
  }
  signals_.drain();
}

bool RunLoop::follow_signals() {
  if (RunSignals::stop_signal() != 0) {
    return false; // SIGINT/SIGTERM: SIPp exits at once, calls are left as they are
  }
  while (RunSignals::take_usr1()) {
    key('q');
  }
  if (run_.state_.stop_now.load()) {
    return false;
  }
  return true;
}

void RunLoop::increase_rate(uint64_t now) {
  // -rate_increase: SIPp's ratetask, while no one asked to quit.
  RunState &state = run_.state_;
  RateController &rate = run_.rate_;
  if (!rate.increases() || state.quit.level() == QuitLevel::Graceful || state.quit.aborting() ||
      now < rate.next_step_ms()) {
    return;
  }
  RateController::Step step = rate.step(state.rate.load(), now);
  if (step.quit) {
    state.quit.graceful();
  }
  run_.apply_rate(step.rate);
}

void RunLoop::key(char k) { apply_key(run_, screens_, k, cfg_.rate_scale); }

void RunLoop::command(const std::string &line) {
  if (Expected<void> done = apply_command(run_, screens_, line); !done) {
    run_.warn(done.error().message);
  }
}

void RunLoop::read_input() {
  if (RunSignals::take_usr2()) {
    StatsSnapshot now = run_.shown_snapshot();
    now.peak_calls = peak_;
    now.peak_time_s = peak_time_;
    dump_screens(frame(now, false));
  }
  auto on_key = [this](char k) { key(k); };
  auto on_command = [this](const std::string &line) { command(line); };
  console_.read(on_key, on_command);
  run_.control_socket_.read(on_key, on_command);
}

bool RunLoop::go_on(uint64_t now, const StatsSnapshot &all, const StatsSnapshot &shown) {
  RunState &state = run_.state_;
  // -m counts every call, reset or not.
  uint64_t max_calls = own_max_calls(cfg_);
  if (max_calls != 0 && all.created() >= max_calls) {
    state.quit.soft();
  }
  if (cfg_.global_timeout_ms != 0 && !run_.timeout_fired_ &&
      now - run_.start_ms_ >= cfg_.global_timeout_ms) {
    run_.timeout_fired_ = true;
    if (cfg_.timeout_error) {
      run_.warn(cfg_.scenario_name + " timed out");
      state.stop_now.store(true);
      return false;
    }
    state.quit.soft();
  }
  if (state.quit.aborting()) {
    state.abort_calls.store(true);
  }
  if (state.quit.quitting() && shown.open_calls == 0) {
    // Let the shards pass one more tick so calls queued to them are seen.
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
    if (run_.open_calls() == 0) {
      return incoming_unsettled(now, all); // go on while it waits
    }
  }
  settle_until_ = 0;
  return true;
}

bool RunLoop::incoming_unsettled(uint64_t now, const StatsSnapshot &all) {
  // A call a peer opened is counted created when its shard makes it, and
  // open at that shard's next tick: a UAS's -m can be reached while its
  // last call shows nowhere open. Wait for every created call to be
  // counted ended, a bounded while (a call ended uncounted, or aborted,
  // must not hold the run).
  if (all.created() <= all.get(Counter::SuccessfulCall) + all.get(Counter::FailedCall) ||
      run_.state_.quit.aborting()) {
    return false;
  }
  if (settle_until_ == 0) {
    settle_until_ = now + kSettleMs;
  }
  return now < settle_until_;
}

void RunLoop::refresh(uint64_t now, StatsSnapshot &shown) {
  bool due = cfg_.refresh_ms != 0 && now - last_report_ >= cfg_.refresh_ms;
  if (console_.tty() && due) {
    shown.peak_calls = peak_;
    shown.peak_time_s = peak_time_;
    if (screens_.out_of_call) {
      StatsSnapshot o = run_.collect(true, false);
      console_.draw(run_.ooc_->screen.render(screens_.screen, frame(o, false, &ooc_period_start_)));
    } else {
      console_.draw(run_.version_of(shown).screen.render(screens_.screen, frame(shown, false)));
    }
  }
  if (run_.statistics_.writes_rows() && cfg_.stat_period_ms != 0 &&
      now - last_stat_row_ >= cfg_.stat_period_ms) {
    last_stat_row_ = now;
    run_.write_rows(shown);
  }
  if (due) {
    run_.statistics_.flush();
    run_.traces_.flush();
    if (run_.rtpcheck_debug_) {
      run_.rtpcheck_debug_->flush();
    }
    if (run_.srtp_debug_) {
      run_.srtp_debug_->flush();
    }
    period_start_ = shown;
    if (run_.ooc_) {
      ooc_period_start_ = run_.collect(true, false);
    }
    last_report_ = now;
    reset_wall_ = wall_us();
  }
}

void RunLoop::final_screens(const StatsSnapshot &shown_now) {
  StatsSnapshot s = shown_now;
  s.peak_calls = std::max(peak_, s.open_calls);
  s.peak_time_s = peak_time_;
  ScreenPrinter::Frame f = frame(s, true);
  console_.clear();
  // The last screens of the scenario on display ("set display ooc").
  StatsSnapshot o = screens_.out_of_call ? run_.collect(true, false) : StatsSnapshot{};
  const ScreenPrinter &printer =
      screens_.out_of_call ? run_.ooc_->screen : run_.version_of(s).screen;
  ScreenPrinter::Frame shown = screens_.out_of_call ? frame(o, true, &ooc_period_start_) : f;
  std::fputs(printer.render(screens_.screen, shown).c_str(), out_);
  if (screens_.screen != '2') {
    std::fputs(printer.render('2', shown).c_str(), out_);
  }
  if (run_.scrapes_ && run_.scrapes_->shown()) {
    // Ours, under SIPp's screens (which keep their layout).
    std::fprintf(out_, "Prometheus /metrics scrapes: %llu served, %llu refused\n",
                 static_cast<unsigned long long>(run_.scrapes_->served.load()),
                 static_cast<unsigned long long>(run_.scrapes_->failed.load()));
  }
  std::fflush(out_);
  if (cfg_.trace_screen) {
    dump_screens(f);
  }
  run_.traces_.errors().report(stderr);
}

ScreenPrinter::Frame RunLoop::frame(const StatsSnapshot &now, bool closing,
                                    const StatsSnapshot *period) const {
  ScreenPrinter::Frame f;
  f.now = &now;
  f.period_start = period != nullptr ? period : &period_start_;
  uint64_t t = steady_ms();
  {
    std::lock_guard lock(run_.reset_mu_);
    f.clock_ms = t - run_.shown_start_ms_;
    f.start_wall_us = run_.shown_start_wall_us_;
  }
  f.period_ms = t - last_report_;
  f.hide = screens_.hide;
  f.reset_wall_us = reset_wall_;
  f.now_wall_us = wall_us();
  f.local_port = run_.main_socket_.port;
  RunStatus status = run_.status();
  f.rate = status.rate;
  f.call_limit = status.call_limit;
  if (status.users >= 0) {
    f.users = status.users;
    f.call_limit = static_cast<uint64_t>(status.users); // SIPp's open-call limit is the users
  }
  f.quitting = status.quitting;
  f.paused = status.paused;
  f.saturation = status.saturation;
  f.offered_rate = status.offered_rate;
  f.closing = closing;
  f.last_error = run_.traces_.errors().last();
  return f;
}

void RunLoop::dump_screens(const ScreenPrinter::Frame &f) {
  // SIPp's _screen.log: the scenario, statistics and repartition screens.
  std::string name = trace_file_name(cfg_, cfg_.screen_file, "_screen.log");
  std::FILE *dump = std::fopen(name.c_str(), cfg_.screen_overwrite ? "w" : "a");
  if (dump == nullptr) {
    run_.warn("Unable to create '" + name + "': " + std::strerror(errno));
    return;
  }
  for (char k : {'1', '2', '3'}) {
    std::fputs(run_.version_of(*f.now).screen.render(k, f).c_str(), dump);
  }
  std::fclose(dump);
}

} // namespace gossipper::runtime

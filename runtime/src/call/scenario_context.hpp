//===- scenario_context.hpp - What the shards share for a scenario -*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// A run has one or two scenarios (the main one, and -oocsf's out-of-call
// one); each shard runs the calls of both. What a scenario's call engines
// share — its IR, code, default messages and variables, and the run's
// files and tables — is here, read-only once the shards start (but for the
// atomics the main thread turns on and off). What a call can ask of the
// whole process goes through RunHooks.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "call/dynamic_id.hpp"
#include "call/variable_tables.hpp"
#include "gossipper/abi.h"
#include "gossipper/ir/scenario.hpp"
#include "gossipper/ir/template_numbering.hpp"
#include "gossipper/runtime/media_files.hpp"
#include "gossipper/runtime/run_config.hpp"
#include "gossipper/runtime/tdm_map.hpp"
#include "gossipper/stdlib/injection_file.hpp"
#include "stats/error_code_log.hpp"
#include "trace/call_observer.hpp"
#include "trace/message_observer.hpp"
#include "trace/trace_log.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gossipper::runtime {

/// -inf files by name as given (the first is the default of [fieldN]).
using InjectionFiles = std::vector<std::pair<std::string, std::shared_ptr<stdlib::InjectionFile>>>;

struct ScenarioContext {
  const RunConfig *config = nullptr;
  const ir::Scenario *scenario = nullptr;
  const ir::TemplateTable *templates = nullptr;
  const gsp_program *program = nullptr;
  InjectionFiles injection_files;
  /// Who sees every SIP message (the message traces first); null: nobody.
  const MessageObservers *observers = nullptr;
  /// Who hears of calls starting, ending, timing out... (structured
  /// events); null: nobody.
  CallObserver *call_observer = nullptr;
  /// -trace_calldebug (null: not traced).
  TraceLog *call_debug = nullptr;
  /// -trace_error_codes (null: not traced).
  ErrorCodeLog *error_codes = nullptr;
  /// -trace_rtt, and the steady-clock time its dates count from (µs).
  TraceLog *rtt = nullptr;
  uint64_t rtt_origin_us = 0;
  /// -tdmmap's circuits, shared by the shards (null: no -tdmmap).
  TdmMap *tdm_map = nullptr;
  /// The template ids of SIPp's default messages (scenario's own when given).
  uint32_t default_ack = ir::kNoTemplate;
  uint32_t default_bye = ir::kNoTemplate;
  uint32_t default_cancel = ir::kNoTemplate;
  uint32_t default_200 = ir::kNoTemplate;
  uint32_t default_3pcc_abort = ir::kNoTemplate;
  /// SIPp's global call number, shared by the shards (server calls take one).
  std::atomic<uint32_t> *next_number = nullptr;
  /// [dynamic_id]'s counter, shared by the shards (null: SIPp's defaults,
  /// per engine).
  DynamicIdCounter *dynamic_id = nullptr;
  /// <Global> and <User> values (null: the scenario has none).
  ScenarioVariables *variables = nullptr;
  /// The files the media actions play (null: the scenario has no media).
  const MediaFiles *media_files = nullptr;

  /// Reads the default messages' template ids.
  void find_default_messages(const ir::TemplateTable &t);
};

/// Things a call can ask of the whole process.
struct RunHooks {
  std::function<void()> stop_gracefully; ///< int_cmd stop_gracefully
  std::function<void()> stop_now;        ///< int_cmd stop_now
  std::function<void(const std::string &)> warning;
  std::function<void(const std::string &)> log; ///< <log> with -trace_logs
  std::function<void(uint32_t)> free_user;      ///< -users: a call's user is free again
  std::function<uint32_t()> users;              ///< -users: the current number, for [users]
  /// 3PCC: sends a command to the -3pcc twin (dest empty) or to the named
  /// extended-3PCC peer; false when it cannot.
  std::function<bool(std::string_view dest, std::string_view text)> send_command;
};

} // namespace gossipper::runtime

//===- verifier.hpp - SIPp's load-time rules, and more ---------*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// SIPp finds most scenario mistakes only when it loads the file, and some only
// when a call runs into them. The verifier finds them at build time, all at
// once, each at the line and column where it was written.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/ir/diagnostic.hpp"
#include "gossipper/ir/scenario.hpp"

#include <map>
#include <set>
#include <string>

namespace gossipper::ir {

/// What the command line says, when it is known. `gossipper check` knows only
/// what its flags give; `gossipper sipp` knows everything.
struct VerifyContext {
  /// The 3PCC options are known: a sendCmd/recvCmd without a peer is an error.
  bool check_3pcc = false;
  /// The -inf files are known: every [fieldN] is checked against them.
  bool check_injection = false;
  /// -3pcc HOST:PORT was given.
  bool twin_3pcc = false;
  /// -master/-slave given (extended 3PCC); `peers` holds the -slave_cfg names.
  bool extended_3pcc = false;
  std::set<std::string> peers;
  /// -inf files: name (the path's last component, as SIPp names them) →
  /// number of fields.
  std::map<std::string, unsigned> injection_fields;
  /// The -inf files given an -infindex, which <lookup> needs.
  std::set<std::string> indexed_injection_files;
  /// The first -inf, which `[fieldN]` without file= reads.
  std::string default_injection_file;
  /// Earlier stages already reported errors: skip the whole-scenario counts
  /// (variables used once, RTDs, transactions) that would only echo them.
  bool after_errors = false;
};

/// Runs every check; returns true when no error was found (warnings allowed).
bool verify(const Scenario &s, const VerifyContext &ctx, DiagnosticEngine &diags);

} // namespace gossipper::ir

//===- run_constants.cpp - Keywords fixed for a whole run -----------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/runtime/run_constants.hpp"

namespace gossipper::runtime {

std::string ip_for_message(const std::string &ip) {
  return ip.find(':') != std::string::npos ? "[" + ip + "]" : ip;
}

std::optional<std::string> run_constant_text(const RunConfig &cfg, ir::Keyword kw, int32_t offset) {
  auto ip_type = [](const std::string &ip) {
    return std::string(ip.find(':') != std::string::npos ? "6" : "4");
  };
  switch (kw) {
  case ir::Keyword::Service: return cfg.service;
  case ir::Keyword::RemoteIp: return ip_for_message(cfg.remote_ip);
  case ir::Keyword::RemoteHost: return cfg.remote_host;
  case ir::Keyword::RemotePort:
    return std::to_string(static_cast<long long>(cfg.remote_port) + offset);
  case ir::Keyword::Transport: return std::string(transport_name(cfg.transport));
  case ir::Keyword::LocalIp: return ip_for_message(cfg.local_ip);
  case ir::Keyword::LocalIpType: return ip_type(cfg.local_ip);
  case ir::Keyword::ServerIp: return cfg.bind_local ? cfg.local_ip : std::string("0.0.0.0");
  case ir::Keyword::MediaIp: return cfg.media_ip;
  case ir::Keyword::MediaIpType: return ip_type(cfg.media_ip);
  case ir::Keyword::MediaPort:
    return std::to_string(static_cast<long long>(cfg.media_port) + offset);
  case ir::Keyword::Pid: return std::to_string(cfg.pid);
  case ir::Keyword::SippVersion: return cfg.version;
  default: return std::nullopt;
  }
}

std::map<std::pair<uint32_t, int32_t>, std::string>
run_constants_of(const RunConfig &cfg, const ir::TemplateTable &templates) {
  std::map<std::pair<uint32_t, int32_t>, std::string> out;
  for (const ir::Template *t : templates.templates) {
    for (const ir::Segment &seg : t->segments) {
      // [pid] is constant within a run but new at every start, and
      // [remote_port] often so (tests pick free ports): baked into code they
      // would make those starts miss the compile cache and load LLVM.
      if (seg.kind == ir::Segment::Kind::Keyword && seg.keyword != ir::Keyword::Pid &&
          seg.keyword != ir::Keyword::RemotePort) {
        if (auto text = run_constant_text(cfg, seg.keyword, seg.offset)) {
          out[{static_cast<uint32_t>(seg.keyword), seg.offset}] = *text;
        }
      }
    }
  }
  return out;
}

} // namespace gossipper::runtime

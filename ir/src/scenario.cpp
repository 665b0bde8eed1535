//===- scenario.cpp - Names of IR enumerations ----------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/ir/scenario.hpp"

namespace gossipper::ir {

const char *keyword_name(Keyword k) {
  switch (k) {
  case Keyword::Service: return "service";
  case Keyword::RemoteIp: return "remote_ip";
  case Keyword::RemoteHost: return "remote_host";
  case Keyword::RemotePort: return "remote_port";
  case Keyword::Transport: return "transport";
  case Keyword::LocalIp: return "local_ip";
  case Keyword::LocalIpType: return "local_ip_type";
  case Keyword::LocalPort: return "local_port";
  case Keyword::ServerIp: return "server_ip";
  case Keyword::MediaIp: return "media_ip";
  case Keyword::MediaIpType: return "media_ip_type";
  case Keyword::MediaPort: return "media_port";
  case Keyword::AutoMediaPort: return "auto_media_port";
  case Keyword::RtpstreamAudioPort: return "rtpstream_audio_port";
  case Keyword::RtpstreamVideoPort: return "rtpstream_video_port";
  case Keyword::CallNumber: return "call_number";
  case Keyword::DynamicId: return "dynamic_id";
  case Keyword::CallId: return "call_id";
  case Keyword::Cseq: return "cseq";
  case Keyword::Pid: return "pid";
  case Keyword::Branch: return "branch";
  case Keyword::MsgIndex: return "msg_index";
  case Keyword::NextUrl: return "next_url";
  case Keyword::Len: return "len";
  case Keyword::PeerTagParam: return "peer_tag_param";
  case Keyword::LastRequestUri: return "last_Request_URI";
  case Keyword::LastCseqNumber: return "last_cseq_number";
  case Keyword::LastMessage: return "last_message";
  case Keyword::Routes: return "routes";
  case Keyword::TdmMap: return "tdmmap";
  case Keyword::ClockTick: return "clock_tick";
  case Keyword::Users: return "users";
  case Keyword::UserId: return "userid";
  case Keyword::Timestamp: return "timestamp";
  case Keyword::Date: return "date";
  case Keyword::SippVersion: return "sipp_version";
  case Keyword::Crypto: return "crypto";
  }
  return "?";
}

const char *mode_name(Mode m) {
  switch (m) {
  case Mode::Unknown: return "unknown";
  case Mode::Client: return "client";
  case Mode::Server: return "server";
  }
  return "unknown";
}

bool may_be_run_constant(Keyword k) {
  switch (k) {
  case Keyword::Service:
  case Keyword::RemoteIp:
  case Keyword::RemoteHost:
  case Keyword::RemotePort:
  case Keyword::Transport:
  case Keyword::LocalIp:
  case Keyword::LocalIpType:
  case Keyword::ServerIp:
  case Keyword::MediaIp:
  case Keyword::MediaIpType:
  case Keyword::MediaPort:
  case Keyword::Pid:
  case Keyword::SippVersion:
  case Keyword::LocalPort: return true; // one socket for the whole run (u1, t1...)
  default: return false;
  }
}

const Variable *Scenario::find_variable(std::string_view wanted) const {
  for (const Variable &v : variables) {
    if (v.name == wanted) {
      return &v;
    }
  }
  return nullptr;
}

} // namespace gossipper::ir

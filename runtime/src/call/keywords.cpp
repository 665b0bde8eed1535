//===- keywords.cpp - The text of SIPp's keywords -------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// [call_id], [branch], [cseq], [len]... as SIPp 3.6.1 prints them; the ones
// fixed for the whole run come from run_constants.cpp.
//
//===----------------------------------------------------------------------===//
#include "call/renderer.hpp"

#include "gossipper/runtime/run_constants.hpp"
#include "time/wall_date.hpp"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace gossipper::runtime {
namespace {

void append_number(MessageBuffer &out, long long v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.data.append(buf, static_cast<size_t>(r.ptr - buf));
}

/// [timestamp]: local time, SIPp's layout with its TABs.
void append_timestamp(MessageBuffer &out) { out.data += sipp_timestamp(); }

/// [date]: RFC 1123, GMT.
void append_date(MessageBuffer &out) {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %T %Z", &tm);
  out.data += buf;
}

} // namespace

void Renderer::keyword(Call *call, MessageBuffer &out, uint32_t kw, int32_t offset) {
  if (kw < run_texts_.size() && run_texts_[kw].data != nullptr) {
    // The same text for every call (run_constants.cpp); generated code may
    // have copied it already with the literal text around it.
    if (offset == 0) {
      out.data += run_constant_[kw];
      return;
    }
    if (auto text = run_constant_text(env_.cfg, static_cast<ir::Keyword>(kw), offset)) {
      out.data += *text;
      return;
    }
  }
  const RunConfig &cfg = env_.cfg;
  switch (static_cast<ir::Keyword>(kw)) {
  case ir::Keyword::Service:
  case ir::Keyword::RemoteIp:
  case ir::Keyword::RemoteHost:
  case ir::Keyword::RemotePort:
  case ir::Keyword::Transport:
  case ir::Keyword::LocalIp:
  case ir::Keyword::LocalIpType:
  case ir::Keyword::ServerIp:
  case ir::Keyword::MediaIp:
  case ir::Keyword::MediaIpType:
  case ir::Keyword::MediaPort:
  case ir::Keyword::Pid:
  case ir::Keyword::SippVersion: break; // run constants, rendered above
  case ir::Keyword::LocalPort: append_number(out, env_.transport.local_port(*call) + offset); break;
  case ir::Keyword::AutoMediaPort:
    append_number(out, cfg.media_port + (4LL * (call->number == 0 ? 0 : call->number - 1)) % 10000 +
                           offset);
    break;
  case ir::Keyword::RtpstreamAudioPort:
  case ir::Keyword::RtpstreamVideoPort: {
    // The port the call's stream is bound to, from -min_rtp_port's range.
    bool video = static_cast<ir::Keyword>(kw) == ir::Keyword::RtpstreamVideoPort;
    uint16_t port = env_.media != nullptr ? env_.media->stream_port(*call, video) : 0;
    append_number(out, static_cast<long long>(port) + offset);
    break;
  }
  case ir::Keyword::CallNumber: append_number(out, call->number); break;
  case ir::Keyword::DynamicId: {
    DynamicIdCounter &ids = env_.ctx.dynamic_id != nullptr ? *env_.ctx.dynamic_id : own_dynamic_id_;
    append_number(out, static_cast<uint32_t>(ids.take())); // SIPp prints the int with %u
    break;
  }
  case ir::Keyword::CallId: out.data += call->id; break;
  case ir::Keyword::Cseq: append_number(out, static_cast<long long>(call->cseq) + offset); break;
  case ir::Keyword::Branch: {
    int x = call->render_index == -2 ? call->msg_index - 1 : call->render_index;
    out.data += "z9hG4bK-";
    append_number(out, cfg.pid);
    out.data += '-';
    append_number(out, call->number);
    out.data += '-';
    append_number(out, x + offset);
    break;
  }
  case ir::Keyword::MsgIndex: append_number(out, call->render_index); break;
  case ir::Keyword::NextUrl: out.data += call->peek().next_req_url; break;
  case ir::Keyword::Len:
    out.len_marker = out.data.size();
    out.len_offset = offset;
    out.data += "     ";
    break;
  case ir::Keyword::PeerTagParam:
    if (!call->peer_tag.empty()) {
      out.data += ";tag=";
      out.data += call->peer_tag;
    }
    break;
  case ir::Keyword::LastRequestUri: out.data += sipp_last_request_uri(call->last_recv_msg); break;
  case ir::Keyword::LastCseqNumber: {
    std::string h = sipp_get_header(call->last_recv_msg,
                                    recv_lines_.lines_for(call->recv_serial, call->last_recv_msg),
                                    "CSeq:", true);
    append_number(out, std::atol(h.c_str()) + offset);
    break;
  }
  case ir::Keyword::LastMessage: out.data += call->last_recv_msg; break;
  case ir::Keyword::Routes:
    if (!call->peek().route_set.empty()) {
      out.data += "Route: ";
      out.data += call->peek().route_set;
    } else {
      out.note_keyword_end();
    }
    break;
  case ir::Keyword::ClockTick: append_number(out, static_cast<long long>(env_.now_ms)); break;
  case ir::Keyword::Users:
    append_number(out, env_.hooks.users ? static_cast<int64_t>(env_.hooks.users()) : cfg.users);
    break;
  case ir::Keyword::UserId: append_number(out, call->user_id); break;
  case ir::Keyword::Timestamp: append_timestamp(out); break;
  case ir::Keyword::Date: append_date(out); break;
  case ir::Keyword::TdmMap:
    if (env_.ctx.tdm_map != nullptr && call->tdm_circuit >= 0) {
      out.data += env_.ctx.tdm_map->render(static_cast<uint32_t>(call->tdm_circuit));
    }
    break;
  default:
    // SDES and DTLS-SRTP's keywords: the call's keys live with its media.
    if (ir::is_media_keyword(static_cast<ir::Keyword>(kw)) && env_.media != nullptr) {
      // The message so far, not a copy: answering, the crypto tag written
      // earlier in the line is rewritten to the offer's.
      env_.media->render_keyword(*call, static_cast<ir::Keyword>(kw), offset, out.data);
    }
    break;
  }
}

} // namespace gossipper::runtime

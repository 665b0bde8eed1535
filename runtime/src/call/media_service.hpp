//===- media_service.hpp - What a call asks of the media room --*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// The call engine knows media only through this interface, as it knows
// sockets only through Transport: the media room (media/) implements it on
// each shard. A scenario without media actions gets none, and its calls pay
// one null test per message.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "call/call.hpp"
#include "call/message_bytes.hpp"
#include "gossipper/ir/scenario.hpp"

#include <string>
#include <string_view>

namespace gossipper::runtime {

class MediaService {
public:
  virtual ~MediaService() = default;
  /// A message the call received, before its actions run: an SDP in it says
  /// where the call's media goes (docs/sipp-behaviour.md, "Media").
  virtual void on_received(Call &call, std::string_view msg) = 0;
  /// A message the call sent: its SDP says which local ports its media uses.
  virtual void on_sent(Call &call, std::string_view msg) = 0;
  /// One media action; `text` is play_dtmf's digits, rendered.
  virtual int run(Call &call, const ir::MediaAction &action, std::string_view text) = 0;
  /// [rtpstream_audio_port] / [rtpstream_video_port] (+offset): the port of
  /// the call's stream, bound now from -min_rtp_port's range if need be (0:
  /// none free).
  virtual uint16_t stream_port(Call &call, bool video) = 0;
  /// An SDES or DTLS-SRTP keyword ([cryptotag1audio]..., [dtls_setup])
  /// appended to `out`, the message being made (the whole message: an
  /// answer's suite rewrites the tag written before it): a key made now is
  /// the call's until it ends.
  virtual void render_keyword(Call &call, ir::Keyword keyword, int32_t offset,
                              MessageBytes &out) = 0;
  /// The call ends: its streams stop, their figures are counted, its
  /// sockets are given back.
  virtual void release(Call &call) = 0;
};

} // namespace gossipper::runtime

//===- stream_player.cpp - rtp_stream on one stream -----------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "media/stream_player.hpp"

#include <algorithm>

namespace gossipper::runtime::media {

StreamPlayer::StreamPlayer(std::shared_ptr<const RtpStreamMedia> media, uint32_t ssrc,
                           uint16_t first_seq, uint32_t first_timestamp, uint64_t start_us)
    : media_(std::move(media)), ssrc_(ssrc), first_seq_(first_seq), seq_(first_seq),
      timestamp_(first_timestamp), due_us_(start_us), loops_left_(media_->spec.loops) {}

void StreamPlayer::next(std::string &out) {
  const RtpStreamSpec &spec = media_->spec;
  const std::string &file = media_->bytes;
  out.clear();
  due_us_ += static_cast<uint64_t>(spec.ms_per_packet) * 1000;
  if (paused_) {
    timestamp_ += spec.ticks_per_packet; // the stream looks up to date on resume
    return;
  }
  RtpHeader h{};
  h.payload_type = spec.payload_type;
  h.sequence = seq_++;
  h.timestamp = timestamp_;
  h.ssrc = ssrc_;
  timestamp_ += spec.ticks_per_packet;
  out.resize(kRtpHeaderSize + spec.bytes_per_packet);
  write_rtp_header(out.data(), h);
  size_t left = file.size() - offset_;
  size_t n = spec.bytes_per_packet;
  if (left >= n) {
    out.replace(kRtpHeaderSize, n, file, offset_, n);
    offset_ += n;
  } else {
    // The end of the file, then its start: one more loop played.
    out.replace(kRtpHeaderSize, left, file, offset_, left);
    size_t rest = n - left;
    for (size_t i = 0; i < rest; ++i) {
      out[kRtpHeaderSize + left + i] = file[i % file.size()];
    }
    offset_ = rest % file.size();
    if (loops_left_ > 0) {
      --loops_left_;
    }
  }
  if (offset_ == file.size()) {
    offset_ = 0;
    if (loops_left_ > 0) {
      --loops_left_;
    }
  }
  ++sent_;
}

uint32_t StreamPlayer::timestamp_at(uint64_t now_us) const {
  // timestamp_ belongs to the packet due at due_us_.
  const RtpStreamSpec &spec = media_->spec;
  int64_t ahead_us = static_cast<int64_t>(due_us_) - static_cast<int64_t>(now_us);
  int64_t ticks = ahead_us * static_cast<int64_t>(spec.ticks_per_packet) /
                  (static_cast<int64_t>(spec.ms_per_packet) * 1000);
  return timestamp_ - static_cast<uint32_t>(ticks);
}

EchoCheck StreamPlayer::check(const RtpHeader &rtp, std::string_view packet) {
  using R = EchoCheck::Result;
  EchoCheck c;
  if (rtp.ssrc != ssrc_) {
    return c; // the peer's own stream, not an echo of ours
  }
  c.result = compare(rtp, packet, c);
  ++(c.result == R::Matched ? matched_ : differing_);
  return c;
}

EchoCheck::Result StreamPlayer::compare(const RtpHeader &rtp, std::string_view packet,
                                        EchoCheck &c) const {
  using R = EchoCheck::Result;
  const RtpStreamSpec &spec = media_->spec;
  const std::string &file = media_->bytes;
  // The packet sent last with this sequence number (they wrap at 2^16):
  // packet k carried the file's bytes from k times the packet size, round
  // the file.
  auto index = static_cast<uint16_t>(rtp.sequence - first_seq_);
  uint64_t last = sent_ - 1;
  auto back = static_cast<uint16_t>(static_cast<uint16_t>(last) - index);
  if (sent_ == 0 || back > last) {
    return R::Unsent;
  }
  c.packet = last - back;
  std::string_view payload = packet.substr(rtp.payload_offset, rtp.payload_size);
  if (payload.size() != spec.bytes_per_packet) {
    return R::WrongSize;
  }
  auto start = static_cast<size_t>((c.packet * spec.bytes_per_packet) % file.size());
  for (size_t i = 0; i < payload.size(); ++i) {
    if (payload[i] != file[(start + i) % file.size()]) {
      c.at = i;
      return R::Differs;
    }
  }
  return R::Matched;
}

void StreamPlayer::payload_of(uint64_t k, std::string &out) const {
  const std::string &file = media_->bytes;
  size_t n = media_->spec.bytes_per_packet;
  auto start = static_cast<size_t>((k * n) % file.size());
  out.resize(n);
  for (size_t i = 0; i < n; ++i) {
    out[i] = file[(start + i) % file.size()];
  }
}

RtpcheckVerdict StreamPlayer::verdict(double tolerance) const {
  RtpcheckVerdict v;
  v.tolerance = tolerance;
  v.missing = sent_ - std::min(sent_, matched_ + differing_);
  if (sent_ == 0) {
    return v;
  }
  v.failed_ratio =
      static_cast<double>(sent_ - std::min(sent_, matched_)) / static_cast<double>(sent_);
  if (matched_ + differing_ == 0) {
    return v; // nothing came back: no echo to check
  }
  v.result = v.failed_ratio >= tolerance ? RtpcheckVerdict::Result::Failed
                                         : RtpcheckVerdict::Result::Passed;
  return v;
}

} // namespace gossipper::runtime::media

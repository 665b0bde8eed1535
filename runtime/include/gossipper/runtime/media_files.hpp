//===- media_files.hpp - The files a scenario's media plays ----*- C++ -*-===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// play_pcap_* name capture files. They are read once, when the scenario is
// loaded, and shared by every call: a file that cannot be read, or holds no
// RTP/UDP packet, stops the run before any traffic, at the action's line.
// rtp_stream's files likewise, and its patterns' payloads are made then.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "gossipper/ir/diagnostic.hpp"
#include "gossipper/ir/scenario.hpp"

#include <memory>
#include <string>
#include <unordered_map>

namespace gossipper::runtime {

namespace media {
struct PcapMedia;
struct RtpStreamMedia;
class DtlsIdentity;
} // namespace media

class MediaFiles {
public:
  /// The packets a play_pcap_* action plays; null for any other action.
  [[nodiscard]] const std::shared_ptr<const media::PcapMedia> *
  pcap(const ir::MediaAction &action) const {
    auto it = pcaps_.find(&action);
    return it == pcaps_.end() ? nullptr : &it->second;
  }
  void add(const ir::MediaAction &action, std::shared_ptr<const media::PcapMedia> packets) {
    pcaps_[&action] = std::move(packets);
  }
  /// The file an rtp_stream action plays; null for pause, resume and the
  /// other actions.
  [[nodiscard]] const std::shared_ptr<const media::RtpStreamMedia> *
  stream(const ir::MediaAction &action) const {
    auto it = streams_.find(&action);
    return it == streams_.end() ? nullptr : &it->second;
  }
  void add(const ir::MediaAction &action, std::shared_ptr<const media::RtpStreamMedia> file) {
    streams_[&action] = std::move(file);
  }
  /// Whether an rtp_stream action plays on the call's video stream
  /// (`video`), or on its audio stream.
  [[nodiscard]] bool streams_on(bool video) const;

  /// Our DTLS certificate, when the scenario names [dtls_fingerprint].
  std::shared_ptr<const media::DtlsIdentity> dtls;
  /// The run's ICE-lite credentials, when it names [ice_ufrag]: connectivity
  /// checks keyed with them are answered.
  std::string ice_ufrag, ice_pwd;

private:
  std::unordered_map<const ir::MediaAction *, std::shared_ptr<const media::PcapMedia>> pcaps_;
  std::unordered_map<const ir::MediaAction *, std::shared_ptr<const media::RtpStreamMedia>>
      streams_;
};

/// Whether the scenario has a media action (then its calls get media).
[[nodiscard]] bool uses_media(const ir::Scenario &scenario);

/// Where relative media file names are looked for: next to the scenario
/// first, then the working directory (SIPp's order), then, for a built-in
/// scenario, the directory Debian's sip-tester installs SIPp's pcaps in.
struct MediaSearch {
  std::string scenario_dir; ///< empty for a built-in scenario
  std::string fallback_dir;
};

/// What loading takes from the command line.
struct MediaLoadOptions {
  uint8_t default_payload = 8; ///< -rtp_payload: rtp_stream's default
  std::string dtls_cert, dtls_key; ///< -dtls_cert, -dtls_key
};

/// Reads the file of every play_pcap_* and rtp_stream action, and makes
/// (or reads) our DTLS certificate when [dtls_fingerprint] is used; each
/// failure is an error at its action or keyword. Null when the scenario has
/// no media.
std::shared_ptr<const MediaFiles> load_media_files(const ir::Scenario &scenario,
                                                   ir::DiagnosticEngine &diags,
                                                   const MediaSearch &search,
                                                   const MediaLoadOptions &options = {});

} // namespace gossipper::runtime

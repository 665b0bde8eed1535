//===- media_files.cpp - The files a scenario's media plays ---------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
//===----------------------------------------------------------------------===//
#include "gossipper/runtime/media_files.hpp"

#include "media/dtls_identity.hpp"

#include <openssl/rand.h>

#include "media/pcap_file.hpp"
#include "media/stream_player.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <unistd.h>

namespace gossipper::runtime {
namespace {

bool readable(const std::string &path) { return ::access(path.c_str(), R_OK) == 0; }

/// SIPp's find_file: an absolute name as is; a relative one next to the
/// scenario, else in the working directory; ours adds the fallback for
/// built-ins (docs/sipp-behaviour.md, "Media files").
std::string find_media_file(const std::string &name, const MediaSearch &search) {
  if (name.empty() || name.front() == '/') {
    return name;
  }
  if (!search.scenario_dir.empty()) {
    std::string next_to = search.scenario_dir + "/" + name;
    if (readable(next_to)) {
      return next_to;
    }
  }
  if (readable(name) || search.fallback_dir.empty()) {
    return name;
  }
  std::string base = name.substr(name.rfind('/') + 1);
  std::string fallback = search.fallback_dir + "/" + base;
  return readable(fallback) ? fallback : name;
}

bool is_pcap_play(ir::MediaAction::Op op) {
  return op == ir::MediaAction::Op::PlayPcapAudio || op == ir::MediaAction::Op::PlayPcapVideo ||
         op == ir::MediaAction::Op::PlayPcapImage;
}

template <class F> void for_each_media_action(const ir::Scenario &s, F &&f) {
  for (const auto *states : {&s.states, &s.init_states}) {
    for (const ir::State &st : *states) {
      for (const ir::Action &a : st.actions) {
        if (const auto *m = std::get_if<ir::MediaAction>(&a.body)) {
          f(*m, a.loc);
        }
      }
    }
  }
}

/// The file the built-in uac_media streams; made when none is found.
constexpr std::string_view kBuiltinTone = "tone_440hz.ulaw";

/// One second of a 440 Hz tone at half scale, G.711 mu-law, 8 kHz.
std::string tone_440hz_ulaw() {
  std::string out(8000, '\0');
  for (size_t i = 0; i < out.size(); ++i) {
    double v = 16000.0 * std::sin(2.0 * M_PI * 440.0 * static_cast<double>(i) / 8000.0);
    out[i] = static_cast<char>(media::linear_to_ulaw(static_cast<int16_t>(v)));
  }
  return out;
}

/// rtp_stream's file, as SIPp reads it (and WAV beyond it).
Expected<std::shared_ptr<const media::RtpStreamMedia>>
read_stream_file(const ir::MediaAction &m, const MediaSearch &search, uint8_t default_payload) {
  Expected<media::RtpStreamSpec> spec = media::parse_rtp_stream(m.argument, default_payload);
  if (!spec) {
    return spec.error();
  }
  auto media = std::make_shared<media::RtpStreamMedia>();
  if (spec->pattern != 0) {
    media->bytes = media::pattern_payload(*spec);
    media->spec = std::move(*spec);
    return std::shared_ptr<const media::RtpStreamMedia>(std::move(media));
  }
  std::string path = find_media_file(spec->file, search);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream contents;
  if (!in && spec->file == kBuiltinTone) {
    contents << tone_440hz_ulaw();
  } else if (!in || !(contents << in.rdbuf())) {
    return Error{"Cannot read/cache rtpstream file " + path};
  }
  Expected<std::string> bytes = media::read_stream_audio(contents.str(), path, *spec);
  if (!bytes) {
    return bytes.error();
  }
  media->spec = std::move(*spec);
  media->bytes = std::move(*bytes);
  return std::shared_ptr<const media::RtpStreamMedia>(std::move(media));
}

} // namespace

bool MediaFiles::streams_on(bool video) const {
  return std::any_of(streams_.begin(), streams_.end(),
                     [&](const auto &s) { return s.second->spec.video == video; });
}

/// The first keyword of `t` that `wanted` takes, or null.
template <class Wanted>
static const ir::Segment *find_keyword(const ir::Template &t, const Wanted &wanted) {
  for (const ir::Segment &seg : t.segments) {
    if (seg.kind == ir::Segment::Kind::Keyword && wanted(seg.keyword)) {
      return &seg;
    }
    for (const ir::Template &sub : seg.sub) {
      if (const ir::Segment *found = find_keyword(sub, wanted)) {
        return found;
      }
    }
  }
  return nullptr;
}

/// The first keyword of the messages the scenario sends that `wanted`
/// takes, or null.
template <class Wanted>
static const ir::Segment *find_keyword(const ir::Scenario &scenario, const Wanted &wanted) {
  for (const auto *states : {&scenario.states, &scenario.init_states}) {
    for (const ir::State &st : *states) {
      if (const auto *send = std::get_if<ir::SendState>(&st.body)) {
        if (const ir::Segment *found = find_keyword(send->message, wanted)) {
          return found;
        }
      }
    }
  }
  return nullptr;
}

bool uses_media(const ir::Scenario &scenario) {
  bool any = false;
  for_each_media_action(scenario, [&](const ir::MediaAction &, ir::SourceLoc) { any = true; });
  // [rtpstream_audio_port] binds a port for the call, as in SIPp, with or
  // without a media action; the SDES and DTLS keywords make keys the call's
  // media keeps.
  return any || find_keyword(scenario, [](ir::Keyword k) {
           return k == ir::Keyword::RtpstreamAudioPort || k == ir::Keyword::RtpstreamVideoPort ||
                  ir::is_media_keyword(k);
         }) != nullptr;
}

/// `n` random ice-chars (RFC 8839 §5.4: ALPHA / DIGIT / "+" / "/").
static std::string ice_chars(size_t n) {
  static constexpr std::string_view kChars =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string bytes(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char *>(bytes.data()), // NOLINT: OpenSSL's API
                 static_cast<int>(n)) != 1) {
    std::abort(); // the system's generator cannot fail once seeded
  }
  for (char &c : bytes) {
    c = kChars[static_cast<uint8_t>(c) % kChars.size()];
  }
  return bytes;
}

/// Our DTLS certificate for a scenario naming [dtls_fingerprint]: made, or
/// read from -dtls_cert/-dtls_key; an error at the keyword.
static void load_dtls_identity(const ir::Scenario &scenario, ir::DiagnosticEngine &diags,
                               const MediaLoadOptions &options, MediaFiles &files) {
  const ir::Segment *seg = find_keyword(
      scenario, [](ir::Keyword k) { return k == ir::Keyword::DtlsFingerprint; });
  if (seg == nullptr) {
    return;
  }
  Expected<std::shared_ptr<const media::DtlsIdentity>> id =
      options.dtls_cert.empty() && options.dtls_key.empty()
          ? media::DtlsIdentity::generate()
          : media::DtlsIdentity::load(options.dtls_cert,
                                      options.dtls_key.empty() ? options.dtls_cert
                                                               : options.dtls_key);
  if (!id) {
    diags.error(seg->loc, id.error().message);
    return;
  }
  files.dtls = std::move(*id);
}

std::shared_ptr<const MediaFiles> load_media_files(const ir::Scenario &scenario,
                                                   ir::DiagnosticEngine &diags,
                                                   const MediaSearch &search,
                                                   const MediaLoadOptions &options) {
  if (!uses_media(scenario)) {
    return nullptr;
  }
  auto files = std::make_shared<MediaFiles>();
  // A file named by several actions is read once.
  std::unordered_map<std::string, std::shared_ptr<const media::PcapMedia>> read;
  for_each_media_action(scenario, [&](const ir::MediaAction &m, ir::SourceLoc loc) {
    if (m.op == ir::MediaAction::Op::RtpStream &&
        media::stream_control(m.argument) == media::StreamControl::None) {
      auto file = read_stream_file(m, search, options.default_payload);
      if (!file) {
        diags.error(loc, file.error().message);
        return;
      }
      files->add(m, std::move(*file));
      return;
    }
    if (!is_pcap_play(m.op)) {
      return;
    }
    std::string path = find_media_file(m.argument, search);
    auto known = read.find(path);
    if (known != read.end()) {
      files->add(m, known->second);
      return;
    }
    Expected<media::PcapMedia> packets = media::read_pcap_file(path);
    if (!packets) {
      diags.error(loc, packets.error().message);
      return;
    }
    auto shared = std::make_shared<const media::PcapMedia>(std::move(*packets));
    read.emplace(path, shared);
    files->add(m, shared);
  });
  load_dtls_identity(scenario, diags, options, *files);
  if (find_keyword(scenario, [](ir::Keyword k) {
        return k == ir::Keyword::IceUfrag || k == ir::Keyword::IcePwd;
      }) != nullptr) {
    // RFC 8445 §5.3: at least 24 bits of randomness in the ufrag, 128 in
    // the password; ice-chars only.
    files->ice_ufrag = ice_chars(8);
    files->ice_pwd = ice_chars(24);
  }
  return files;
}

} // namespace gossipper::runtime

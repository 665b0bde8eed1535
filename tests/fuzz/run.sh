#!/usr/bin/env bash
# Runs each fuzz target for a bounded time, seeded with the built-in scenarios,
# the golden and broken corpora, and capture files. A crash fails the run and
# leaves its input.
set -euo pipefail
build=$1
seconds=${2:-30}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/xml" "$work/template" "$work/sip" "$work/sdp" "$work/rtp" "$work/pcap" "$work/sdes" "$work/api" "$work/profile" "$work/otel" "$work/grpc_status" "$work/capture" "$work/stream_audio" "$work/report" "$work/summary"
for f in "$root"/scenarios/*.xml "$root"/tests/golden/*.xml "$root"/tests/diagnostics/*.xml; do
  cp "$f" "$work/xml/$(basename "$(dirname "$f")")-$(basename "$f")"
done
cp "$root"/tests/fuzz/corpus/* "$work/template/" 2>/dev/null || true
for f in "$root"/scenarios/*.xml; do
  # The inside of each CDATA section as a template seed.
  python3 - "$f" "$work/template/$(basename "$f")" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="latin-1").read()
for i, m in enumerate(re.findall(r"<!\[CDATA\[(.*?)\]\]>", text, re.S)):
    open(f"{sys.argv[2]}.{i}", "w").write(m)
PY
done
# SIP seeds: the messages the built-in scenarios send, as a peer would see them.
for f in "$root"/tests/fuzz/sip/*; do
  cp "$f" "$work/sip/"
done
# Media seeds: SIP messages with SDP; RTP, RTCP and RFC 4733 datagrams; the
# test captures (good ones and one per error) and SIPp's own.
cp "$root"/tests/fuzz/sdp/* "$work/sdp/"
cp "$root"/tests/fuzz/rtp/* "$work/rtp/"
# SDES seeds: a=crypto lines; RTP seeds too, as datagrams from a keyed peer.
cp "$root"/tests/fuzz/sdes/* "$root"/tests/fuzz/rtp/* "$work/sdes/"
# API seeds: control bodies and HTTP requests, a mode byte first.
cp "$root"/tests/fuzz/api/* "$work/api/"
cp "$root"/tests/fuzz/profile/* "$work/profile/"
# OTEL_* values, URLs and Retry-After values, a reader byte first.
cp "$root"/tests/fuzz/otel/* "$work/otel/"
# gRPC status details (google.rpc.Status with RetryInfo and others).
cp "$root"/tests/fuzz/grpc_status/* "$work/grpc_status/"
# rtp_stream arguments, each followed by a file: WAVs and raw audio.
cp "$root"/tests/fuzz/stream_audio/* "$work/stream_audio/"
# Summaries for gossipper report: a full one of each kind and damaged ones.
cp "$root"/tests/fuzz/report/* "$work/report/"
# Summaries to merge: the same, and a shard's with its histograms.
cp "$root"/tests/fuzz/report/* "$root"/tests/fuzz/summary/* "$work/summary/"
python3 "$root"/tests/media/make_pcaps.py --out "$work/pcap"
cp /usr/share/sip-tester/*.pcap "$work/pcap/" 2>/dev/null || true
# Capture seeds: SIP calls over UDP and TCP under several link types, and
# the media captures (no SIP, each a way to be refused).
cp "$root"/tests/fuzz/capture/* "$work/pcap/"* "$work/capture/"
# The targets run side by side, one per core (FUZZ_JOBS), each for the same
# bounded time; their reports are printed in order once all have ended.
fuzz_one() {
  local exe=${1%%:*} corpus=$work/${1##*:}
  local status=0
  ASAN_OPTIONS=detect_leaks=1 "$build/tests/fuzz/$exe" "$corpus" -max_total_time="$seconds" \
    -max_len=65536 -rss_limit_mb=2048 -timeout=10 -artifact_prefix="$root/$build/$exe-" \
    -print_final_stats=1 >"$work/$exe.log" 2>&1 || status=$?
  echo "$status" >"$work/$exe.status"
}
export -f fuzz_one
export build seconds root work
targets=(xml_frontend_fuzzer:xml template_fuzzer:template sip_message_fuzzer:sip sdp_fuzzer:sdp
  rtp_fuzzer:rtp pcap_fuzzer:pcap sdes_fuzzer:sdes api_request_fuzzer:api
  server_profile_fuzzer:profile otel_settings_fuzzer:otel grpc_status_fuzzer:grpc_status
  capture_fuzzer:capture stream_audio_fuzzer:stream_audio report_fuzzer:report
  summary_merge_fuzzer:summary)
printf '%s\n' "${targets[@]}" | xargs -P "${FUZZ_JOBS:-$(nproc)}" -I{} bash -c 'fuzz_one "$1"' _ {}
failed=0
for target in "${targets[@]}"; do
  exe=${target%%:*}
  echo "== $exe for ${seconds}s"
  tail -n 12 "$work/$exe.log"
  if [[ $(cat "$work/$exe.status") != 0 ]]; then
    echo "== $exe FAILED (exit $(cat "$work/$exe.status")); its input is in $build/$exe-*"
    failed=1
  fi
done
exit "$failed"

#!/usr/bin/env bash
# Load benchmark: SIPp against SIPp, then Gossipper against Gossipper, with the
# same built-in scenarios, flags and -buff_size, on this machine in one run.
# Prints, per side, the CPU seconds per 10,000 calls and the peak RSS, and the
# ratios Gossipper/SIPp. Loopback only; processes are stopped by PID.
#
# usage: bench/load_bench.sh GOSSIPPER [TRANSPORT] [RATE] [CALLS] [THREADS] [EXTRA...]
set -u
G=$(realpath "$1"); T=${2:-u1}; R=${3:-2000}; M=${4:-20000}; TH=${5:-1}; shift $(( $# < 5 ? $# : 5 ))
EXTRA=("$@")
OUT=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$OUT"' EXIT
cd "$OUT"

run_pair() { # tool-name uas-cmd... -- uac-cmd...
  local name=$1; shift
  local uas=() uac=() seen=0
  for a in "$@"; do
    if [ "$a" = "--" ]; then seen=1; continue; fi
    if [ $seen -eq 0 ]; then uas+=("$a"); else uac+=("$a"); fi
  done
  /usr/bin/time -f "%U %S %M" -o "$name.uas.time" "${uas[@]}" >"$name.uas.out" 2>&1 &
  local uas_pid=$!
  sleep 1
  /usr/bin/time -f "%U %S %M" -o "$name.uac.time" "${uac[@]}" >"$name.uac.out" 2>&1
  wait "$uas_pid"
}

ok() { awk -F'|' '/Successful call/{gsub(/ /,"",$3); print $3}' "$1"; }
fail() { awk -F'|' '/Failed call/{gsub(/ /,"",$3); print $3}' "$1"; }
retrans() { awk '/ ---------->|<----------/{s+=$(NF>=3?3:0)} END{print s+0}' "$1"; }

COMMON=(-t "$T" -i 127.0.0.1 -nostdin -m "$M" -max_socket 10000 "${EXTRA[@]}")
run_pair sipp sipp -sn uas -p 5070 -cp 8890 "${COMMON[@]}" -- \
  sipp -sn uac 127.0.0.1:5070 -p 5071 -cp 8891 -r "$R" "${COMMON[@]}"
sleep 1
run_pair ours "$G" sipp -sn uas -p 5072 -cp 8892 -threads "$TH" "${COMMON[@]}" -- \
  "$G" sipp -sn uac 127.0.0.1:5072 -p 5073 -cp 8893 -r "$R" -threads "$TH" "${COMMON[@]}"

cpu() { awk '{printf "%.2f", $1 + $2}' "$1"; }
rss() { awk '{print $3}' "$1"; }
echo "transport $T, $M calls at $R calls/s, gossipper -threads $TH ${EXTRA[*]}"
printf '| side | tool | successful | failed | CPU s | CPU s per 10k calls | peak RSS KB |\n|---|---|---|---|---|---|---|\n'
for side in uac uas; do
  for tool in sipp ours; do
    c=$(cpu "$tool.$side.time")
    printf '| %s | %s | %s | %s | %s | %.3f | %s |\n' "$side" "$tool" "$(ok $tool.$side.out)" \
      "$(fail $tool.$side.out)" "$c" "$(awk -v c="$c" -v m="$M" 'BEGIN{print c*10000/m}')" "$(rss $tool.$side.time)"
  done
done
for side in uac uas; do
  awk -v s="$side" -v a="$(cpu ours.$side.time)" -v b="$(cpu sipp.$side.time)" \
    'BEGIN{printf "CPU ratio %s gossipper/sipp: %.2f\n", s, (b > 0 ? a / b : 0)}'
done

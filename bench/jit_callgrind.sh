#!/usr/bin/env bash
# Instructions per call in scenario execution, interpreter against native
# code, counted by callgrind (deterministic on a shared machine). The built-in
# uac and uas run 500 calls against each other, one of them under callgrind;
# "scenario execution" is the inclusive cost of the program's render and
# run_actions entry points (what the engine asks of the scenario's code,
# services included, counted at the runtime's two call sites, Renderer::render
# -- which also fills in [len] -- and ActionRunner::run_state, because
# callgrind cannot name the functions of a .gso loaded from memory); the whole
# process (start, sockets, parsing, timers) is printed apart, and the shard
# thread's share of it (all a call costs once started).
# Usage: bench/jit_callgrind.sh path/to/gossipper
set -euo pipefail
g=$(realpath "$1")
tmp=$(mktemp -d)
trap 'pkill -P $$ 2>/dev/null || true; rm -rf "$tmp"' EXIT
cd "$tmp"
export GOSSIPPER_CACHE_DIR=$tmp/cache
calls=500
printf '| side | engine | scenario execution (instr / call) | shard thread (instr / call) | whole process, start included (instr / call) |\n|---|---|---|---|---|\n'
for side in uac uas; do
  for engine in interp jit; do
    port=$((20000 + RANDOM % 20000))
    uas=("$g" sipp -sn uas -p $port -i 127.0.0.1 -nostdin -m $calls -cp 0 -threads 1)
    uac=("$g" sipp -sn uac 127.0.0.1:$port -p 0 -cp 0 -r 100 -m $calls -i 127.0.0.1 -nostdin -threads 1)
    if [ $side = uac ]; then measured=("${uac[@]}"); other=("${uas[@]}"); else measured=("${uas[@]}"); other=("${uac[@]}"); fi
    # Warm the cache with the same command line (its constant keywords are in
    # the key, and under valgrind so is the CPU valgrind shows), so the
    # native run's profile holds no compilation.
    # (A two-second run: the scenario is compiled and cached before any call.)
    valgrind --tool=none "${measured[@]}" -timeout 2s >/dev/null 2>&1 || true
    ls "$GOSSIPPER_CACHE_DIR"/*.gso >/dev/null || { echo "the compile cache stayed empty" >&2; exit 1; }
    if [ $side = uac ]; then "${other[@]}" >other.out 2>&1 & sleep 0.5; fi
    valgrind --tool=callgrind --callgrind-out-file=cg "${measured[@]}" -engine $engine >measured.out 2>&1 &
    measured_pid=$!
    if [ $side = uas ]; then sleep 3; "${other[@]}" >other.out 2>&1; fi
    wait
    callgrind_annotate --inclusive=yes cg >ann 2>/dev/null
    total=$(awk '/PROGRAM TOTALS/ {gsub(",","",$1); print $1}' ann)
    scenario=$(awk '/Renderer::render\(gsp_call|ActionRunner::run_state\(gsp_call/ && !/=>/ {gsub(",","",$1); s+=$1} END {print s+0}' ann)
    shard=$(awk '/gossipper::runtime::Shard::loop\(\) \[/ && !/=>/ {gsub(",","",$1); print $1; exit}' ann)
    printf '| %s | %s | %d | %d | %d |\n' $side $engine $((scenario / calls)) $((${shard:-0} / calls)) $((total / calls))
  done
done

#!/usr/bin/env bash
# Precompiled scenarios (.gso): gossipper compile -o (of a file or a built-in),
# then refusals of every object that does not fit, is damaged or is not
# trusted, each with a message and exit 1, before any traffic.
# (The differential unit tests check what a good object sends; interop tests
# run one against SIPp.)
set -uo pipefail
g=$(realpath "$1")
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
fail=0
expect() { # expected-rc pattern description command...
  local want=$1 pattern=$2 what=$3; shift 3
  "$@" >out 2>err
  local rc=$?
  if [ "$rc" -ne "$want" ] || { [ -n "$pattern" ] && ! grep -q -- "$pattern" out err; }; then
    echo "FAIL: $what: exit $rc (expected $want), looking for '$pattern'"; cat out err; fail=1
  else
    echo "ok: $what"
  fi
}
run() { timeout 20 "$g" run "$1" 127.0.0.1:9 -m 1 -nostdin -p 0 -cp 0; }
# Same-length replacement of text inside the object's manifest or source.
patch() { # file from to
  python3 - "$@" <<'PY'
import sys
path, a, b = sys.argv[1], sys.argv[2].encode(), sys.argv[3].encode()
data = open(path, "rb").read()
assert a in data and len(a) == len(b)
open(path, "wb").write(data.replace(a, b, 1))
PY
}
# The seal gossipper compile ends objects with (stdlib/object_seal.hpp), made
# again after a patch: the object then stands for one another build made.
reseal() { # file [whole: the file has no seal yet]
  python3 - "$@" <<'PY'
import hashlib, sys
path = sys.argv[1]
data = open(path, "rb").read()
image = data if len(sys.argv) > 2 else data[:-48]
open(path, "wb").write(image + hashlib.sha256(image).digest() + b"GSPOBJ-SHA256-v1")
PY
}

"$g" sipp -sd uac >uac.xml 2>/dev/null
expect 0 "" "compile -o uac.gso" "$g" compile uac.xml -o uac.gso
# ELF, 64-bit, little-endian, type ET_DYN: a shared object.
python3 -c 'import sys; d = open("uac.gso", "rb").read(18); sys.exit(not (d[:6] == b"\x7fELF\x02\x01" and d[16] == 3))' ||
  { echo "FAIL: uac.gso is not a shared object"; fail=1; }
expect 2 "say what to make" "compile without -o .gso or --emit-*" "$g" compile uac.xml
printf '<scenario name="x">\n  <send bogus="1"><![CDATA[\n  OPTIONS sip:x SIP/2.0\n]]></send></scenario>\n' >bad.xml
expect 1 "bad.xml:2:9: error:" "a bad scenario is not compiled" "$g" compile bad.xml -o bad.gso
[ -e bad.gso ] && { echo "FAIL: bad.gso was written"; fail=1; }

printf '\x7fELF' >short.gso; head -c 3000 uac.gso >>short.gso
expect 1 "'short.gso' is damaged" "a truncated object" run short.gso
size=$(stat -c %s uac.gso)
for cut in 64 1000 4000 8000 12000 16000 $((size - 100)) $((size - 1)); do
  head -c "$cut" uac.gso >cut.gso
  expect 1 "'cut.gso' is damaged" "an object cut at $cut of $size bytes" run cut.gso
done
# Cut short but sealed again: the ELF checks still keep it from dlopen.
head -c 8000 uac.gso >cut.gso; reseal cut.gso whole
expect 1 "cannot load 'cut.gso': truncated" "a sealed object cut short" run cut.gso
cp "$(ldconfig -p | awk '/libz.so.1 /{print $NF; exit}')" foreign.gso
expect 1 "not a Gossipper scenario" "a shared object that is not a scenario" run foreign.gso
reseal foreign.gso whole
expect 1 "not a Gossipper scenario (no manifest)" "a sealed shared object that is not a scenario" \
  run foreign.gso
printf '<scenario name="x"/>\n' >text.gso
expect 1 "'text.gso' is not a precompiled scenario" "a .gso that is not an object" run text.gso
cp uac.gso abi.gso; patch abi.gso "abi=$(grep -a -o 'abi=[0-9]*' uac.gso | head -1 | cut -d= -f2)" "abi=9"
expect 1 "'abi.gso' is damaged: its digest does not match; compile it again" \
  "a changed manifest" run abi.gso
reseal abi.gso
expect 1 "built for ABI version 9" "an object for another ABI" run abi.gso
cp uac.gso version.gso; patch version.gso "compiler=Gossipper " "compiler=Gossipp3r "; reseal version.gso
expect 1 "was compiled by Gossipp3r" "an object from another compiler version" run version.gso
cp uac.gso cpu.gso; patch cpu.gso "target=x86_64" "target=arm_64"; reseal cpu.gso
expect 1 "was compiled for arm_64" "an object for another machine" run cpu.gso
cp uac.gso damaged.gso; patch damaged.gso "Gossipper built-in" "Gossipper built-on"
expect 1 "'damaged.gso' is damaged: its digest" "an object whose source was altered" run damaged.gso
reseal damaged.gso
expect 1 "its source does not match its manifest" "a sealed object whose source was altered" \
  run damaged.gso

# Trust: an object any user may replace (in a directory anyone may write to,
# without the sticky bit) is refused unless --trust.
# (-set of an undeclared variable stops each run after the code is loaded.)
loaded="Can not set the global variable nope"
mkdir open && chmod 0777 open && cp uac.gso open/
expect 1 "'open/uac.gso' is not trusted" "an object in a world-writable directory" \
  "$g" run open/uac.gso 127.0.0.1:9 -nostdin -set nope 1
grep -q -- "give --trust to load it anyway" err || { echo "FAIL: the refusal names no --trust"; fail=1; }
expect 1 "$loaded" "gossipper run --trust" "$g" run --trust open/uac.gso 127.0.0.1:9 -nostdin -set nope 1
expect 1 "$loaded" "gossipper sipp -sf -trust" \
  "$g" sipp -sf open/uac.gso -trust 127.0.0.1:9 -nostdin -set nope 1

# A built-in compiled without -sd first; an unknown one; two scenarios.
expect 0 "" "compile --sn uac" "$g" compile -sn uac -o builtin.gso
expect 1 "$loaded" "a compiled built-in runs" "$g" run builtin.gso 127.0.0.1:9 -nostdin -set nope 1
expect 1 "Invalid default scenario name 'nope'" "compile --sn of no built-in" \
  "$g" compile -sn nope -o nope.gso
expect 2 "name one scenario" "compile of a file and a built-in" \
  "$g" compile uac.xml -sn uac -o both.gso

# The compile cache: the first start stores the scenario's code, the next
# ones load it; a damaged entry is said and made again; --no-cache leaves it
# alone.
export GOSSIPPER_CACHE_DIR=$tmp/cache
start() { "$g" sipp -sf uac.xml 127.0.0.1:9 -nostdin -set nope 1 "$@"; }
expect 1 "Can not set the global variable nope" "first start" start
n=$(ls cache/*.gso 2>/dev/null | wc -l)
[ "$n" -eq 1 ] || { echo "FAIL: $n cache entries after the first start"; fail=1; }
entry=$(ls cache/*.gso | head -1)
before=$(stat -c %Y.%s "$entry")
sleep 1.1
expect 1 "Can not set the global variable nope" "second start" start
[ "$(stat -c %Y.%s "$entry")" = "$before" ] || { echo "FAIL: the second start rewrote the entry"; fail=1; }
head -c 2000 "$entry" >cut && cp cut "$entry"
expect 1 "Can not set the global variable nope" "start with a damaged entry" start
grep -q "warning: compile cache: '[^']*$entry' is damaged" err ||
  { echo "FAIL: no warning about the damaged entry"; cat err; fail=1; }
[ "$(stat -c %s "$entry")" -gt 2000 ] || { echo "FAIL: the damaged entry was not made again"; fail=1; }
rm -rf cache
expect 1 "Can not set the global variable nope" "--no-cache" start --no-cache
[ -e cache ] && { echo "FAIL: --no-cache wrote to the cache"; fail=1; }
exit $fail

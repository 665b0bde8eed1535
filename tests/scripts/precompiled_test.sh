#!/usr/bin/env bash
# Precompiled scenarios (.gso): gossipper compile -o, then refusals of every
# object that does not fit, each with a message and exit 1, before any traffic.
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

"$g" sipp -sd uac >uac.xml 2>/dev/null
expect 0 "" "compile -o uac.gso" "$g" compile uac.xml -o uac.gso
file uac.gso | grep -q "ELF 64-bit LSB shared object" || { echo "FAIL: not a shared object"; fail=1; }
expect 2 "say what to make" "compile without -o .gso or --emit-*" "$g" compile uac.xml
printf '<scenario name="x">\n  <send bogus="1"><![CDATA[\n  OPTIONS sip:x SIP/2.0\n]]></send></scenario>\n' >bad.xml
expect 1 "bad.xml:2:9: error:" "a bad scenario is not compiled" "$g" compile bad.xml -o bad.gso
[ -e bad.gso ] && { echo "FAIL: bad.gso was written"; fail=1; }

printf '\x7fELF' >short.gso; head -c 3000 uac.gso >>short.gso
expect 1 "cannot load 'short.gso'" "a truncated object" run short.gso
cp "$(ldconfig -p | awk '/libz.so.1 /{print $NF; exit}')" foreign.gso
expect 1 "not a Gossipper scenario" "a shared object that is not a scenario" run foreign.gso
cp uac.gso abi.gso; patch abi.gso "abi=$(grep -a -o 'abi=[0-9]*' uac.gso | head -1 | cut -d= -f2)" "abi=9"
expect 1 "built for ABI version 9" "an object for another ABI" run abi.gso
cp uac.gso version.gso; patch version.gso "compiler=Gossipper " "compiler=Gossipp3r "
expect 1 "was compiled by Gossipp3r" "an object from another compiler version" run version.gso
cp uac.gso cpu.gso; patch cpu.gso "target=x86_64" "target=aarch64" 2>/dev/null || patch cpu.gso "target=" "target_"
expect 1 "compiled for\|no Gossipper manifest" "an object for another machine" run cpu.gso
cp uac.gso damaged.gso; patch damaged.gso "Gossipper built-in" "Gossipper built-on"
expect 1 "damaged" "an object whose source was altered" run damaged.gso
exit $fail

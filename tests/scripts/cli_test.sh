#!/usr/bin/env bash
# The gossipper command line: exit codes, output formats, SIPp-style options.
set -uo pipefail
g=$(realpath "$1")
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
expect_rc() { # expected-rc description command...
  local want=$1 what=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  if [ "$rc" -ne "$want" ]; then
    echo "FAIL: $what: exit $rc, expected $want"; cat "$tmp/out" "$tmp/err"; fail=1
  else
    echo "ok: $what"
  fi
}
expect_out() { # pattern file description
  if ! grep -q -- "$1" "$2"; then echo "FAIL: $3: no '$1' in output"; cat "$2"; fail=1; fi
}

expect_rc 0 "--version" "$g" --version
expect_out "^Gossipper [0-9]" "$tmp/out" "--version"
expect_rc 0 "--help" "$g" --help
expect_out "check" "$tmp/out" "--help lists check"
expect_rc 99 "sipp -h exits 99" "$g" sipp -h
expect_out "-sd NAME" "$tmp/out" "sipp -h"
expect_rc 99 "sipp -v exits 99" "$g" sipp -v
expect_rc 99 "sipp --sd (two dashes) exits 99" "$g" sipp --sd uas
expect_rc 1 "sipp -sd of an unknown name" "$g" sipp -sd nope
expect_out "Invalid default scenario name 'nope'" "$tmp/err" "unknown -sd name"
expect_rc 1 "sipp with an unknown option" "$g" sipp -bogus

expect_rc 0 "check of the built-ins" "$g" check "$src"/scenarios/*.xml
# Only SIPp's branchc draws a warning: the <recv> its next= skips on purpose.
if [ "$(grep -v '^.*/scenarios/branchc.xml:22:3: warning: <recv> can never run' "$tmp/err")" != "" ]; then
  echo "FAIL: a clean check printed something"; cat "$tmp/err"; fail=1
fi

cat >"$tmp/bad.xml" <<'XML'
<scenario name="bad">
  <send retrans="500" bogus="1">
    <![CDATA[
      OPTIONS sip:[service]@[remote_ip] SIP/2.0
      X-User: [field0] [unknown_kw]
    ]]>
  </send>
  <recv response="200" next="nowhere"/>
</scenario>
XML
expect_rc 1 "check of a broken scenario" "$g" check "$tmp/bad.xml"
expect_out "bad.xml:2:23: error: unknown attribute 'bogus' on <send>" "$tmp/err" "located error"
expect_out "bad.xml:5:24: error: unknown keyword \[unknown_kw\]" "$tmp/err" "error inside CDATA"
expect_out "bad.xml:8:30: error: unknown label 'nowhere' in next=" "$tmp/err" "label error"
expect_rc 1 "check of a good and a bad file" "$g" check "$src/scenarios/uac.xml" "$tmp/bad.xml"

expect_rc 1 "check --format json" "$g" check --format json "$tmp/bad.xml" "$src/scenarios/uas.xml"
python3 - "$tmp/out" <<'PY' || fail=1
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["version"] == 1, doc
bad, good = doc["files"]
assert bad["errors"] == 3 and good["errors"] == 0, doc
d = bad["diagnostics"][0]
assert (d["line"], d["column"], d["severity"]) == (2, 23, "error"), d
print("ok: json diagnostics")
PY

# SIPp's one-dash options on check: -key defines a keyword, -inf checks fields.
printf 'SEQUENTIAL\nalice\n' >"$tmp/one.csv"
sed -i 's/ bogus="1"//; s/ next="nowhere"//' "$tmp/bad.xml"
expect_rc 1 "without -key the keyword is unknown" "$g" check "$tmp/bad.xml"
expect_rc 0 "-key defines it" "$g" check -key unknown_kw x "$tmp/bad.xml"
expect_rc 0 "--key works too" "$g" check --key unknown_kw x -inf "$tmp/one.csv" "$tmp/bad.xml"
sed -i 's/\[field0\]/[field1]/' "$tmp/bad.xml"
expect_rc 1 "-inf: field beyond the file" "$g" check -key unknown_kw x -inf "$tmp/one.csv" "$tmp/bad.xml"
expect_out "is beyond the 1 field of" "$tmp/err" "-inf field check"
expect_rc 1 "unreadable -inf" "$g" check -inf /nonexistent.csv "$src/scenarios/uac.xml"
expect_out "cannot read injection file" "$tmp/err" "unreadable -inf"
expect_rc 2 "check with an unknown flag" "$g" check --frobnicate "$src/scenarios/uac.xml"
expect_rc 1 "check of a missing file" "$g" check /nonexistent/x.xml
expect_out "/nonexistent/x.xml: error: cannot read the scenario" "$tmp/err" "missing file"

expect_rc 0 "compile --emit-ir" "$g" compile --emit-ir "$src/scenarios/uac.xml"
expect_out '^scenario "Basic Sipstone UAC" mode client' "$tmp/out" "IR header"
expect_rc 0 "compile --emit-ast -o" "$g" compile --emit-ast -o "$tmp/uac.ast" "$src/scenarios/uac.xml"
expect_out "^scenario @" "$tmp/uac.ast" "AST file"
expect_rc 2 "compile with nothing to emit" "$g" compile "$src/scenarios/uac.xml"

# Transports: refused modes and missing TLS material, before any traffic.
expect_rc 1 "sipp -t s1" "$g" sipp -sn uac 127.0.0.1:5999 -t s1
expect_out "SCTP is not supported" "$tmp/err" "-t s1 says why"
expect_rc 1 "sipp -t with an unknown mode" "$g" sipp -sn uac 127.0.0.1:5999 -t x9
expect_out "Invalid argument for -t param : 'x9'" "$tmp/err" "-t x9"
(cd "$tmp" && "$g" sipp -sn uas -t l1 -p 0 -m 1 -nostdin -tls_cert "$tmp/none.pem" >"$tmp/out" 2>"$tmp/err")
rc=$?
if [ "$rc" -eq 0 ] || ! grep -q "Unable to load the TLS certificate ($tmp/none.pem)" "$tmp/err"; then
  echo "FAIL: a TLS server without its certificate: exit $rc"; cat "$tmp/err"; fail=1
else
  echo "ok: a TLS server without its certificate"
fi
expect_rc 255 "sipp -t ui without -inf" "$g" sipp -sn uac 127.0.0.1:5999 -t ui -m 1 -nostdin
expect_out "-t ui needs an -inf file" "$tmp/err" "-t ui without -inf says why"
exit $fail

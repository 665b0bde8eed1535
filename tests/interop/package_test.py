"""The Debian package (make package, cmake/GossipperPackage.cmake): cpack
builds it from the build directory given as argument; `dpkg-deb -x` unpacks
it into a directory of its own. Its control file names the project's version
and the libraries' packages; it holds the executable, the code generator
plugin in usr/lib/gossipper, the manual page (gzip'd roff that groff reads
without a warning, with the option table's options), bash's completion (it
completes commands, options and built-in scenario names when sourced), and
the systemd unit of `gossipper server` (systemd-analyze verify, offline,
when the machine has it) with the example profile `server --check` accepts.

Then the unpacked gossipper runs 20 calls against SIPp's uas, all
successful; the same binary with its packaged plugin moved away cannot
compile the scenario and names the two places it looked. Each run has an
empty compile cache, so the plugin it loads is the one beside it in the
unpacked tree, not the build tree's."""

import glob
import gzip
import os
import re
import shutil
import subprocess
import sys
import time

import harness as h

BUILD = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "build"
CALLS = 20


def version():
    cache = open(os.path.join(BUILD, "CMakeCache.txt")).read()
    return re.search(r"^CMAKE_PROJECT_VERSION:STATIC=(.+)$", cache, re.M).group(1)


def build_package(work):
    out = os.path.join(work, "pkg")
    r = subprocess.run(["cpack", "-G", "DEB", "-B", out], cwd=BUILD, capture_output=True,
                       text=True, timeout=400)
    h.check(r.returncode == 0, f"cpack failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
    debs = glob.glob(os.path.join(out, "gossipper_*.deb"))
    h.check(len(debs) == 1, f"cpack made {debs}, not one gossipper_*.deb")
    return debs[0]


def check_control(deb):
    def field(name):
        return subprocess.run(["dpkg-deb", "-f", deb, name], capture_output=True,
                              text=True).stdout.strip()
    h.check(field("Package") == "gossipper", f"Package: {field('Package')!r}")
    h.check(field("Version").split("-")[0] == version(),
            f"Version {field('Version')!r}, the project's is {version()}")
    depends = field("Depends")
    for lib in ("libc6", "libllvm16", "libstdc++6"):
        h.check(lib in depends, f"Depends lacks {lib}: {depends!r}")


def check_man_page(root):
    page = os.path.join(root, "usr/share/man/man1/gossipper.1.gz")
    h.check(os.path.exists(page), "no usr/share/man/man1/gossipper.1.gz")
    text = gzip.open(page, "rt").read()
    h.check(text.startswith(".TH GOSSIPPER 1 "), f"not a section 1 page: {text[:60]!r}")
    for entry in (r"\fB\-summary_json\fR \fIFILE\fR", r"\fB\-sf\fR \fIFILE\fR", ".SH SYNOPSIS",
                  '.SS "Calls"'):
        h.check(entry in text, f"the manual page lacks {entry!r}")
    if shutil.which("groff"):
        r = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z"], input=text,
                           capture_output=True, text=True)
        h.check(r.returncode == 0 and not r.stderr.strip(), f"groff warns: {r.stderr[-2000:]}")


def complete(script, *words):
    """What the completion offers for `words`, the last being typed."""
    line = " ".join(f"'{w}'" for w in words)
    shell = (f"source '{script}'; COMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; "
             "_gossipper; printf '%s\\n' \"${COMPREPLY[@]}\"")
    r = subprocess.run(["bash", "--norc", "-c", shell], capture_output=True, text=True)
    h.check(r.returncode == 0 and not r.stderr, f"the completion fails: {r.stderr}")
    return set(r.stdout.split())


def check_completion(root, work):
    script = os.path.join(root, "usr/share/bash-completion/completions/gossipper")
    h.check(os.path.exists(script), "no usr/share/bash-completion/completions/gossipper")
    got = complete(script, "gossipper", "s")
    h.check({"sipp", "server", "summary"} <= got, f"gossipper s<TAB>: {got}")
    got = complete(script, "gossipper", "sipp", "-summary_")
    h.check("-summary_json" in got, f"gossipper sipp -summary_<TAB>: {got}")
    got = complete(script, "gossipper", "sipp", "-sn", "uas_")
    h.check({"uas_media", "uas_srtp", "uas_dtls"} <= got, f"-sn uas_<TAB>: {got}")
    open(os.path.join(work, "calls.csv"), "w").close()
    got = complete(script, "gossipper", "sipp", "-inf", os.path.join(work, "call"))
    h.check(got == {os.path.join(work, "calls.csv")}, f"-inf FILE<TAB>: {got}")
    got = complete(script, "gossipper", "sipp", "-r", "")
    h.check(got == set(), f"-r N<TAB> offers words: {got}")


def check_unit(root, work):
    unit = os.path.join(root, "usr/lib/systemd/system/gossipper-server.service")
    if not os.path.exists(unit):
        unit = os.path.join(root, "lib/systemd/system/gossipper-server.service")
    h.check(os.path.exists(unit), "no gossipper-server.service")
    text = open(unit).read()
    for line in ("DynamicUser=yes", "ExecStart=/usr/bin/gossipper server -config "):
        h.check(line in text, f"the unit lacks {line!r}")
    h.check("api_token" not in re.sub(r"(?m)^#.*$", "", text), "the unit sets an API token")
    if shutil.which("systemd-analyze"):
        # Offline (no systemd is asked), on a copy whose executable is the
        # unpacked one: verify wants each Exec's program to exist.
        copy = os.path.join(work, "unit", "gossipper-server.service")
        os.makedirs(os.path.dirname(copy), exist_ok=True)
        with open(copy, "w") as f:
            f.write(text.replace("/usr/bin/gossipper", os.path.join(root, "usr/bin/gossipper")))
        r = subprocess.run(["systemd-analyze", "verify", "--man=no", copy], capture_output=True,
                           text=True)
        h.check(r.returncode == 0 and "gossipper-server" not in r.stderr,
                f"systemd-analyze verify: {r.stdout}{r.stderr}")
    profile = os.path.join(root, "usr/share/doc/gossipper/examples/server-profile.json")
    p = h.Proc("profile_check", [os.path.join(root, "usr/bin/gossipper"), "server", "--check",
                                 profile], work)
    h.check(p.wait(60) == 0, f"the example profile is refused: {p.errors()}")


def run_calls(root, work):
    gossipper = os.path.join(root, "usr/bin/gossipper")
    plugin = os.path.join(root, "usr/lib/gossipper/libgossipper_codegen.so")
    h.check(os.path.exists(plugin), "no usr/lib/gossipper/libgossipper_codegen.so")
    port = h.free_port()
    uas = h.Proc("sipp_uas", [h.SIPP, "-sn", "uas", "-p", str(port), "-i", "127.0.0.1",
                              "-m", str(CALLS), "-nostdin"], work)
    time.sleep(0.5)
    os.environ["GOSSIPPER_CACHE_DIR"] = os.path.join(work, "cache-run")
    uac = h.Proc("uac", [gossipper, "sipp", "-sn", "uac", "-m", str(CALLS), "-r", "20",
                         "-i", "127.0.0.1", "-nostdin", f"127.0.0.1:{port}"], work)
    h.check(uac.wait(60) == 0, f"the packaged gossipper exited {uac.rc}")
    h.check(uas.wait(30) == 0, f"SIPp's uas exited {uas.rc}")
    got = h.counters(uac.text())
    h.check(got.get("Successful call") == CALLS, f"successful calls: {got}")

    # Its plugin away, it finds none: so it was the one it loaded.
    shutil.move(plugin, plugin + ".away")
    env = dict(os.environ, GOSSIPPER_CACHE_DIR=os.path.join(work, "cache-none"))
    r = subprocess.run([gossipper, "sipp", "-sn", "uac", "-m", "1", "-nostdin",
                        "127.0.0.1:9"], cwd=work, env=env, capture_output=True, text=True,
                       timeout=60)
    shutil.move(plugin + ".away", plugin)
    h.check(r.returncode != 0 and "libgossipper_codegen.so) is not next to" in r.stderr,
            f"without its plugin: exit {r.returncode}, {r.stderr[-1500:]}")


def test_package(work):
    deb = build_package(work)
    check_control(deb)
    root = os.path.join(work, "root")
    subprocess.run(["dpkg-deb", "-x", deb, root], check=True)
    check_man_page(root)
    check_completion(root, work)
    check_unit(root, work)
    run_calls(root, work)


if __name__ == "__main__":
    h.main(test_package)

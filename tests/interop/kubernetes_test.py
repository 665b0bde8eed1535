"""deploy/kubernetes/, offline: no cluster is asked anything.

`kubectl kustomize` renders it (with each kubectl of $GOSSIPPER_KUBECTLS,
space-separated, default `kubectl`: kubectl 1.20's kustomize v2 and today's
v5 must both read it). In what each renders: the load is an Indexed Job
whose parallelism, completions and GOSSIPPER_SHARDS (its own and the merge
Job's) agree; JOB_COMPLETION_INDEX comes from the pod's annotation; the
headless Service is named as the pods' subdomain and selects them and only
them; every ConfigMap key, volume and claim the Jobs name is rendered, the
claim ReadWriteMany; the files the args name are in the scenarios'
ConfigMap; the merge Job's SUMMARIES glob matches each shard's SUMMARY and
not its own output; the image is the kustomization's.

Then the sharding it sets up runs for real, as the cluster would run it:
each pod's command and args with the env the pod gets (JOB_COMPLETION_INDEX
= i, POD_IP 127.0.0.1, the ConfigMap's values) expanded as the kubelet
expands $(VAR), as N local processes against SIPp's uas. Only the target
(127.0.0.1:PORT), the test's size (10 calls a shard, so it takes seconds)
and START_AT (now + 5 s) are changed in the ConfigMap's values, and the
mount points (/scenarios, /results, /tmp) become directories here. The
merge Job's command starts first and waits for the summaries, as in the
cluster. Each shard runs exactly its share and every call succeeds; the
merged summary counts every call; the report page is written.

usage: kubernetes_test.py SOURCE_DIR"""

import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import time

import harness as h

SOURCE = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "."
KUSTOMIZATION = os.path.join(SOURCE, "deploy", "kubernetes")
CALLS_PER_SHARD = 10


def render(kubectl):
    import yaml
    r = subprocess.run([kubectl, "kustomize", KUSTOMIZATION], capture_output=True, text=True,
                       timeout=60)
    h.check(r.returncode == 0, f"{kubectl} kustomize failed: {r.stderr}")
    return [d for d in yaml.safe_load_all(r.stdout) if d]


def expand(text, env):
    """$(VAR) as the kubelet expands it: a defined VAR's value, $$ a '$',
    anything else as written."""
    def one(m):
        if m.group(0) == "$$":
            return "$"
        return env.get(m.group(1), m.group(0))
    return re.sub(r"\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)", one, text)


class Manifests:
    def __init__(self, docs):
        self.docs = docs
        jobs = [d for d in docs if d["kind"] == "Job"]
        indexed = [j for j in jobs if j["spec"].get("completionMode") == "Indexed"]
        h.check(len(indexed) == 1 and len(jobs) == 2, f"jobs: {[j['metadata']['name'] for j in jobs]}")
        self.shards = indexed[0]
        self.merge = [j for j in jobs if j is not self.shards][0]

    def of_kind(self, kind):
        return [d for d in self.docs if d["kind"] == kind]

    def config_map(self, name):
        found = [c for c in self.of_kind("ConfigMap") if c["metadata"]["name"] == name]
        h.check(len(found) == 1, f"no ConfigMap {name}")
        return found[0]

    @staticmethod
    def container(job):
        containers = job["spec"]["template"]["spec"]["containers"]
        h.check(len(containers) == 1, f"{job['metadata']['name']}: {len(containers)} containers")
        return containers[0]

    def env(self, job, index, overrides):
        """The container's environment in pod `index`, in order, each value
        expanded against those before it (the kubelet's rule)."""
        env = {}
        for e in self.container(job).get("env", []):
            if "value" in e:
                env[e["name"]] = expand(e["value"], env)
                continue
            source = e["valueFrom"]
            if "configMapKeyRef" in source:
                ref = source["configMapKeyRef"]
                data = self.config_map(ref["name"])["data"]
                h.check(ref["key"] in data, f"ConfigMap {ref['name']} has no {ref['key']}")
                env[e["name"]] = overrides.get(ref["key"], data[ref["key"]])
            elif source["fieldRef"]["fieldPath"] == "status.podIP":
                env[e["name"]] = "127.0.0.1"
            else:
                path = source["fieldRef"]["fieldPath"]
                h.check(path == "metadata.annotations['batch.kubernetes.io/job-completion-index']",
                        f"{e['name']} from {path}")
                env[e["name"]] = str(index)
        return env


def check_invariants(m):
    spec = m.shards["spec"]
    n = spec["completions"]
    shard_env = m.env(m.shards, 0, {})
    merge_env = m.env(m.merge, 0, {})
    h.check(spec["parallelism"] == n and shard_env.get("GOSSIPPER_SHARDS") == str(n) and
            merge_env.get("GOSSIPPER_SHARDS") == str(n),
            f"N disagrees: parallelism {spec['parallelism']}, completions {n}, GOSSIPPER_SHARDS "
            f"{shard_env.get('GOSSIPPER_SHARDS')} and {merge_env.get('GOSSIPPER_SHARDS')}")
    h.check(n >= 2, f"{n} shard(s)")
    h.check("JOB_COMPLETION_INDEX" in shard_env, "no JOB_COMPLETION_INDEX in the shards' env")

    template = spec["template"]
    services = m.of_kind("Service")
    h.check(len(services) == 1, f"{len(services)} services")
    service = services[0]
    h.check(service["spec"].get("clusterIP") == "None", "the Service is not headless")
    h.check(template["spec"].get("subdomain") == service["metadata"]["name"],
            f"subdomain {template['spec'].get('subdomain')!r}, Service "
            f"{service['metadata']['name']!r}")
    selector = service["spec"]["selector"].items()
    h.check(selector <= template["metadata"]["labels"].items(),
            f"the Service's selector {dict(selector)} does not select the shards")
    merge_labels = m.merge["spec"]["template"]["metadata"].get("labels", {})
    h.check(not selector <= merge_labels.items(), "the Service selects the merge Job's pod")

    for job in (m.shards, m.merge):
        pod = job["spec"]["template"]["spec"]
        volumes = {v["name"]: v for v in pod.get("volumes", [])}
        mounts = {v["mountPath"]: v["name"] for v in m.container(job)["volumeMounts"]}
        h.check(set(mounts.values()) <= volumes.keys(), f"{job['metadata']['name']}: mounts {mounts}")
        results = volumes[mounts.get("/results", "")]
        claim = results["persistentVolumeClaim"]["claimName"]
        claims = {c["metadata"]["name"]: c for c in m.of_kind("PersistentVolumeClaim")}
        h.check(claim in claims, f"no PersistentVolumeClaim {claim}")
        h.check("ReadWriteMany" in claims[claim]["spec"]["accessModes"], "the claim is not RWX")
        image = m.container(job)["image"]
        h.check("/" in image and ":" in image, f"{job['metadata']['name']}: image {image!r}")

    volumes = {v["name"]: v for v in template["spec"]["volumes"]}
    mounts = {v["mountPath"]: v["name"] for v in m.container(m.shards)["volumeMounts"]}
    scenarios = m.config_map(volumes[mounts["/scenarios"]]["configMap"]["name"])["data"]
    for arg in m.container(m.shards)["args"]:
        if arg.startswith("/scenarios/"):
            h.check(arg[len("/scenarios/"):] in scenarios, f"{arg} is not in the ConfigMap")

    args = m.container(m.shards)["args"]
    h.check(args[args.index("-summary_json") + 1] == "$(SUMMARY)", "-summary_json is not $(SUMMARY)")
    summaries = [m.env(m.shards, i, {})["SUMMARY"] for i in range(n)]
    h.check(len(set(summaries)) == n, f"shards share a summary: {summaries}")
    for s in summaries:
        h.check(fnmatch.fnmatch(s, merge_env["SUMMARIES"]),
                f"{s} does not match the merge Job's {merge_env['SUMMARIES']}")
    h.check(not fnmatch.fnmatch(merge_env["MERGED"], merge_env["SUMMARIES"]),
            "the merged summary matches the shards' glob")
    return n, scenarios


def local_paths(text, work):
    """The pods' mount points as directories of this test."""
    for mount, here in (("/scenarios/", "scenarios/"), ("/results/", "results/"),
                        ("/tmp/gossipper-cache", "cache")):
        text = text.replace(mount, os.path.join(work, here))
    return text


def pod_process(m, job, index, overrides, work, name):
    env = {k: local_paths(v, work) for k, v in m.env(job, index, overrides).items()}
    container = m.container(job)
    # The paths as written, then $(VAR) from the env whose paths are already
    # local (a local path holds "/results/" again).
    argv = [expand(local_paths(a, work), env)
            for a in container.get("command", []) + container.get("args", [])]
    # The image's PATH holds gossipper: here, a directory with it alone.
    os.environ.update(env)
    os.environ["PATH"] = os.path.join(work, "bin") + ":/usr/bin:/bin"
    try:
        return h.Proc(name, argv, work)
    finally:
        for k in env:
            del os.environ[k]


def run_shards(m, n, scenarios, work):
    for d in ("scenarios", "results", "cache", "bin"):
        os.makedirs(os.path.join(work, d), exist_ok=True)
    for name, text in scenarios.items():
        with open(os.path.join(work, "scenarios", name), "w") as f:
            f.write(text)
    os.symlink(os.path.abspath(shutil.which(h.GOSSIPPER)), os.path.join(work, "bin", "gossipper"))
    port = h.free_port()
    calls = CALLS_PER_SHARD * n
    start_at = int(time.time() * 1000) + 5000
    overrides = {"TARGET": f"127.0.0.1:{port}", "CALLS": str(calls), "RATE": str(calls),
                 "LIMIT": str(calls), "START_AT": str(start_at)}
    uas = h.Proc("sipp_uas", [h.SIPP, "-sn", "uas", "-i", "127.0.0.1", "-p", str(port), "-m",
                              str(calls), "-nostdin"], work)
    merge = pod_process(m, m.merge, 0, overrides, work, "merge")
    shards = [pod_process(m, m.shards, i, overrides, work, f"shard{i}") for i in range(n)]
    for i, p in enumerate(shards):
        h.check(p.wait(90) == 0, f"shard {i} exited {p.rc}: {p.errors()[-1500:]}")
    h.check(uas.wait(30) == 0, f"SIPp's uas exited {uas.rc}")
    h.check(merge.wait(30) == 0, f"the merge exited {merge.rc}: {merge.text()[-1500:]}")

    for i in range(n):
        path = local_paths(m.env(m.shards, i, overrides)["SUMMARY"], work)
        summary = json.load(open(path))
        h.check(summary["total_calls"] == CALLS_PER_SHARD and
                summary["success_calls"] == CALLS_PER_SHARD,
                f"shard {i}: {summary['total_calls']} calls, {summary['success_calls']} successful")
    merge_env = {k: local_paths(v, work) for k, v in m.env(m.merge, 0, overrides).items()}
    merged = json.load(open(merge_env["MERGED"]))
    h.check(merged["total_calls"] == calls and merged["success_calls"] == calls and
            merged["failed_calls"] == 0,
            f"merged: {merged['total_calls']} calls, {merged['success_calls']} successful, "
            f"{merged['failed_calls']} failed; {calls} made")
    h.check(os.path.getsize(merge_env["REPORT"]) > 1000, "no report page")


def test_kubernetes(work):
    kubectls = os.environ.get("GOSSIPPER_KUBECTLS", "kubectl").split()
    rendered = []
    for kubectl in kubectls:
        m = Manifests(render(kubectl))
        rendered.append((m, check_invariants(m)))
    m, (n, scenarios) = rendered[0]
    run_shards(m, n, scenarios, work)


if __name__ == "__main__":
    h.main(test_kubernetes)

// What the web panel's tests share: their work directory and processes
// (each killed at the end), bounded waits, free ports, screenshots.
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import dgram from "node:dgram";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const here = path.dirname(new URL(import.meta.url).pathname);
export const GOSSIPPER = process.env.GOSSIPPER ?? "gossipper";
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const NODE_MODULES = process.env.WEB_NODE_MODULES ?? path.join(here, "../../web/node_modules");
const ARTIFACTS = process.env.ARTIFACTS_DIR ?? path.join(os.tmpdir(), "gossipper-panel-artifacts");
export const SHOTS = process.env.PANEL_SCREENSHOTS_DIR ?? "";

// A scenario whose line 7 is wrong: a <recv> waits for neither a response
// nor a request.
export const BROKEN = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="broken">
  <send>
    <![CDATA[OPTIONS sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Content-Length: 0
]]></send>
  <recv timeout="1000"/>
</scenario>
`;
export const BROKEN_LINE = 7;

export const work = mkdtempSync(path.join(os.tmpdir(), "gossipper-panel-"));
const procs = [];

export function check(condition, message) {
  if (!condition) throw new Error(message);
}

/// Starts a peer; its output goes to WORK/NAME.out and .err.
export function start(name, argv) {
  const out = openSync(path.join(work, `${name}.out`), "w");
  const err = openSync(path.join(work, `${name}.err`), "w");
  const child = spawn(argv[0], argv.slice(1), { cwd: work, stdio: ["ignore", out, err],
    env: { ...process.env, GOSSIPPER_CACHE_DIR: path.join(work, "cache") } });
  const p = { name, child, exited: null };
  p.exit = new Promise((resolve) => child.on("exit", (code, signal) => {
    p.exited = { code, signal };
    resolve(p.exited);
  }));
  procs.push(p);
  return p;
}

export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/// Polls `probe` until it returns a truthy value, for at most `ms`.
export async function until(probe, ms, what) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      last = await probe();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await sleep(200);
  }
  throw new Error(`${what}: not within ${ms / 1000} s (last: ${last})`);
}

function bindOk(make) {
  return new Promise((resolve) => {
    const s = make();
    s.once("error", () => resolve(false));
    s.once("listening", () => s.close(() => resolve(true)));
  });
}

/// A loopback port free for UDP and TCP, below the ephemeral range (as
/// tests/interop/harness.py draws them).
export async function freePort() {
  for (let i = 0; i < 200; i++) {
    // Above the kernel's ephemeral range (32768-60999) and apart from the
    // Python tests' 10000-32000, whose ports are leased in a file these
    // tests cannot lock: two tests run at once never draw the same port.
    const port = 61000 + Math.floor(Math.random() * 4000);
    const tcp = await bindOk(() => net.createServer().listen(port, "127.0.0.1"));
    const udp = tcp && await bindOk(() => {
      const s = dgram.createSocket("udp4");
      s.bind(port, "127.0.0.1");
      return s;
    });
    if (tcp && udp) return port;
  }
  throw new Error("no free port");
}

/// A screenshot of the page's viewport, or of one element.
export async function shot(page, name, target = page) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `panel-${name}.png`);
  await target.screenshot({ path: file });
  if (SHOTS !== "") {
    mkdirSync(SHOTS, { recursive: true });
    copyFileSync(file, path.join(SHOTS, `panel-${name}.png`));
  }
}

export const points = (page, chart) => page.$eval(`.chart[data-chart="${chart}"]`,
  (el) => Number(el.dataset.points ?? 0)).catch(() => 0);

export function report(failed) {
  for (const p of procs) {
    if (p.exited === null) p.child.kill("SIGKILL");
  }
  if (failed) {
    for (const p of procs) {
      for (const ext of ["out", "err"]) {
        const text = readFileSync(path.join(work, `${p.name}.${ext}`), "utf8");
        console.log(`===== ${p.name}.${ext}\n${text.slice(-3000)}`);
      }
    }
  }
  if (!failed && !process.env.KEEP_WORKDIR) rmSync(work, { recursive: true, force: true });
}

/// Runs a test's `main` within `ms`, then kills what is left; exits 0 or 1.
export async function runTest(name, main, ms = 150000) {
  try {
    await withTimeout(main(), ms, `the ${name}`);
    report(false);
    console.log(`ok: ${name}`);
    process.exit(0);
  } catch (e) {
    console.log("FAIL:", e.message);
    report(true);
    process.exit(1);
  }
}

/// Types BROKEN in the editor, clicks `button` (Check, Apply) and finds the
/// compiler's error on its line.
export async function brokenOnItsLine(page, button) {
  await page.waitForFunction(() => document.querySelector(".cm-content")?.textContent
    .includes("<scenario"), null, { timeout: 10000 });
  await page.click(".cm-content");
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(BROKEN);
  await page.click(button);
  const message = await page.waitForSelector(".cm-diag-message.cm-diag-error", { timeout: 15000 });
  const line = Number(await message.getAttribute("data-line"));
  const text = await message.textContent();
  check(line === BROKEN_LINE, `the error is on line ${line}, not ${BROKEN_LINE}: ${text}`);
}

/// Debian's Chromium, headless, driven by web/node_modules' playwright-core.
export function launchBrowser() {
  const { chromium } = createRequire(path.join(NODE_MODULES, "noop.js"))("playwright-core");
  return chromium.launch({
    executablePath: CHROMIUM, headless: true, timeout: 60000,
    args: process.getuid?.() === 0 ? ["--no-sandbox"] : [],
  });
}

/// api(base, route, init): a request to BASE/api/v1ROUTE with `token`;
/// its status and JSON body (null if none).
export function apiClient(token) {
  return async (base, route, init = {}) => {
    const headers = { Authorization: `Bearer ${token}`, ...(init.headers ?? {}) };
    const r = await fetch(base + "/api/v1" + route, { ...init, headers });
    return { status: r.status, body: await r.json().catch(() => null) };
  };
}

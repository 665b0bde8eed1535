// The web panel in headless Chromium (Debian's, driven by playwright-core),
// against a real run: Gossipper's built-in uac at 5 calls/s against SIPp's
// uas, with -api_addr and -api_token. Opened without the token, the page
// asks for it; opened with ?token=, it takes the token off the address. Its
// charts grow from /history and the /live frames; a rate set in the page is
// the engine's rate (GET /api/v1/stats); a broken scenario typed in the
// editor gets the compiler's error shown on its line; an edited scenario
// applied with "Apply" is the one the run's new calls play (GET /stats's
// scenario_version, GET /scenario's source); "HTML report"
// downloads gossipper report's page of the run so far; "Stop gracefully"
// ends the process. Screenshots go to $ARTIFACTS_DIR (and, when
// $PANEL_SCREENSHOTS_DIR is set, there too: docs/images/ for the docs).
//
// env: GOSSIPPER (the binary), SIPP (sipp), CHROMIUM (/usr/bin/chromium),
// WEB_NODE_MODULES (web/node_modules), ARTIFACTS_DIR, PANEL_SCREENSHOTS_DIR.
import { readFileSync } from "node:fs";
import path from "node:path";

import {
  BROKEN, BROKEN_LINE, GOSSIPPER, SHOTS, apiClient, brokenOnItsLine, check, freePort,
  launchBrowser, points, runTest, shot, sleep, start, until, withTimeout, work,
} from "./panel_harness.mjs";

const SIPP = process.env.SIPP ?? "sipp";
const TOKEN = "panel-test-token";
const RATE = 5;
const NEW_RATE = 12;

const api = apiClient(TOKEN);

async function startRun() {
  const [sipPort, ourPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  start("sipp_uas", [SIPP, "-sn", "uas", "-i", "127.0.0.1", "-p", String(sipPort), "-nostdin",
                     "-cp", String(await freePort())]);
  await sleep(700);
  const run = start("gossipper", [GOSSIPPER, "sipp", `127.0.0.1:${sipPort}`, "-sn", "uac",
    "-r", String(RATE), "-i", "127.0.0.1", "-p", String(ourPort), "-nostdin",
    "-cp", String(await freePort()), "-api_addr", `127.0.0.1:${apiPort}`,
    "-api_token", TOKEN, "-summary_json", path.join(work, "summary.json")]);
  const base = `http://127.0.0.1:${apiPort}`;
  await until(async () => run.exited === null && (await api(base, "/health")).status === 200,
              20000, "the API answering /health");
  const open = await fetch(base + "/api/v1/stats");
  check(open.status === 401, `/api/v1/stats without the token: ${open.status}, not 401`);
  return { run, base };
}

/// Without ?token= the page asks for it, and goes on with it.
async function tokenPrompt(browser, base) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(base + "/");
  await page.waitForSelector("#token-dialog[open]", { timeout: 15000 });
  await shot(page, "token");
  await page.fill("#token-input", TOKEN);
  await page.click("#token-submit");
  await page.waitForFunction(() => document.querySelector("#messages tbody tr") !== null, null,
                             { timeout: 15000 });
  await page.close();
}

async function dashboard(page, base) {
  await page.goto(`${base}/?token=${TOKEN}`);
  check(!page.url().includes("token"), `the token stays in the address: ${page.url()}`);
  // Several points, from /history and the live frames, in every chart (more
  // for the docs' screenshot).
  const enough = SHOTS === "" ? 6 : 24;
  for (const chart of ["rate", "open", "outcomes", "latency"]) {
    await until(async () => (await points(page, chart)) >= enough, 30000,
                `${enough} points in chart ${chart}`);
  }
  await until(async () => (await page.textContent("#live-state")) === "live", 10000,
              "the live WebSocket");
  const rows = await page.$$eval("#messages tbody tr", (trs) => trs.map((tr) => tr.textContent));
  check(rows.some((r) => r.includes("INVITE")) && rows.some((r) => r.includes("BYE")),
        `the message table: ${JSON.stringify(rows)}`);
  const before = await points(page, "rate");
  await sleep(1500);
  check((await points(page, "rate")) > before, "the charts stopped growing");
  await shot(page, "dashboard");
}

async function setRate(page, base) {
  await page.fill("#rate-input", String(NEW_RATE));
  await page.click("#rate-set");
  await until(async () => (await api(base, "/stats")).body?.status?.rate === NEW_RATE, 10000,
              `the engine's rate at ${NEW_RATE}`);
  await until(async () => (await page.textContent("#kpi-rate")) === String(NEW_RATE), 10000,
              "the page showing the new rate");
}

async function brokenScenario(page) {
  await brokenOnItsLine(page, "#check");
  const marked = await page.$$eval(".cm-diag-line.cm-diag-error", (ls) => ls.map((l) => l.textContent));
  const wanted = BROKEN.split("\n")[BROKEN_LINE - 1];
  check(marked.length >= 1 && marked.includes(wanted),
        `the marked lines ${JSON.stringify(marked)}, not ${JSON.stringify(wanted)}`);
  const gutter = await page.$$(".cm-lint-marker-error");
  check(gutter.length >= 1, "no error marker in the gutter");
  check((await page.textContent("#check-result")).length > 0, "no result by the Check button");
  await page.locator(".scenario-editor").scrollIntoViewIfNeeded();
  await shot(page, "editor", page.locator(".scenario-editor"));
}

/// The run's scenario, its Subject changed in the editor, applied: new calls
/// play it, and the API says so.
async function applyScenario(page, base) {
  await page.click("#reload-scenario");
  await page.waitForFunction(() => document.querySelector(".cm-content")?.textContent
    .includes("Performance Test"), null, { timeout: 10000 });
  const source = (await api(base, "/scenario")).body.source;
  await page.click(".cm-content");
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(source.replaceAll("Performance Test", "Applied From The Panel"));
  await page.click("#apply");
  await until(async () => (await page.textContent("#check-result")).startsWith("Applied as version 1"),
              15000, "the page saying the scenario was applied");
  check((await api(base, "/stats")).body.scenario_version === 1, "/stats is not on version 1");
  const now = (await api(base, "/scenario")).body;
  check(now.version === 1 && now.source.includes("Applied From The Panel"),
        `GET /scenario after Apply: version ${now.version}`);
}

/// The HTML report button downloads gossipper report's page of the run so far.
async function reportDownload(page) {
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 15000 }),
    page.click("#download-report"),
  ]);
  const file = path.join(work, "report-download.html");
  await download.saveAs(file);
  const html = readFileSync(file, "utf8");
  check(download.suggestedFilename() === "report.html", `named ${download.suggestedFilename()}`);
  check(html.includes("Gossipper report") && html.includes("<html"), "not a report page");
}

async function stop(page, run) {
  await page.click("#stop-graceful");
  const exit = await withTimeout(run.exit, 30000, "gossipper's exit after Stop gracefully");
  check(exit.signal === null, `gossipper ended by signal ${exit.signal}`);
  const summary = JSON.parse(readFileSync(path.join(work, "summary.json"), "utf8"));
  check(typeof summary === "object" && summary !== null, "no summary written at the end");
}

async function main() {
  const { run, base } = await startRun();
  const browser = await launchBrowser();
  try {
    await tokenPrompt(browser, base);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 },
                                         acceptDownloads: true });
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await dashboard(page, base);
    await setRate(page, base);
    await brokenScenario(page);
    await applyScenario(page, base);
    await reportDownload(page);
    await stop(page, run);
    check(errors.length === 0, `script errors in the page: ${errors.join("; ")}`);
  } finally {
    await browser.close();
  }
}

await runTest("panel_test", main);

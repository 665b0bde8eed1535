// The web panel served by `gossipper server`, in headless Chromium (Debian's,
// driven by playwright-core): a profile with a UAS and one client against
// it. The page finds the server's runs and shows the client; its charts grow
// from the run's history and the server's /live frames; a rate set in the
// page is the client's (GET /api/v1/engines/ID/stats); Apply shows a broken
// scenario's error on its line and changes nothing, and gives the client the
// run's own scenario (a new run takes its id); the "New client" form
// starts a second client, which the page then shows; SIGTERM ends the server
// and its runs.
//
// env: GOSSIPPER (the binary), CHROMIUM (/usr/bin/chromium), WEB_NODE_MODULES
// (web/node_modules), ARTIFACTS_DIR, PANEL_SCREENSHOTS_DIR.
import { writeFileSync } from "node:fs";
import path from "node:path";

import {
  GOSSIPPER, apiClient, brokenOnItsLine, check, freePort, launchBrowser, points, runTest, shot,
  start, until, withTimeout, work,
} from "./panel_harness.mjs";

const TOKEN = "panel-server-test-token";
const NEW_RATE = 9;

const api = apiClient(TOKEN);

async function startServer() {
  const [sipPort, apiPort] = [await freePort(), await freePort()];
  const profile = {
    api_addr: `127.0.0.1:${apiPort}`, api_token: TOKEN,
    server: { id: "uas", scenario_name: "uas", local_port: sipPort },
    clients: [{ id: "load", scenario_name: "uac", remote_addr: `127.0.0.1:${sipPort}`, rate: 5 }],
  };
  const file = path.join(work, "profile.json");
  writeFileSync(file, JSON.stringify(profile));
  const server = start("server", [GOSSIPPER, "server", "-config", file]);
  const base = `http://127.0.0.1:${apiPort}`;
  await until(async () => server.exited === null &&
                (await api(base, "/engines/load/stats")).status === 200,
              30000, "the client's stats through the server");
  const missing = await api(base, "/engines/nobody/stats");
  check(missing.status === 404 && missing.body?.code === "not_found",
        `an unknown run: ${missing.status} ${JSON.stringify(missing.body)}`);
  return { server, base, sipPort };
}

async function dashboard(page, base) {
  await page.goto(`${base}/?token=${TOKEN}`);
  await page.waitForSelector("#server-bar:not([hidden])", { timeout: 15000 });
  await until(async () => (await page.inputValue("#run-select")) === "load", 10000,
              "the client chosen in the run selector");
  for (const chart of ["rate", "open", "outcomes", "latency"]) {
    await until(async () => (await points(page, chart)) >= 4, 30000, `4 points in chart ${chart}`);
  }
  await until(async () => (await page.textContent("#live-state")) === "live", 10000,
              "the live WebSocket");
  const before = await points(page, "rate");
  await until(async () => (await points(page, "rate")) > before, 10000, "the charts growing");
  const rows = await page.$$eval("#messages tbody tr", (trs) => trs.map((tr) => tr.textContent));
  check(rows.some((r) => r.includes("INVITE")), `the message table: ${JSON.stringify(rows)}`);
  await shot(page, "server-dashboard");
}

async function setRate(page, base) {
  await page.fill("#rate-input", String(NEW_RATE));
  await page.click("#rate-set");
  await until(async () => (await api(base, "/engines/load/stats")).body?.status?.rate === NEW_RATE,
              10000, `the client's rate at ${NEW_RATE}`);
  await until(async () => (await page.textContent("#kpi-rate")) === String(NEW_RATE), 10000,
              "the page showing the new rate");
}

/// Apply with a broken scenario: its error on its line, the client as it was;
/// with the run's own scenario: a new run takes the client's id.
async function apply(page, base) {
  const pid = async () => (await api(base, "/clients")).body.clients.find((c) => c.id === "load" &&
                                                                              c.running)?.pid;
  const before = await pid();
  check(await page.isVisible("#apply"), "no Apply button under gossipper server");
  await brokenOnItsLine(page, "#apply");
  check((await pid()) === before, "a broken scenario changed the client");
  await page.click("#reload-scenario");
  await page.waitForFunction(() => !document.querySelector(".cm-content")?.textContent
    .includes("name=\"broken\""), null, { timeout: 10000 });
  await page.click("#apply");
  await until(async () => { const now = await pid(); return now !== undefined && now !== before; },
              15000, "a new run for the client after Apply");
  await until(async () => (await points(page, "rate")) >= 1 &&
                (await page.textContent("#live-state")) === "live", 15000,
              "the page showing the applied client");
}

async function newClient(page, base, sipPort) {
  await page.fill("#client-remote", `127.0.0.1:${sipPort}`);
  await page.selectOption("#client-scenario", "uac");
  await page.fill("#client-rate", "3");
  await page.click("#client-start");
  const id = await until(async () => {
    const c = (await api(base, "/clients")).body?.clients ?? [];
    // Not load~N: the run Apply retired may still be ending its calls.
    return c.find((x) => x.running && x.id !== "load" && x.id !== "uas" && !x.id.includes("~"))?.id;
  }, 15000, "the new client running");
  await until(async () => (await page.inputValue("#run-select")) === id, 10000,
              `the page showing ${id}`);
  await until(async () => (await points(page, "rate")) >= 2, 20000, `${id}'s chart`);
  let shown = "";
  await until(async () => (shown = await page.textContent("#kpi-rate")) === "3", 10000,
              `${id}'s rate in the page`).catch((e) => {
    throw new Error(`${e.message}: the page shows ${shown}`);
  });
}

async function main() {
  const { server, base, sipPort } = await startServer();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await dashboard(page, base);
    await setRate(page, base);
    await apply(page, base);
    await newClient(page, base, sipPort);
    check(errors.length === 0, `script errors in the page: ${errors.join("; ")}`);
  } finally {
    await browser.close();
    server.child.kill("SIGTERM");
    await withTimeout(server.exit, 40000, "the server's exit after SIGTERM").catch(() => {});
  }
  check(server.exited?.code === 0, `the server's exit: ${JSON.stringify(server.exited)}`);
}

await runTest("panel_server_test", main);

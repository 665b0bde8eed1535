// Gossipper's web control panel: the run's numbers live (GET /stats,
// /history, the /live WebSocket), its controls, and its scenario. Served by
// gossipper server, the same for the run chosen among its runs (their
// routes under /api/v1/engines/ID/), and a form that starts a client.

import {
  ApiError, LiveSocket, adoptTokenFromUrl, postJsonServer, request, serverRequest, setRun,
  setToken, setUnauthorizedHandler,
} from "./api";
import { Controls, describe } from "./controls";
import { Dashboard } from "./dashboard";
import { byId, clock, count } from "./dom";
import { ScenarioSection } from "./scenario";
import { renderCounters, renderMessages, renderTimings } from "./tables";
import type { History, LiveFrame, RunStatus, ServerRun, Stats } from "./types";

/// Past this many points in the page, the charts reload the server's
/// (bounded) history instead of growing.
const MAX_POINTS = 4096;

class Panel {
  private readonly dashboard = new Dashboard(byId("charts"));
  private readonly controls = new Controls({
    notify: (t, bad) => this.notify(t, bad),
    applied: (s) => this.status(s),
    reset: () => void this.reloadHistory(),
  });
  private readonly scenario = new ScenarioSection({
    notify: (t, bad) => this.notify(t, bad),
    applied: () => { window.setTimeout(() => void this.start(), 1000); },
  });
  /// Served by gossipper server: its running runs, and the one shown.
  private runs: ServerRun[] = [];
  private selected: string | null = null;
  private refreshing = false;
  private retries = 0;
  private retryTimer = 0;
  private readonly live = new LiveSocket({
    message: (data) => this.frame(data as LiveFrame),
    state: (up) => this.liveState(up),
  });
  private noticeTimer = 0;

  constructor() {
    byId<HTMLSelectElement>("run-select").addEventListener("change", (event) => {
      this.selected = (event.target as HTMLSelectElement).value;
      void this.start();
    });
    byId("client-form").addEventListener("submit", (event) => {
      event.preventDefault();
      void this.newClient();
    });
  }

  async start(): Promise<void> {
    this.live.close();
    try {
      if (!(await this.findServer())) return;
      this.stats(await request<Stats>("/stats"));
      this.dashboard.load(await request<History>("/history"));
    } catch (e) {
      // A run of gossipper server just started answers once its API is up.
      if (e instanceof ApiError && e.status === 503 && this.retries < 20) {
        this.retries += 1;
        window.clearTimeout(this.retryTimer);
        this.retryTimer = window.setTimeout(() => void this.start(), 500);
        return;
      }
      this.notify(describe(e), true);
      return;
    }
    this.retries = 0;
    await this.scenario.load();
    this.live.open();
  }

  /// Whether the page is served by gossipper server (GET /clients answers);
  /// if so, picks the run to show. False when there is none to show.
  private async findServer(): Promise<boolean> {
    let runs: ServerRun[];
    try {
      runs = (await serverRequest<{ clients: ServerRun[] }>("/clients")).clients;
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        setRun(null);
        return true;
      }
      throw e;
    }
    byId("server-bar").hidden = false;
    this.showRuns(runs);
    if (this.selected === null) {
      this.notify("gossipper server: no run is running; start a client", true);
      return false;
    }
    setRun(this.selected);
    this.scenario.serverEngine(this.selected);
    return true;
  }

  /// The selector: every running run; the selection kept while it runs, else
  /// the first client, else the first run.
  private showRuns(all: ServerRun[]): void {
    const runs = all.filter((r) => r.running);
    this.runs = runs;
    if (this.selected === null || !runs.some((r) => r.id === this.selected)) {
      this.selected = (runs.find((r) => r.role === "client") ?? runs[0])?.id ?? null;
    }
    const select = byId<HTMLSelectElement>("run-select");
    select.replaceChildren(...runs.map((r) => {
      const o = document.createElement("option");
      o.value = r.id;
      o.textContent = `${r.id} (${r.role})`;
      return o;
    }));
    if (this.selected !== null) select.value = this.selected;
  }

  /// The runs changed (a frame says so; GET /clients says how, a frame may
  /// be older than the last change): the selector again, the page again if
  /// the run shown has gone.
  private async refreshRuns(): Promise<void> {
    if (this.refreshing) return;
    this.refreshing = true;
    try {
      const before = this.selected;
      this.showRuns((await serverRequest<{ clients: ServerRun[] }>("/clients")).clients);
      if (this.selected !== before) await this.start();
    } catch (e) {
      this.notify(describe(e), true);
    } finally {
      this.refreshing = false;
    }
  }

  private async newClient(): Promise<void> {
    const body = {
      remote_addr: byId<HTMLInputElement>("client-remote").value.trim(),
      scenario_name: byId<HTMLSelectElement>("client-scenario").value,
      rate: Number(byId<HTMLInputElement>("client-rate").value),
    };
    try {
      const answer = await postJsonServer<{ client: ServerRun }>("/clients", body);
      this.selected = answer.client.id;
      this.notify(`Client ${answer.client.id} started`);
      await this.start();
    } catch (e) {
      this.notify(describe(e), true);
    }
  }

  private frame(f: LiveFrame): void {
    if (f.type === "server") {
      const engines = f.engines ?? [];
      const ids = (rs: { id: string; running: boolean }[]) =>
        rs.filter((r) => r.running).map((r) => r.id).join(",");
      if (ids(engines) !== ids(this.runs)) void this.refreshRuns();
      const e = engines.find((x) => x.id === this.selected);
      if (e === undefined) return;
      f = { type: "stats" };
      if (e.stats) f.stats = e.stats;
      if (e.point) f.point = e.point;
    }
    if (f.type !== "stats") return;
    if (f.stats) this.stats(f.stats);
    if (f.point) {
      this.dashboard.append(f.point);
      if (this.dashboard.length > MAX_POINTS) void this.reloadHistory();
    }
  }

  private async reloadHistory(): Promise<void> {
    try {
      this.dashboard.load(await request<History>("/history"));
    } catch (e) {
      this.notify(describe(e), true);
    }
  }

  private stats(s: Stats): void {
    byId("scenario-name").textContent = s.scenario;
    byId("elapsed").textContent = clock(s.elapsed_ms);
    const c = s.calls;
    byId("kpi-cps").textContent = c.rate_cps.toFixed(1);
    byId("kpi-open").textContent = count(c.open);
    byId("kpi-peak").textContent = count(c.peak);
    byId("kpi-created").textContent = count(c.created);
    byId("kpi-successful").textContent = count(c.successful);
    byId("kpi-failed").textContent = count(c.failed);
    renderMessages(byId("messages"), s);
    renderTimings(byId("timings"), s);
    renderCounters(byId("counters"), s);
    this.status(s.status);
  }

  private status(st: RunStatus): void {
    const rate = st.users >= 0 ? `${st.users} users` : String(st.rate);
    byId("kpi-rate").textContent = rate;
    if (st.quitting !== "running") this.runState("ending", st.quitting);
    else this.runState(st.paused ? "paused" : "running");
    this.controls.show(st);
  }

  /// The badge: its state (running, paused, ending, stopped) and words.
  private runState(state: string, words = state): void {
    const badge = byId("run-state");
    badge.dataset["state"] = state;
    badge.textContent = words;
  }

  private liveState(up: boolean): void {
    const live = byId("live-state");
    live.dataset["live"] = up ? "on" : "off";
    live.textContent = up ? "live" : "live: reconnecting";
    if (!up && byId("run-state").dataset["state"] === "ending") this.runState("stopped");
  }

  notify(text: string, bad = false): void {
    const n = byId("notice");
    n.textContent = text;
    n.dataset["bad"] = bad ? "1" : "0";
    window.clearTimeout(this.noticeTimer);
    this.noticeTimer = window.setTimeout(() => { n.textContent = ""; }, bad ? 15000 : 5000);
  }
}

/// On a 401: asks for the token once, then starts again with it.
function tokenPrompt(panel: Panel): void {
  const dialog = byId<HTMLDialogElement>("token-dialog");
  setUnauthorizedHandler(() => {
    if (!dialog.open) dialog.showModal();
  });
  byId("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    setToken(byId<HTMLInputElement>("token-input").value.trim());
    dialog.close();
    void panel.start();
  });
}

adoptTokenFromUrl();
const panel = new Panel();
tokenPrompt(panel);
void panel.start();

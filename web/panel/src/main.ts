// Gossipper's web control panel: the run's numbers live (GET /stats,
// /history, the /live WebSocket), its controls, and its scenario.

import { LiveSocket, adoptTokenFromUrl, request, setToken, setUnauthorizedHandler } from "./api";
import { Controls, describe } from "./controls";
import { Dashboard } from "./dashboard";
import { byId, clock, count } from "./dom";
import { ScenarioSection } from "./scenario";
import { renderCounters, renderMessages, renderTimings } from "./tables";
import type { History, LiveFrame, RunStatus, Stats } from "./types";

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
  private readonly scenario = new ScenarioSection();
  private readonly live = new LiveSocket({
    message: (data) => this.frame(data as LiveFrame),
    state: (up) => this.liveState(up),
  });
  private noticeTimer = 0;

  async start(): Promise<void> {
    this.live.close();
    try {
      this.stats(await request<Stats>("/stats"));
      this.dashboard.load(await request<History>("/history"));
    } catch (e) {
      this.notify(describe(e), true);
      return;
    }
    await this.scenario.load();
    this.live.open();
  }

  private frame(f: LiveFrame): void {
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

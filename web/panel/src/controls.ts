// The run's controls (POST /api/v1/control) and the downloads.

import { ApiError, blob, postJson } from "./api";
import { byId } from "./dom";
import type { ControlRequest, RunStatus } from "./types";

export interface ControlHooks {
  notify(text: string, bad?: boolean): void;
  /// The run's status after a control was applied.
  applied(status: RunStatus): void;
  /// After the statistics were reset.
  reset(): void;
}

export class Controls {
  private paused = false;

  constructor(private readonly hooks: ControlHooks) {
    this.form("rate-form", "rate-input", (v) => ({ rate: v }), "rate");
    this.form("limit-form", "limit-input", (v) => ({ call_limit: Math.trunc(v) }), "call limit");
    this.form("users-form", "users-input", (v) => ({ users: Math.trunc(v) }), "users");
    this.button("rate-half", { rate_scale: 0.5 }, "rate halved");
    this.button("rate-double", { rate_scale: 2 }, "rate doubled");
    this.button("reset", { reset_stats: true }, "statistics reset");
    this.button("stop-graceful", { stop: "graceful" }, "stopping: calls in progress finish");
    this.confirmed("stop-now", { stop: "now" }, "stopping now");
    byId("pause").addEventListener("click", () => {
      const paused = !this.paused;
      void this.send({ paused }, paused ? "paused" : "resumed");
    });
    this.download("download-summary", "/summary", "summary.json");
    this.download("download-stats", "/stats", "stats.json");
    this.download("download-report", "/downloads/report.html", "report.html");
    this.download("download-stat-csv", "/downloads/stat.csv", "stat.csv");
  }

  /// Shows the run's status in the controls (not over what is being typed).
  show(status: RunStatus): void {
    this.paused = status.paused;
    byId("pause").textContent = status.paused ? "Resume" : "Pause";
    const rate = byId<HTMLInputElement>("rate-input");
    if (document.activeElement !== rate) rate.placeholder = String(status.rate);
    const limit = byId<HTMLInputElement>("limit-input");
    if (document.activeElement !== limit) limit.placeholder = String(status.call_limit);
    // A -users run has a number of users, not a rate.
    const users = status.users >= 0;
    byId("rate-form").hidden = users;
    byId("users-form").hidden = !users;
    const usersInput = byId<HTMLInputElement>("users-input");
    if (users && document.activeElement !== usersInput) usersInput.placeholder = String(status.users);
    const ending = status.quitting !== "running";
    for (const id of ["rate-set", "rate-half", "rate-double", "pause", "stop-graceful"]) {
      byId<HTMLButtonElement>(id).disabled = ending;
    }
  }

  async send(body: ControlRequest, done: string): Promise<boolean> {
    try {
      const answer = await postJson<{ status: RunStatus }>("/control", body);
      this.hooks.applied(answer.status);
      if (body.reset_stats === true) this.hooks.reset();
      this.hooks.notify(done);
      return true;
    } catch (e) {
      this.hooks.notify(describe(e), true);
      return false;
    }
  }

  private form(formId: string, inputId: string, body: (v: number) => ControlRequest,
               what: string): void {
    byId(formId).addEventListener("submit", (event) => {
      event.preventDefault();
      const input = byId<HTMLInputElement>(inputId);
      const value = Number(input.value);
      if (input.value === "" || !Number.isFinite(value) || value < 0) {
        this.hooks.notify(`${what}: give a number, 0 or more`, true);
        return;
      }
      void this.send(body(value), `${what} set to ${value}`).then((ok) => {
        if (ok) input.value = "";
      });
    });
  }

  private button(id: string, body: ControlRequest, done: string): void {
    byId(id).addEventListener("click", () => void this.send(body, done));
  }

  /// A button that acts on a second click within 4 s (the first asks).
  private confirmed(id: string, body: ControlRequest, done: string): void {
    const button = byId(id);
    const words = button.textContent ?? "";
    let timer = 0;
    button.addEventListener("click", () => {
      if (button.dataset["armed"] !== "1") {
        button.dataset["armed"] = "1";
        button.textContent = `${words}: sure?`;
        timer = window.setTimeout(() => {
          delete button.dataset["armed"];
          button.textContent = words;
        }, 4000);
        return;
      }
      window.clearTimeout(timer);
      delete button.dataset["armed"];
      button.textContent = words;
      void this.send(body, done);
    });
  }

  private download(id: string, path: string, name: string): void {
    byId(id).addEventListener("click", () => {
      void blob(path).then((b) => {
        const a = document.createElement("a");
        a.href = URL.createObjectURL(b);
        a.download = name;
        a.click();
        window.setTimeout(() => URL.revokeObjectURL(a.href), 10000);
      }, (e: unknown) => this.hooks.notify(describe(e), true));
    });
  }
}

export function describe(e: unknown): string {
  if (e instanceof ApiError) return `${e.message} (${e.status} ${e.code})`;
  if (e instanceof Error) return e.message;
  return String(e);
}

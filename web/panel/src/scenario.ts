// The scenario section: the run's source in the editor, "Check" sends the
// text to be compiled (PUT /api/v1/scenario; the run is not changed).
// "Apply" gives it to the run for its new calls (POST
// /api/v1/scenario/apply; the calls in flight end on the old code), or under
// gossipper server to the chosen client, which a new run then continues
// (POST /api/v1/scenario/apply?engine_id=ID).

import { ApiError, request, serverRequest } from "./api";
import { describe } from "./controls";
import { byId, el } from "./dom";
import { ScenarioEditor } from "./editor";
import type { Diagnostic, ScenarioCheck, ScenarioSource } from "./types";

export interface ScenarioHooks {
  notify(text: string, bad: boolean): void;
  /// A scenario was applied: the client is a new run.
  applied(): void;
}

export class ScenarioSection {
  private readonly editor = new ScenarioEditor(byId("editor"));
  private engine: string | null = null;
  private underServer = false;

  constructor(private readonly hooks: ScenarioHooks) {
    byId("check").addEventListener("click", () => void this.check(false));
    byId("apply").addEventListener("click", () => void this.check(true));
    byId("reload-scenario").addEventListener("click", () => void this.load());
  }

  /// Under gossipper server: the run the editor's scenario is for (Apply).
  serverEngine(id: string | null): void {
    this.underServer = true;
    this.engine = id;
    byId("apply").hidden = id === null;
  }

  async load(): Promise<void> {
    try {
      const s = await request<ScenarioSource>("/scenario");
      this.editor.text = s.source;
      byId("scenario-file").textContent = s.file !== "" ? s.file : `built-in ${s.name}`;
      this.result("", "");
      this.list([]);
    } catch (e) {
      this.result(describe(e), "bad");
    }
  }

  /// Check (PUT /scenario), or `apply` it to the client.
  private async check(apply: boolean): Promise<void> {
    this.result(apply ? "applying…" : "checking…", "");
    let answer: ScenarioCheck;
    const init = { method: apply ? "POST" : "PUT", body: this.editor.text,
                   contentType: "application/xml" };
    try {
      if (apply && this.underServer && this.engine !== null) {
        await serverRequest<unknown>(
          `/scenario/apply?engine_id=${encodeURIComponent(this.engine)}`, init);
        this.editor.show([]);
        this.list([]);
        this.hooks.notify(`Applied: ${this.engine}'s new calls use this scenario`, false);
        this.hooks.applied();
        return;
      }
      answer = await request<ScenarioCheck>(apply ? "/scenario/apply" : "/scenario", init);
    } catch (e) {
      if (!(e instanceof ApiError) || e.code !== "scenario_invalid") {
        this.result(describe(e), "bad");
        return;
      }
      answer = (e.body ?? {}) as ScenarioCheck;
    }
    const diagnostics = (answer.diagnostics ?? []).filter(isDiagnostic).map(normalise);
    this.editor.show(diagnostics);
    this.list(diagnostics);
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    if (answer.ok === true && typeof answer.version === "number") {
      this.result(`Applied as version ${answer.version}: new calls play it; the calls in ` +
                  "flight end on the scenario they started with.", "ok");
      this.hooks.notify(`Scenario version ${answer.version} applied`, false);
    } else if (answer.ok === true) {
      const warnings = diagnostics.length;
      this.result(warnings === 0 ? "No problems: the scenario compiles."
                                 : `It compiles, with ${warnings} warning${warnings === 1 ? "" : "s"}.`,
                  "ok");
    } else {
      const n = errors === 1 ? "1 error" : `${errors} errors`;
      this.result(`${answer.error ?? "The scenario does not compile"} (${n})`, "bad");
    }
  }

  private result(text: string, cls: string): void {
    const r = byId("check-result");
    r.textContent = text;
    r.dataset["result"] = cls;
  }

  private list(diagnostics: Diagnostic[]): void {
    byId("diagnostics").replaceChildren(...diagnostics.map((d) => {
      const item = el("li", { class: `diag-${d.severity}` },
        el("button", { type: "button", class: "link" }, `line ${d.line}, column ${d.column}`),
        ` ${d.severity}: ${d.message}`);
      item.querySelector("button")?.addEventListener("click", () => this.editor.goTo(d));
      return item;
    }));
  }
}

function isDiagnostic(d: unknown): d is Diagnostic {
  const x = d as Partial<Diagnostic> | null;
  return x !== null && typeof x === "object" && typeof x.line === "number" &&
         typeof x.message === "string";
}

function normalise(d: Diagnostic): Diagnostic {
  return { severity: typeof d.severity === "string" ? d.severity : "error", line: d.line,
           column: typeof d.column === "number" ? d.column : 1, message: d.message };
}

// The scenario section: the run's source in the editor, "Check" sends the
// text to be compiled (PUT /api/v1/scenario; the run is not changed).

import { ApiError, request } from "./api";
import { describe } from "./controls";
import { byId, el } from "./dom";
import { ScenarioEditor } from "./editor";
import type { Diagnostic, ScenarioCheck, ScenarioSource } from "./types";

export class ScenarioSection {
  private readonly editor = new ScenarioEditor(byId("editor"));

  constructor() {
    byId("check").addEventListener("click", () => void this.check());
    byId("reload-scenario").addEventListener("click", () => void this.load());
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

  private async check(): Promise<void> {
    this.result("checking…", "");
    let answer: ScenarioCheck;
    try {
      answer = await request<ScenarioCheck>("/scenario", {
        method: "PUT", body: this.editor.text, contentType: "application/xml",
      });
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
    if (answer.ok === true) {
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

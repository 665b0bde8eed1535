// The scenario editor: CodeMirror with XML highlighting, and the
// compiler's diagnostics on their lines (a gutter marker, the line marked,
// the message under it).

import { EditorState, StateEffect, StateField, type Extension, type Range } from "@codemirror/state";
import {
  Decoration, type DecorationSet, EditorView, WidgetType, drawSelection, highlightActiveLine,
  highlightActiveLineGutter, keymap, lineNumbers,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { xml } from "@codemirror/lang-xml";
import { lintGutter, setDiagnostics, type Diagnostic as LintDiagnostic } from "@codemirror/lint";
import type { Diagnostic } from "./types";

/// A diagnostic's message, shown as a block under its line.
class MessageWidget extends WidgetType {
  constructor(private readonly d: Diagnostic) {
    super();
  }

  override eq(other: MessageWidget): boolean {
    return other.d === this.d;
  }

  toDOM(): HTMLElement {
    const box = document.createElement("div");
    box.className = `cm-diag-message cm-diag-${severity(this.d)}`;
    box.dataset["line"] = String(this.d.line);
    box.dataset["column"] = String(this.d.column);
    box.textContent = `${this.d.line}:${this.d.column} ${this.d.severity}: ${this.d.message}`;
    return box;
  }
}

function severity(d: Diagnostic): "error" | "warning" | "info" {
  if (d.severity === "error" || d.severity === "fatal") return "error";
  return d.severity === "warning" ? "warning" : "info";
}

const showEffect = StateEffect.define<Diagnostic[]>();

/// The line of a diagnostic in `state` (clamped: the text may have changed).
function lineOf(state: EditorState, d: Diagnostic) {
  return state.doc.line(Math.min(Math.max(1, Math.trunc(d.line) || 1), state.doc.lines));
}

function decorations(state: EditorState, diagnostics: Diagnostic[]): DecorationSet {
  const ranges: Range<Decoration>[] = [];
  for (const d of diagnostics) {
    const line = lineOf(state, d);
    ranges.push(Decoration.line({ class: `cm-diag-line cm-diag-${severity(d)}` }).range(line.from));
    ranges.push(Decoration.widget({ widget: new MessageWidget(d), block: true, side: 1 })
      .range(line.to));
  }
  return Decoration.set(ranges, true);
}

const inlineDiagnostics = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(value, tr) {
    for (const e of tr.effects) if (e.is(showEffect)) return decorations(tr.state, e.value);
    return value.map(tr.changes);
  },
  provide: (field) => EditorView.decorations.from(field),
});

function toLint(state: EditorState, d: Diagnostic): LintDiagnostic {
  const line = lineOf(state, d);
  const from = Math.min(line.from + Math.max(0, Math.trunc(d.column) - 1), line.to);
  return { from, to: from === line.to ? from : Math.min(from + 1, line.to),
           severity: severity(d), message: d.message, source: "gossipper" };
}

export class ScenarioEditor {
  readonly view: EditorView;

  constructor(parent: HTMLElement) {
    const extensions: Extension[] = [
      lineNumbers(), highlightActiveLineGutter(), lintGutter(), history(), drawSelection(),
      highlightActiveLine(), bracketMatching(), xml(),
      syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
      keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
      inlineDiagnostics,
      EditorView.contentAttributes.of({ "aria-label": "Scenario XML" }),
    ];
    this.view = new EditorView({ parent, state: EditorState.create({ doc: "", extensions }) });
  }

  get text(): string {
    return this.view.state.doc.toString();
  }

  set text(value: string) {
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: value } });
    this.show([]);
  }

  /// Shows these diagnostics on their lines (none: clears them), and
  /// scrolls to the first.
  show(diagnostics: Diagnostic[]): void {
    const state = this.view.state;
    this.view.dispatch(setDiagnostics(state, diagnostics.map((d) => toLint(state, d))));
    const first = diagnostics[0];
    this.view.dispatch({
      effects: [showEffect.of(diagnostics),
                ...(first ? [EditorView.scrollIntoView(lineOf(state, first).from, { y: "center" })]
                          : [])],
    });
  }

  /// Puts the cursor on a diagnostic's line and column.
  goTo(d: Diagnostic): void {
    const at = toLint(this.view.state, d).from;
    this.view.dispatch({ selection: { anchor: at }, scrollIntoView: true });
    this.view.focus();
  }
}

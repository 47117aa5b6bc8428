// The CodeMirror 6 editor: Dockerfile highlighting (legacy-modes via StreamLanguage), line numbers,
// history, bracket matching, inline lint from the worker. One view; one EditorState per file so each
// file keeps its own undo history.
//
// Keyboard: focus reaching the editor with Tab does not trap the reader. Tab indents only after the
// reader entered the editor on purpose (a click, Enter, or typing); Escape leaves that mode, and
// Tab then moves focus on.

import { Annotation, EditorState, Prec } from "@codemirror/state";
import {
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import {
  HighlightStyle,
  StreamLanguage,
  bracketMatching,
  indentUnit,
  syntaxHighlighting,
} from "@codemirror/language";
import { dockerFile } from "@codemirror/legacy-modes/mode/dockerfile";
import { defaultKeymap, history, historyKeymap, indentLess, indentMore } from "@codemirror/commands";
import { forceLinting, lintGutter, lintKeymap, linter } from "@codemirror/lint";
import { tags } from "@lezer/highlight";

const dockerfileLanguage = StreamLanguage.define(dockerFile);

/** Marks changes that came from the worker's copy of a file (not the reader), so they are not saved back. */
const fromWorker = Annotation.define();

/** Whether a path is a Dockerfile (highlighted and linted as one). */
export function isDockerfile(path) {
  const name = String(path || "").split("/").pop();
  return /^(Dockerfile|Containerfile)([.-].*)?$/i.test(name) || /\.(dockerfile|containerfile)$/i.test(name);
}

const highlight = HighlightStyle.define([
  { tag: tags.keyword, color: "var(--md-code-hl-keyword-color)", fontWeight: "bold" },
  // Material's comment colour is 4.47:1 on the code background; the workbench's muted text is 4.5:1+.
  { tag: tags.comment, color: "var(--dnw-muted, var(--md-code-hl-comment-color))", fontStyle: "italic" },
  { tag: tags.string, color: "var(--md-code-hl-string-color)" },
  { tag: tags.number, color: "var(--md-code-hl-number-color)" },
  { tag: [tags.variableName, tags.special(tags.variableName)], color: "var(--md-code-hl-variable-color)" },
  { tag: [tags.atom, tags.bool], color: "var(--md-code-hl-constant-color)" },
  { tag: tags.invalid, color: "var(--md-code-hl-special-color)", textDecoration: "underline wavy" },
]);

const theme = EditorView.theme({
  "&": {
    color: "var(--md-code-fg-color)",
    backgroundColor: "var(--md-code-bg-color)",
    fontSize: "0.8rem",
    height: "100%",
  },
  "&.cm-focused": {
    outline: "2px solid var(--md-accent-fg-color)",
    outlineOffset: "2px",
  },
  ".cm-scroller": {
    fontFamily: "var(--md-code-font-family)",
    lineHeight: "1.5",
  },
  ".cm-content": { caretColor: "var(--md-default-fg-color)", padding: "0.5em 0" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--md-default-fg-color)", borderLeftWidth: "2px" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection": {
    backgroundColor: "var(--md-accent-fg-color--transparent)",
  },
  ".cm-gutters": {
    backgroundColor: "var(--md-code-bg-color)",
    color: "var(--dnw-muted, var(--md-default-fg-color--light))",
    border: "none",
    borderRight: "1px solid var(--md-default-fg-color--lightest)",
  },
  // No tint behind the active line: on it, keyword and string colours fell under 4.5:1 (axe). The
  // gutter marks the line instead.
  ".cm-activeLine": { backgroundColor: "transparent" },
  ".cm-activeLineGutter": { backgroundColor: "var(--md-code-hl-color--light)", color: "var(--md-default-fg-color)" },
  ".cm-matchingBracket, &.cm-focused .cm-matchingBracket": {
    backgroundColor: "var(--md-accent-fg-color--transparent)",
    outline: "1px solid var(--md-accent-fg-color)",
  },
  ".cm-tooltip": {
    backgroundColor: "var(--md-default-bg-color)",
    color: "var(--md-default-fg-color)",
    border: "1px solid var(--md-default-fg-color--lightest)",
    boxShadow: "var(--md-shadow-z2)",
    fontFamily: "var(--md-text-font-family)",
  },
  ".cm-tooltip-lint": { maxWidth: "min(32rem, 90vw)" },
  ".cm-diagnostic": { padding: "0.4em 0.6em", whiteSpace: "normal" },
  ".cm-diagnostic a": { color: "var(--md-typeset-a-color)" },
  ".cm-panels": { backgroundColor: "var(--md-default-bg-color)", color: "var(--md-default-fg-color)" },
});

const SEVERITIES = { error: "error", warning: "warning", info: "info", style: "hint", hint: "hint" };

/**
 * Findings of the worker's `lint` request → CodeMirror diagnostics on their lines. Each message
 * is rendered as DOM text: "<rule>: <message>" and a link to the notes section when there is one.
 */
export function diagnosticsFor(doc, findings, link) {
  const out = [];
  for (const finding of findings || []) {
    const number = Math.min(Math.max(1, Number(finding.line) || 1), doc.lines);
    const line = doc.line(number);
    const indent = /^\s*/.exec(line.text)[0].length;
    const from = Math.min(line.from + indent, line.to);
    const rule = String(finding.rule || finding.check || "lint");
    const message = String(finding.message || "");
    const url = link(finding.docs);
    out.push({
      from,
      to: line.to,
      severity: SEVERITIES[finding.severity] || "info",
      source: rule,
      message: `${rule}: ${message}`,
      renderMessage() {
        const box = document.createElement("span");
        box.className = "dnw-diagnostic";
        const code = document.createElement("strong");
        code.textContent = rule;
        box.append(code, document.createTextNode(` ${message}`));
        if (url) {
          const anchor = document.createElement("a");
          anchor.href = url;
          anchor.textContent = "Read in the notes";
          box.append(document.createTextNode(" "), anchor);
        }
        return box;
      },
    });
  }
  return out;
}

export class Editor {
  /**
   * @param parent element the editor goes in
   * @param options.onChange (path, text) after each edit
   * @param options.lint async (path, text) → findings (the worker's `lint` request)
   * @param options.onDiagnostics (path, findings | Error) after each lint pass
   * @param options.link docs target → URL or null
   * @param options.hintId id of the element describing the keyboard mode
   * @param options.onMode (entered: boolean) when the Tab behaviour changes
   */
  constructor(parent, options) {
    this.options = options;
    this.states = new Map();
    this.path = null;
    this.entered = false;
    this.pointerAt = 0;
    this.view = new EditorView({ parent, state: EditorState.create({ doc: "", extensions: this.extensions(null) }) });
    this.view.dom.addEventListener("pointerdown", () => {
      this.pointerAt = Date.now();
      this.setEntered(true);
    });
    this.view.contentDOM.addEventListener("focus", () => {
      if (Date.now() - this.pointerAt > 400) this.setEntered(false);
    });
    this.view.contentDOM.addEventListener("blur", () => this.setEntered(false));
  }

  setEntered(entered) {
    if (this.entered === entered) return;
    this.entered = entered;
    this.view.dom.dataset.mode = entered ? "editing" : "browsing";
    this.options.onMode?.(entered);
  }

  extensions(path) {
    const dockerfile = isDockerfile(path);
    const modeKeys = Prec.highest(
      keymap.of([
        {
          key: "Tab",
          run: (view) => (this.entered ? indentOrInsert(view) : false),
          shift: (view) => (this.entered ? indentLess(view) : false),
        },
        {
          key: "Escape",
          run: () => {
            if (!this.entered) return false;
            this.setEntered(false);
            return true;
          },
        },
        {
          key: "Enter",
          run: () => {
            if (this.entered) return false;
            this.setEntered(true);
            return true;
          },
        },
      ]),
    );
    const typing = EditorView.inputHandler.of(() => {
      this.setEntered(true);
      return false;
    });
    const label = path ? `${dockerfile ? "Dockerfile" : "File"} editor: ${path}` : "File editor";
    const extensions = [
      modeKeys,
      typing,
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      drawSelection(),
      bracketMatching(),
      highlightActiveLine(),
      indentUnit.of("    "),
      EditorState.tabSize.of(4),
      keymap.of([...defaultKeymap, ...historyKeymap, ...lintKeymap]),
      theme,
      syntaxHighlighting(highlight),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({
        "aria-label": label,
        "aria-describedby": this.options?.hintId || "",
        "aria-multiline": "true",
        // Already in the tab order as contenteditable; said explicitly so checkers (axe's
        // scrollable-region-focusable) see that the scrolling editor has focusable content.
        tabindex: "0",
      }),
      EditorView.updateListener.of((update) => {
        const external = update.transactions.some((transaction) => transaction.annotation(fromWorker));
        if (update.docChanged && !external && this.path === path && path !== null) {
          this.options.onChange?.(path, update.state.doc.toString());
        }
      }),
    ];
    if (dockerfile) {
      extensions.push(dockerfileLanguage, lintGutter(), linter((view) => this.runLint(view, path), { delay: 400 }));
    }
    return extensions;
  }

  async runLint(view, path) {
    const text = view.state.doc.toString();
    let findings;
    try {
      findings = await this.options.lint(path, text);
    } catch (error) {
      this.options.onDiagnostics?.(path, error);
      return [];
    }
    if (view.state.doc.toString() !== text || this.path !== path) return [];
    this.options.onDiagnostics?.(path, findings);
    return diagnosticsFor(view.state.doc, findings, this.options.link);
  }

  /** Show a file (its own state, created on first open). */
  open(path, text) {
    if (this.path !== null) this.states.set(this.path, this.view.state);
    let state = this.states.get(path);
    if (!state || state.doc.toString() !== text) {
      state = EditorState.create({ doc: text, extensions: this.extensions(path) });
    }
    this.path = path;
    this.view.setState(state);
    this.view.dom.dataset.path = path;
    this.view.dom.classList.toggle("dnw-editor--dockerfile", isDockerfile(path));
  }

  /** Replace the text of the open file from outside (keeps the file's history when unchanged). */
  setText(path, text) {
    if (this.path === path) {
      if (this.view.state.doc.toString() !== text) {
        this.view.dispatch({
          changes: { from: 0, to: this.view.state.doc.length, insert: text },
          annotations: fromWorker.of(true),
        });
      }
    } else {
      this.states.delete(path);
    }
  }

  renamed(from, to) {
    const state = this.path === from ? null : this.states.get(from);
    this.states.delete(from);
    if (this.path === from) {
      const text = this.view.state.doc.toString();
      this.path = null;
      this.open(to, text);
    } else if (state) {
      this.states.set(to, EditorState.create({ doc: state.doc.toString(), extensions: this.extensions(to) }));
    }
  }

  forget(path) {
    this.states.delete(path);
    if (this.path === path) {
      this.path = null;
      this.view.setState(EditorState.create({ doc: "", extensions: this.extensions(null) }));
      delete this.view.dom.dataset.path;
    }
  }

  reset() {
    this.states.clear();
    this.path = null;
  }

  get text() {
    return this.view.state.doc.toString();
  }

  relint() {
    if (isDockerfile(this.path)) forceLinting(this.view);
  }

  focus() {
    this.view.focus();
  }

  destroy() {
    this.view.destroy();
  }
}

function indentOrInsert(view) {
  if (view.state.selection.ranges.some((range) => !range.empty)) return indentMore(view);
  const unit = view.state.facet(indentUnit);
  view.dispatch(view.state.replaceSelection(unit), { scrollIntoView: true, userEvent: "input" });
  return true;
}

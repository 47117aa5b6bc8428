// A small terminal bound to the shared client: prompt, history (↑/↓, localStorage), Tab completion,
// clear / Ctrl+L, Ctrl+C to stop, stdout and stderr told apart by colour and by a label, output in an
// aria-live log. Used by the Playground page and by every "Try it" panel.
//
// A command that keeps running (a foreground `docker run`, `logs -f`, an `-it` session; playground/WORKER.md)
// streams its output here as it comes. While it runs, an interactive one takes the lines typed (the prompt
// becomes the container's, e.g. `root@3f4e5d6a7b8c:/#`), Ctrl+C sends it SIGINT, Ctrl+D ends its input, and
// Ctrl+P Ctrl+Q (or the Detach button) detaches, as docker's terminal does.

import { getClient } from "./client.js";
import config from "./config.js";
import { formatBytes, h, uid } from "./dom.js";
import { hintsFor } from "./hints.js";
import { splitStderr } from "./output-kinds.js";
import * as store from "./store.js";
import { loadTranscript, transcriptChanged } from "./transcript.js";

const MAX_ENTRIES = 500;
// What the screen keeps (memory and layout stay bounded whatever runs: 10,000 `docker run` IDs, a huge `ps`):
// one output's last MAX_ENTRY_CHARS characters, and the newest entries within MAX_CHARS in all. What goes is
// said on screen (an "earlier output trimmed" note at the top, a note before a trimmed output).
export const MAX_ENTRY_CHARS = 100_000;
export const MAX_CHARS = 1_000_000;
// What the screen draws: an output of more lines than SHOWN_LINES shows its last SHOWN_LINES, with a bar that
// says how many there are, shows MORE_LINES earlier ones per press and copies them all. The whole text stays
// in the entry (the model), so Copy output and the saved transcript have every line; layout stays bounded
// (2,000 container IDs are 200 lines on screen, not a 130 KB block laid out at once).
export const SHOWN_LINES = 200;
const MORE_LINES = 1000;
// How long a submitted line may stay in the input, undrawn, waiting for its reply (one frame at 60 Hz).
const FRAME_MS = 16;
const transcripts = new Map(); // terminal id → entries; survives instant navigation (module scope), reloads (transcript.js)
const LIST_COMMANDS = {
  container: "docker ps -a --format '{{.Names}}'",
  volume: "docker volume ls --format '{{.Name}}'",
  network: "docker network ls --format '{{.Name}}'",
};

function commonPrefix(words) {
  if (!words.length) return "";
  let prefix = words[0];
  for (const word of words.slice(1)) {
    let i = 0;
    while (i < prefix.length && i < word.length && prefix[i] === word[i]) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix;
}

/** What the one-line input shows for a queued line: a heredoc's first line, marked as continuing. */
function inputText(line) {
  const [first, ...rest] = line.split("\n");
  return rest.length ? `${first} …` : line;
}

export class Terminal {
  /**
   * @param {HTMLElement} host where the terminal is built
   * @param {{id: string, label: string, compact?: boolean, onInput?: Function, onRan?: Function}} options
   */
  constructor(host, { id, label, compact = false, onInput = null, onRan = null, client = getClient() }) {
    this.client = client;
    this.id = id;
    this.onInput = onInput;
    this.onRan = onRan;
    this.queue = [];
    this.queueIndex = 0;
    this.typeahead = [];
    this.pendingLine = null; // a submitted line still shown in the input, waiting for its reply
    this.history = store.loadHistory();
    this.historyIndex = this.history.length;
    this.draft = "";
    this.running = false;
    this.live = null; // a command that keeps running: {runId, prompt, input, detach}
    this.ctrlP = false; // Ctrl+P was pressed: Ctrl+Q next detaches
    this.escaped = false;
    this.lastCompletion = null;
    this.disposers = [];
    this.entries = transcripts.get(id) ?? loadTranscript(id);
    transcripts.set(id, this.entries);
    this.chars = this.entries.reduce((sum, entry) => sum + entry.text.length, 0);
    this.trimmed = 0; // entries dropped from the top of the screen in this visit

    const inputId = uid("dnp-input");
    const hintId = uid("dnp-hint");
    this.status = h("div", { class: "dnp-term__status", role: "status" });
    this.output = h("div", {
      class: "dnp-term__output",
      role: "log",
      "aria-live": "polite",
      "aria-label": `${label}: output`,
      tabindex: "0",
    });
    this.input = h("input", {
      id: inputId,
      class: "dnp-term__input",
      type: "text",
      autocomplete: "off",
      autocapitalize: "off",
      autocorrect: "off",
      spellcheck: "false",
      enterkeyhint: "send",
      "aria-describedby": hintId,
      placeholder: "docker run -d --name web nginx",
    });
    this.runButton = h("button", { class: "dnp-button dnp-term__run", type: "submit", text: "Run" });
    this.stopButton = h("button", {
      class: "dnp-button dnp-button--stop dnp-term__stop",
      type: "button",
      text: "Stop",
      title: "Stop the running command (Ctrl+C)",
      hidden: true,
      onclick: () => this.stop(),
    });
    this.detachButton = h("button", {
      class: "dnp-button dnp-button--quiet dnp-term__detach",
      type: "button",
      text: "Detach",
      title: "Detach from the container and leave it running (Ctrl+P Ctrl+Q)",
      hidden: true,
      onclick: () => this.signal("DETACH"),
    });
    this.promptMark = h("span", { class: "dnp-term__prompt-text", "aria-hidden": "true", text: "$" });
    this.promptLabel = h("span", { class: "dnp-sr", text: `${label}: command line` });
    this.label = label;
    this.form = h("form", { class: "dnp-term__form", "aria-label": label }, [
      h("label", { class: "dnp-term__prompt", for: inputId }, [this.promptMark, this.promptLabel]),
      this.input,
      this.runButton,
      this.stopButton,
      this.detachButton,
    ]);
    this.queueInfo = h("p", { class: "dnp-term__queue", hidden: true });
    this.hint = h("p", {
      id: hintId,
      class: "dnp-term__hint",
      text: "Enter runs, ↑/↓ recall, Tab completes (Esc then Tab moves on), Ctrl+C stops, Ctrl+L clears.",
    });
    this.clearButton = h("button", {
      class: "dnp-button dnp-button--quiet",
      type: "button",
      text: "Clear",
      title: "Clear the terminal (Ctrl+L)",
      onclick: () => this.clear(),
    });
    this.conflictBar = h("div", { class: "dnp-term__conflict", role: "alert", hidden: true });
    this.root = h("div", { class: `dnp-term${compact ? " dnp-term--compact" : ""}`, "data-dnp-terminal": id }, [
      this.status,
      this.conflictBar,
      h("div", { class: "dnp-term__screen" }, [this.output, this.form]),
      h("div", { class: "dnp-term__foot" }, [this.queueInfo, this.hint, this.clearButton]),
    ]);
    host.append(this.root);
    this.trimMark = h("p", { class: "dnp-note dnp-note--trimmed", "aria-live": "off", text: "" });
    for (const entry of this.entries) this._render(entry);
    // A restored transcript scrolls at the next frame: scrolling now would force a layout of the page that is
    // still being built (and an empty one has nothing to scroll).
    if (this.entries.length) this._scrollSoon();

    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
    this.input.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") this._releaseInput(); // typing goes to an empty input, not after the sent line
      this._keydown(event);
    });
    this.input.addEventListener("beforeinput", () => this._releaseInput()); // a paste or a fill, likewise
    this.input.addEventListener("input", () => {
      this.lastCompletion = null;
      this.onInput?.(this.input.value);
    });
    this.output.addEventListener("keydown", (event) => this._globalKeys(event));
    for (const element of [this.input, this.output]) {
      element.addEventListener("focus", () => this.client.start(), { once: true });
    }
    this.root.addEventListener("pointerdown", () => this.client.start(), { once: true });
    this.disposers.push(
      this.client.on("status", () => this._showStatus()),
      this.client.on("progress", () => this._showStatus()),
      this.client.on("busy", () => this._showBusy()),
      this.client.on("notice", ({ message }) => this.print("notice", message)),
      this.client.on("conflict", () => this._showConflict()),
    );
    this._showStatus();
    this._showConflict();
  }

  destroy() {
    // The terminal goes away (instant navigation): a command still attached to it is hung up, as a docker
    // client that is killed (a shell sees the end of its input; a stream ends, its containers run on).
    if (this.live) this.client.request("signal", { of: this.live.runId, signal: "HUP" }, { quiet: true }).catch(() => {});
    for (const dispose of this.disposers) dispose();
    this.disposers = [];
    this.root.remove();
  }

  focus() {
    this.input.focus();
  }

  // --- status ------------------------------------------------------------------------------------------------

  _showStatus() {
    const client = this.client;
    const status = this.status;
    status.replaceChildren();
    status.dataset.state = client.status;
    if (client.status === "idle") {
      const size = config.downloadBytes ? ` (it downloads up to ${formatBytes(config.downloadBytes)} once)` : "";
      status.append(h("span", { text: `The simulator starts when you use the terminal${size}.` }));
    } else if (client.status === "loading") {
      const p = client.progress ?? {};
      const step = p.done ? `Step ${p.done} of ${p.total}: ` : "";
      let text = `Starting the playground… ${step}${p.label ?? "Starting"}`;
      if (p.size) text += ` (${formatBytes(p.loaded)} of ${formatBytes(p.size)})`;
      else if (p.loaded) text += ` (${formatBytes(p.loaded)})`;
      const value = p.size ? (p.loaded ?? 0) / p.size : 0;
      const overall = p.done ? Math.min(1, (p.done - 1 + value) / (p.total || 5)) : 0;
      status.append(
        h("span", { class: "dnp-term__status-text", text }),
        h("progress", { class: "dnp-progress", max: "100", value: String(Math.round(overall * 100)), "aria-label": "Playground start-up" }),
      );
    } else if (client.status === "ready") {
      const info = client.info ?? {};
      status.append(
        h("span", { class: "dnp-dot", "aria-hidden": "true" }),
        h("span", {
          class: "dnp-term__status-text",
          text: `Ready: simulated docker engine (dockersim ${info.version ?? "?"}, Python ${info.python ?? "?"}).`,
        }),
      );
    } else if (client.status === "failed") {
      status.append(
        h("span", { class: "dnp-term__fatal", text: `The playground could not start: ${client.error}` }),
        h("span", { text: " The notes and the cheat sheet still work, and every command can be copied. " }),
        h("button", { class: "dnp-button dnp-button--quiet", type: "button", text: "Try again", onclick: () => this.client.restart() }),
      );
    }
  }

  /** Another version of the playground (another tab's save, or work a closed tab kept aside): the choice. */
  _showConflict() {
    const conflict = this.client.conflict;
    this.conflictBar.hidden = !conflict;
    if (!conflict) {
      this.conflictBar.replaceChildren();
      return;
    }
    const fromTab = conflict.kind === "tab";
    const choose = async (load) => {
      for (const button of this.conflictBar.querySelectorAll("button")) button.disabled = true;
      await this.client.resolveConflict(load);
      if (load) {
        this.clear();
        this.print("notice", fromTab ? "Loaded the playground from the other tab." : "Loaded the work that was kept aside.");
      } else {
        this.print("notice", fromTab ? "Kept this tab's playground; it is saved now." : "Discarded the work that was kept aside.");
      }
    };
    this.conflictBar.replaceChildren(
      h("span", { class: "dnp-term__conflict-text", text: conflict.message }),
      h("button", { class: "dnp-button", type: "button", text: fromTab ? "Load the other tab's" : "Load it", onclick: () => choose(true) }),
      h("button", { class: "dnp-button dnp-button--quiet", type: "button", text: fromTab ? "Keep this one" : "Discard it", onclick: () => choose(false) }),
    );
  }

  _showBusy() {
    const busy = this.running && this.client.busy;
    clearTimeout(this._busyTimer);
    this.detachButton.hidden = !this.live?.detach;
    if (this.live) {
      this.stopButton.hidden = false;
      this.root.removeAttribute("aria-busy");
    } else if (busy) {
      this._busyTimer = setTimeout(() => {
        this.stopButton.hidden = !(this.running && this.client.busy);
        this.root.setAttribute("aria-busy", "true");
      }, 300);
    } else {
      this.stopButton.hidden = true;
      this.root.removeAttribute("aria-busy");
    }
  }

  // --- output ------------------------------------------------------------------------------------------------

  print(kind, text) {
    if (this._append(kind, text)) this._scroll();
  }

  /** Add one entry without scrolling (a command's output lines scroll once, together). `prompt`: a line
   * typed at a container's prompt shows that prompt instead of `$`. */
  _append(kind, text, prompt = null) {
    if (text === undefined || text === null || (text === "" && prompt === null)) return false;
    let body = String(text);
    if (body.length > MAX_ENTRY_CHARS) {
      const cut = body.indexOf("\n", body.length - MAX_ENTRY_CHARS);
      const kept = body.slice(cut >= 0 ? cut + 1 : body.length - MAX_ENTRY_CHARS);
      const gone = (body.length - kept.length).toLocaleString("en");
      this._push({ kind: "note", text: `Output trimmed: its first ${gone} characters are not kept (the terminal keeps the last ${MAX_ENTRY_CHARS.toLocaleString("en")} of one output).` });
      body = kept;
    }
    const entry = { kind, text: body };
    if (prompt !== null) entry.prompt = prompt;
    this._push(entry);
    transcriptChanged(this.id, this.entries);
    return true;
  }

  /** Keep and draw one entry; the oldest go while there are too many or too much text (said at the top). */
  _push(entry) {
    this.entries.push(entry);
    this.chars += entry.text.length;
    this._render(entry);
    let dropped = 0;
    while (this.entries.length > 1 && (this.entries.length > MAX_ENTRIES || this.chars > MAX_CHARS)) {
      this.chars -= this.entries.shift().text.length;
      dropped += 1;
    }
    if (!dropped) return;
    for (let i = 0; i < dropped; i++) (this.trimMark.isConnected ? this.trimMark.nextSibling : this.output.firstChild)?.remove();
    this.trimmed += dropped;
    this.trimMark.textContent = `Earlier output trimmed (${this.trimmed.toLocaleString("en")} entries): the terminal keeps its last ${MAX_ENTRIES} entries and ${MAX_CHARS.toLocaleString("en")} characters.`;
    if (!this.trimMark.isConnected) this.output.prepend(this.trimMark);
  }

  /** A stream's text: stderr's progress (pulls, build steps) apart from its errors (output-kinds.js). */
  _appendStream(stream, text, calm = false) {
    if (stream !== "stderr") return this._append("out", text);
    if (!text) return false;
    for (const [kind, part] of splitStderr(text)) this._append(kind === "err" && calm ? "log" : kind, part);
    return true;
  }

  _render({ kind, text, prompt }) {
    let node;
    if (kind === "cmd" || kind === "setup") {
      node = h("div", { class: `dnp-line dnp-line--${kind}` }, [
        kind === "setup" ? h("span", { class: "dnp-tag dnp-tag--setup", text: "setup" }) : null,
        h("span", { class: "dnp-line__prompt", "aria-hidden": "true", text: typeof prompt === "string" ? prompt : "$ " }),
        h("span", { class: "dnp-sr", text: kind === "setup" ? "Setup command: " : "Command: " }),
        h("span", { class: "dnp-line__text", text }),
      ]);
    } else if (kind === "out") {
      node = this._pre(text, "dnp-out");
    } else if (kind === "err") {
      node = h("div", { class: "dnp-err" }, [
        h("span", { class: "dnp-tag dnp-tag--err", "aria-hidden": "true", text: "stderr" }),
        h("span", { class: "dnp-sr", text: "Error output: " }),
        this._pre(text),
      ]);
    } else if (kind === "log") {
      node = h("div", { class: "dnp-log" }, [
        h("span", { class: "dnp-tag dnp-tag--log", "aria-hidden": "true", text: "stderr" }),
        h("span", { class: "dnp-sr", text: "Standard error: " }),
        this._pre(text),
      ]);
    } else if (kind === "progress") {
      node = h("div", { class: "dnp-prog" }, [
        h("span", { class: "dnp-sr", text: "Progress: " }),
        this._pre(text),
      ]);
    } else if (kind === "hint") {
      node = h("div", { class: "dnp-hint" }, [
        h("span", { class: "dnp-tag dnp-tag--hint", "aria-hidden": "true", text: "hint" }),
        h("span", { class: "dnp-sr", text: "The playground's hint: " }),
        h("pre", { text }),
      ]);
    } else if (kind === "exit") {
      node = h("p", { class: "dnp-exit", text: `exit status ${text}` });
    } else {
      node = h("p", { class: `dnp-note dnp-note--${kind}`, text });
    }
    this.output.append(node);
  }

  /** A <pre> of `text` (its last newline dropped); an output of more than SHOWN_LINES lines shows its last
   * ones, after a bar that reaches the earlier lines and copies them all (one node either way). */
  _pre(text, className = "") {
    const body = text.endsWith("\n") ? text.slice(0, -1) : text;
    let cut = body.length;
    for (let shown = 0; shown < SHOWN_LINES && cut > 0; shown++) cut = body.lastIndexOf("\n", cut - 1);
    if (cut <= 0) return h("pre", { class: className || null, text: body });
    let lines = 1;
    for (let at = body.indexOf("\n"); at >= 0; at = body.indexOf("\n", at + 1)) lines += 1;
    const total = lines.toLocaleString("en");
    const pre = h("pre", { class: className || null, text: body.slice(cut + 1) });
    const said = h("span", { class: "dnp-fold__text" });
    const more = h("button", { class: "dnp-button dnp-button--quiet", type: "button", text: "" });
    const copy = h("button", { class: "dnp-button dnp-button--quiet", type: "button", text: `Copy all ${total} lines` });
    let shownLines = SHOWN_LINES;
    const say = () => {
      const hidden = lines - shownLines;
      said.textContent = hidden > 0 ? `Showing the last ${shownLines.toLocaleString("en")} of ${total} lines.` : `All ${total} lines shown.`;
      more.hidden = hidden <= 0;
      more.textContent = `Show ${Math.min(MORE_LINES, hidden).toLocaleString("en")} earlier lines`;
    };
    more.addEventListener("click", () => {
      for (let step = 0; step < MORE_LINES && cut > 0; step++) cut = body.lastIndexOf("\n", cut - 1);
      shownLines = cut <= 0 ? lines : Math.min(lines, shownLines + MORE_LINES);
      pre.textContent = body.slice(cut + 1);
      say();
    });
    copy.addEventListener("click", () => this._copy(body, copy, `Copy all ${total} lines`));
    say();
    return h("div", { class: "dnp-fold" }, [h("p", { class: "dnp-fold__bar" }, [said, " ", more, " ", copy]), pre]);
  }

  /** Put `text` on the clipboard, and say so on `button` for a moment. */
  async _copy(text, button, label) {
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = "Copied";
    } catch {
      button.textContent = "Copy failed";
      this.print("notice", "The browser did not allow copying: show the earlier lines, select them and copy them by hand.");
    }
    setTimeout(() => (button.textContent = label), 2000);
  }

  /** The transcript's whole text, as the screen reads with every line shown (Copy output). */
  text() {
    return this.entries
      .map(({ kind, text, prompt }) => {
        if (kind === "cmd" || kind === "setup") return `${typeof prompt === "string" ? prompt : "$ "}${text}`;
        if (kind === "exit") return `exit status ${text}`;
        return text.endsWith("\n") ? text.slice(0, -1) : text;
      })
      .join("\n");
  }

  /** The output's width in characters, as a terminal tells programs its width (`ls` fills its columns to
   * it); undefined before the output is laid out. Measured at each Enter: the panel follows the window. */
  _columns() {
    const style = getComputedStyle(this.output);
    const width = this.output.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (!(width > 0)) return undefined;
    // The longhands: Chromium gives no `font` shorthand for Material's text (its font-feature-settings).
    const font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    if (this._charFont !== font) {
      const context = (Terminal._measure ??= document.createElement("canvas").getContext("2d"));
      context.font = font;
      this._charWidth = context.measureText("0".repeat(100)).width / 100;
      this._charFont = font;
    }
    if (!(this._charWidth > 0)) return undefined;
    return Math.min(1000, Math.max(20, Math.floor(width / this._charWidth)));
  }

  _scroll() {
    cancelAnimationFrame(this._scrollFrame);
    this._scrollFrame = 0;
    this.output.scrollTop = this.output.scrollHeight;
  }

  /** Scroll at the next frame (no layout forced now; the output's own scroll may come first). */
  _scrollSoon() {
    if (!this._scrollFrame) this._scrollFrame = requestAnimationFrame(() => this._scroll());
  }

  clear() {
    this.entries.length = 0;
    this.chars = 0;
    this.trimmed = 0;
    transcriptChanged(this.id, this.entries);
    this.output.replaceChildren();
  }

  // --- running -----------------------------------------------------------------------------------------------

  /** Offer lines to run one by one: [{line, needs}]; Enter runs the next. */
  setQueue(items) {
    this.queue = items.filter((item) => item && typeof item.line === "string");
    this.queueIndex = 0;
    this._offerNext();
  }

  _offerNext() {
    const item = this.queue[this.queueIndex];
    if (item) {
      // A one-line input cannot hold a heredoc's lines: it shows the first line and how many follow.
      this.input.value = inputText(item.line);
      this.queueInfo.hidden = false;
      const more = item.line.includes("\n") ? ` (with the ${item.line.split("\n").length - 1} lines that follow it in the notes)` : "";
      this.queueInfo.textContent = `Line ${this.queueIndex + 1} of ${this.queue.length} is ready${more}: press Enter to run it.`;
    } else {
      this.queueInfo.hidden = !this.queue.length;
      this.queueInfo.textContent = this.queue.length ? "All the block's lines have run; type your own commands." : "";
      if (this.queue.length) this.input.value = "";
    }
    this.onInput?.(this.input.value);
  }

  async submit() {
    if (this.live) {
      this._sendLine();
      return;
    }
    let line = this.input.value;
    if (this.pendingLine !== null) {
      // The line sent last is still in the input: Enter again before its reply adds nothing; other text
      // (set there without a key press) is a new line, and the sent one has left the input.
      if (line === this.pendingLine) line = "";
      else this.pendingLine = null;
    }
    if (this.running) {
      // Type-ahead, as in a real terminal: keep lines entered while a command runs, run them after it.
      if (line.trim()) {
        this.typeahead.push(line);
        this.input.value = "";
        this.onInput?.("");
      }
      return;
    }
    const queued = this.queue[this.queueIndex];
    if (!line.trim()) {
      this._clearInput();
      this.print("cmd", "");
      return;
    }
    if (queued && inputText(queued.line) === line) {
      this._clearInput();
      this._remember(queued.line);
      this.queueIndex += 1;
      await this.runItem(queued);
      this._offerNext();
    } else {
      this.pendingLine = line; // it stays in the input until its reply is drawn (see execute)
      const done = this.execute(line); // the line is on its way to the worker
      this._remember(line); // …while the history is written
      await done;
    }
    if (this.typeahead.length && !this.running) {
      const draft = this.input.value;
      this.input.value = this.typeahead.shift();
      await this.submit();
      if (!this.input.value) this.input.value = draft;
    }
  }

  _clearInput() {
    this.input.value = "";
    this.onInput?.("");
  }

  /** The submitted line leaves the input (once): when its reply is drawn, or as soon as the reader types. */
  _releaseInput() {
    if (this.pendingLine === null) return;
    this.pendingLine = null;
    this._clearInput();
  }

  _remember(line) {
    this.history = store.pushHistory(line);
    this.historyIndex = this.history.length;
    this.draft = "";
  }

  /** Run a queued item: set up the objects it needs (visibly) when they are missing, then the line. */
  async runItem({ line, needs = [] }) {
    this.running = true;
    try {
      for (const need of Array.isArray(needs) ? needs : []) {
        if (!need || !Array.isArray(need.setup) || (await this.exists(need.kind, need.name)) !== false) continue;
        this.print("note", `Setup: "${line}" needs the ${need.kind} ${need.name}, so the commands before it in the notes run first.`);
        for (const setup of need.setup) {
          if (typeof setup === "string" && !(await this.execute(setup, { kind: "setup" }))) break;
        }
      }
    } finally {
      this.running = false;
    }
    return this.execute(line);
  }

  /** Whether the engine has a container / volume / network of that name (null when it cannot tell). */
  async exists(kind, name) {
    const command = LIST_COMMANDS[kind];
    if (!command || typeof name !== "string") return null;
    try {
      const reply = await this.client.request("run", { line: command }, { quiet: true });
      if (reply.exit_code !== 0) return null;
      return String(reply.stdout ?? "").split("\n").map((item) => item.trim()).includes(name);
    } catch {
      return null;
    }
  }

  /** Run one line and print what it wrote; resolves to true when it exited 0. `replay` (a shared link's
   * commands): a command that keeps running is ended at once (Ctrl+C, or Ctrl+D for a session), as the
   * reader who typed it must have done before going on. */
  async execute(line, { kind = "cmd", replay = false } = {}) {
    if (kind === "cmd" && /^\s*clear\s*$/.test(line)) {
      this._releaseInput();
      this.clear();
      return true;
    }
    this.running = true;
    let streamed = false;
    const onPartial = (payload, runId) => {
      streamed = true;
      drawPrompt();
      const first = !this.live;
      this._showLive(runId, payload.live);
      this._printChunks(payload, { streaming: true });
      this._showFrame(payload.live?.frame);
      this._scroll();
      if (this._feeding === "answered") this._feeding = false;
      if (!replay) this._feedTypeahead();
      if (first && replay) this.signal(payload.live?.input ? "EOF" : "INT");
    };
    const answer = this.client.request("run", { line, columns: this._columns() }, { onPartial });
    // Nothing on screen changes until the reply comes, or for one frame at most: after a key press Chromium
    // renders a frame before it hands this thread any message, so drawing the prompt line now would hold
    // the reply back until that frame. Drawn together, the prompt line and the output share the first frame.
    let drawn = false;
    const drawPrompt = () => {
      if (drawn) return;
      drawn = true;
      clearTimeout(timer);
      this._releaseInput();
      this._append(kind, line);
      this._scrollSoon();
      this._showBusy();
    };
    const timer = setTimeout(drawPrompt, FRAME_MS);
    try {
      const reply = await answer.finally(drawPrompt);
      this._showFrame(null);
      this._showLive(null, null);
      const code = Number(reply.exit_code ?? 0);
      this._printChunks(reply, { streaming: streamed, ok: code === 0 });
      if (code !== 0) this._append("exit", code);
      this._scroll();
      this.onRan?.(line, reply);
      if (code !== 0) this._hint(reply);
      return code === 0;
    } catch (error) {
      if (error.code === "stopped") this.print("notice", "^C Stopped. The simulator restarted with your last saved state.");
      else if (error.code === "unavailable") this.print("notice", `The playground is not running: ${error.message}`);
      else this.print("err", `${error.message}`);
      return false;
    } finally {
      this._showFrame(null);
      if (this.live) this._showLive(null, null);
      this.running = false;
      this._showBusy();
      this.root.dataset.runs = String(Number(this.root.dataset.runs ?? 0) + 1);
    }
  }

  /** The playground's own notes on a failed line (hints.js), after docker's output and styled apart. */
  async _hint(reply) {
    const complete = (text) => this.client.request("complete", { line: text, cursor: text.length }, { quiet: true });
    for (const note of await hintsFor(reply, complete).catch(() => [])) this.print("hint", note);
  }

  /** A reply's output. Its stderr is an error when the command failed; what a command that keeps running
   * streams (a container's own stderr: nginx's notices in `docker logs -f`, an attached `docker run`) and
   * what a command that succeeded wrote there (warnings, a container's log) is shown calmly as stderr. */
  _printChunks(reply, { streaming = false, ok = false } = {}) {
    const calm = streaming || ok;
    const chunks = Array.isArray(reply.chunks) ? reply.chunks.filter((c) => Array.isArray(c) && typeof c[1] === "string") : null;
    if (chunks && chunks.length) {
      for (const [stream, text] of chunks) this._appendStream(stream, text, calm);
    } else if (!chunks) {
      this._append("out", reply.stdout);
      this._appendStream("stderr", reply.stderr, calm);
    }
  }

  /** A table the running command redraws in place (docker stats): one block, replaced; null removes it. */
  _showFrame(frame) {
    if (typeof frame !== "string") {
      this.frameNode?.remove();
      this.frameNode = null;
      return;
    }
    if (!this.frameNode) {
      this.frameNode = h("pre", { class: "dnp-out dnp-frame", "aria-live": "off" });
      this.output.append(this.frameNode);
    }
    this.frameNode.textContent = frame.replace(/\n$/, "");
  }

  /** Enter, follow or leave the state of a command that keeps running: its prompt, its buttons. */
  _showLive(runId, live) {
    if (live && typeof live === "object") {
      const prompt = typeof live.prompt === "string" ? live.prompt : null;
      this.live = { runId, prompt, input: Boolean(live.input), detach: Boolean(live.detach) };
    } else {
      this.live = null;
      this.ctrlP = false;
      this._feeding = false;
    }
    const prompt = this.live?.prompt;
    this.promptMark.textContent = this.live ? (prompt ? prompt.trimEnd() : "") : "$";
    this.promptLabel.textContent = this.live
      ? `${this.label}: ${this.live.input ? "input to the running command" : "running; Ctrl+C stops it"}`
      : `${this.label}: command line`;
    this.root.classList.toggle("dnp-term--live", Boolean(this.live));
    this.input.placeholder = this.live ? (this.live.input ? "" : "Ctrl+C stops it") : "docker run -d --name web nginx";
    this.hint.textContent = this.live
      ? `${this.live.input ? (prompt?.endsWith("[y/N] ") ? "Type y and press Enter to go on (any other answer or Ctrl+D is No), " : "Enter sends the line to the container, Ctrl+D ends its input, ") : ""}Ctrl+C interrupts${this.live.detach ? ", Ctrl+P Ctrl+Q detaches" : ""}.`
      : "Enter runs, ↑/↓ recall, Tab completes (Esc then Tab moves on), Ctrl+C stops, Ctrl+L clears.";
    this._showBusy();
  }

  /** A line typed while a command runs: to it when it reads input, else kept to run after it. */
  _sendLine() {
    const line = this.input.value;
    this._clearInput();
    if (!this.live.input || this.typeahead.length || this._feeding) {
      // Behind the lines typed ahead of it (they go first, in order), or after the command.
      if (line.trim() || this.live.input) this.typeahead.push(line);
      this._feedTypeahead();
      return;
    }
    this._sendInput(line);
  }

  /** Lines typed ahead go to a command that reads input, one at a time and in order, as a terminal's buffer
   * gives them to whatever reads next: what was typed while `docker run -it ubuntu bash` pulled reaches bash
   * once it is attached. Each waits until the one before it was answered. */
  _feedTypeahead() {
    if (this._feeding || !this.live?.input || !this.typeahead.length) return;
    this._feeding = "sent";
    this._sendInput(this.typeahead.shift()).finally(() => {
      // The worker answers on the run right after this reply (WORKER.md): that partial or final answer,
      // once drawn, lets the next line go (see execute's onPartial).
      if (this._feeding === "sent") this._feeding = "answered";
    });
  }

  /** Echo `line` after the running command's prompt and send it to the command's input. */
  _sendInput(line) {
    this._append("cmd", line, this.live.prompt ?? "");
    this._scroll();
    if (line.trim()) this._remember(line);
    return this.client.request("input", { of: this.live.runId, text: `${line}\n` }, { quiet: true }).catch(() => {});
  }

  /** Ctrl+C ("INT"), Ctrl+D ("EOF") or Ctrl+P Ctrl+Q ("DETACH") to the running command. */
  signal(name) {
    if (!this.live) return;
    const runId = this.live.runId;
    if (name === "INT") {
      this._append("cmd", `${this.input.value}^C`, this.live.prompt ?? "");
      this._clearInput();
      this._scroll();
      // A command Python never answers (a runaway loop) is stopped the hard way.
      clearTimeout(this._interruptTimer);
      this._interruptTimer = setTimeout(() => {
        if (this.live?.runId === runId && this.client.busy) this.client.stop();
      }, 3000);
    }
    this.client.request("signal", { of: runId, signal: name }, { quiet: true }).catch(() => {});
  }

  stop() {
    this.typeahead = [];
    if (this.live) this.signal("INT");
    else if (this.client.busy) this.client.stop();
  }

  // --- keys --------------------------------------------------------------------------------------------------

  _globalKeys(event) {
    const key = event.key.toLowerCase();
    if (this.live && event.ctrlKey && !event.altKey && !event.metaKey && this._liveKeys(event, key)) return true;
    this.ctrlP = false;
    if (event.ctrlKey && !event.altKey && !event.metaKey) {
      if (key === "l") {
        event.preventDefault();
        this.clear();
        return true;
      }
      if (key === "c") {
        const selection = window.getSelection?.()?.toString() ?? "";
        const input = this.input;
        const inputSelection = document.activeElement === input && input.selectionStart !== input.selectionEnd;
        if (selection || inputSelection) return false; // let the browser copy
        event.preventDefault();
        if (this.running && this.client.busy) {
          this.stop();
        } else {
          this.print("cmd", `${input.value}^C`);
          input.value = "";
          this.onInput?.("");
        }
        return true;
      }
    }
    return false;
  }

  /** Ctrl+C, Ctrl+D and Ctrl+P Ctrl+Q while a command runs; true when the key was theirs. */
  _liveKeys(event, key) {
    if (key === "p" && this.live.detach) {
      event.preventDefault(); // not the print dialog: the first key of docker's detach sequence
      this.ctrlP = true;
      return true;
    }
    if (key === "q" && this.ctrlP) {
      event.preventDefault();
      this.ctrlP = false;
      this.signal("DETACH");
      return true;
    }
    this.ctrlP = false;
    if (key === "d" && this.live.input && !this.input.value) {
      event.preventDefault();
      this._append("cmd", "", this.live.prompt ?? "");
      this.signal("EOF");
      return true;
    }
    if (key === "c") {
      if (window.getSelection?.()?.toString()) return false; // let the browser copy
      event.preventDefault();
      this.signal("INT");
      return true;
    }
    return false;
  }

  _keydown(event) {
    if (this._globalKeys(event)) return;
    if (this.live && event.key === "Tab") return; // no docker completion inside a container: focus moves on
    if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      if (this.historyIndex === this.history.length) {
        this.history = store.loadHistory(); // another terminal may have added lines
        this.historyIndex = this.history.length;
        this.draft = this.input.value;
      }
      if (!this.history.length) return;
      event.preventDefault();
      const next = this.historyIndex + (event.key === "ArrowUp" ? -1 : 1);
      this.historyIndex = Math.max(0, Math.min(this.history.length, next));
      this.input.value = this.historyIndex === this.history.length ? this.draft : this.history[this.historyIndex];
      const end = this.input.value.length;
      this.input.setSelectionRange(end, end);
      this.onInput?.(this.input.value);
      return;
    }
    if (event.key === "Escape") {
      this.escaped = true;
      return;
    }
    if (event.key === "Tab") {
      const value = this.input.value;
      const stuck = this.lastCompletion !== null && this.lastCompletion === value;
      if (event.shiftKey || event.altKey || event.ctrlKey || this.escaped || !value.trim() || stuck) {
        this.escaped = false;
        return; // focus moves on: no keyboard trap
      }
      event.preventDefault();
      this.complete();
      return;
    }
    this.escaped = false;
  }

  async complete() {
    const line = this.input.value;
    const cursor = this.input.selectionStart ?? line.length;
    let reply;
    try {
      reply = await this.client.request("complete", { line, cursor }, { quiet: true });
    } catch {
      this.lastCompletion = line;
      return;
    }
    if (this.input.value !== line) return; // the reader typed on
    const candidates = (Array.isArray(reply?.candidates) ? reply.candidates : []).filter((c) => typeof c === "string");
    const start = Number.isInteger(reply?.start) ? Math.max(0, Math.min(reply.start, cursor)) : cursor;
    const word = line.slice(start, cursor);
    let insert = null;
    if (candidates.length === 1) {
      insert = candidates[0] + (/[=/:]$/.test(candidates[0]) ? "" : " ");
    } else if (candidates.length > 1) {
      const prefix = commonPrefix(candidates);
      if (prefix.length > word.length) insert = prefix;
      else this.print("note", candidates.slice(0, 80).join("  "));
    }
    if (insert !== null) {
      this.input.value = line.slice(0, start) + insert + line.slice(cursor);
      const end = start + insert.length;
      this.input.setSelectionRange(end, end);
      this.onInput?.(this.input.value);
      this.lastCompletion = null;
    } else {
      this.lastCompletion = line; // a second Tab with nothing to add moves focus on
    }
  }
}

// The inline terminal "Try it" opens under a block (or in a cheat-sheet slot). Imported by tryit.js on
// the first press or focus, with the simulator's client, the terminal and the playground's styles, so
// a notes page that is only read never downloads them.

import { getClient } from "./client.js";
import { h, uid } from "./dom.js";
import { loadStyle, rememberWhenReady } from "./load.js";
import { Terminal } from "./terminal.js";

// The panel is shown only once its styles apply: no unstyled flash.
await loadStyle(new URL("playground.css", import.meta.url).href);

/** Start the one simulator of the visit (a press on a Try it button: the reader is about to use it). */
export function startSimulator() {
  const client = getClient();
  rememberWhenReady(client);
  client.start().catch(() => {}); // the terminal shows why it could not start
}

/** One open panel of a Try it button (`tryit`: its element, spec, index, slot flag and button). */
export class TryPanel {
  constructor(tryit) {
    this.tryit = tryit;
    this.client = getClient();
    rememberWhenReady(this.client);
    this.id = uid("dnp-try");
    this.element = h("div", { class: "dnp-try-panel", id: this.id, role: "region", "aria-label": "Try it in the playground" });
    const close = h("button", {
      type: "button",
      class: "dnp-button dnp-button--quiet",
      text: "Close",
      onclick: () => tryit.close(true),
    });
    this.element.append(
      h("div", { class: "dnp-try-panel__head" }, [
        h("p", { class: "dnp-try-panel__title", text: "Try it: the simulated docker engine, shared with the Playground" }),
        close,
      ]),
    );
    this.terminal = new Terminal(this.element, {
      id: `try:${location.pathname}:${tryit.index}`,
      label: "Try it terminal",
      compact: true,
      client: this.client,
    });
    if (tryit.slot) tryit.element.append(this.element);
    else tryit.element.after(this.element);
  }

  /** Focus the terminal, write the block's file when it is one, and queue its lines. */
  async open() {
    const { element, spec, slot } = this.tryit;
    const terminal = this.terminal;
    terminal.focus();
    if (spec.file) {
      const content = slot ? (element.dataset.text ?? "") : (element.querySelector("code")?.textContent ?? "");
      try {
        await this.client.request("write_file", { path: spec.file, content });
        const count = content.replace(/\n$/, "").split("\n").length;
        terminal.print("note", `Wrote ${spec.file} (${count} lines) into the playground's working directory.`);
      } catch (error) {
        terminal.print("notice", `Could not write ${spec.file}: ${error.message}`);
      }
    }
    if (this.terminal) this.terminal.setQueue(spec.lines);
  }

  destroy() {
    this.terminal?.destroy();
    this.terminal = null;
    this.element.remove();
  }
}

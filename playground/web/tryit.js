// "Try it" on the notes' docker command, Dockerfile and Compose blocks (marked at build time with
// data-dnp-try, see plugins/docker_notes/playground/tryit.py) and in the cheat sheet's slots.
// Each opens an inline terminal under its block, sharing the one worker and the one engine state.

import { getClient } from "./client.js";
import { h, uid } from "./dom.js";
import { Terminal } from "./terminal.js";

const KINDS = new Set(["command", "dockerfile", "compose"]);
const FILE = /^(Dockerfile|[\w.-]*compose[\w.-]*\.ya?ml)$/;

/** The block's JSON spec, validated; null when absent or malformed. */
export function readSpec(element) {
  let spec;
  try {
    spec = JSON.parse(element.getAttribute("data-dnp-try") ?? "");
  } catch {
    return null;
  }
  if (!spec || typeof spec !== "object" || !KINDS.has(spec.kind) || !Array.isArray(spec.lines)) return null;
  const lines = spec.lines
    .filter((item) => item && typeof item.line === "string")
    .map((item) => ({
      line: item.line,
      needs: (Array.isArray(item.needs) ? item.needs : []).filter(
        (need) => need && typeof need.name === "string" && Array.isArray(need.setup),
      ),
    }));
  const file = typeof spec.file === "string" && FILE.test(spec.file) ? spec.file : null;
  if (spec.kind !== "command" && !file) return null;
  return { kind: spec.kind, lines, file };
}

class TryIt {
  constructor(element, spec, index, client) {
    this.element = element;
    this.spec = spec;
    this.index = index;
    this.client = client;
    this.slot = element.classList.contains("cheatsheet-try");
    this.panel = null;
    this.terminal = null;
    this.observer = null;
    const what = spec.kind === "command" ? "these commands" : spec.kind === "dockerfile" ? "this Dockerfile" : "this Compose file";
    this.button = h(
      "button",
      {
        type: "button",
        class: this.slot ? "dnp-button dnp-try-slot" : "md-code__button dnp-try-button",
        "data-md-type": this.slot ? null : "dnp-try",
        title: `Try ${what} in the playground`,
        // The slot's visible text is "Try it", and an accessible name must contain what is visible.
        "aria-label": this.slot ? `Try it: ${what} in the playground` : `Try ${what} in the playground`,
        "aria-expanded": "false",
      },
      this.slot ? [h("span", { class: "dnp-try-slot__icon", "aria-hidden": "true" }), "Try it"] : [],
    );
    this.button.addEventListener("pointerdown", () => client.start());
    this.button.addEventListener("click", () => (this.panel ? this.close() : this.open()));
    if (this.slot) element.append(this.button);
    else this._placeInToolbar();
  }

  _placeInToolbar() {
    // Next to Material's copy button, inside its toolbar; Material adds the toolbar after the page
    // is shown, so wait for it a little, then fall back to a toolbar of our own.
    const place = () => {
      const nav = this.element.querySelector(".md-code__nav");
      if (!nav) return false;
      nav.prepend(this.button);
      return true;
    };
    if (place()) return;
    this.observer = new MutationObserver(() => {
      if (place()) this._stopObserving();
    });
    this.observer.observe(this.element, { childList: true, subtree: true });
    this.fallback = setTimeout(() => {
      this._stopObserving();
      if (!this.button.isConnected) {
        this.element.classList.add("dnp-has-nav");
        this.element.append(h("nav", { class: "md-code__nav dnp-try-nav" }, [this.button]));
      }
    }, 1500);
  }

  _stopObserving() {
    this.observer?.disconnect();
    this.observer = null;
    clearTimeout(this.fallback);
  }

  async open() {
    const id = uid("dnp-try");
    this.panel = h("div", { class: "dnp-try-panel", id, role: "region", "aria-label": "Try it in the playground" });
    const close = h("button", { type: "button", class: "dnp-button dnp-button--quiet", text: "Close", onclick: () => this.close(true) });
    this.panel.append(
      h("div", { class: "dnp-try-panel__head" }, [
        h("p", { class: "dnp-try-panel__title", text: "Try it: the simulated docker engine, shared with the Playground" }),
        close,
      ]),
    );
    this.terminal = new Terminal(this.panel, {
      id: `try:${location.pathname}:${this.index}`,
      label: "Try it terminal",
      compact: true,
      client: this.client,
    });
    if (this.slot) this.element.append(this.panel);
    else this.element.after(this.panel);
    this.button.setAttribute("aria-expanded", "true");
    this.button.setAttribute("aria-controls", id);
    this.button.classList.add("md-code__button--active");
    this.terminal.focus();
    if (this.spec.file) {
      const content = this.slot ? (this.element.dataset.text ?? "") : (this.element.querySelector("code")?.textContent ?? "");
      const terminal = this.terminal;
      try {
        await this.client.request("write_file", { path: this.spec.file, content });
        const count = content.replace(/\n$/, "").split("\n").length;
        terminal.print("note", `Wrote ${this.spec.file} (${count} lines) into the playground's working directory.`);
      } catch (error) {
        terminal.print("notice", `Could not write ${this.spec.file}: ${error.message}`);
      }
    }
    this.terminal?.setQueue(this.spec.lines);
  }

  close(returnFocus = false) {
    this.terminal?.destroy();
    this.panel?.remove();
    this.terminal = null;
    this.panel = null;
    this.button.setAttribute("aria-expanded", "false");
    this.button.removeAttribute("aria-controls");
    this.button.classList.remove("md-code__button--active");
    if (returnFocus) this.button.focus();
  }

  destroy() {
    this._stopObserving();
    this.close();
    this.button.remove();
  }
}

/** Add "Try it" to every marked block and slot under `root`; returns the teardown function. */
export function mountTryIt(root = document, client = getClient()) {
  const widgets = [];
  root.querySelectorAll("[data-dnp-try]").forEach((element, index) => {
    const spec = readSpec(element);
    if (spec) widgets.push(new TryIt(element, spec, index, client));
  });
  return () => widgets.forEach((widget) => widget.destroy());
}

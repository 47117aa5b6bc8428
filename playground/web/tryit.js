// "Try it" on the notes' docker command, Dockerfile and Compose blocks (marked at build time with
// data-dnp-try, see plugins/docker_notes/playground/tryit.py) and in the cheat sheet's slots.
// Only the buttons load with the page (their styles are in tryit.css, in <head>, so they never flash);
// the inline terminal, the simulator's client and their styles (tryit-panel.js) are imported on the
// first press or focus. Every panel shares the one worker and the one engine state.

import { h } from "./dom.js";

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
  const lesson = typeof spec.lesson === "string" && /^[\w./-]+\.json$/.test(spec.lesson) ? spec.lesson : null;
  return { kind: spec.kind, lines, file, lesson };
}

const lessons = new Map();

/** A block's lesson file (key, files, set-up, recorded answers), fetched once per visit; null when it cannot be had. */
export function fetchLesson(url) {
  if (typeof url !== "string" || !url) return Promise.resolve(null);
  if (!lessons.has(url)) {
    const loading = fetch(new URL(url, location.href))
      .then((response) => (response.ok ? response.json() : null))
      .then((lesson) => (lesson && typeof lesson === "object" && typeof lesson.key === "string" && lesson.lesson ? lesson : null))
      .catch(() => null);
    lessons.set(url, loading);
    loading.then((lesson) => lesson || lessons.delete(url)); // a failed fetch is tried again on the next press
  }
  return lessons.get(url);
}

let panels = null;

/** Ask for every module the panel imports at once (the page names them at build, dnp-panel-modules), and
 * for the panel's stylesheet (tryit-panel.js waits for it before it is done): on a slow link the import
 * levels, then the stylesheet, would otherwise cost a round trip each. Modules the page already has
 * (tryit.js, dom.js) cost nothing. */
function preloadPanelModules() {
  const names = document.querySelector('meta[name="dnp-panel-modules"]')?.content.split(" ") ?? [];
  const style = document.createElement("link");
  style.rel = "preload";
  style.as = "style";
  style.href = new URL("playground.css", import.meta.url).href;
  document.head.append(style);
  for (const name of names) {
    if (!/^[\w./-]+\.m?js$/.test(name)) continue;
    const link = document.createElement("link");
    link.rel = "modulepreload";
    link.href = new URL(name, import.meta.url).href;
    document.head.append(link);
  }
}

/** The panel code (terminal, client, styles), imported once per visit; `start` also starts the simulator. */
export function loadPanels({ start = false } = {}) {
  if (!panels) preloadPanelModules();
  panels ??= import("./tryit-panel.js").catch((error) => {
    panels = null;
    throw error;
  });
  return start ? panels.then((module) => (module.startSimulator(), module)) : panels;
}

class TryIt {
  constructor(element, spec, index) {
    this.element = element;
    this.spec = spec;
    this.index = index;
    this.slot = element.classList.contains("cheatsheet-try");
    this.panel = null;
    this.opening = false;
    this.destroyed = false;
    this.what = spec.kind === "command" ? "these commands" : spec.kind === "dockerfile" ? "this Dockerfile" : "this Compose file";
    const what = this.what;
    this.button = h(
      "button",
      {
        type: "button",
        class: this.slot ? "dnp-button dnp-try-slot" : "dnp-button dnp-try-button",
        "data-md-type": this.slot ? null : "dnp-try",
        title: `Try ${what} in the playground`,
        // The visible text is "Try it", and an accessible name must contain what is visible.
        "aria-label": `Try it: ${what} in the playground`,
        "aria-expanded": "false",
      },
      this.slot ? [h("span", { class: "dnp-try-slot__icon", "aria-hidden": "true" }), "Try it"] : ["Try it"],
    );
    const quietly = (promise) => promise.catch(() => {});
    // The lesson file (files, set-up, recorded answers) is fetched with the panel's code, not after it.
    this.button.addEventListener("pointerdown", () => (fetchLesson(spec.lesson), quietly(loadPanels({ start: true }))));
    this.button.addEventListener("focus", () => (fetchLesson(spec.lesson), quietly(loadPanels())));
    // A mouse over the button: a press usually follows within a few hundred ms, a round trip or two on a
    // slow link; the panel's code and the lesson start downloading now (the simulator waits for the press).
    this.button.addEventListener("pointerenter", (event) => {
      if (event.pointerType === "mouse") fetchLesson(spec.lesson), quietly(loadPanels());
    });
    this.button.addEventListener("click", () => (this.panel ? this.close() : this.open()));
    if (this.slot) element.append(this.button);
    else this._placeInToolbar();
  }

  _placeInToolbar() {
    // A labelled bar under the code, inside the block (never over its lines, as Material's copy
    // toolbar is); the panel opens right under it.
    this.bar = h("div", { class: "dnp-try-bar" }, [this.button]);
    this.element.append(this.bar);
  }

  /** Open the inline terminal (importing its code the first time). */
  async open() {
    if (this.opening || this.panel) return;
    this.opening = true;
    this.button.setAttribute("aria-busy", "true");
    try {
      const { TryPanel } = await loadPanels();
      if (this.destroyed || this.panel) return;
      this.error?.remove();
      this.panel = new TryPanel(this);
      this.button.setAttribute("aria-expanded", "true");
      this.button.setAttribute("aria-controls", this.panel.id);
      this.button.classList.add("md-code__button--active");
      await this.panel.open();
    } catch (error) {
      this._failed(error);
    } finally {
      this.opening = false;
      this.button.removeAttribute("aria-busy");
    }
  }

  _failed(error) {
    this.error?.remove();
    this.error = h("p", {
      class: "dnp-try-error",
      role: "status",
      text: `Try it could not load (${error.message}). The commands can still be copied.`,
    });
    if (this.slot) this.element.append(this.error);
    else this.element.after(this.error);
  }

  close(returnFocus = false) {
    this.panel?.destroy();
    this.panel = null;
    this.button.setAttribute("aria-expanded", "false");
    this.button.removeAttribute("aria-controls");
    this.button.classList.remove("md-code__button--active");
    if (returnFocus) this.button.focus();
  }

  destroy() {
    this.destroyed = true;
    this.close();
    this.error?.remove();
    this.button.remove();
    this.bar?.remove();
  }
}

/** Add "Try it" to every marked block and slot under `root`; returns the teardown function. */
export function mountTryIt(root = document) {
  const widgets = [];
  root.querySelectorAll("[data-dnp-try]").forEach((element, index) => {
    const spec = readSpec(element);
    if (spec) widgets.push(new TryIt(element, spec, index));
  });
  return () => widgets.forEach((widget) => widget.destroy());
}

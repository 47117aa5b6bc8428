// "Saved work" on the Playground page: whether the playground is saved in this browser (and why not when
// it is not), "Download my playground" and "Load from file", the states kept aside (a closed tab's work,
// what a share link or a loaded file replaced, a saved state this version could not read) with Load,
// Export and Discard, an undo after a replacement, and a question asked before one (share links).
// Everything shown is text (never HTML); the data is store.js's.

import { h } from "./dom.js";
import * as store from "./store.js";

function stamp(iso) {
  return String(iso || "").slice(0, 16).replace("T", " ") + (iso ? " UTC" : "");
}

function download(text, name) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const link = h("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const fileName = (what) => `docker-playground-${what}-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-")}.json`;

export class KeepPanel {
  constructor(host, { client, say = () => {} }) {
    this.client = client;
    this.say = say; // a line in the terminal, for what the reader did here
    this.status = h("p", { class: "dnp-keep__status", role: "status" });
    this.question = h("div", { class: "dnp-keep__question", role: "alertdialog", "aria-live": "assertive", hidden: true });
    this.undo = h("div", { class: "dnp-keep__undo", role: "status", hidden: true });
    this.input = h("input", { type: "file", accept: ".json,application/json", hidden: true, "aria-label": "Playground file to load" });
    this.input.addEventListener("change", () => this._loadFile());
    this.list = h("ul", { class: "dnp-keep__list" });
    this.count = h("span", { class: "dnp-count" });
    this.details = h("details", { class: "dnp-keep__saved" }, [h("summary", {}, ["Saved work ", this.count]), this.list]);
    this.root = h("section", { class: "dnp-keep", "aria-label": "Saved work" }, [
      this.status,
      this.question,
      this.undo,
      h("div", { class: "dnp-keep__actions" }, [
        h("button", { type: "button", class: "dnp-button", text: "Download my playground", onclick: () => this.download() }),
        h("button", { type: "button", class: "dnp-button", text: "Load from file", onclick: () => this.input.click() }),
        this.input,
      ]),
      this.details,
    ]);
    host.append(this.root);
    this.disposers = [
      client.on("storage", () => this._showStatus()),
      client.on("kept", () => this.refresh()),
      client.on("conflict", () => this.refresh()),
    ];
    this._showStatus();
    this.refresh();
    store.backend().then(() => this._showStatus());
  }

  async _showStatus() {
    const result = this.client.storage;
    if (result && !result.ok) {
      this.status.dataset.state = "failed";
      this.status.textContent = `Not saved: ${result.message}. Download your playground to keep it.`;
      return;
    }
    const where = await store.backend();
    this.status.dataset.state = where === "none" ? "failed" : "ok";
    this.status.textContent =
      where === "none"
        ? "Not saved: this browser does not let the site store anything (storage is disabled). Download your playground to keep it."
        : "Your playground is saved in this browser as you work.";
  }

  /** Read the kept and aside lists again. */
  async refresh() {
    const [kept, asides] = await Promise.all([store.listKept(), store.listAsides()]);
    const rows = [
      ...asides.map((entry) => this._row(entry, asideText(entry), { load: () => this._loadAside(entry), export: () => this._exportAside(entry), drop: () => store.dropAside(entry.id) })),
      ...kept.map((entry) =>
        this._row(entry, `A saved playground this page could not use (${entry.reason}), kept ${stamp(entry.at)}`, {
          export: () => store.exportKept(entry.id).then((text) => download(text, fileName("kept"))),
          drop: () => store.dropKept(entry.id),
        }),
      ),
    ];
    this.count.textContent = rows.length ? `(${rows.length})` : "";
    this.list.replaceChildren(...(rows.length ? rows : [h("li", { class: "dnp-keep__empty", text: "Nothing kept aside." })]));
    if (kept.length) this.details.open = true;
  }

  _row(entry, text, actions) {
    const buttons = [];
    if (actions.load) buttons.push(h("button", { type: "button", class: "dnp-button", text: "Load", onclick: () => this._act(actions.load) }));
    buttons.push(h("button", { type: "button", class: "dnp-button", text: "Export", onclick: () => this._act(actions.export) }));
    buttons.push(
      h("button", {
        type: "button",
        class: "dnp-button",
        text: "Discard",
        onclick: () => {
          if (window.confirm("Discard this kept playground for good? It cannot be brought back.")) this._act(actions.drop);
        },
      }),
    );
    return h("li", { class: "dnp-keep__item" }, [h("span", { class: "dnp-keep__what", text }), h("span", { class: "dnp-keep__buttons" }, buttons)]);
  }

  async _act(action) {
    try {
      await action();
    } catch (error) {
      this.say(`That did not work: ${error.message || error}`);
    }
    this.refresh();
  }

  download() {
    const state = this.client.state();
    if (!state) {
      this.say("Nothing to download yet: the playground has not started.");
      return;
    }
    download(store.playgroundFile(state), fileName("saved"));
  }

  async _loadFile() {
    const file = this.input.files?.[0];
    this.input.value = "";
    if (!file) return;
    try {
      const { state, log } = store.parsePlaygroundFile(await file.text());
      const aside = await this.client.replaceState(state, `before loading ${file.name}`);
      store.setLog(log);
      this.say(`Loaded ${file.name}.`);
      this.offerUndo(aside, `Loaded ${file.name}; your previous playground is kept aside.`);
    } catch (error) {
      this.say(`${file.name} could not be loaded: ${error.message}`);
    }
    this.refresh();
  }

  async _loadAside(entry) {
    const loaded = await store.loadAside(entry.id);
    if (!loaded) throw new Error("it is no longer in this browser");
    const aside = await this.client.replaceState(loaded.state, "before loading kept work");
    await store.dropAside(entry.id);
    this.offerUndo(aside, "Loaded the kept playground; the one it replaced is kept aside.");
  }

  async _exportAside(entry) {
    const loaded = await store.loadAside(entry.id);
    if (!loaded) throw new Error("it is no longer in this browser");
    download(store.playgroundFile(loaded.state, []), fileName("kept"));
  }

  /** After a replacement: say so, with a button that brings the replaced playground back. */
  offerUndo(asideId, text) {
    if (!asideId) return;
    const button = h("button", {
      type: "button",
      class: "dnp-button",
      text: "Undo",
      onclick: async () => {
        this.undo.hidden = true;
        try {
          await this.client.restoreAside(asideId);
          this.say("Your previous playground is back.");
        } catch (error) {
          this.say(`It could not be brought back: ${error.message}`);
        }
        this.refresh();
      },
    });
    this.undo.replaceChildren(h("span", { text: `${text} ` }), button);
    this.undo.hidden = false;
    this.refresh();
  }

  /** Ask before a replacement; resolves to true (go on) or false (keep what is here). */
  ask(text, yes, no) {
    return new Promise((resolve) => {
      const answer = (value) => {
        this.question.hidden = true;
        this.question.replaceChildren();
        resolve(value);
      };
      const go = h("button", { type: "button", class: "dnp-button", text: yes, onclick: () => answer(true) });
      this.question.replaceChildren(
        h("p", { text }),
        h("div", { class: "dnp-keep__actions" }, [go, h("button", { type: "button", class: "dnp-button", text: no, onclick: () => answer(false) })]),
      );
      this.question.hidden = false;
      go.focus();
    });
  }

  destroy() {
    for (const dispose of this.disposers) dispose();
    this.root.remove();
  }
}

function asideText(entry) {
  if (entry.kind === "tab") return `Work from a tab closed ${stamp(entry.saved)}, kept aside`;
  return `Your playground ${entry.label || "before it was replaced"}, kept ${stamp(entry.saved)}`;
}

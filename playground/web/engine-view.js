// A live view of the simulated engine: containers, images, volumes, networks. After a command, only the
// lists whose part of the state changed are read again (the client's `changed` event names the changed
// sections), once the command's output is on screen. Read through quiet `run` requests with docker's own
// `--format '{{json .}}'` output.

import { getClient } from "./client.js";
import { h } from "./dom.js";

const SECTIONS = [
  {
    key: "containers",
    title: "Containers",
    sections: ["session.engine.containers"],
    clock: true, // "Up 3 minutes" moves with the simulated clock
    command: "docker ps -a --format '{{json .}}'",
    empty: "No containers. Try: docker run -d --name web nginx",
    row: (item) => ({
      name: item.Names ?? item.Name ?? item.ID ?? "?",
      meta: [item.Image, item.Status ?? item.State, item.Ports].filter(Boolean).join(" · "),
      state: String(item.State ?? (String(item.Status ?? "").startsWith("Up") ? "running" : "exited")).toLowerCase(),
    }),
  },
  {
    key: "images",
    title: "Images",
    sections: ["session.engine.images"],
    command: "docker images --format '{{json .}}'",
    empty: "No images yet: docker pull or docker run fetches them.",
    row: (item) => ({
      name: [item.Repository, item.Tag].filter((part) => part && part !== "<none>").join(":") || item.ID || "?",
      meta: [item.ID, item.Size].filter(Boolean).join(" · "),
    }),
  },
  {
    key: "volumes",
    title: "Volumes",
    sections: ["session.engine.volumes"],
    command: "docker volume ls --format '{{json .}}'",
    empty: "No volumes.",
    row: (item) => ({ name: item.Name ?? "?", meta: item.Driver ?? "" }),
  },
  {
    key: "networks",
    title: "Networks",
    sections: ["session.engine.networks"],
    command: "docker network ls --format '{{json .}}'",
    empty: "No networks.",
    row: (item) => ({ name: item.Name ?? "?", meta: [item.Driver, item.Scope].filter(Boolean).join(" · ") }),
  },
];

function parseLines(text) {
  const items = [];
  for (const line of String(text ?? "").split("\n")) {
    if (!line.trim()) continue;
    try {
      const item = JSON.parse(line);
      if (item && typeof item === "object" && !Array.isArray(item)) items.push(item);
    } catch {
      /* a line that is not JSON: skip it */
    }
  }
  return items;
}

export class EngineView {
  constructor(host, { client = getClient() } = {}) {
    this.client = client;
    this.lists = {};
    this.counts = {};
    this.generations = {};
    this.shown = {}; // how many items each list shows
    this.pending = new Set();
    this.frame = 0;
    this.timer = 0;
    this.root = h("div", { class: "dnp-engine" });
    for (const section of SECTIONS) {
      const headingId = `dnp-engine-${section.key}`;
      this.counts[section.key] = h("span", { class: "dnp-count", text: "" });
      this.lists[section.key] = h("ul", { class: "dnp-engine__list", "aria-labelledby": headingId });
      this.root.append(
        h("section", { class: "dnp-engine__section" }, [
          h("h3", { id: headingId, class: "dnp-engine__title" }, [section.title, " ", this.counts[section.key]]),
          this.lists[section.key],
        ]),
      );
    }
    host.append(this.root);
    this.disposers = [
      client.on("changed", ({ sections } = {}) => this.refresh(sections)),
      client.on("ready", () => this.refresh()),
      client.on("restart", () => this.refresh()),
    ];
    if (client.status === "ready") this.refresh();
    else this._placeholder("Starts with the playground.");
  }

  _placeholder(text) {
    for (const section of SECTIONS) {
      this.lists[section.key].replaceChildren(h("li", { class: "dnp-engine__empty", text }));
      this.counts[section.key].textContent = "";
    }
  }

  /** Read again the lists that `changed` (state section names; null or undefined: all), after the next paint. */
  refresh(changed = null) {
    const stale = SECTIONS.filter(
      (section) =>
        !Array.isArray(changed) ||
        section.sections.some((name) => changed.includes(name)) ||
        (section.clock && this.shown[section.key] > 0 && changed.includes("session.engine.clock")),
    );
    if (!stale.length) return;
    for (const section of stale) this.pending.add(section);
    if (this.frame || this.timer) return;
    // The command's output paints first; the panel follows in the next task.
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.timer = setTimeout(() => {
        this.timer = 0;
        const sections = [...this.pending];
        this.pending.clear();
        for (const section of sections) this._read(section);
      }, 0);
    });
  }

  async _read(section) {
    if (this.client.status !== "ready") return;
    const generation = (this.generations[section.key] = (this.generations[section.key] ?? 0) + 1);
    await this.client.whenIdle?.(); // what the reader waits for (a command, a build's layers) goes first
    if (generation !== this.generations[section.key]) return;
    const items = await this.client.request("run", { line: section.command }, { quiet: true }).then(
      (reply) => (reply.exit_code === 0 ? parseLines(reply.stdout) : null),
      () => null,
    );
    if (generation !== this.generations[section.key]) return; // a newer read is on its way
    this._show(section, items);
  }

  _show(section, items) {
    const list = this.lists[section.key];
    if (items === null) {
      list.replaceChildren(h("li", { class: "dnp-engine__empty", text: "Not available in this simulator version." }));
      this.counts[section.key].textContent = "";
      return;
    }
    this.shown[section.key] = items.length;
    this.counts[section.key].textContent = `(${items.length})`;
    if (!items.length) {
      list.replaceChildren(h("li", { class: "dnp-engine__empty", text: section.empty }));
      return;
    }
    list.replaceChildren(
      ...items.map((item) => {
        const row = section.row(item);
        return h("li", { class: "dnp-engine__item", "data-state": row.state }, [
          row.state ? h("span", { class: "dnp-dot", "aria-hidden": "true" }) : null,
          h("span", { class: "dnp-engine__name", text: String(row.name) }),
          row.state ? h("span", { class: "dnp-sr", text: ` (${row.state})` }) : null,
          row.meta ? h("span", { class: "dnp-engine__meta", text: String(row.meta) }) : null,
        ]);
      }),
    );
  }

  destroy() {
    cancelAnimationFrame(this.frame);
    clearTimeout(this.timer);
    for (const dispose of this.disposers) dispose();
    this.root.remove();
  }
}

// A live view of the simulated engine: containers, images, volumes, networks, refreshed after each
// command. Read through quiet `run` requests with docker's own `--format '{{json .}}'` output.

import { getClient } from "./client.js";
import { h } from "./dom.js";

const SECTIONS = [
  {
    key: "containers",
    title: "Containers",
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
    command: "docker volume ls --format '{{json .}}'",
    empty: "No volumes.",
    row: (item) => ({ name: item.Name ?? "?", meta: item.Driver ?? "" }),
  },
  {
    key: "networks",
    title: "Networks",
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
    this.generation = 0;
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
      client.on("changed", () => this.refresh()),
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

  async refresh() {
    if (this.client.status !== "ready") return;
    const generation = ++this.generation;
    const results = await Promise.all(
      SECTIONS.map((section) =>
        this.client.request("run", { line: section.command }, { quiet: true }).then(
          (reply) => (reply.exit_code === 0 ? parseLines(reply.stdout) : null),
          () => null,
        ),
      ),
    );
    if (generation !== this.generation) return; // a newer refresh is on its way
    SECTIONS.forEach((section, index) => {
      const items = results[index];
      const list = this.lists[section.key];
      if (items === null) {
        list.replaceChildren(h("li", { class: "dnp-engine__empty", text: "Not available in this simulator version." }));
        this.counts[section.key].textContent = "";
        return;
      }
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
    });
  }

  destroy() {
    for (const dispose of this.disposers) dispose();
    this.root.remove();
  }
}

// A live view of the simulated engine: containers, images, volumes, networks. After a command, only the
// lists whose part of the state changed are read again (the client's `changed` event names the changed
// sections), once the command's output is on screen. Read through quiet `run` requests with docker's own
// `--format '{{json .}}'` output.

//
// A list of more than WINDOW_AT items is virtualised: a scrolling box of fixed-height rows that holds in the
// DOM only the rows in view (and a few around them), so 10,000 containers are a few dozen nodes, not 50,000.

import { getClient } from "./client.js";
import { h } from "./dom.js";

const WINDOW_AT = 60; // longer lists are virtualised
const ROW_PX = 40; // a virtualised row's height (name and meta on two lines)
const VIEW_ROWS = 12; // a virtualised list shows this many rows at a time
const OVERSCAN = 6; // rows drawn beyond each edge of the view, so a quick scroll shows no gap
const CHUNK = 200; // a long list reads only its newest rows down to the view, this many more at a time

const SECTIONS = [
  {
    key: "containers",
    title: "Containers",
    sections: ["session.engine.containers"],
    clock: true, // "Up 3 minutes" moves with the simulated clock
    command: "docker ps -a --format '{{json .}}'",
    // 10,000 containers: the count comes from the page's mirror of the state, and docker's newest rows down
    // to the view (`--last`, newest first as ps lists them), not 10,000 rows formatted at every command.
    table: "containers",
    newest: (count) => `docker ps -a --last ${count} --format '{{json .}}'`,
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

/** docker's `{{json .}}` output → its lines (one item each). They are read as JSON only when drawn: 10,000
 * containers are 10,000 lines, of which a virtualised list draws a few dozen. */
function splitLines(text) {
  return String(text ?? "").split("\n").filter((line) => line.trim());
}

/** One line → its item, or null when it is not a JSON object. */
function parseItem(line) {
  try {
    const item = JSON.parse(line);
    return item && typeof item === "object" && !Array.isArray(item) ? item : null;
  } catch {
    return null;
  }
}

export class EngineView {
  constructor(host, { client = getClient() } = {}) {
    this.client = client;
    this.lists = {};
    this.counts = {};
    this.generations = {};
    this.shown = {}; // how many items each list shows
    this.wanted = {}; // key → how many of the newest rows a long list reads (it grows as the reader scrolls)
    this.windows = {}; // key → undo of a virtualised list's scroll handling
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
    // A table's records are sections of their own ("session.engine.containers.#<id>").
    const touches = (name) => changed.some((item) => item === name || item.startsWith(`${name}.`));
    const stale = SECTIONS.filter(
      (section) =>
        !Array.isArray(changed) ||
        section.sections.some(touches) ||
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
    const total = this._tableSize(section);
    const want = total !== null && total > WINDOW_AT ? Math.min(total, Math.max(this.wanted[section.key] ?? 0, CHUNK)) : null;
    const line = want === null ? section.command : section.newest(want);
    const items = await this.client.request("run", { line }, { quiet: true }).then(
      (reply) => (reply.exit_code === 0 ? splitLines(reply.stdout) : null),
      () => null,
    );
    if (generation !== this.generations[section.key]) return; // a newer read is on its way
    this._show(section, items, want === null || items === null ? items?.length : Math.max(total, items.length));
  }

  /** How many records the section's table holds in the page's mirror of the state (null: not known). */
  _tableSize(section) {
    if (!section.table) return null;
    const table = this.client.state?.()?.session?.engine?.[section.table];
    return table && typeof table === "object" ? Object.keys(table).length : null;
  }

  /** A long list scrolled past the rows it read: read the newest `end` rows (rounded up to CHUNK). */
  _more(section, end, total) {
    const want = Math.min(total, Math.ceil(end / CHUNK) * CHUNK);
    if (want <= (this.wanted[section.key] ?? 0)) return;
    this.wanted[section.key] = want;
    this._read(section);
  }

  _show(section, items, total = items?.length) {
    const list = this.lists[section.key];
    const scrolled = list.scrollTop; // a virtualised list keeps its place when it is read again
    this._unwindow(section.key);
    if (items === null) {
      list.replaceChildren(h("li", { class: "dnp-engine__empty", text: "Not available in this simulator version." }));
      this.counts[section.key].textContent = "";
      return;
    }
    this.shown[section.key] = total;
    this.counts[section.key].textContent = `(${total})`;
    if (!total) {
      list.replaceChildren(h("li", { class: "dnp-engine__empty", text: section.empty }));
      return;
    }
    if (total > WINDOW_AT) {
      this._window(section, items, scrolled, total);
      return;
    }
    list.replaceChildren(...items.map((line) => this._row(section, line)));
  }

  /** The list item of one line of docker's output (`line`: its JSON text). */
  _row(section, line, position = 0, size = 0, fixed = false) {
    const row = section.row(parseItem(line) ?? {});
    const li = h("li", { class: "dnp-engine__item", "data-state": row.state }, [
      row.state ? h("span", { class: "dnp-dot", "aria-hidden": "true" }) : null,
      h("span", { class: "dnp-engine__name", text: String(row.name) }),
      row.state ? h("span", { class: "dnp-sr", text: ` (${row.state})` }) : null,
      row.meta ? h("span", { class: "dnp-engine__meta", text: String(row.meta) }) : null,
    ]);
    if (fixed) {
      li.setAttribute("aria-posinset", String(position));
      li.setAttribute("aria-setsize", String(size));
      Object.assign(li.style, { height: `${ROW_PX}px`, boxSizing: "border-box", overflow: "hidden" });
      for (const part of li.querySelectorAll(".dnp-engine__name, .dnp-engine__meta")) {
        Object.assign(part.style, { whiteSpace: "nowrap", overflow: "hidden", textOverflow: "ellipsis", maxWidth: "100%" });
      }
    }
    return li;
  }

  /** Show `total` rows in a scrolling box that holds only the rows in view (10,000 rows: a few dozen nodes);
   * `items` are the first of them (the newest), rows past them are read when scrolled to. */
  _window(section, items, scrolled = 0, total = items.length) {
    const list = this.lists[section.key];
    Object.assign(list.style, { maxHeight: `${ROW_PX * VIEW_ROWS}px`, overflowY: "auto", position: "relative" });
    list.setAttribute("tabindex", "0"); // scrollable by keyboard
    const before = h("li", { "aria-hidden": "true", class: "dnp-engine__spacer" });
    const after = h("li", { "aria-hidden": "true", class: "dnp-engine__spacer" });
    for (const spacer of [before, after]) Object.assign(spacer.style, { padding: "0", border: "0", margin: "0" });
    let first = -1;
    let last = -1;
    const draw = () => {
      frame = 0;
      const top = Math.max(0, Math.floor(list.scrollTop / ROW_PX) - OVERSCAN);
      const end = Math.min(total, top + VIEW_ROWS + 2 * OVERSCAN);
      if (top === first && end === last) return;
      first = top;
      last = end;
      before.style.height = `${top * ROW_PX}px`;
      after.style.height = `${(total - end) * ROW_PX}px`;
      const rows = [];
      for (let index = top; index < end; index++) {
        rows.push(index < items.length ? this._row(section, items[index], index + 1, total, true) : this._pendingRow(index + 1, total));
      }
      list.replaceChildren(before, ...rows, after);
      if (end > items.length) this._more(section, end, total);
    };
    let frame = 0;
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(draw);
    };
    list.addEventListener("scroll", onScroll, { passive: true });
    this.windows[section.key] = () => {
      cancelAnimationFrame(frame);
      list.removeEventListener("scroll", onScroll);
    };
    after.style.height = `${total * ROW_PX}px`;
    list.replaceChildren(before, after);
    list.scrollTop = scrolled;
    draw();
  }

  /** A row not read yet (the reader scrolled past the newest rows read): read next. */
  _pendingRow(position, size) {
    const li = h("li", { class: "dnp-engine__item dnp-engine__pending", "aria-posinset": String(position), "aria-setsize": String(size), text: "…" });
    Object.assign(li.style, { height: `${ROW_PX}px`, boxSizing: "border-box" });
    return li;
  }

  _unwindow(key) {
    const list = this.lists[key];
    this.windows[key]?.();
    delete this.windows[key];
    list.removeAttribute("tabindex");
    list.style.maxHeight = list.style.overflowY = list.style.position = "";
  }

  destroy() {
    for (const key of Object.keys(this.windows)) this._unwindow(key);
    cancelAnimationFrame(this.frame);
    clearTimeout(this.timer);
    for (const dispose of this.disposers) dispose();
    this.root.remove();
  }
}

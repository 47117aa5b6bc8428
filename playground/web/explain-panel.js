// The Explain panel: what each part of the current command line means, with links into the notes.
// Links arrive as "page.md#anchor" and become site URLs ("<root>/page/#anchor").

import { getClient, siteRoot } from "./client.js";
import { h } from "./dom.js";
import { hintsFor } from "./hints.js";

const LINK = /^([A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*)\.md(#[A-Za-z0-9_.:-]*)?$/;

/** "beginner.md#docker-run" → absolute URL of that page section on this site; null for anything else. */
export function notesUrl(link) {
  if (typeof link !== "string") return null;
  const match = LINK.exec(link.trim());
  if (!match) return null;
  const path = match[1] === "index" ? "" : match[1].replace(/(^|\/)index$/, "$1") + "/";
  return new URL(path + (match[2] ?? ""), siteRoot).href;
}

function pick(object, names) {
  for (const name of names) {
    const value = object?.[name];
    if (typeof value === "string" && value) return value;
  }
  return "";
}

function partText(part) {
  if (Array.isArray(part.tokens)) return part.tokens.filter((token) => typeof token === "string").join(" ");
  return pick(part, ["text", "token", "typed", "word", "raw"]);
}

/** Normalise the explain reply into [{text, kind, meaning, link}]: the command first, then each part. */
export function explainParts(reply) {
  const list = Array.isArray(reply)
    ? reply
    : [reply?.parts, reply?.tokens, reply?.items, reply?.explanation].find(Array.isArray) ?? [];
  const command = reply && typeof reply.command === "object" && reply.command ? [{ ...reply.command, kind: "command" }] : [];
  return [...command, ...list]
    .filter((part) => part && typeof part === "object")
    .map((part) => ({
      text: partText(part),
      kind: pick(part, ["kind", "role", "type"]),
      meaning: pick(part, ["meaning", "help", "description", "summary", "explanation"]),
      link: pick(part, ["link", "href", "doc", "notes", "anchor"]),
    }))
    .filter((part) => part.text || part.meaning);
}

export class ExplainPanel {
  constructor(host, { client = getClient() } = {}) {
    this.client = client;
    this.timer = 0;
    this.generation = 0;
    this.shown = ""; // the line the panel explains now
    this.list = h("dl", { class: "dnp-explain__list" });
    this.message = h("p", { class: "dnp-explain__message", text: "Type a command to see what each part means." });
    this.root = h("div", { class: "dnp-explain", "aria-live": "polite" }, [this.message, this.list]);
    host.append(this.root);
  }

  update(line) {
    clearTimeout(this.timer);
    if (line === this.shown) return; // already on screen (Enter clears the line, ↑ brings it back…)
    this.timer = setTimeout(() => this._explain(line), 250);
  }

  async _explain(line) {
    const generation = ++this.generation;
    this.shown = null;
    if (!line.trim()) {
      this.list.replaceChildren();
      this.message.hidden = false;
      this.message.textContent = "Type a command to see what each part means.";
      this.shown = line;
      return;
    }
    if (this.client.status !== "ready") {
      this.message.textContent = "The explanation appears once the playground has started.";
      return;
    }
    let reply;
    try {
      reply = await this.client.request("explain", { line }, { quiet: true });
    } catch (error) {
      if (generation === this.generation) {
        this.list.replaceChildren();
        this.message.textContent = `No explanation: ${error.message}`;
      }
      return;
    }
    if (generation !== this.generation) return;
    this.shown = line;
    const parts = explainParts(reply);
    const summary = pick(reply, ["summary", "error", "message"]) || pick(reply?.error, ["message"]);
    const more = Number.isInteger(reply?.more) && reply.more > 0 ? ` (and ${reply.more} more parts, not listed)` : "";
    let text = summary || (parts.length ? more : "");
    const stderr = typeof reply?.error?.stderr === "string" ? reply.error.stderr : "";
    if (!text && stderr.trim()) {
      // docker refused the line: its first words, and the playground's hint (hints.js: did you mean…).
      const complete = (prefix) => this.client.request("complete", { line: prefix, cursor: prefix.length }, { quiet: true });
      const notes = await hintsFor({ stderr }, complete).catch(() => []);
      if (generation !== this.generation) return;
      const said = stderr.trim().split("\n")[0];
      text = [said, ...notes.map((note) => note.replace("\n\t", " ").replaceAll("\n\t", ", "))].join(" — ");
    }
    this.message.textContent = text || "Nothing to explain in this line.";
    this.message.hidden = !this.message.textContent;
    this.list.replaceChildren(
      ...parts.flatMap((part) => {
        const url = notesUrl(part.link);
        return [
          h("dt", { class: "dnp-explain__term" }, [
            h("code", { text: part.text || "…" }),
            part.kind ? h("span", { class: "dnp-explain__kind", text: part.kind }) : null,
          ]),
          h("dd", { class: "dnp-explain__meaning" }, [
            part.meaning,
            url ? " " : null,
            url ? h("a", { href: url, text: "In the notes" , "aria-label": `In the notes: ${part.text}` }) : null,
          ]),
        ];
      }),
    );
  }

  destroy() {
    clearTimeout(this.timer);
    this.root.remove();
  }
}

// The inline terminal "Try it" opens under a block (or in a cheat-sheet slot). Imported by tryit.js on
// the first press or focus, with the simulator's client, the terminal and the playground's styles, so
// a notes page that is only read never downloads them.
//
// A notes block runs in a scratch engine of its own (lesson-client.js), made from its lesson file: the
// build context the section implies, the set-up its section really did, its lines, and the answers the
// build recorded. The reader's Playground (engine and files) is never touched without their consent.
// Cheat-sheet slots have no lesson file and run in the shared engine, as before.

import { getClient, playgroundUrl } from "./client.js";
import config from "./config.js";
import { h, uid } from "./dom.js";
import { LessonClient } from "./lesson-client.js";
import { fetchLesson } from "./tryit.js";
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

function plural(count, word) {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** One open panel of a Try it button (`tryit`: its element, spec, index, slot flag and button). */
export class TryPanel {
  constructor(tryit) {
    this.tryit = tryit;
    this.client = getClient();
    rememberWhenReady(this.client);
    this.id = uid("dnp-try");
    this.lesson = null;
    this.element = h("div", { class: "dnp-try-panel", id: this.id, role: "region", "aria-label": "Try it in the playground" });
    this.title = h("p", { class: "dnp-try-panel__title", text: "Try it: the simulated docker engine" });
    this.actions = h("div", { class: "dnp-try-panel__actions" }, [
      h("button", { type: "button", class: "dnp-button dnp-button--quiet", text: "Close", onclick: () => tryit.close(true) }),
    ]);
    this.about = h("div", { class: "dnp-try-panel__about" });
    this.element.append(h("div", { class: "dnp-try-panel__head" }, [this.title, this.actions]), this.about);
    if (tryit.slot) tryit.element.append(this.element);
    else tryit.element.after(this.element);
  }

  /** Load the block's lesson, build the terminal, queue the block's lines. */
  async open() {
    const { spec } = this.tryit;
    this.lesson = spec.lesson ? await fetchLesson(spec.lesson) : null;
    let client = this.client;
    if (this.lesson) {
      this.lessonClient = new LessonClient(this.client, this.lesson);
      client = this.lessonClient;
      this.title.textContent = "Try it: a simulated docker engine of this block's own";
      this._describe();
    } else if (spec.lesson) {
      this.about.append(h("p", { class: "dnp-try-panel__note", text: "This block's lesson file could not be loaded; it runs in the Playground's engine." }));
    } else {
      this.title.textContent = "Try it: the simulated docker engine, shared with the Playground";
    }
    this.terminal = new Terminal(this.element, {
      id: `try:${location.pathname}:${this.tryit.index}`,
      label: "Try it terminal",
      compact: true,
      client,
      onRan: (line, reply) => this._ran(line, reply),
    });
    this._tellPrefetch();
    const copy = h("button", { type: "button", class: "dnp-button dnp-button--quiet", text: "Copy output", title: "Copy what the terminal shows" });
    copy.addEventListener("click", () => this._copyOutput(copy));
    this.actions.prepend(copy);
    if (this.lessonClient && this.terminal.entries.length) {
      // The transcript of an earlier visit is kept; the block's engine is not: say where it starts again.
      this.terminal.print("note", "A fresh start: the block's engine begins again from its set-up.");
    }
    this.terminal.focus();
    if (!this.lesson && spec.file) await this._writeShared(spec.file);
    this.terminal.setQueue(spec.lines);
  }

  /** What prefetch.js downloaded while the reader read, said once per visit. Not a static import: the
   * modules a first press waits for stay few (each is a round trip on a slow link), and prefetch.js has
   * something to say only when the loader has already imported it. */
  async _tellPrefetch() {
    const url = new URL("prefetch.js", import.meta.url).href;
    if (!performance.getEntriesByName(url).length) return; // never loaded: nothing was prefetched
    const { takePrefetchNote } = await import(url);
    const prefetched = takePrefetchNote();
    if (prefetched && this.terminal) this.terminal.print("note", prefetched);
  }

  /** What the panel says about the block: its note, its files, its set-up, the error that is its point. */
  _describe() {
    const lesson = this.lesson;
    const about = this.about;
    if (lesson.note) about.append(h("p", { class: "dnp-try-panel__note", text: lesson.note }));
    const files = Object.entries(lesson.lesson.files ?? {});
    if (files.length) {
      const list = h("ul", { class: "dnp-try-files" });
      for (const [name, content] of files) {
        list.append(
          h("li", {}, [
            h("details", {}, [h("summary", {}, [h("code", { text: name })]), h("pre", { class: "dnp-try-files__text", text: content })]),
          ]),
        );
      }
      const what = lesson.kind === "command" ? "Its folder holds" : "Its build context";
      about.append(h("details", { class: "dnp-try-panel__files" }, [h("summary", { text: `${what}: ${plural(files.length, "file")}` }), list]));
    }
    const setup = Array.isArray(lesson.setup) ? lesson.setup : [];
    if (setup.length) {
      const standIns = setup.filter((step) => step.stand_in).length;
      const list = h("ol", { class: "dnp-try-setup" });
      for (const step of setup) {
        list.append(h("li", {}, [h("code", { text: step.line }), step.stand_in ? h("span", { class: "dnp-try-setup__stand-in", text: " stand-in: the notes never show this step" }) : ""]));
      }
      const summary = `Set-up, run first: ${plural(setup.length, "step")} from the notes${standIns ? ` (${standIns} stand-in)` : ""}`;
      about.append(h("details", { class: "dnp-try-panel__setup" }, [h("summary", { text: summary }), list]));
    }
    if (Array.isArray(lesson.fails) && lesson.fails.length) {
      about.append(h("p", { class: "dnp-try-panel__note", text: "An error in this block is part of the lesson: read what it says." }));
    }
    const reset = h("button", { type: "button", class: "dnp-button dnp-button--quiet", text: "Reset", title: "Start this block again from its set-up", onclick: () => this.reset() });
    this.actions.prepend(reset);
    const label = lesson.kind === "dockerfile" && config.workbench ? "Open in the workbench" : "Open in Playground";
    const title = "Carry this block's files and commands to the Playground page (it asks before replacing yours)";
    this.actions.prepend(h("button", { type: "button", class: "dnp-button dnp-button--quiet", text: label, title, onclick: () => this._openInPlayground() }));
  }

  _ran(line, reply) {
    if (!this.lesson || !reply) return;
    if (reply.recorded && !this.saidRecorded) {
      this.saidRecorded = true;
      this.terminal.print("note", "Answered from the site's recording of this block while the simulator starts; what you type next runs live.");
    }
    const text = `${reply.stderr ?? ""}${reply.stdout ?? ""}`;
    if (Number(reply.exit_code) !== 0 && (this.lesson.fails ?? []).some((part) => text.includes(part))) {
      this.terminal.print("note", "This error is the lesson's point.");
    }
  }

  /** Copy the terminal's text (the commands and what they printed) to the clipboard, and say so. */
  async _copyOutput(button) {
    const text = this.terminal?.text() ?? ""; // every line, also those a long output does not draw
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = "Copied";
    } catch {
      button.textContent = "Copy failed";
      this.terminal?.print("notice", "The browser did not allow copying: select the output and copy it by hand.");
    }
    setTimeout(() => (button.textContent = "Copy output"), 2000);
  }

  /** Start the block again from its set-up. */
  async reset() {
    if (!this.lessonClient) return;
    this.terminal.clear();
    this.saidRecorded = false;
    await this.lessonClient.reset();
    this.terminal.setQueue(this.tryit.spec.lines);
    this.terminal.focus();
  }

  /** Carry the block to the Playground as a share link: its files, its set-up and the lines run here. The
   * Playground page asks before it replaces anything and keeps the reader's playground aside, with Undo. */
  async _openInPlayground() {
    const lesson = this.lesson;
    const ran = this.lessonClient?.ran ?? [];
    const commands = [...(lesson.lesson.setup ?? []), ...ran];
    try {
      const { encodeShare, MAX_HASH_CHARS } = await import("./share.js"); // only for this button
      const code = await encodeShare({ commands, files: lesson.lesson.files ?? {} });
      if (code.length > MAX_HASH_CHARS) throw new Error("this block is too large for a link");
      const target = new URL(`#share=${code}`, playgroundUrl);
      location.assign(target);
    } catch (error) {
      this.terminal.print("notice", `Could not open it in the Playground: ${error.message}`);
    }
  }

  /** A cheat-sheet slot writes its file into the shared playground, as it always has. */
  async _writeShared(file) {
    const { element, slot } = this.tryit;
    const content = slot ? (element.dataset.text ?? "") : (element.querySelector("code")?.textContent ?? "");
    try {
      await this.client.request("write_file", { path: file, content });
      const count = content.replace(/\n$/, "").split("\n").length;
      this.terminal.print("note", `Wrote ${file} (${count} lines) into the playground's working directory.`);
    } catch (error) {
      this.terminal.print("notice", `Could not write ${file}: ${error.message}`);
    }
  }

  destroy() {
    this.terminal?.destroy();
    this.terminal = null;
    this.lessonClient?.destroy();
    this.element.remove();
  }
}

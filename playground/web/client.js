// The page side of the worker contract (playground/WORKER.md): one client, one module worker, for the
// whole visit. Material's instant navigation keeps this module alive; page widgets come and go.
//
//   const client = getClient();
//   client.status                       "idle" | "loading" | "ready" | "failed"
//   client.busy                         a request is in flight
//   await client.start()                start the worker (idempotent; widgets call it on first interaction;
//                                       the first start on the Playground page adopts the worker its <head>
//                                       created, see plugins/docker_notes/playground/early.py)
//   await client.request(type, payload, {quiet, background, onPartial})   reply payload; rejects with an Error
//                                       carrying .code. A command that keeps running (a foreground run,
//                                       logs -f, an -it session) calls onPartial(payload, runId) with each
//                                       partial reply until the final one resolves the request; send it
//                                       client.request("input" | "signal", {of: runId, …}) meanwhile
//   const off = client.on(event, fn)    events: status, progress, ready, fatal, notice, restored, changed, busy,
//                                       restart, conflict
//   await client.restart()              terminate the worker and start again from the last known state
//   await client.stop()                 the same, for a runaway command (pending requests reject: code "stopped")
//   await client.whenIdle()             no request in flight (background readers wait for it)
//   client.conflict                     null, or {kind: "tab" | "aside", message} (another version to choose)
//   await client.resolveConflict(load)  load that version (true) or keep this tab's (false)
//   client.storage                      {ok: true} or {ok: false, reason, message}: the last save's outcome
//                                       (event "storage" when it changes; "kept" names a state kept aside)
//   client.state()                      the playground's state as last known (for "Download my playground")
//   await client.replaceState(state, label)   load another state (a share link, a file); this tab's work is
//                                       kept aside first; resolves to the aside's id (for undo)
//   await client.restoreAside(id)       load a kept-aside state back (undo)
//
// State: the worker keeps it; replies carry what changed (`changes`, see playground/WORKER.md), applied to
// an in-memory mirror here (a command's diff follows its output, so the output is drawn first). The mirror
// is saved (store.js: IndexedDB, only the sections that changed) when the browser is idle and at once when
// the page is hidden or closed, so a closed tab loses nothing. Another tab's save never gets overwritten
// silently; a save that fails says why at once.

import config from "./config.js";
import * as store from "./store.js";

const START_TIMEOUT_MS = 60_000; // no word from the worker for this long while starting: give up
const MUTATING = new Set(["run", "reset", "write_file", "delete_file", "rename_file", "init"]);
const SAVE_IDLE_TIMEOUT_MS = 1000; // an idle save waits at most this long for the browser to be idle
// Said once, for the reader: kept until someone listens (an early start can get ready and say them before
// the page's terminal has mounted).
const HELD_UNTIL_HEARD = new Set(["notice", "restored"]);

export class PlaygroundError extends Error {
  constructor(code, message) {
    super(message);
    this.name = "PlaygroundError";
    this.code = code;
  }
}

/** A page whose own navigation took this long from request to first byte is on a slow link: the worker then
 * lets the wasm go ahead of the snapshot (worker.js, `link=slow`). The early script (early.py) tests the same. */
export const SLOW_RTT_MS = 100;

function slowLink() {
  const nav = performance.getEntriesByType?.("navigation")?.[0];
  return Boolean(nav && nav.responseStart > 0 && nav.responseStart - nav.requestStart >= SLOW_RTT_MS);
}

/** The kept-aside work a starting tab offers to load: what another tab kept aside when it closed. */
function offerable(asides) {
  return asides.filter((entry) => entry.kind === "tab" && entry.tab !== store.TAB);
}

class PlaygroundClient {
  constructor() {
    this.status = "idle";
    this.busy = false;
    this.progress = null;
    this.info = null;
    this.error = null;
    this.startedAt = 0;
    this.readyAt = 0;
    this._listeners = new Map();
    this._unheard = []; // [event, payload] of HELD_UNTIL_HEARD events emitted while nobody listened
    this._pending = new Map();
    this._followUps = new WeakMap(); // reply payload -> promise of the state diff that follows it
    this._nextId = 1;
    this._worker = null;
    this._starting = null;
    this._freshStart = null; // a first start's promise: may requests go to the worker before it is ready
    this._idleWaiters = [];
    this._mirror = null; // {state, revision}: the worker's state as of its last reply
    this._dirty = false; // the mirror holds changes not yet saved
    this._dirtyPaths = null; // the section paths changed since the last save (null: save the whole state)
    this._saveTimer = 0;
    this._saveRefused = false;
    this._writing = null; // the save whose writes are under way: {paths} (null paths: the whole state)
    this.storage = { ok: true };
    this.conflict = null;
    this._other = null; // the other version while a conflict is open: {state, tab}
    this._bindStorage();
  }

  on(event, handler) {
    if (!this._listeners.has(event)) this._listeners.set(event, new Set());
    this._listeners.get(event).add(handler);
    const unheard = this._unheard.filter(([name]) => name === event);
    if (unheard.length) {
      this._unheard = this._unheard.filter(([name]) => name !== event);
      // After the caller's own set-up (a terminal subscribes before it has finished building itself).
      queueMicrotask(() => {
        for (const [, payload] of unheard) this._emit(event, payload);
      });
    }
    return () => this._listeners.get(event)?.delete(handler);
  }

  _emit(event, payload) {
    if (HELD_UNTIL_HEARD.has(event) && !this._listeners.get(event)?.size) {
      this._unheard.push([event, payload]);
      return;
    }
    for (const handler of [...(this._listeners.get(event) ?? [])]) {
      try {
        handler(payload);
      } catch (error) {
        console.error("playground listener failed", error);
      }
    }
  }

  _setStatus(status) {
    if (this.status === status) return;
    this.status = status;
    this._emit("status", status);
  }

  /** Requests the worker is computing: not those of commands that keep running (they wait for the reader). */
  _working() {
    return [...this._pending.values()].filter((entry) => !entry.live);
  }

  _setBusy() {
    const working = this._working();
    if (!working.length && this._idleWaiters.length) {
      for (const resolve of this._idleWaiters.splice(0)) resolve();
    }
    const busy = working.some((entry) => !entry.quiet);
    if (busy !== this.busy) {
      this.busy = busy;
      this._emit("busy", busy);
    }
  }

  /** Resolves once no request is in flight (panels that follow a command let the command's own work go first). */
  whenIdle() {
    return this._working().length ? new Promise((resolve) => this._idleWaiters.push(resolve)) : Promise.resolve();
  }

  /** Start the worker once; resolves when the simulator answered `init`, rejects when it cannot run. */
  start() {
    if (!this._starting) {
      this._starting = this._boot();
      this._starting.catch(() => {});
    }
    return this._starting;
  }

  _boot() {
    this.error = null;
    this.progress = null;
    this.startedAt = performance.now();
    this._setStatus("loading");
    return new Promise((resolve, reject) => {
      let timer = 0;
      const fail = (message) => {
        clearTimeout(timer);
        this._teardownWorker();
        this._dropPending(new PlaygroundError("unavailable", message)); // the early init: nothing will answer it
        this.error = message;
        this._setStatus("failed");
        this._emit("fatal", { message });
        reject(new PlaygroundError("unavailable", message));
      };
      const watchdog = () => {
        clearTimeout(timer);
        timer = setTimeout(() => fail("The playground took too long to start. Check your connection, then try again."), START_TIMEOUT_MS);
      };
      if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
        fail("This browser cannot run WebAssembly, which the playground needs.");
        return;
      }
      if (typeof Worker !== "function") {
        fail("This browser cannot run Web Workers, which the playground needs.");
        return;
      }
      const url = workerUrl();
      // The first start on the Playground page takes the worker its <head> created (and what it sent so far).
      const takenEarly = takeEarlyWorker(url);
      if (takenEarly) this.startedAt = takenEarly.at;
      let worker = takenEarly?.worker;
      try {
        worker ??= new Worker(url, { type: "module", name: "docker-playground" });
      } catch (error) {
        fail(`This browser cannot start the playground's worker (${error.message || error}).`);
        return;
      }
      this._worker = worker;
      watchdog();
      worker.onerror = (event) => {
        event.preventDefault?.();
        fail(`The playground's worker failed to load${event.message ? ` (${event.message})` : ""}. An up-to-date browser is needed.`);
      };
      worker.onmessageerror = () => fail("The playground's worker sent a message that could not be read.");
      worker.onmessage = (event) => {
        const message = event.data;
        if (!message || typeof message !== "object") return;
        if (typeof message.id === "number") {
          this._settle(message);
          return;
        }
        if (this.status === "loading") watchdog();
        if (message.type === "progress") {
          this.progress = message.payload ?? {};
          this._emit("progress", this.progress);
        } else if (message.type === "fatal") {
          fail(String(message.payload?.message ?? "The playground could not start."));
        } else if (message.type === "ready") {
          this.info = message.payload ?? {};
          this._init(early).then(
            () => {
              clearTimeout(timer);
              this.readyAt = performance.now();
              this._setStatus("ready");
              this._emit("ready", this.info);
              resolve(this.info);
            },
            (error) => fail(`The simulator could not start: ${error.message}`),
          );
        }
      };
      // The saved state is read and `init` is sent while the worker starts (it holds requests until it is
      // ready): its answer follows the worker's start at once, with no IndexedDB read nor round trip to this
      // thread after it. After a restart the mirror is sent, once the worker is ready, as before.
      const early = this._mirror ? null : this._initEarly(worker);
      this._freshStart = early ? this._pipelineAfter(early) : null;
      // In the order it came, through the handlers above; a fatal one ends the replay (the worker is gone).
      for (const event of takenEarly?.events.splice(0) ?? []) {
        if (this._worker !== worker) break;
        worker[`on${event.type}`]?.(event);
      }
    });
  }

  /** A first start's saved state, read while `worker` starts, its `init` sent as soon as it is read, and the
   * work kept aside read meanwhile: `{saved, reply, asides}` (promises inside; none rejects unhandled). Rejects when the state could not be
   * read or the worker is no longer this client's (`_init` then does it all itself). */
  _initEarly(worker) {
    const early = store.loadState().then((saved) => {
      if (this._worker !== worker) throw new PlaygroundError("stopped", "The worker was replaced.");
      const reply = this._send("init", { state: saved.state, seed: null, clock: "wall" }, true);
      const asides = store.listAsides(); // meanwhile: init keeps nothing aside that _offerAside offers
      for (const promise of [reply, asides]) promise.catch(() => {});
      return { saved, reply, asides };
    });
    early.catch(() => {});
    return early;
  }

  /** Resolves true when the reader's requests can go to the starting worker now, right behind the early
   * `init`: a first visit's (no saved state, no work kept aside to offer first), whose `init` cannot fail
   * and send another. The worker holds them and answers them, in order, as soon as it is ready, with no
   * round trip to this thread between its start and the reader's first command (`request` checks the worker
   * is still the one it was sent to). */
  _pipelineAfter(early) {
    return early.then(
      async ({ saved, asides }) => {
        if (saved.state !== null) return false;
        const listed = await asides.catch(() => null);
        return Array.isArray(listed) && offerable(listed).length === 0;
      },
      () => false,
    );
  }

  async _init(early = null) {
    // After a restart (Stop) the mirror is this tab's latest state; on a fresh start, the saved one (read,
    // and sent, while the worker started: _initEarly).
    const first = early ? await early.catch(() => null) : null;
    const saved = first?.saved ?? (this._mirror ? { state: this._mirror.state, notice: "" } : await store.loadState());
    if (saved.notice) this._notice(saved.notice);
    if (saved.kept) this._emit("kept", { id: saved.kept });
    let reply;
    try {
      reply = await (first?.reply ?? this._send("init", { state: saved.state, seed: null, clock: "wall" }, true));
    } catch (error) {
      if (saved.state === null || error.code === "stopped") throw error;
      // Never thrown away: a state the simulator refused stays in the kept store for the reader.
      const kept = await store.keepUnusable(saved.state, `the simulator could not restore it (${error.message})`);
      this._notice(`Your saved playground could not be restored (${error.message}), so it starts clean.${kept ? " The saved copy is kept in this browser (Saved work)." : ""}`);
      if (kept) this._emit("kept", { id: kept });
      reply = await this._send("init", { state: null, seed: null, clock: "wall" }, true);
    }
    if (reply && reply.restored === false && saved.state !== null) {
      const kept = await store.keepUnusable(saved.state, reply.notice || "the simulator could not restore it");
      if (kept) this._emit("kept", { id: kept });
    }
    if (reply && typeof reply.notice === "string" && reply.notice) this._notice(reply.notice);
    if (reply && reply.restored === true) this._emit("restored", {});
    // The mirror is exactly what IndexedDB holds: later diffs are saved section by section.
    if (reply?.restored && saved.source === "indexeddb" && !this._dirty) this._dirtyPaths = [];
    if (reply?.restored && (saved.source === "journal" || (saved.source === "localstorage" && (await store.backend()) === "indexeddb"))) {
      this._dirtyPaths = null; // a save of an older build (or of the fallback): moved to IndexedDB whole
      this._scheduleSave();
    }
    if (reply && reply.restored === false && saved.state !== null && !reply.notice) {
      this._notice("Your saved playground could not be restored, so it starts clean.");
    }
    if (!reply?.restored && saved.state !== null) {
      this._dirtyPaths = null; // replace what could not be used, whole
      this._scheduleSave();
    }
    if (!this.conflict) await this._offerAside(first?.asides);
  }

  _notice(message) {
    this._emit("notice", { message });
  }

  _send(type, payload, quiet = false, background = false, onPartial = null) {
    const worker = this._worker;
    if (!worker) return Promise.reject(new PlaygroundError("unavailable", this.error || "The playground is not running."));
    const id = this._nextId++;
    return new Promise((resolve, reject) => {
      const entry = { resolve, reject, type, quiet, background, onPartial };
      this._pending.set(id, entry);
      this._setBusy();
      const failed = (error) => {
        this._pending.delete(id);
        this._setBusy();
        reject(new PlaygroundError("bad_request", `The request could not be sent (${error.message}).`));
      };
      const state = payload?.state;
      if ((type !== "init" && type !== "reset") || !state || typeof state !== "object") {
        try {
          worker.postMessage({ id, type, payload });
        } catch (error) {
          failed(error);
        }
        return;
      }
      // A whole state (init, reset: 10,000 containers are ~35 MB) travels in parts, each copied in a task of its own,
      // and comes back as what the worker changed of it (playground/WORKER.md, "A whole state in parts").
      entry.sent = state;
      sendStateInParts(worker, id, type, payload).catch(failed);
    });
  }

  _settle(message) {
    const entry = this._pending.get(message.id);
    if (!entry) return;
    if (message.type === "partial") {
      this._partial(message.id, entry, message.payload ?? {});
      return;
    }
    // What a quiet request changed (a view's read moving the wall clock) is kept, and saved with the reader's
    // next change: on its own it is nobody's work, and a save would tell the other tabs this one changed.
    const background = entry.background || (entry.quiet && entry.type !== "changes"); // a diff that follows is its request's
    if (message.type === "changes" && !this._wholeDiff(entry, message)) return; // a part, kept until its last
    if (message.type === "changes" && entry.type !== "changes") {
      this._earlyChanges(entry, message, background); // a slow command's diff, before its output
      return;
    }
    this._pending.delete(message.id);
    const payload = message.ok ? (message.payload ?? {}) : null;
    const diffFollows = payload?.changes_follow === true && entry.type !== "changes";
    if (diffFollows) this._awaitChanges(message.id, payload, background); // before _setBusy: whenIdle waits for the diff
    else if (payload && entry.early !== undefined) this._followUps.set(payload, Promise.resolve(entry.early));
    this._setBusy();
    if (message.ok && entry.sent && payload?.state_sent === true) {
      // The worker answered what it changed of the state this page sent: the mirror is that state, updated.
      const changes = payload.state_changes ?? {};
      const set = [...(entry.parts ?? []).flat(), ...(Array.isArray(changes.set) ? changes.set : [])];
      if (applyChanges(entry.sent, { set, unset: changes.unset })) payload.state = entry.sent;
      entry.parts = undefined;
      delete payload.state_changes;
      delete payload.state_sent;
      if (!payload.state) payload.revision = undefined; // a part did not fit: the mirror asks for the whole state
    }
    if (message.ok) {
      if (!diffFollows) this._track(entry.type, payload, background);
      if (entry.sent && !payload.state) this._resync();
      entry.resolve(payload);
    } else {
      const error = message.error && typeof message.error === "object" ? message.error : {};
      entry.reject(new PlaygroundError(String(error.code || "error"), String(error.message || "The simulator reported an error.")));
    }
  }

  /** A command that keeps running said something: keep the request open (no longer busy: it waits for the
   * reader), keep the mirror in step with what it changed, and hand the output to the caller. */
  _partial(id, entry, payload) {
    if (!entry.live) {
      entry.live = true;
      this._setBusy();
    }
    if (payload.changes && typeof payload.changes === "object") {
      this._track(entry.type, payload, entry.background);
      if (!entry.quiet) this._emitChanged(entry.type, {}, payload.changes);
    }
    try {
      entry.onPartial?.(payload, id);
    } catch (error) {
      console.error("playground partial reply handler failed", error);
    }
  }

  /** A "changes" message: a part of a diff is kept on its entry (false: wait for the rest); the last one gets
   * the kept sections in front of its own (true: the diff is whole now). */
  _wholeDiff(entry, message) {
    if (message.part) {
      if (message.ok && Array.isArray(message.payload?.set)) (entry.parts ??= []).push(message.payload.set);
      return false;
    }
    const changes = message.payload?.changes;
    if (entry.parts && message.ok && changes && typeof changes === "object") {
      changes.set = [...entry.parts.flat(), ...(Array.isArray(changes.set) ? changes.set : [])];
    }
    entry.parts = undefined;
    return true;
  }

  /** A slow command's diff came before its output (playground/WORKER.md): the mirror takes it now (a reload
   * as soon as the output shows keeps the command); its reply, next, emits `changed` with it. */
  _earlyChanges(entry, message, background) {
    if (!message.ok) {
      this._resync();
      entry.early = undefined;
      return;
    }
    const payload = message.payload ?? {};
    entry.early = payload.changes;
    this._track("changes", payload, background);
  }

  /** The reply's output came first; its state diff follows under the same id (a quiet entry, so that
   * whenIdle waits for it and a restart settles it). Resolves with the diff, or undefined when unknown. */
  _awaitChanges(id, reply, background) {
    const changes = new Promise((resolve) => {
      const entry = { type: "changes", quiet: true, background };
      entry.resolve = (payload) => resolve(payload?.changes);
      entry.reject = (error) => {
        if (error.code !== "stopped") this._resync(); // the worker could not say what changed: ask it all
        resolve(undefined);
      };
      this._pending.set(id, entry);
    });
    this._followUps.set(reply, changes);
  }

  /** Send a request (starting the worker first if needed). `quiet` requests change nothing the reader sees;
   * what a `background` request changes (the page's own doing, as the workbench's starter files) is kept in
   * the mirror but saved only with the reader's next change: on its own it is nobody's work, and a save
   * would tell the reader's other tabs that this one changed the playground. */
  request(type, payload = {}, { quiet = false, background = false, onPartial = null } = {}) {
    // A running simulator gets the message now, before the caller goes on to draw (the worker computes
    // while this thread lays the page out); otherwise wait for the start (a restart while waiting, as
    // after Stop, means waiting for the new one).
    if (this.status === "ready" && this._worker) {
      return this._answer(type, payload, quiet, this._send(type, payload, quiet, background, onPartial));
    }
    const worker = this._worker;
    const fresh = this.status === "loading" ? this._freshStart : null;
    return (async () => {
      if (fresh && (await fresh) && this._worker === worker && this.status === "loading") {
        return this._answer(type, payload, quiet, this._send(type, payload, quiet, background, onPartial));
      }
      for (;;) {
        const starting = this.start();
        await starting;
        if (starting === this._starting && this.status === "ready") break;
      }
      return this._answer(type, payload, quiet, this._send(type, payload, quiet, background, onPartial));
    })();
  }

  async _answer(type, payload, quiet, sent) {
    const reply = await sent;
    // A Try it block's scratch engine (payload.scratch) is not the reader's playground: nothing to log or save.
    if (!quiet && MUTATING.has(type) && payload?.scratch == null) {
      if (type === "run" && typeof payload.line === "string") store.appendLog(payload.line);
      if (type === "reset") store.setLog([]);
      const followUp = this._followUps.get(reply);
      // The caller draws the output now; "changed" follows with the diff.
      if (followUp) followUp.then((changes) => this._emitChanged(type, payload, changes));
      else this._emitChanged(type, payload, reply?.changes);
    }
    return reply;
  }

  _emitChanged(type, payload, changes) {
    // sections: the changed parts of the state ("session.engine.containers", "files.Dockerfile", …);
    // null when unknown (a reset or a full state), [] when nothing changed.
    const sections = changes === null ? [] : Array.isArray(changes?.set) ? this._sections(changes) : null;
    this._emit("changed", { type, payload, sections });
  }

  _sections(changes) {
    return [...changes.set.map(([path]) => path), ...(Array.isArray(changes.unset) ? changes.unset : [])]
      .filter(Array.isArray)
      .map((path) => path.join("."));
  }

  // --- the state mirror ------------------------------------------------------------------------------------

  /** Keep the mirror in step with a reply: a whole state (init, reset, state) or a diff (`changes`). */
  _track(type, payload, background = false) {
    if (!payload || typeof payload !== "object") return;
    if (payload.state && typeof payload.state === "object" && typeof payload.revision === "number") {
      this._mirror = { state: payload.state, revision: payload.revision };
      this._dirtyPaths = null; // a whole state is saved whole (_init says when it is what is saved already)
      if (type !== "init") this._scheduleSave(); // init starts from what is saved (_init decides)
      return;
    }
    const changes = payload.changes;
    if (!changes || typeof changes !== "object" || !this._mirror) return;
    if (changes.base !== this._mirror.revision || !applyChanges(this._mirror.state, changes)) {
      this._resync();
      return;
    }
    this._mirror.revision = changes.revision;
    if (this._dirtyPaths) {
      for (const entry of Array.isArray(changes.set) ? changes.set : []) this._dirtyPaths.push(entry[0]);
      for (const path of Array.isArray(changes.unset) ? changes.unset : []) this._dirtyPaths.push(path);
    }
    if (!background) this._scheduleSave();
  }

  /** The mirror missed a step (it never should): take the whole state from the worker again. */
  _resync() {
    this._mirror = null;
    this._send("state", {}, true).catch(() => {});
  }

  _scheduleSave() {
    this._dirty = true;
    if (this._saveTimer) return;
    const save = () => {
      this._saveTimer = 0;
      this.save();
    };
    this._saveTimer =
      "requestIdleCallback" in window ? requestIdleCallback(save, { timeout: SAVE_IDLE_TIMEOUT_MS }) : setTimeout(save, 200);
  }

  /** Save the mirror now if it changed: the writes start before this returns (safe in pagehide). Resolves
   * to the outcome (`{ok}` or `{ok: false, reason, message}`), also kept in `client.storage`. */
  save({ force = false, stamp = "", urgent = false } = {}) {
    if (this._saveTimer) {
      if ("cancelIdleCallback" in window) cancelIdleCallback(this._saveTimer);
      clearTimeout(this._saveTimer);
      this._saveTimer = 0;
    }
    if (!this._dirty || !this._mirror) return Promise.resolve(this.storage);
    if (this.conflict?.kind === "tab" && !force) return Promise.resolve({ ok: false, reason: "other-tab" }); // the reader chooses first
    this._dirty = false;
    const dirty = this._dirtyPaths;
    this._dirtyPaths = [];
    store.flushLog();
    const writing = (this._writing = { paths: dirty }); // until its transaction completes (see pagehide)
    return store.saveState(this._mirror.state, dirty, { force, stamp, urgent }).then((result) => {
      if (this._writing === writing) this._writing = null;
      if (result.ok) {
        if (!this.storage.ok) this._setStorage(result);
        this._saveRefused = false;
        return result;
      }
      this._dirty = true;
      this._dirtyPaths = null; // what failed is written whole next time
      if (result.reason === "other-tab") {
        this._otherTabSaved();
        return result;
      }
      this._setStorage(result);
      if (!this._saveRefused) {
        this._notice(`Your playground could not be saved in this browser: ${result.message}. Use "Download my playground" to keep it in a file.`);
      }
      this._saveRefused = true; // said once, until a save works again
      return result;
    });
  }

  _setStorage(result) {
    this.storage = result;
    this._emit("storage", result);
  }

  /** The playground's state as this page last knew it (null before the simulator started). */
  state() {
    return this._mirror ? this._mirror.state : null;
  }

  /** Load `state` (a share link's result, a file; null: a clean engine) in place of this tab's, which is
   * kept aside first (store.js, kind "replaced"). Resolves to the aside's id ("" when nothing was kept). */
  async replaceState(state, label = "") {
    let aside = "";
    if (this._mirror) {
      const kept = await store.saveAside(this._mirror.state, "replaced", label);
      if (!kept.ok) throw new PlaygroundError("storage", `your current playground could not be kept aside (${kept.message}); nothing was replaced`);
      aside = kept.id;
    }
    await this.request("reset", { state });
    return aside;
  }

  /** Load a kept-aside state back (the undo of replaceState); the aside is then dropped. */
  async restoreAside(id) {
    const entry = await store.loadAside(id);
    if (!entry) throw new PlaygroundError("storage", "that kept playground is no longer in this browser");
    await this.request("reset", { state: entry.state });
    await store.dropAside(id);
  }

  // --- other tabs ------------------------------------------------------------------------------------------

  _bindStorage() {
    if (typeof window === "undefined") return;
    // Another tab saved (store.js announces every save; the localStorage fallback fires "storage").
    store.onOtherTabSaved(() => this._otherTabSaved());
    window.addEventListener("storage", (event) => {
      if (event.key !== store.KEYS.state || event.newValue === null) return;
      const saved = store.parseSaved(event.newValue);
      if (saved && saved.tab !== store.TAB) this._otherTabSaved();
    });
    // Hidden (another tab, minimised, a phone's app switcher): save now, the page may never come back.
    // Closed during a conflict: this tab's work goes to its own aside slot for the next tab to offer.
    window.addEventListener("pagehide", () => {
      if (this.conflict?.kind === "tab" && this._dirty && this._mirror) {
        store.saveAside(this._mirror.state, "tab");
        return;
      }
      // A closing page's IndexedDB write may be cut short: the same changes go to a journal in localStorage
      // first (synchronous), which the next start applies if the write did not complete. That includes an
      // idle save still writing its batches (store.js): the page may never run the next one.
      if (this._writing && this._mirror) {
        const paths = this._writing.paths;
        this._dirty = true;
        this._dirtyPaths = paths === null || this._dirtyPaths === null ? null : [...paths, ...this._dirtyPaths];
      }
      const stamp = this._dirty && this._mirror ? store.journal(this._mirror.state, this._dirtyPaths) : "";
      this.save({ stamp, urgent: true }); // every write issued now: the page may not run another task
    });
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") this.save({ urgent: true });
    });
  }

  /** Another tab saved the playground: only a started playground has something to lose (one that starts
   * later loads the latest save). The reader chooses which to keep. */
  _otherTabSaved() {
    if (!this._mirror || this.conflict?.kind === "tab") return;
    this._other = { kind: "tab" };
    this._setConflict({
      kind: "tab",
      message: "This playground was changed in another tab. Load that tab's playground here, or keep this one (saving it replaces the other tab's; the other is kept aside).",
    });
  }

  /** A tab closed with work another tab's save had replaced (each tab has its own slot): offer the newest
   * once this tab has started; the others wait for the next choice. `listed`: the kept work, read already
   * while the worker started (else read now). */
  async _offerAside(listed = null) {
    const all = (listed && (await listed.catch(() => null))) || (await store.listAsides());
    const asides = offerable(all);
    const aside = asides[0];
    if (!aside) return;
    this._other = aside;
    const when = aside.saved.slice(0, 16).replace("T", " ");
    this._setConflict({
      kind: "aside",
      message: `${aside.label ? `Kept aside: ${aside.label} (${when} UTC).` : `A playground tab was closed with work that another tab's save had replaced (${when} UTC); it was kept aside.`} Load it here, or discard it.${asides.length > 1 ? ` (${asides.length - 1} more kept.)` : ""}`,
    });
  }

  _setConflict(conflict) {
    this.conflict = conflict;
    this._emit("conflict", conflict);
  }

  /** Settle the open conflict: `load` the other version into this tab, or keep this tab's (and save it). */
  async resolveConflict(load) {
    const conflict = this.conflict;
    const other = this._other;
    if (!conflict || !other) return;
    this.conflict = null;
    this._other = null;
    if (load) {
      try {
        const loaded = conflict.kind === "tab" ? await store.loadState({ adopt: true }) : await store.loadAside(other.id);
        if (!loaded?.state) throw new Error("it is no longer saved in this browser");
        if (conflict.kind === "tab" && this._mirror) {
          await store.saveAside(this._mirror.state, "replaced", "this tab's playground before it loaded another tab's");
        }
        await this._send("reset", { state: loaded.state });
      } catch (error) {
        this._notice(`That playground could not be loaded (${error.message}); this tab keeps its own.`);
        this._emit("conflict", null);
        return;
      }
      if (conflict.kind === "tab") {
        store.reloadLog(); // the other tab's commands came with its state
        this._dirty = false; // the mirror now is what is saved
      } else {
        await store.dropAside(other.id);
        await this.save();
      }
      this._emit("changed", { type: "reset", payload: {}, sections: null });
    } else {
      if (conflict.kind === "aside") await store.dropAside(other.id);
      this._dirty = true;
      this._dirtyPaths = null;
      if (conflict.kind === "tab") {
        // Keeping this tab's replaces the other's save: that one goes aside first, never lost.
        const theirs = await store.loadState({ adopt: false });
        if (theirs?.state) await store.saveAside(theirs.state, "replaced", "another tab's playground, replaced by this tab's");
      }
      await this.save({ force: true });
    }
    this._emit("conflict", null);
  }

  /** Reject every request in flight with `error` (their worker is gone). */
  _dropPending(error) {
    const pending = [...this._pending.values()];
    this._pending.clear();
    this._setBusy();
    for (const entry of pending) entry.reject(error);
  }

  _teardownWorker() {
    if (this._worker) {
      this._worker.onmessage = null;
      this._worker.onerror = null;
      this._worker.terminate();
      this._worker = null;
    }
  }

  /** Terminate the worker (a runaway command dies with it) and start again from the last saved state. */
  restart(reason = "restart") {
    this.save();
    this._teardownWorker();
    this._dropPending(new PlaygroundError("stopped", "Stopped. The simulator restarted with your last saved state."));
    this._starting = null;
    this._emit("restart", { reason });
    return this.start();
  }

  stop() {
    return this.restart("stopped");
  }
}

/** The simulator's worker URL: worker.js with its files as absolute URLs (the Playground page's early
 * start in <head> makes the same from the same config values, plugins/docker_notes/playground/early.py). */
function workerUrl() {
  const url = new URL(config.worker, import.meta.url);
  url.searchParams.set("pyodide", new URL(config.pyodide, import.meta.url).href);
  url.searchParams.set("wheel", new URL(config.wheel, import.meta.url).href);
  if (config.snapshot) url.searchParams.set("snapshot", new URL(config.snapshot, import.meta.url).href);
  if (slowLink()) url.searchParams.set("link", "slow");
  return url.href;
}

/** The worker the Playground page's <head> created, taken once per visit: {worker, events, at}, or null
 * when there is none or it was made for other files than this build's config.js names (then ended). */
function takeEarlyWorker(url) {
  const early = window.__dockerNotesEarlyWorker;
  if (!early) return null;
  window.__dockerNotesEarlyWorker = null; // never adopted twice; a restart makes a new worker
  if (early.url === url && early.worker && Array.isArray(early.events)) return early;
  early.worker?.terminate?.();
  return null;
}

const STATE_PART_SECTIONS = 25; // sections per "state_part" message (~90 KB of containers: a few ms to copy)

/** Post `payload.state` as "state_part" messages of the request `id` (STATE_PART_SECTIONS sections each,
 * one a task), then the request itself with `state_parts: true` in place of the state. */
async function sendStateInParts(worker, id, type, payload) {
  await store.nextTask(); // not in the task that read the state
  const sections = store.sectionsOf(payload.state);
  for (let from = 0; from < sections.length; from += STATE_PART_SECTIONS) {
    worker.postMessage({ id, type: "state_part", payload: { set: sections.slice(from, from + STATE_PART_SECTIONS) } });
    await store.nextTask();
  }
  worker.postMessage({ id, type, payload: { ...payload, state: null, state_parts: true } });
}

/** Apply a worker diff to `state` in place; false when a path does not fit (the caller resyncs). */
export function applyChanges(state, changes) {
  // Own properties always: a file named "__proto__" is set as one, never as the object's prototype.
  const own = (node, key, value) => Object.defineProperty(node, key, { value, enumerable: true, configurable: true, writable: true });
  const place = (path) => {
    let node = state;
    for (const key of path.slice(0, -1)) {
      if (!Object.hasOwn(node, key) || !node[key] || typeof node[key] !== "object") own(node, key, {});
      node = node[key];
    }
    return node;
  };
  for (const entry of Array.isArray(changes.set) ? changes.set : []) {
    if (!Array.isArray(entry) || !Array.isArray(entry[0]) || !entry[0].length) return false;
    own(place(entry[0]), entry[0].at(-1), entry[1]);
  }
  for (const path of Array.isArray(changes.unset) ? changes.unset : []) {
    if (!Array.isArray(path) || !path.length) return false;
    delete place(path)[path.at(-1)];
  }
  return true;
}

/** The one client of this visit (kept on window so a second copy of this module shares it). */
export function getClient() {
  if (!window.__dockerNotesPlayground) window.__dockerNotesPlayground = new PlaygroundClient();
  return window.__dockerNotesPlayground;
}

/** The site root URL (this module lives in <root>/assets/playground/). */
export const siteRoot = new URL(config.root, import.meta.url);
/** The Playground page's URL. */
export const playgroundUrl = new URL(config.page, siteRoot);
export { config };

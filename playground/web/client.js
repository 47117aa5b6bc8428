// The page side of the worker contract (playground/WORKER.md): one client, one module worker, for the
// whole visit. Material's instant navigation keeps this module alive; page widgets come and go.
//
//   const client = getClient();
//   client.status                       "idle" | "loading" | "ready" | "failed"
//   client.busy                         a request is in flight
//   await client.start()                start the worker (idempotent; widgets call it on first interaction)
//   await client.request(type, payload, {quiet})   reply payload; rejects with an Error carrying .code
//   const off = client.on(event, fn)    events: status, progress, ready, fatal, notice, restored, changed, busy, restart
//   await client.restart()              terminate the worker and start again from the last saved state
//   await client.stop()                 the same, for a runaway command (pending requests reject: code "stopped")

import config from "./config.js";
import * as store from "./store.js";

const START_TIMEOUT_MS = 60_000; // no word from the worker for this long while starting: give up
const MUTATING = new Set(["run", "reset", "write_file", "delete_file", "rename_file", "init"]);

export class PlaygroundError extends Error {
  constructor(code, message) {
    super(message);
    this.name = "PlaygroundError";
    this.code = code;
  }
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
    this._pending = new Map();
    this._nextId = 1;
    this._worker = null;
    this._starting = null;
  }

  on(event, handler) {
    if (!this._listeners.has(event)) this._listeners.set(event, new Set());
    this._listeners.get(event).add(handler);
    return () => this._listeners.get(event)?.delete(handler);
  }

  _emit(event, payload) {
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

  _setBusy() {
    const busy = [...this._pending.values()].some((entry) => !entry.quiet);
    if (busy !== this.busy) {
      this.busy = busy;
      this._emit("busy", busy);
    }
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
      const url = new URL("./worker.js", import.meta.url);
      url.searchParams.set("pyodide", new URL(config.pyodide, import.meta.url).href);
      url.searchParams.set("wheel", new URL(config.wheel, import.meta.url).href);
      if (config.snapshot) url.searchParams.set("snapshot", new URL(config.snapshot, import.meta.url).href);
      let worker;
      try {
        worker = new Worker(url, { type: "module", name: "docker-playground" });
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
          this._init().then(
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
    });
  }

  async _init() {
    const saved = store.loadState();
    if (saved.notice) this._notice(saved.notice);
    let reply;
    try {
      reply = await this._send("init", { state: saved.state, seed: null }, true);
    } catch (error) {
      if (saved.state === null || error.code === "stopped") throw error;
      store.clearState();
      this._notice(`Your saved playground could not be restored (${error.message}), so it starts clean.`);
      reply = await this._send("init", { state: null, seed: null }, true);
    }
    if (reply && typeof reply.notice === "string" && reply.notice) this._notice(reply.notice);
    if (reply && reply.restored === true) this._emit("restored", {});
    if (reply && reply.restored === false && saved.state !== null && !reply.notice) {
      this._notice("Your saved playground could not be restored, so it starts clean.");
    }
    await this._persist(reply);
  }

  _notice(message) {
    this._emit("notice", { message });
  }

  _send(type, payload, quiet = false) {
    const worker = this._worker;
    if (!worker) return Promise.reject(new PlaygroundError("unavailable", this.error || "The playground is not running."));
    const id = this._nextId++;
    return new Promise((resolve, reject) => {
      this._pending.set(id, { resolve, reject, type, quiet });
      this._setBusy();
      try {
        worker.postMessage({ id, type, payload });
      } catch (error) {
        this._pending.delete(id);
        this._setBusy();
        reject(new PlaygroundError("bad_request", `The request could not be sent (${error.message}).`));
      }
    });
  }

  _settle(message) {
    const entry = this._pending.get(message.id);
    if (!entry) return;
    this._pending.delete(message.id);
    this._setBusy();
    if (message.ok) {
      entry.resolve(message.payload ?? {});
    } else {
      const error = message.error && typeof message.error === "object" ? message.error : {};
      entry.reject(new PlaygroundError(String(error.code || "error"), String(error.message || "The simulator reported an error.")));
    }
  }

  /** Send a request (starting the worker first if needed). `quiet` requests change nothing the reader sees. */
  async request(type, payload = {}, { quiet = false } = {}) {
    // Wait for a started simulator; a restart while waiting (Stop) means waiting for the new one.
    for (;;) {
      const starting = this.start();
      await starting;
      if (starting === this._starting && this.status === "ready") break;
    }
    const reply = await this._send(type, payload, quiet);
    if (!quiet && MUTATING.has(type)) {
      if (type === "run" && typeof payload.line === "string") store.appendLog(payload.line);
      if (type === "reset") store.setLog([]);
      await this._persist(reply);
      this._emit("changed", { type, payload });
    }
    return reply;
  }

  /** Save the state after a change: from the reply when it carries one, else by asking for it. */
  async _persist(reply) {
    let state = reply && typeof reply === "object" ? reply.state : undefined;
    if (state === undefined) {
      try {
        state = (await this._send("state", {}, true)).state;
      } catch {
        return;
      }
    }
    if (state && typeof state === "object" && !store.saveState(state)) {
      this._notice("The playground could not be saved in this browser (storage is full or disabled).");
    }
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
    this._teardownWorker();
    const pending = [...this._pending.values()];
    this._pending.clear();
    this._setBusy();
    for (const entry of pending) {
      entry.reject(new PlaygroundError("stopped", "Stopped. The simulator restarted with your last saved state."));
    }
    this._starting = null;
    this._emit("restart", { reason });
    return this.start();
  }

  stop() {
    return this.restart("stopped");
  }
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

// One Try it block's view of the simulator: its own scratch engine in the worker (a "lesson": the block's
// files and set-up, see dockersim/lessons.py), never the reader's Playground. Until that engine is open,
// the block's lines are answered from the build's recording (made by the same code, same seed), so the
// first answer needs no download; the live engine then replays what was answered and takes over. Used by
// the Terminal in place of the client: it forwards everything else to the one client of the visit.

const SCRATCH_TYPES = new Set(["run", "input", "signal", "complete", "explain"]);

export class LessonClient {
  /** `client`: the visit's client; `lesson`: the block's lesson file (key, lesson, recorded). */
  constructor(client, lesson) {
    this.client = client;
    this.lesson = lesson;
    this.key = lesson.key;
    this.recorded = Array.isArray(lesson.recorded?.answers) ? lesson.recorded.answers : [];
    this.ran = []; // every line run in this block's engine, in order (replayed when the worker restarts)
    this.events = []; // per line of `ran`: what the reader typed and pressed while it ran (a [y/N] answer…)
    this.live = false; // the worker holds this block's engine, up to date with `ran`
    this.diverged = false; // the reader ran a line of their own: answers come from the live engine only
    this._opening = null;
    // A restarted worker (Stop, Try again) has no scratch engines: the next request opens this one again.
    this._offs = [this.client.on("restart", () => (this.live = false))];
  }

  get status() { return this.client.status; }
  get busy() { return this.client.busy; }
  get progress() { return this.client.progress; }
  get conflict() { return this.client.conflict; }
  get error() { return this.client.error; }
  get info() { return this.client.info; }
  on(event, handler) { return this.client.on(event, handler); }
  start() { return this.client.start(); }
  stop() { return this.client.stop(); }
  restart() { return this.client.restart(); }
  resolveConflict(load) { return this.client.resolveConflict(load); }
  whenIdle() { return this.client.whenIdle(); }

  /** The recorded answer of `line` when it is the next line the recording holds and nothing diverged; never
   * for a line that keeps running (a session, a foreground run, a stream): only the live engine answers it. */
  recordedAnswer(line) {
    if (this.live || this.diverged) return null;
    const answer = this.recorded[this.ran.length];
    return answer && answer.line === line && !answer.live ? answer : null;
  }

  async request(type, payload = {}, options = {}) {
    if (!SCRATCH_TYPES.has(type)) return this.client.request(type, payload, options);
    if (type === "run") {
      const answer = this.recordedAnswer(payload.line);
      if (answer) {
        this.ran.push(payload.line);
        this.client.start().catch(() => {}); // the live engine gets ready in the background
        return { ...answer, recorded: true, data: {} };
      }
    }
    await this.open();
    if (type === "run") {
      // Counted before it ends: a session replayed after a restart is run (and left) again.
      this.ran.push(payload.line);
      this.events[this.ran.length - 1] = [];
      this.diverged = this.diverged || this.recorded[this.ran.length - 1]?.line !== payload.line;
    } else if (type === "input" || type === "signal") {
      // Replayed with its line, so a restarted engine gets the reader's answer, not Ctrl+D's No.
      this.events[this.ran.length - 1]?.push(type === "input" ? ["input", payload.text] : ["signal", payload.signal]);
    }
    return this.client.request(type, { ...payload, scratch: this.key }, options);
  }

  /** Open (or reopen) this block's engine in the worker: files, set-up, then every line already run. */
  open() {
    if (this.live) return Promise.resolve();
    this._opening ??= (async () => {
      try {
        const replay = this.ran.map((line, index) => (this.events[index]?.length ? { line, events: this.events[index] } : line));
        await this.client.request("lesson_open", { lesson: this.lesson.lesson, replay }, { quiet: true });
        // Lines answered from the recording while it opened run now, in order, before anything else.
        for (const line of this.ran.slice(replay.length)) {
          await this.client.request("run", { line, scratch: this.key }, { quiet: true });
        }
        this.live = true;
      } finally {
        this._opening = null;
      }
    })();
    return this._opening;
  }

  /** Start again from the block's set-up (the recording answers again). */
  async reset() {
    this.ran = [];
    this.events = [];
    this.diverged = false;
    this.live = false;
    if (this.client.status === "ready") await this.open();
  }

  destroy() {
    for (const off of this._offs) off?.();
    if (this.client.status === "ready") this.client.request("lesson_close", { key: this.key }, { quiet: true }).catch(() => {});
  }
}

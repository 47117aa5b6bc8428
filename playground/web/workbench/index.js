// The Dockerfile workbench on the Playground page: an editor, the build context, Build/Rebuild,
// the annotated build log and the layer diagram. Everything runs through the playground's one
// worker client: `files`, `write_file`, `delete_file`, `rename_file`, `lint`, `run`
// (playground/WORKER.md). Entry point: mountWorkbench(element, client, options).

import { h, reducedMotion, replace, uid } from "./dom.js";
import { Editor, isDockerfile } from "./editor.js";
import { FileList, sortPaths } from "./files.js";
import { IMAGE, buildCommand, parseBuildArgs, renderLog } from "./buildlog.js";
import { layerModel, parseHistory, renderLayers } from "./layers.js";
import { DEFAULT_DOCKERIGNORE, STARTER_DOCKERFILE, placeholderFiles } from "./lesson.js";
import { docsUrl, siteRoot } from "./links.js";
import { clearBuild, loadBuild, saveBuild } from "./saved.js";
import { humanDelta, humanSize } from "./sizes.js";
import { injectStyles } from "./styles.js";

export { placeholderFiles } from "./lesson.js";
export { docsUrl, siteRoot } from "./links.js";
export { buildCommand, parseBuildArgs } from "./buildlog.js";

const SAVE_DELAY = 300;
const UNDO_MS = 15000;

/** Where "Try it" on a notes Dockerfile leaves a lesson for the Playground page's workbench. */
export const HANDOFF_KEY = "docker-notes:workbench-lesson";

/** Take (and remove) a lesson another page left in sessionStorage; null when none or malformed. */
function takeHandoff(options) {
  if (options.lesson || options.handoff === false) return null;
  let text = null;
  try {
    text = window.sessionStorage.getItem(HANDOFF_KEY);
    if (text !== null) window.sessionStorage.removeItem(HANDOFF_KEY);
  } catch {
    return null;
  }
  if (!text) return null;
  try {
    const lesson = JSON.parse(text);
    if (lesson && typeof lesson.dockerfile === "string") {
      const files = {};
      for (const [path, content] of Object.entries(lesson.files || {})) {
        if (typeof content === "string") files[path] = content;
      }
      return { dockerfile: lesson.dockerfile, files };
    }
  } catch {
    // ignore a malformed hand-off
  }
  return null;
}

function describeError(error) {
  return error && error.message ? error.message : String(error);
}

/**
 * Mount the workbench in `element`.
 * @param client the playground client: request(type, payload) → Promise, on(event, fn)
 * @param options.base site root URL (default: Material's __config.base)
 * @param options.lesson {files, dockerfile} to load instead of the reader's files
 * @param options.starter load the notes' Node example when the folder has no Dockerfile (default true)
 * @param options.eager start the simulator at once (default: when the page starts it, or on first use)
 * @returns {destroy(), load({files, dockerfile}), ready: thenable (awaiting it starts the workbench)}
 */
export function mountWorkbench(element, client, options = {}) {
  injectStyles(element.ownerDocument);
  const root = siteRoot(element.ownerDocument, options.base || null);
  const link = (target) => docsUrl(target, root);
  const files = new Map();
  const timers = new Map();
  const unsubscribe = [];
  let queue = Promise.resolve();
  let current = null;
  let previous = null;
  let lastBuild = null;
  let destroyed = false;
  let building = false;
  let undo = null;
  let saving = 0;
  let builds = 0;

  // ---- layout ---------------------------------------------------------------------------------
  const hintId = uid("dnw-hint");
  const statusEl = h("p", { class: "dnw__status", role: "status", "aria-live": "polite", "aria-atomic": "true" });
  // Both hints share one grid cell (the hidden one keeps its space), so switching modes never moves
  // the controls below: a click that blurs the editor lands where the pointer went down.
  const modeEl = h(
    "span",
    { class: "dnw__editor-mode", id: hintId, dataset: { mode: "browsing" } },
    h("span", { class: "dnw__mode dnw__mode--browsing" }, "Press Enter (or click) to edit; Tab moves on."),
    h("span", { class: "dnw__mode dnw__mode--editing" }, "Editing: Tab indents. Press Esc, then Tab, to move on."),
  );
  const nameEl = h("span", { class: "dnw__editor-name" }, "");
  const editorHost = h("div", { class: "dnw__editor" });
  const lintSummary = h("p", { class: "dnw__lint-summary" });
  const findingsEl = h("ul", { class: "dnw__findings", "aria-label": "Lint findings" });
  const fileList = new FileList({
    open: (path) => openFile(path, true),
    add: (path) => addFile(path),
    rename: (from, to) => renameFile(from, to),
    remove: (path) => removeFile(path),
    ignore: () => openIgnore(),
  });
  const noCacheId = uid("dnw-nocache");
  const argsId = uid("dnw-args");
  const argsHelpId = uid("dnw-args-help");
  const noCache = h("input", { type: "checkbox", id: noCacheId });
  const argsInput = h("input", {
    type: "text",
    id: argsId,
    class: "dnw__input",
    placeholder: "NODE_ENV=production",
    autocomplete: "off",
    spellcheck: "false",
    "aria-describedby": argsHelpId,
  });
  const argsError = h("p", { class: "dnw__field-error", "aria-live": "polite" });
  const commandEl = h("pre", { class: "dnw__command", "aria-label": "Command that Build runs" });
  const buildButton = h("button", { type: "submit", class: "dnw__button dnw__button--primary" }, "Build");
  const rebuildButton = h(
    "button",
    { type: "button", class: "dnw__button", disabled: true, title: "Build again with the same options as the last build" },
    "Rebuild",
  );
  const logList = h("ol", { class: "dnw__log", "aria-label": "Build log", tabindex: "0" });
  const rawId = uid("dnw-raw");
  const rawOut = h("pre", { class: "dnw__log dnw__raw", id: rawId, hidden: true, tabindex: "0", "aria-label": "docker build output as printed" });
  const rawToggle = h(
    "button",
    {
      type: "button",
      class: "dnw__button dnw__button--quiet dnw__raw-toggle",
      "aria-expanded": "false",
      "aria-controls": rawId,
      onclick: () => {
        rawOut.hidden = !rawOut.hidden;
        rawToggle.setAttribute("aria-expanded", String(!rawOut.hidden));
        rawToggle.textContent = rawOut.hidden ? "Show the output as printed" : "Hide the output as printed";
      },
    },
    "Show the output as printed",
  );
  const layersEl = h("div", { class: "dnw__layers" }, h("p", { class: "dnw__empty" }, "Build to see the image's layers."));
  const logHeadingId = uid("dnw-log");
  const layersHeadingId = uid("dnw-layers");
  const controls = h(
    "form",
    {
      class: "dnw__controls",
      "aria-label": "Build",
      onsubmit: (event) => {
        event.preventDefault();
        build(false);
      },
    },
    h("div", { class: "dnw__buttons" }, buildButton, rebuildButton),
    h("label", { class: "dnw__check", for: noCacheId }, noCache, h("span", {}, "No cache (", h("code", {}, "--no-cache"), ")")),
    h(
      "div",
      { class: "dnw__args" },
      h("label", { class: "dnw__label", for: argsId }, "Build arguments"),
      argsInput,
      h("p", { class: "dnw__hint", id: argsHelpId }, "NAME=value pairs separated by spaces (a value runs until the next NAME=); each becomes --build-arg."),
      argsError,
    ),
    commandEl,
  );
  rebuildButton.addEventListener("click", () => build(true));
  const resultsEl = h(
    "div",
    { class: "dnw__results" },
    h(
      "section",
      { class: "dnw__panel", "aria-labelledby": logHeadingId },
      h("h3", { class: "dnw__heading", id: logHeadingId }, "Build log"),
      logList,
      rawToggle,
      rawOut,
    ),
    h(
      "section",
      { class: "dnw__panel", "aria-labelledby": layersHeadingId },
      h("h3", { class: "dnw__heading", id: layersHeadingId }, "Layers"),
      layersEl,
    ),
  );
  const titleId = uid("dnw-title");
  const rootEl = h(
    "div",
    { class: "dnw" },
    h("h2", { class: "dnw__title", id: titleId }, "Dockerfile workbench"),
    h(
      "p",
      { class: "dnw__intro" },
      "Edit a Dockerfile and its build context, build it, change a file and rebuild: the log shows which steps came from the cache and why the others ran, the diagram shows the layers.",
    ),
    h(
      "div",
      { class: "dnw__top" },
      h("div", { class: "dnw__panel" }, fileList.element),
      h(
        "div",
        { class: "dnw__panel dnw__editor-panel" },
        h("div", { class: "dnw__editor-head" }, nameEl, modeEl),
        editorHost,
        lintSummary,
        findingsEl,
      ),
    ),
    controls,
    statusEl,
    resultsEl,
  );
  element.hidden = false;
  element.replaceChildren(rootEl);

  const editor = new Editor(editorHost, {
    hintId,
    link,
    onChange: (path, text) => {
      files.set(path, text);
      scheduleSave(path);
    },
    lint: async (path, text) => (await client.request("lint", { path, text }, { quiet: true })).findings || [],
    onDiagnostics: (path, result) => showFindings(path, result),
    onMode: (entered) => showMode(entered),
  });
  showMode(false);

  function showMode(entered) {
    modeEl.dataset.mode = entered ? "editing" : "browsing";
  }

  // ---- status ---------------------------------------------------------------------------------
  function announce(message, tone = "info", action = null) {
    replace(statusEl, message, action);
    statusEl.dataset.tone = tone;
  }

  function fail(what, error) {
    announce(`${what}: ${describeError(error)}`, "error");
  }

  // ---- files ----------------------------------------------------------------------------------
  function setFiles(map) {
    const incoming = new Map(Object.entries(map || {}));
    for (const path of [...files.keys()]) {
      if (!incoming.has(path) && !timers.has(path)) {
        files.delete(path);
        editor.forget(path);
      }
    }
    for (const [path, text] of incoming) {
      if (timers.has(path)) continue;
      if (files.get(path) !== text) {
        files.set(path, text);
        editor.setText(path, text);
      }
    }
    if (current && !files.has(current)) {
      current = null;
      nameEl.textContent = "";
    }
    refreshList();
  }

  function refreshList() {
    fileList.update([...files.keys()], current);
  }

  function scheduleSave(path) {
    clearTimeout(timers.get(path));
    timers.set(
      path,
      setTimeout(() => save(path), SAVE_DELAY),
    );
  }

  function save(path) {
    clearTimeout(timers.get(path));
    timers.delete(path);
    if (!files.has(path)) return queue;
    const content = files.get(path);
    saving += 1;
    queue = queue
      .then(() => client.request("write_file", { path, content }))
      .catch((error) => fail(`Could not save ${path}`, error))
      .finally(() => {
        saving -= 1;
      });
    return queue;
  }

  async function flushSaves() {
    for (const path of [...timers.keys()]) save(path);
    await queue;
  }

  function openFile(path, focus = false) {
    if (!files.has(path)) return;
    current = path;
    editor.open(path, files.get(path));
    nameEl.textContent = path;
    if (!isDockerfile(path)) showFindings(path, []);
    refreshList();
    if (focus) editor.focus();
  }

  async function addFile(path, content = "") {
    try {
      await flushSaves();
      const reply = await client.request("write_file", { path, content });
      files.set(path, content);
      setFiles(reply.files);
      openFile(path, true);
      announce(`Created ${path}.`);
    } catch (error) {
      fail(`Could not create ${path}`, error);
    }
  }

  async function renameFile(from, to) {
    try {
      await flushSaves();
      const reply = await client.request("rename_file", { path: from, to });
      const text = files.get(from);
      files.delete(from);
      files.set(to, text);
      editor.renamed(from, to);
      if (current === from) {
        current = to;
        nameEl.textContent = to;
      }
      setFiles(reply.files);
      fileList.focusItem(to);
      announce(`Renamed ${from} to ${to}.`);
    } catch (error) {
      refreshList();
      fail(`Could not rename ${from}`, error);
    }
  }

  async function removeFile(path) {
    try {
      await flushSaves();
      const text = files.get(path) ?? "";
      const reply = await client.request("delete_file", { path });
      files.delete(path);
      editor.forget(path);
      if (current === path) {
        current = null;
        nameEl.textContent = "";
      }
      setFiles(reply.files);
      if (!current) {
        const next = sortPaths([...files.keys()])[0];
        if (next) openFile(next);
      }
      fileList.focusItem(current);
      undo = { path, text };
      const undoButton = h(
        "button",
        {
          type: "button",
          class: "dnw__button dnw__button--quiet",
          onclick: async () => {
            if (!undo) return;
            const { path: back, text: content } = undo;
            undo = null;
            await addFile(back, content);
          },
        },
        "Undo",
      );
      announce(`Deleted ${path}.`, "info", undoButton);
      setTimeout(() => {
        if (undo && undo.path === path) {
          undo = null;
          undoButton.remove();
        }
      }, UNDO_MS);
    } catch (error) {
      fail(`Could not delete ${path}`, error);
    }
  }

  async function openIgnore() {
    if (files.has(".dockerignore")) openFile(".dockerignore", true);
    else await addFile(".dockerignore", DEFAULT_DOCKERIGNORE);
  }

  // ---- lint -----------------------------------------------------------------------------------
  function showFindings(path, result) {
    if (result instanceof Error) {
      lintSummary.textContent = `Lint unavailable: ${describeError(result)}`;
      replace(findingsEl);
      return;
    }
    const findings = [...(result || [])].sort((a, b) => (a.line || 0) - (b.line || 0));
    if (!isDockerfile(path)) {
      lintSummary.textContent = "";
      replace(findingsEl);
      return;
    }
    lintSummary.textContent = findings.length
      ? `${findings.length} lint finding${findings.length === 1 ? "" : "s"} in ${path}`
      : `No lint findings in ${path}.`;
    replace(
      findingsEl,
      findings.map((finding) => {
        const url = link(finding.docs);
        const severity = String(finding.severity || "info");
        return h(
          "li",
          { class: "dnw__finding", dataset: { rule: String(finding.rule || "") } },
          h(
            "button",
            {
              type: "button",
              class: "dnw__finding-line",
              title: "Show this line in the editor",
              onclick: () => goToLine(Number(finding.line) || 1),
            },
            `Line ${finding.line}`,
          ),
          h("span", { class: `dnw__sev dnw__sev--${severity.replace(/[^a-z]/g, "")}` }, severity),
          h("span", { class: "dnw__finding-rule" }, String(finding.rule || "")),
          h("span", { class: "dnw__finding-message" }, String(finding.message || "")),
          url ? h("a", { href: url }, "Read in the notes") : null,
        );
      }),
    );
  }

  function goToLine(number) {
    const view = editor.view;
    const line = view.state.doc.line(Math.min(Math.max(1, number), view.state.doc.lines));
    view.dispatch({ selection: { anchor: line.from }, scrollIntoView: true });
    editor.focus();
  }

  // ---- build ----------------------------------------------------------------------------------
  function currentOptions() {
    const parsed = parseBuildArgs(argsInput.value);
    if (typeof parsed === "string") return { error: parsed };
    return { noCache: noCache.checked, buildArgs: parsed };
  }

  function showCommand() {
    const options = currentOptions();
    argsError.textContent = options.error || "";
    argsInput.setAttribute("aria-invalid", options.error ? "true" : "false");
    commandEl.textContent = options.error ? "docker build …" : buildCommand(options);
  }
  argsInput.addEventListener("input", showCommand);
  noCache.addEventListener("change", showCommand);
  showCommand();

  function setBusy(busy) {
    building = busy;
    rootEl.dataset.state = busy ? "building" : "idle";
    buildButton.disabled = busy;
    rebuildButton.disabled = busy || !lastBuild;
    resultsEl.setAttribute("aria-busy", busy ? "true" : "false");
  }

  async function build(again) {
    if (building) return;
    const options = again && lastBuild ? lastBuild : currentOptions();
    if (options.error) {
      announce(options.error, "error");
      argsInput.focus();
      return;
    }
    setBusy(true);
    const line = buildCommand(options);
    announce(`Building: ${line}`);
    try {
      await flushSaves();
      const reply = await client.request("run", { line });
      if (destroyed) return;
      lastBuild = options;
      await showBuild(reply, line);
    } catch (error) {
      fail("The build could not run", error);
    } finally {
      if (!destroyed) {
        builds += 1;
        rootEl.dataset.builds = String(builds);
        setBusy(false);
      }
    }
  }

  /** Docker's output of a build, as the log and as printed; the step counts. */
  function drawLog(reply, line, data) {
    rawOut.textContent = `$ ${line}\n${reply.stderr || ""}${reply.stdout || ""}`;
    const counts = renderLog(logList, reply, data);
    // Bring the first step that ran (or failed) into the log's own view; the page does not move.
    const first = logList.querySelector(".dnw__step--rebuilt, .dnw__step--error, .dnw__log-line--error");
    logList.scrollTop = first ? Math.max(0, first.offsetTop - logList.clientHeight / 3) : 0;
    return counts;
  }

  const FAILED = "No new image: the build failed (the log says where).";

  /** The last build of an earlier visit (saved.js): its log, its layers and Rebuild, as it was left. */
  function restoreBuild() {
    const saved = loadBuild();
    if (!saved || logList.childElementCount) return;
    try {
      const data = saved.reply.data?.build || null;
      drawLog(saved.reply, saved.line, data);
      if (saved.model) renderLayers(layersEl, saved.model, saved.before);
      else if (!data || !data.ok) replace(layersEl, h("p", { class: "dnw__empty" }, FAILED));
      previous = saved.model;
      lastBuild = saved.options;
      setBusy(false);
    } catch {
      clearBuild(); // saved by another version of the workbench: start with an empty log
      replace(logList);
      rawOut.textContent = "";
    }
  }

  async function showBuild(reply, line) {
    const data = reply?.data?.build || null;
    // The worker reads the image's history while this thread renders the log.
    const pendingLayers = data && data.ok ? layers(data) : null;
    pendingLayers?.catch(() => {});
    const before = previous;
    const counts = drawLog(reply, line, data);
    if (!data || !data.ok) {
      const why = data?.error || (reply.stderr || "").trim().split("\n").at(-1) || "the build failed";
      const line = Number(data?.error_line) || 0;
      const jump =
        line && files.has("Dockerfile")
          ? h(
              "button",
              {
                type: "button",
                class: "dnw__button dnw__button--quiet",
                onclick: () => {
                  if (current !== "Dockerfile") openFile("Dockerfile");
                  goToLine(line);
                },
              },
              `Go to line ${line}`,
            )
          : null;
      announce(`Build failed: ${why}`, "error", jump);
      replace(layersEl, h("p", { class: "dnw__empty" }, FAILED));
      saveBuild({ line, reply, model: null, before, options: lastBuild });
      return;
    }
    let model = null;
    try {
      model = await pendingLayers;
    } catch (error) {
      replace(layersEl, h("p", { class: "dnw__empty" }, `Could not read the image's history: ${describeError(error)}`));
    }
    if (model) renderLayers(layersEl, model, previous);
    const parts = [`Built ${IMAGE}: ${counts.cached} of ${counts.total} steps cached`];
    const rebuilt = (data.steps || []).filter((step) => !step.cached);
    if (rebuilt.length && counts.cached) {
      parts.push(`first rebuilt step ${rebuilt[0].instruction} (${rebuilt[0].reason})`);
    }
    parts.push(`image ${humanSize(data.size)}${previous ? ` (${humanDelta(data.size - previous.size)})` : ""}`);
    announce(`${parts.join("; ")}.`);
    if (model) previous = model;
    saveBuild({ line, reply, model, before, options: lastBuild });
  }

  async function layers(data) {
    // Both histories are asked for at once: the worker answers them back to back, one round trip.
    const fromStep = (data.steps || []).find((step) => step.kind === "from" && step.stage === data.target);
    const reference = fromStep ? fromStep.instruction.replace(/^FROM\s+/, "").split(/\s+/)[0] : null;
    const [history, baseHistory] = await Promise.all([
      client.request("run", { line: `docker history -H=false --no-trunc --format '{{json .}}' ${data.image_id}` }, { quiet: true }),
      reference ? client.request("run", { line: `docker history -q ${reference}` }, { quiet: true }) : null,
    ]);
    if (history.exit_code !== 0) throw new Error((history.stderr || "docker history failed").trim());
    const rows = parseHistory(history.stdout);
    let base = "scratch";
    let baseCount = 0;
    if (reference) {
      base = reference.replace(/@sha256:[0-9a-f]+$/, "").replace(/^docker\.io\/library\//, "");
      if (baseHistory.exit_code === 0) baseCount = baseHistory.stdout.split("\n").filter((row) => row.trim()).length;
    }
    return { layers: layerModel(data, rows, baseCount), size: data.size, base, imageId: data.image_id };
  }

  // ---- lessons --------------------------------------------------------------------------------
  // `keep` (the automatic starter): only add what is missing, never delete nor overwrite a file. The
  // starter was chosen from an earlier read; a Reset or a share link may have written files since.
  async function load(lesson = {}, { scroll = options.scroll !== false, background = false, keep = false } = {}) {
    const dockerfile = typeof lesson.dockerfile === "string" ? lesson.dockerfile : lesson.files?.Dockerfile;
    if (typeof dockerfile !== "string") throw new Error("load() needs a dockerfile");
    const wanted = { Dockerfile: dockerfile, ...placeholderFiles(dockerfile, lesson.files || {}) };
    if (typeof lesson.dockerfile === "string") wanted.Dockerfile = lesson.dockerfile;
    announce("Loading the lesson…");
    for (const path of [...timers.keys()]) clearTimeout(timers.get(path));
    timers.clear();
    await queue;
    let reply = await client.request("files", {});
    const removed = keep ? [] : Object.keys(reply.files || {}).filter((path) => !(path in wanted));
    for (const path of removed) reply = await client.request("delete_file", { path }, { background });
    for (const [path, content] of Object.entries(wanted)) {
      if (keep && path in (reply.files || {})) continue;
      if (reply.files?.[path] !== content) reply = await client.request("write_file", { path, content }, { background });
    }
    if (destroyed) return;
    files.clear();
    editor.reset();
    current = null;
    previous = null;
    lastBuild = null;
    clearBuild();
    setBusy(false);
    replace(logList);
    rawOut.textContent = "";
    replace(layersEl, h("p", { class: "dnw__empty" }, "Build to see the image's layers."));
    setFiles(reply.files);
    openFile("Dockerfile");
    const count = Object.keys(wanted).length;
    announce(
      `Loaded a lesson: ${count} file${count === 1 ? "" : "s"} in the build context${removed.length ? ` (${removed.length} earlier file${removed.length === 1 ? "" : "s"} removed)` : ""}. Press Build.`,
    );
    if (scroll && typeof element.scrollIntoView === "function") {
      element.scrollIntoView({ behavior: reducedMotion() ? "auto" : "smooth", block: "start" });
    }
  }

  function offerStarter() {
    nameEl.textContent = "";
    const starter = h(
      "button",
      { type: "button", class: "dnw__button dnw__button--quiet", onclick: () => load({ dockerfile: STARTER_DOCKERFILE }) },
      "Load the notes' Node example",
    );
    announce("The playground folder is empty.", "info", starter);
  }

  async function start() {
    announce("Starting the docker simulator…");
    try {
      if (options.lesson) {
        await load(options.lesson);
        return;
      }
      const reply = await client.request("files", {}, { quiet: true });
      if (destroyed) return;
      if (!("Dockerfile" in (reply.files || {})) && options.starter !== false) {
        // The automatic starter must not pull the reader away from where they are reading, nor be saved as
        // if it were their work (another tab would be told this one changed the playground).
        await load({ dockerfile: STARTER_DOCKERFILE }, { scroll: false, background: true, keep: true });
        return;
      }
      setFiles(reply.files);
      openFile(files.has("Dockerfile") ? "Dockerfile" : sortPaths([...files.keys()])[0]);
      restoreBuild();
      announce("");
    } catch (error) {
      const retry = h("button", { type: "button", class: "dnw__button dnw__button--quiet", onclick: () => start() }, "Retry");
      announce(`The docker simulator is not available: ${describeError(error)}`, "error", retry);
    }
  }

  // Files may change behind the workbench (the terminal shares the folder): re-read them after a
  // command the workbench did not send, and when focus comes back into the workbench.
  let lastSync = 0;
  let syncTimer = 0;
  async function resync() {
    if (!started || building || timers.size || saving) return;
    lastSync = Date.now();
    try {
      const reply = await client.request("files", {}, { quiet: true });
      if (destroyed || timers.size || saving || building) return;
      setFiles(reply.files);
      if (!current) {
        const next = files.has("Dockerfile") ? "Dockerfile" : sortPaths([...files.keys()])[0];
        if (next) openFile(next);
        else offerStarter();
      }
    } catch {
      // the status line already says when the simulator is unavailable
    }
  }
  const onFocusIn = (event) => {
    if (Date.now() - lastSync > 1500 && (!event.relatedTarget || !rootEl.contains(event.relatedTarget))) resync();
  };
  rootEl.addEventListener("focusin", onFocusIn);
  const listen = (name, handler) => {
    if (typeof client.on !== "function") return;
    const off = client.on(name, handler);
    if (typeof off === "function") unsubscribe.push(off);
  };
  let missed = false; // files changed while the workbench was starting: re-read once it has started
  listen("changed", (event) => {
    if (!started) missed = true;
    if (!started || building) return;
    if (Array.isArray(event?.sections)) {
      // The client names the changed parts of the state: re-read when files changed (a command, a Try it
      // panel, a share link), except for the workbench's own save of what it shows.
      const paths = event.sections.filter((name) => name.startsWith("files.")).map((name) => name.slice(6));
      if (!paths.length) return;
      if (event.type === "write_file" && paths.every((path) => files.get(path) === event.payload?.content)) return;
    } else if (event && event.type !== "run" && event.type !== "reset") {
      return;
    }
    clearTimeout(syncTimer);
    syncTimer = setTimeout(resync, 200);
  });

  // Start with the playground: at once when it runs, else when it becomes ready (the page starts it
  // on first interaction or when the browser is idle) or when the reader comes into the workbench.
  let started = false;
  let starting = null;
  function begin() {
    if (!starting) {
      starting = start().then(() => {
        started = true;
        rootEl.dataset.ready = "true";
        if (missed) resync();
      });
    }
    return starting;
  }
  const pendingLesson = takeHandoff(options);
  if (pendingLesson) options = { ...options, lesson: pendingLesson };
  // After a restart (Ctrl+C in the terminal) the worker comes back from the saved state: re-read.
  listen("ready", () => (started ? resync() : begin()));
  if (client.status === "ready" || options.lesson || options.eager) begin();
  else {
    announce("The workbench starts with the playground.");
    const early = () => begin();
    rootEl.addEventListener("pointerdown", early, { once: true });
    rootEl.addEventListener("focusin", early, { once: true });
  }
  const ready = { then: (resolve, reject) => begin().then(resolve, reject) };

  return {
    ready,
    load: async (lesson) => {
      await begin();
      return load(lesson);
    },
    destroy() {
      destroyed = true;
      for (const path of [...timers.keys()]) save(path);
      clearTimeout(syncTimer);
      for (const off of unsubscribe) off();
      rootEl.removeEventListener("focusin", onFocusIn);
      editor.destroy();
      element.replaceChildren();
    },
  };
}

export default mountWorkbench;

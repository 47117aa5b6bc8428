// The build: the command line it runs, and the log it shows. The log is docker's own output,
// with each step line marked CACHED or REBUILT (badge text and colour) and, under every step that
// ran, the one-line reason from `data.build` why it missed the cache.

import { h, replace } from "./dom.js";

export const IMAGE = "workbench:latest";
const ARG_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Quote a word for the playground's shell (POSIX single quotes). */
export function shellQuote(word) {
  return /^[A-Za-z0-9_.,:/=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

/**
 * Build args typed as `NAME=value` pairs (a value runs until the next ` NAME=` or the end of the
 * line, so it may hold spaces) → [[name, value]], or an error string. A bare NAME passes the
 * variable through, as `--build-arg NAME` does.
 */
export function parseBuildArgs(text) {
  const out = [];
  const items = String(text || "")
    .split(/\n|\s+(?=[^\s=]+=)/)
    .map((item) => item.trim())
    .filter(Boolean);
  for (const item of items) {
    const at = item.indexOf("=");
    const name = at < 0 ? item : item.slice(0, at);
    if (!ARG_NAME.test(name)) return `"${name}" is not a build argument name (letters, digits and _).`;
    out.push(at < 0 ? [name] : [name, item.slice(at + 1)]);
  }
  return out;
}

/** `docker build [--no-cache] [--build-arg K=V]… -t workbench:latest .` */
export function buildCommand({ noCache = false, buildArgs = [] } = {}) {
  const words = ["docker", "build"];
  if (noCache) words.push("--no-cache");
  for (const [name, value] of buildArgs) {
    words.push("--build-arg", shellQuote(value === undefined ? name : `${name}=${value}`));
  }
  words.push("-t", IMAGE, ".");
  return words.join(" ");
}

const STEP_LINE = /^(?: => |#\d+ )(?:(CACHED|ERROR) )?\[(?:(\S+) )?\s*(\d+)\/\s*(\d+)\]/;

/** Which step of `data.build.steps` a progress line names, or null. */
export function stepOfLine(line, steps) {
  const match = STEP_LINE.exec(line);
  if (!match) return null;
  const [, , stage, index] = match;
  const number = Number(index);
  return (
    (steps || []).find((step) => step.index === number && (stage ? step.stage === stage : true)) || null
  );
}

/** A step's state word: CACHED, or REBUILT (ran although an earlier build exists), or BUILT, or ERROR. */
export function stepState(step, error = false) {
  if (error) return "ERROR";
  if (step.cached) return "CACHED";
  return /^no earlier build/.test(step.reason || "") ? "BUILT" : "REBUILT";
}

function stepName(step, multiStage) {
  const width = String(step.total).length;
  const index = String(step.index).padStart(width, " ");
  return `[${multiStage ? `${step.stage} ` : ""}${index}/${step.total}] ${step.instruction}`;
}

function lineClass(line) {
  if (/^ => => /.test(line)) return "dnw__log-line dnw__log-line--sub";
  if (/^(ERROR|error|\s*>>>)/.test(line) || /^ => ERROR /.test(line)) return "dnw__log-line dnw__log-line--error";
  if (/^ \d+ warnings? found| - \w+: /.test(line)) return "dnw__log-line dnw__log-line--warning";
  if (/^\[\+\] Building/.test(line)) return "dnw__log-line dnw__log-line--head";
  return "dnw__log-line";
}

/** Docker pads progress lines to put the time in a column; split it off so it can sit at the right. */
export function splitTime(line) {
  const match = /^(.*?\S)\s{2,}(\d+(?:\.\d+)?s)$/.exec(line);
  return match ? [match[1], match[2]] : [line, null];
}

function lineParts(line, badge = null) {
  const [text, time] = splitTime(line);
  return [
    time ? h("span", { class: "dnw__log-time" }, time) : null,
    h("span", { class: "dnw__log-text" }, badge, badge ? " " : null, text || " "),
  ];
}

function stepItem(step, text, { multiStage, failed }) {
  const state = stepState(step, failed);
  // A first build has nothing to miss: the BUILT badge says it all. Rebuilt steps say why.
  const reason = state === "REBUILT" ? step.reason : null;
  return h(
    "li",
    {
      class: `dnw__log-line dnw__step dnw__step--${state.toLowerCase()}`,
      dataset: { stage: step.stage, index: String(step.index), cached: String(Boolean(step.cached)), state },
    },
    lineParts(text ?? stepName(step, multiStage), h("span", { class: `dnw__badge dnw__badge--${state.toLowerCase()}` }, state)),
    reason
      ? h(
          "span",
          { class: "dnw__reason" },
          h("span", { class: "dnw__reason-label" }, "cache miss: "),
          reason,
        )
      : null,
  );
}

const FOLD_AFTER = 3;

/**
 * Long runs of sub-progress lines (` => => sha256:… 29.88MB / 29.88MB`, base image downloads) show
 * their first lines and a button that reveals the rest, so the steps stay in view.
 */
function foldSubLines(lines) {
  if (lines.length <= FOLD_AFTER + 1) return lines;
  const hidden = lines.slice(FOLD_AFTER);
  const button = h(
    "button",
    { type: "button", class: "dnw__fold-button" },
    `Show ${hidden.length} more lines`,
  );
  const fold = h("li", { class: "dnw__log-line dnw__log-line--sub dnw__fold" }, button);
  button.addEventListener("click", () => {
    fold.replaceWith(...hidden);
    hidden[0].setAttribute("tabindex", "-1");
    hidden[0].focus();
  });
  return [...lines.slice(0, FOLD_AFTER), fold];
}

/** Output lines of a `run` reply, in the order they were written. */
export function outputLines(reply) {
  let text;
  if (Array.isArray(reply?.chunks) && reply.chunks.length) text = reply.chunks.map(([, chunk]) => chunk).join("");
  else text = `${reply?.stderr || ""}${reply?.stdout || ""}`;
  return text.replace(/\n$/, "").split("\n");
}

/**
 * Render a build into `list` (an <ol>): docker's output lines, step lines marked, reasons under
 * rebuilt steps; steps that never appeared in the output are added at the end.
 */
export function renderLog(list, reply, data) {
  const steps = data?.steps || [];
  const stages = new Set(steps.map((step) => step.stage));
  const multiStage = stages.size > 1;
  const shown = new Set();
  const items = [];
  let run = [];
  const flush = () => {
    items.push(...foldSubLines(run));
    run = [];
  };
  for (const line of outputLines(reply)) {
    const step = stepOfLine(line, steps);
    if (step && !shown.has(step)) {
      flush();
      shown.add(step);
      const failed = /^ => ERROR |^#\d+ ERROR/.test(line);
      items.push(stepItem(step, line.replace(/^ => (CACHED |ERROR )?/, ""), { multiStage, failed }));
    } else if (/^ => => /.test(line)) {
      run.push(h("li", { class: lineClass(line) }, lineParts(line)));
    } else {
      flush();
      items.push(h("li", { class: lineClass(line) }, lineParts(line)));
    }
  }
  flush();
  for (const step of steps) {
    if (!shown.has(step)) items.push(stepItem(step, null, { multiStage, failed: false }));
  }
  replace(list, items);
  return { cached: steps.filter((step) => step.cached).length, total: steps.length };
}

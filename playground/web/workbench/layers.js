// The layer diagram: one bar per layer of the image (the rows `docker history` prints), bar length
// proportional to the size (log scale when sizes span orders of magnitude), each marked as from the
// base image, CACHED, REBUILT or config-only, and compared with the previous build.

import { h, replace } from "./dom.js";
import { humanDelta, humanSize } from "./sizes.js";
import { stepState } from "./buildlog.js";

const FILESYSTEM = /^(RUN|COPY|ADD|WORKDIR)\b/;

/** `RUN /bin/sh -c npm ci # buildkit` → `RUN npm ci` (how the Dockerfile spelled it). */
export function cleanCreatedBy(text) {
  return String(text || "")
    .replace(/\s*# buildkit$/, "")
    .replace(/^RUN \/bin\/sh -c /, "RUN ")
    .replace(/^\/bin\/sh -c #\(nop\)\s*/, "")
    .trim();
}

/** Parse `docker history --format '{{json .}}'` output (one JSON object per line). */
export function parseHistory(stdout) {
  const rows = [];
  for (const line of String(stdout || "").split("\n")) {
    if (!line.trim()) continue;
    try {
      rows.push(JSON.parse(line));
    } catch {
      // not a row
    }
  }
  return rows;
}

/**
 * Layers bottom-up: `{instruction, size, origin: "base"|"build", state, step}`. The top
 * `rows.length - baseCount` rows come from this Dockerfile; their filesystem rows (RUN, COPY,
 * ADD, WORKDIR) pair in order with the target stage's steps, the rest are config-only.
 */
export function layerModel(data, historyRows, baseCount) {
  const rows = [...historyRows].reverse();
  const base = Math.min(Math.max(0, baseCount), rows.length);
  const target = data?.target;
  const steps = (data?.steps || []).filter((step) => step.kind !== "from" && (!target || step.stage === target));
  let next = 0;
  return rows.map((row, position) => {
    const instruction = cleanCreatedBy(row.CreatedBy);
    const size = Number(row.Size) || 0;
    if (position < base) return { instruction, size, origin: "base", state: "BASE", step: null };
    if (FILESYSTEM.test(instruction) && next < steps.length) {
      const step = steps[next];
      next += 1;
      return { instruction, size, origin: "build", state: stepState(step), step };
    }
    return { instruction, size, origin: "build", state: "CONFIG", step: null };
  });
}

/** Compare with the previous build's layers: per-layer delta and the summary lines. */
export function compare(current, previous) {
  if (!previous) return { deltas: current.layers.map(() => null), summary: [] };
  const before = previous.layers.filter((layer) => layer.origin === "build");
  const now = current.layers.filter((layer) => layer.origin === "build");
  const deltas = current.layers.map(() => null);
  const summary = [];
  const baseBefore = previous.layers.filter((layer) => layer.origin === "base").map((l) => l.instruction).join("\n");
  const baseNow = current.layers.filter((layer) => layer.origin === "base").map((l) => l.instruction).join("\n");
  if (baseBefore !== baseNow || previous.base !== current.base) {
    summary.push(["Base image changed: ", { code: previous.base || "none" }, " → ", { code: current.base || "none" }]);
  }
  const offset = current.layers.length - now.length;
  let changed = 0;
  now.forEach((layer, index) => {
    const old = before[index];
    if (!old || old.instruction !== layer.instruction) {
      deltas[offset + index] = { kind: "new", bytes: layer.size };
      changed += 1;
      return;
    }
    const bytes = layer.size - old.size;
    deltas[offset + index] = { kind: bytes === 0 ? "same" : "size", bytes };
    if (bytes !== 0 || layer.state === "REBUILT") changed += 1;
  });
  const gone = before.filter((old, index) => !now[index] || now[index].instruction !== old.instruction);
  const rebuilt = now.filter((layer) => layer.state === "REBUILT" || layer.state === "BUILT");
  const code = (layers) => layers.map((layer) => ({ code: layer.instruction }));
  summary.push(
    rebuilt.length
      ? ["Rebuilt: ", ...code(rebuilt)]
      : ["No layer was rebuilt: every step came from the cache."],
  );
  const added = now.filter((layer, index) => !before[index] || before[index].instruction !== layer.instruction);
  if (added.length) summary.push(["New or changed instructions: ", ...code(added)]);
  if (gone.length) summary.push(["No longer in the image: ", ...code(gone)]);
  summary.push([
    `Image size ${humanSize(current.size)} (${humanDelta(current.size - previous.size)} compared with the previous build).`,
  ]);
  return { deltas, summary, changed };
}

/** Bar widths in % of the track; log scale when the largest layer is > 100× the smallest non-empty one. */
export function barWidths(sizes) {
  const positive = sizes.filter((size) => size > 0);
  const max = Math.max(0, ...positive);
  const min = positive.length ? Math.min(...positive) : 0;
  const log = max > 0 && max / min > 100;
  const widths = sizes.map((size) => {
    if (size <= 0 || max <= 0) return 0;
    const ratio = log ? Math.log10(size + 1) / Math.log10(max + 1) : size / max;
    return Math.max(0.75, Math.round(ratio * 1000) / 10);
  });
  return { widths, log };
}

const STATE_TEXT = {
  BASE: "base image",
  CACHED: "cached",
  REBUILT: "rebuilt",
  BUILT: "built",
  CONFIG: "config only",
};

/** One summary line: strings, and `{code}` parts shown as code, separated by commas. */
function summaryItem(parts) {
  const nodes = [];
  let previousCode = false;
  for (const part of parts) {
    if (typeof part === "string") {
      nodes.push(part);
      previousCode = false;
    } else {
      if (previousCode) nodes.push(", ");
      nodes.push(h("code", {}, part.code));
      previousCode = true;
    }
  }
  return h("li", {}, nodes);
}

/** Render the diagram into `container`. */
export function renderLayers(container, current, previous) {
  const { deltas, summary } = compare(current, previous);
  const { widths, log } = barWidths(current.layers.map((layer) => layer.size));
  const baseCount = current.layers.filter((layer) => layer.origin === "base").length;
  const items = [];
  current.layers.forEach((layer, index) => {
    if (index === 0 && baseCount) items.push(h("li", { class: "dnw__layer-group", "aria-hidden": "true" }, `From ${current.base}`));
    if (index === baseCount) items.push(h("li", { class: "dnw__layer-group", "aria-hidden": "true" }, "From this Dockerfile"));
    const delta = deltas[index];
    const state = layer.state;
    items.push(
      h(
        "li",
        { class: `dnw__layer dnw__layer--${state.toLowerCase()}`, dataset: { state, origin: layer.origin, size: String(layer.size) } },
        h("span", { class: "dnw__layer-label", title: layer.instruction }, layer.instruction),
        h(
          "span",
          { class: "dnw__bar", "aria-hidden": "true" },
          h("span", { class: "dnw__bar-fill", style: { width: `${widths[index]}%` } }),
        ),
        h("span", { class: "dnw__layer-size" }, humanSize(layer.size)),
        h("span", { class: `dnw__badge dnw__badge--${state.toLowerCase()}` }, STATE_TEXT[state] || state),
        delta && delta.kind !== "same"
          ? h(
              "span",
              { class: `dnw__delta dnw__delta--${delta.kind}` },
              delta.kind === "new" ? "new" : humanDelta(delta.bytes),
            )
          : null,
      ),
    );
  });
  const filesystem = current.layers.filter((layer) => layer.size > 0).length;
  replace(
    container,
    h(
      "p",
      { class: "dnw__layers-total" },
      h("strong", {}, `${current.layers.length} layers`),
      ` (${filesystem} with files) · image ${humanSize(current.size)}`,
      log ? " · bar lengths on a log scale" : "",
    ),
    summary.length ? h("ul", { class: "dnw__compare", "aria-label": "Compared with the previous build" }, summary.map(summaryItem)) : null,
    h("ol", { class: "dnw__layer-list" }, items),
  );
}

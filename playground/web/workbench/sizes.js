// Sizes the way the docker CLI prints them (go-units: decimal units, 3 significant digits), and deltas.

const UNITS = ["B", "kB", "MB", "GB", "TB", "PB"];

/** `130490439` → `130MB`, `3190000` → `3.19MB`, `370` → `370B` (docker images / history style). */
export function humanSize(bytes) {
  let size = Math.abs(Number(bytes) || 0);
  let unit = 0;
  while (size >= 1000 && unit < UNITS.length - 1) {
    size /= 1000;
    unit += 1;
  }
  const digits = unit === 0 ? String(Math.round(size)) : String(Number(size.toPrecision(3)));
  return `${(Number(bytes) < 0 ? "-" : "")}${digits}${UNITS[unit]}`;
}

/** A signed delta: `+1B`, `-3.19MB`, `±0B`. */
export function humanDelta(bytes) {
  const value = Number(bytes) || 0;
  if (value === 0) return "±0B";
  return (value > 0 ? "+" : "-") + humanSize(Math.abs(value));
}

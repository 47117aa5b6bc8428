// The playground's own notes on a failed command, shown after docker's output (which stays verbatim) and
// styled apart from it: "did you mean" for a mistyped docker command, and a pointer to `docker ps -a` or
// `docker images` when an ID the reader typed (such as the notes' example a1b2c3d4e5f6) does not exist.

const UNKNOWN = /^docker: unknown command: (docker(?: [\w.-]+)*) (\S+)$/m;
const MISSING = /No such (container|image|object): (\S+?)(?::latest)?$/m;
const ID = /^(?:[0-9a-f]{12}|[0-9a-f]{64})$/;

/**
 * Edits from `a` to `b`: insertions, deletions, substitutions (Levenshtein, cobra's measure) and, with
 * `swaps`, two neighbours exchanged counted as one (to rank `rnu` nearer to `run` than to `rm`).
 */
export function distance(a, b, { swaps = false } = {}) {
  const rows = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (swaps && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j], rows[i - 2][j - 2] + 1);
      }
    }
    rows.push(row);
  }
  return rows[a.length][b.length];
}

/**
 * The names a mistyped one may have meant, by cobra's rule (SuggestionsFor: at most 2 edits away, case
 * ignored, or starting with what was typed), nearest first.
 */
export function suggestions(typed, names) {
  const word = typed.toLowerCase();
  return names
    .filter((name) => distance(word, name.toLowerCase()) <= 2 || name.toLowerCase().startsWith(word))
    .map((name) => [name, distance(word, name.toLowerCase(), { swaps: true })])
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .map(([name]) => name);
}

/** The note for an ID that is not there, or null. */
export function missingIdNote(stderr) {
  const match = MISSING.exec(stderr);
  if (!match || !ID.test(match[2])) return null;
  const [, kind, id] = match;
  const list = kind === "image" ? "docker images" : "docker ps -a";
  const what = kind === "image" ? "images" : "containers";
  return (
    `${id} looks like an ID from the notes' example output. Every ${kind === "image" ? "image" : "container"} ` +
    `gets its own ID, so yours differ: run ${list} to see your ${what}, then use one of their IDs or names.`
  );
}

/**
 * The notes for a failed line: `reply` is the worker's answer, `complete(line)` asks the simulator for the
 * Tab completions of a line (the command tree's names). Resolves to a list of texts, often empty.
 */
export async function hintsFor(reply, complete) {
  const chunks = Array.isArray(reply?.chunks) ? reply.chunks : [];
  const stderr = chunks.length
    ? chunks.filter((chunk) => chunk[0] === "stderr").map((chunk) => chunk[1]).join("")
    : String(reply?.stderr ?? "");
  const notes = [];
  const unknown = UNKNOWN.exec(stderr);
  if (unknown) {
    const [, parent, typed] = unknown;
    const answer = await complete(`${parent} `);
    const names = (Array.isArray(answer?.candidates) ? answer.candidates : []).filter((name) => typeof name === "string");
    const close = suggestions(typed, names).slice(0, 4);
    if (close.length) notes.push(`Did you mean this?\n${close.map((name) => `\t${parent} ${name}`).join("\n")}`);
  }
  const missing = missingIdNote(stderr);
  if (missing) notes.push(missing);
  return notes;
}

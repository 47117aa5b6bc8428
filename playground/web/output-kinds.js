// What a command wrote to stderr, told apart: docker and BuildKit print their progress there (an image
// pulled on the way to `docker run`, the build's steps, Compose's resources), and that progress is not
// an error. The terminal shows progress calmly and keeps the stderr label and its colour for the rest.

// Lines docker, BuildKit and Compose write to stderr as progress (docker/cli's jsonmessage, BuildKit's
// tty and plain printers, Compose's progress writer).
const PROGRESS = [
  /^Unable to find image '[^']*' locally$/,
  /^\S+: Pulling from \S+$/,
  /^[0-9a-f]{12}: (?:Pulling fs layer|Waiting|Downloading|Verifying Checksum|Download complete|Extracting|Pull complete|Already exists)\b/,
  /^Digest: sha256:[0-9a-f]{64}$/,
  /^Status: (?:Downloaded newer image|Image is up to date) for \S+$/,
  /^Using default tag: \S+$/,
  // docker cp's progress and its closing line (cli/command/container/cp.go), on stderr
  /^(?:Preparing to copy\.\.\.|Copying (?:to|from) container - \S+|Successfully copied \S+ to .+)$/,
  /^\[\+\] (?:Building|Running|Pulling|Stopping|Killing|Removing|Creating|Starting|Restarting|Pausing|Unpausing|Copying|Down|Up)\b/,
  /^ => (?!ERROR)/,
  /^#\d+ (?!ERROR)/,
  /^ ?(?:[✔✘⠿]|[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]) (?:Container|Network|Volume|Image|Service) /,
  /^ [0-9a-f]{12} (?:Pulling fs layer|Waiting|Downloading|Verifying Checksum|Download complete|Extracting|Pull complete|Already exists)\b/,
  /^ (?:(?:Container|Network|Volume|Image) )?\S+ +(?:Creating|Created|Starting|Started|Stopping|Stopped|Removing|Removed|Running|Recreate|Recreated|Waiting|Healthy|Pulling|Pulled|Building|Built|Skipped|Killing|Killed|Restarting|Restarted)$/,
];

/** Whether one stderr line is progress (a pull, a build step, a Compose resource), not a complaint. */
export function isProgress(line) {
  return line === "" || PROGRESS.some((pattern) => pattern.test(line));
}

/**
 * A stderr text → runs of ["progress" | "err", text] in order. Everything from the first line that is
 * not progress on is an error: BuildKit's context lines after an ERROR (`------`, `> [2/3] RUN …`) belong
 * to it.
 */
export function splitStderr(text) {
  const lines = String(text).split(/(?<=\n)/);
  const runs = [];
  let failed = false;
  for (const line of lines) {
    if (!failed && !isProgress(line.replace(/\s+$/, ""))) failed = true;
    const kind = failed ? "err" : "progress";
    const last = runs[runs.length - 1];
    if (last && last[0] === kind) last[1] += line;
    else runs.push([kind, line]);
  }
  return runs;
}

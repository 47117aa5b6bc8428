// Make a Pyodide memory snapshot with dockersim imported (run by snapshot.py at site build, under Node).
//   node snapshot.mjs <pyodide folder> <dockersim wheel> <output .gz>
// The browser's worker loads it with loadPyodide({_loadSnapshot}) and skips Python's start-up and the
// simulator's imports. The output is gzip (any static host serves it as it is; the worker inflates it).
import { readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [folder, wheel, out] = process.argv.slice(2);
if (!folder || !wheel || !out) {
  console.error("usage: node snapshot.mjs <pyodide folder> <wheel> <output>");
  process.exit(2);
}
const { loadPyodide } = await import(pathToFileURL(path.join(folder, "pyodide.mjs")).href);
const pyodide = await loadPyodide({
  indexURL: folder + path.sep,
  packages: [],
  _makeSnapshot: true,
  stdout: () => {},
  stderr: (line) => console.error(line),
});
pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel");
// Import every dockersim module now, so none is imported lazily from a file later.
pyodide.runPython(`
import importlib, pkgutil
import dockersim, dockersim.worker
for info in pkgutil.walk_packages(dockersim.__path__, "dockersim."):
    if not info.name.endswith("__main__"):
        importlib.import_module(info.name)
`);
const snapshot = pyodide.makeMemorySnapshot();
writeFileSync(out, gzipSync(snapshot, { level: 9 }));
console.log(`${snapshot.length}`);

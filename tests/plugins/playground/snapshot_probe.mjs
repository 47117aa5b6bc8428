// Run a Python file in Pyodide and print {result: the JSON its `result` names, deadStackBytes}: started from
// the site's snapshot the way worker.js does (no standard library zip, no lock file, no wheel), or, with "-"
// for the snapshot, started the normal way. deadStackBytes counts the non-zero bytes the snapshot holds in
// the C stack below its top 4 KiB (null without a snapshot).
//   node snapshot_probe.mjs <pyodide folder> <snapshot or -> <codec module> <empty zip> <python file>
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [folder, snapshotPath, codec, emptyZip, pythonPath] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(path.join(folder, "pyodide.mjs")).href);
const options = { indexURL: folder + path.sep, packages: [], stdout: () => {}, stderr: () => {} };
let memory = null;
if (snapshotPath !== "-") {
  const { decodeSnapshot } = await import(pathToFileURL(path.resolve(codec)).href);
  const wasm = readFileSync(path.join(folder, "pyodide.asm.wasm"));
  const { meta, snapshot } = decodeSnapshot(new Uint8Array(readFileSync(snapshotPath)), wasm);
  const memoryAt = new DataView(snapshot.buffer, snapshot.byteOffset).getUint32(4, true);
  memory = snapshot.slice(memoryAt);
  Object.assign(options, {
    _loadSnapshot: snapshot,
    lockFileContents: { info: meta.lock, packages: {} },
    stdLibURL: path.resolve(emptyZip),
  });
}
const pyodide = await loadPyodide(options);
const namespace = pyodide.toPy({});
pyodide.runPython(readFileSync(pythonPath, "utf8"), { globals: namespace });
let deadStackBytes = null;
if (memory) {
  const end = pyodide._module._emscripten_stack_get_end() >>> 0;
  const base = pyodide._module._emscripten_stack_get_base() >>> 0;
  deadStackBytes = memory.subarray(end, base - 4096).reduce((count, byte) => count + (byte !== 0), 0);
}
console.log(JSON.stringify({ result: JSON.parse(namespace.get("result")), deadStackBytes }));

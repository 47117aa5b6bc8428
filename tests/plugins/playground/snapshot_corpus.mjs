// Start Pyodide from the site's snapshot the way worker.js does (decoded with snapshot-codec.mjs, an empty
// standard library zip, a lock file with no packages, no wheel, the rest archive handed to _dnp_lazy), then
// send every request of a JSON file to dockersim.worker.handle and print one JSON line per reply, then
// {"mounted": whether the rest archive was needed, "fetched": the URLs the finder asked for}.
// The runtime is made from <runtime module> when given (the site's minified copy of pyodide.asm.mjs, as the
// worker's snapshot start does), else from Pyodide's own.
//   node snapshot_corpus.mjs <pyodide folder> <snapshot> <codec module> <empty zip> <requests.json> <rest zip>
//     [runtime module]
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [folder, snapshotPath, codec, emptyZip, requestsPath, restPath, runtime] = process.argv.slice(2);
const made = runtime ? { createPyodideModule: (await import(pathToFileURL(path.resolve(runtime)).href)).default } : {};
const { decodeSnapshot } = await import(pathToFileURL(path.resolve(codec)).href);
const { loadPyodide } = await import(pathToFileURL(path.join(folder, "pyodide.mjs")).href);
const wasm = readFileSync(path.join(folder, "pyodide.asm.wasm"));
const { meta, snapshot } = decodeSnapshot(new Uint8Array(readFileSync(snapshotPath)), wasm);
const pyodide = await loadPyodide({
  indexURL: folder + path.sep,
  packages: [],
  stdout: () => {},
  stderr: () => {},
  _loadSnapshot: snapshot,
  lockFileContents: { info: meta.lock, packages: {} },
  stdLibURL: path.resolve(emptyZip),
  ...made,
});
const handle = pyodide.pyimport("dockersim.worker").handle;
const zipOnPath = pyodide.runPython("import sys; [p for p in sys.path if p.endswith('.zip')]").toJs();
console.log(JSON.stringify({ zipOnPath }));
const fetched = [];
const lazy = pyodide.pyimport("_dnp_lazy");
lazy.install((url) => {
  fetched.push(url);
  return new Uint8Array(readFileSync(url));
}, restPath);
for (const request of JSON.parse(readFileSync(requestsPath, "utf8"))) {
  let reply;
  try {
    reply = JSON.parse(handle(JSON.stringify(request)));
  } catch (error) {
    reply = { id: request.id, ok: false, error: { code: "thrown", message: String(error.message || error) } };
  }
  console.log(JSON.stringify({ id: request.id, ok: reply.ok, error: reply.error ?? null, text: JSON.stringify(reply.payload ?? {}).slice(0, 4000) }));
}
console.log(JSON.stringify({ mounted: lazy.state.get("mounted"), fetched }));

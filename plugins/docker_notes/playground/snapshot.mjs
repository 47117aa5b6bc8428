// Make a Pyodide memory snapshot with dockersim imported (run by snapshot.py at site build, under Node).
//   node snapshot.mjs <pyodide folder> <dockersim wheel> <codec module> <output> [modules it may import]
// The browser's worker loads it with loadPyodide({_loadSnapshot}) and skips Python's start-up, the
// simulator's imports and the downloads of the standard library, the lock file and the wheel. The file is
// the format in playground/web/snapshot-codec.mjs (memory XOR the wasm's data segments), written raw.
// The snapshot holds what the first commands need; the last line printed is JSON that tells snapshot.py what
// the rest archive (dockersim.rest.zip, loaded on first use by snapshot_lazy.py) must hold:
// {"bytes": the snapshot's size, "held": modules in the snapshot, "stdlib": standard library files (paths in
// Pyodide's zip) that the simulator's other modules import and the snapshot lacks}.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";

const PREPARE = new URL("snapshot_prepare.py", import.meta.url);
const LAZY = new URL("snapshot_lazy.py", import.meta.url);

const [folder, wheel, codec, out, modules = ""] = process.argv.slice(2);
const wanted = modules.split(",").filter(Boolean);
if (!folder || !wheel || !codec || !out) {
  console.error("usage: node snapshot.mjs <pyodide folder> <wheel> <codec module> <output> [module,module…]");
  process.exit(2);
}
const { encodeSnapshot } = await import(pathToFileURL(path.resolve(codec)).href);
const { loadPyodide } = await import(pathToFileURL(path.join(folder, "pyodide.mjs")).href);
const pyodide = await loadPyodide({
  indexURL: folder + path.sep,
  packages: [],
  _makeSnapshot: true,
  stdout: () => {},
  stderr: (line) => console.error(line),
});
pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel");
// Import what the first commands need (the warm-up's commands import the rest of it), then drop what the
// worker never uses (snapshot_prepare.py says what and why) and put the finder of the rest in place. The
// preparation runs in a namespace of its own, emptied afterwards, so none of it stays in the snapshot.
const namespace = pyodide.toPy({ wanted, lazySource: readFileSync(LAZY, "utf8") });
pyodide.runPython(`${readFileSync(PREPARE, "utf8")}\nbegin()\n`, { globals: namespace });
warmUp(pyodide.pyimport("dockersim.worker").handle);
const heldProxy = pyodide.runPython("finish(wanted, lazySource)", { globals: namespace });
const held = heldProxy.toJs();
heldProxy.destroy();
namespace.clear();
namespace.destroy();
dropWarmUpLeftovers(pyodide);
zeroFreeMemory(pyodide._module);
zeroDeadStack(pyodide._module);
const lock = JSON.parse(readFileSync(path.join(folder, "pyodide-lock.json"), "utf8"));
const snapshot = pyodide.makeMemorySnapshot();
const wasm = readFileSync(path.join(folder, "pyodide.asm.wasm"));
const file = encodeSnapshot(snapshot, wasm, { lock: lock.info, pyodide: pyodide.version, wasmBytes: wasm.length });
writeFileSync(out, file);
const stdlib = await restOfStdlib(new Set(held));
console.log(JSON.stringify({ bytes: snapshot.length, held, stdlib }));

/**
 * The standard library files the simulator's modules import beyond what the snapshot holds: in a second
 * Pyodide, started the normal way, import every dockersim module and every module snapshot.py listed, and
 * keep the files loaded from the standard library zip that the start itself had not loaded.
 */
async function restOfStdlib(heldNames) {
  const fresh = await loadPyodide({ indexURL: folder + path.sep, packages: [], stdout: () => {}, stderr: () => {} });
  fresh.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel");
  const found = fresh.runPython(
    `
import contextlib, importlib, pkgutil, sys
zip_path = next(entry for entry in sys.path if entry.endswith(".zip"))
before = set(sys.modules)
import dockersim
for info in pkgutil.walk_packages(dockersim.__path__, "dockersim."):
    if not info.name.endswith("__main__"):
        importlib.import_module(info.name)
for name in wanted:
    with contextlib.suppress(ImportError):
        importlib.import_module(name)
files = sorted(
    (name, module.__file__[len(zip_path) + 1 :])
    for name, module in list(sys.modules.items())
    if name not in before and (getattr(module, "__file__", None) or "").startswith(zip_path + "/")
)
files
`,
    { globals: fresh.toPy({ wanted }) },
  );
  const files = found.toJs();
  found.destroy();
  return files.filter(([name]) => !heldNames.has(name)).map(([, file]) => file);
}

/**
 * Answer a reader's first requests once, in a throwaway session: the first command's one-time costs
 * (regular expressions compiled on first use, tables built lazily, the interpreter's specialised
 * bytecode) are paid here instead of by every reader. The session's state is then restored once, as a
 * returning reader's `init` does (its checks and loaders are warmed too). A last `init` leaves a fresh
 * session, and the page's own `init` replaces it anyway.
 */
function warmUp(handle) {
  let id = 0;
  const ask = (type, payload) => {
    const reply = JSON.parse(handle(JSON.stringify({ id: ++id, type, payload })));
    if (reply.ok === false) throw new Error(`warm-up ${type} failed: ${JSON.stringify(reply.error)}`);
    return reply.payload;
  };
  ask("init", { state: null, seed: 1 });
  ask("run", { line: "docker run -d --name warm-up -p 8080:80 nginx" });
  ask("run", { line: "docker ps -a" });
  ask("run", { line: "docker images" });
  // What the Playground page's engine view reads after every command that changed the state (engine-view.js):
  // without them in the snapshot, the first answer's reads downloaded the rest archive at once.
  for (const what of ["ps -a", "images", "volume ls", "network ls"]) ask("run", { line: `docker ${what} --format '{{json .}}'` });
  ask("explain", { line: "docker run -d nginx" });
  ask("complete", { line: "docker ru", cursor: 9 });
  const { state } = ask("state", {});
  const { restored } = ask("init", { state, seed: null });
  if (!restored) throw new Error("warm-up: the session's own state was not restored");
  ask("init", { state: null, seed: null });
  handle.destroy();
}

/**
 * Overwrite the heap's free memory with zeros: freed blocks keep their old bytes, which gzip must then
 * carry (a quarter of the compressed snapshot). Allocate every free block that lies inside the current
 * heap, from large to small, zero it and free it again; a block past the heap's end (the allocator
 * would grow the heap) is given back at once. Only malloc/free are used, so the allocator stays sound.
 */
function zeroFreeMemory(module) {
  const end = module._sbrk(0) >>> 0;
  const blocks = [];
  for (let size = 1 << 18; size >= 8; size >>= 1) {
    for (;;) {
      const block = module._malloc(size) >>> 0;
      if (!block) break;
      if (block + size > end) {
        module._free(block);
        break;
      }
      module.HEAPU8.fill(0, block, block + size);
      blocks.push(block);
    }
  }
  for (const block of blocks) module._free(block);
}

/**
 * Free what the warm-up left in reference cycles, so that its memory is zeroed too, and empty the
 * interpreter's type attribute cache: thousands of pointers (25 kB gzip) that the first command refills at no
 * cost measured (the specialised bytecode, the warm-up's real gain, stays).
 */
function dropWarmUpLeftovers(pyodide) {
  for (const [name, method] of [["gc", "collect"], ["sys", "_clear_internal_caches"]]) {
    const module = pyodide.pyimport(name);
    module[method]();
    module.destroy();
  }
}

/**
 * Zero the C stack below the stack pointer: deep calls during the imports and the warm-up left their frames
 * there (23 kB of old bytes, 14 kB compressed) and no live frame lies below the pointer while JavaScript runs.
 */
function zeroDeadStack(module) {
  const end = module._emscripten_stack_get_end() >>> 0;
  const current = module._emscripten_stack_get_current() >>> 0;
  module.HEAPU8.fill(0, end, current);
}

// The playground's memory snapshot format (written at site build by snapshot.mjs under Node, read by
// worker.js). A Pyodide memory snapshot is mostly the wasm's linear memory, and its first megabytes are
// the wasm's own data segments, which the browser downloads anyway with pyodide.asm.wasm. So the file
// stores the memory XOR that initial image (unchanged bytes become zeros, which gzip all but removes):
//
//   "DNSNAP02"  u32 meta length  meta JSON (padded with spaces to a multiple of 8)  Pyodide snapshot
//
// The Pyodide snapshot keeps its own header (u32 magic, u32 offset of the memory, ...); only the bytes from
// that offset on are XORed. The whole file is gzip on the wire; meta carries what the worker needs to
// start without other downloads (the lock file's `info`).

const MAGIC = "DNSNAP02";
const HEADER = 12;

/** The wasm's active data segments: [{offset, bytes}] (offsets into linear memory). */
export function activeDataSegments(wasm) {
  const bytes = wasm instanceof Uint8Array ? wasm : new Uint8Array(wasm);
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new Error("snapshot: the runtime is not WebAssembly");
  }
  let at = 8;
  const leb = () => {
    let result = 0;
    let shift = 0;
    let byte;
    do {
      byte = bytes[at++];
      result |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    return result >>> 0;
  };
  const offsetExpression = () => {
    const opcode = bytes[at++];
    if (opcode !== 0x41) throw new Error(`snapshot: unsupported data offset opcode ${opcode}`);
    const value = leb();
    if (bytes[at++] !== 0x0b) throw new Error("snapshot: unsupported data offset expression");
    return value;
  };
  const segments = [];
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = leb();
    const end = at + size;
    if (id === 11) {
      for (let count = leb(); count > 0; count--) {
        const kind = leb();
        let offset = -1;
        if (kind === 0) offset = offsetExpression();
        else if (kind === 2) {
          leb(); // memory index
          offset = offsetExpression();
        } else if (kind !== 1) throw new Error(`snapshot: unknown data segment kind ${kind}`);
        const length = leb();
        if (offset >= 0) segments.push({ offset, bytes: bytes.subarray(at, at + length) });
        at += length;
      }
      return segments;
    }
    at = end;
  }
  return segments;
}

/** XOR the memory part of a Pyodide snapshot with the wasm's data segments, in place (its own inverse). */
export function xorDataSegments(pyodideSnapshot, segments) {
  const memoryAt = new DataView(pyodideSnapshot.buffer, pyodideSnapshot.byteOffset).getUint32(4, true);
  const memory = pyodideSnapshot.subarray(memoryAt);
  for (const { offset, bytes } of segments) {
    if (offset + bytes.length > memory.length) throw new Error("snapshot: a data segment lies outside the memory");
    for (let i = 0; i < bytes.length; i++) memory[offset + i] ^= bytes[i];
  }
  return pyodideSnapshot;
}

/** The file's bytes (before gzip) for a Pyodide snapshot, the wasm it was made with, and meta. */
export function encodeSnapshot(pyodideSnapshot, wasm, meta) {
  let json = JSON.stringify(meta);
  while ((HEADER + json.length) % 8) json += " ";
  const metaBytes = new TextEncoder().encode(json);
  if (metaBytes.length !== json.length) throw new Error("snapshot: meta must be ASCII");
  const out = new Uint8Array(HEADER + metaBytes.length + pyodideSnapshot.length);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, metaBytes.length, true);
  out.set(metaBytes, HEADER);
  out.set(pyodideSnapshot, HEADER + metaBytes.length);
  xorDataSegments(out.subarray(HEADER + metaBytes.length), activeDataSegments(wasm));
  return out;
}

/** {meta, snapshot}: the Pyodide snapshot restored in place (a view into `file`), for `_loadSnapshot`. */
export function decodeSnapshot(file, wasm) {
  if (file.length < HEADER || new TextDecoder().decode(file.subarray(0, 8)) !== MAGIC) {
    throw new Error("snapshot: not a playground snapshot");
  }
  const metaLength = new DataView(file.buffer, file.byteOffset).getUint32(8, true);
  if (HEADER + metaLength + 16 > file.length || (HEADER + metaLength) % 8) throw new Error("snapshot: bad header");
  const meta = JSON.parse(new TextDecoder().decode(file.subarray(HEADER, HEADER + metaLength)));
  const snapshot = xorDataSegments(file.subarray(HEADER + metaLength), activeDataSegments(wasm));
  return { meta, snapshot };
}

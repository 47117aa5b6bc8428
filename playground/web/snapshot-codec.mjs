// The playground's memory snapshot format (written at site build by snapshot.mjs under Node, read by
// worker.js). A Pyodide memory snapshot is mostly the wasm's linear memory, and its first megabytes are
// the wasm's own data segments, which the browser downloads anyway with pyodide.asm.wasm. So the file
// stores the memory XOR that initial image (unchanged bytes become zeros), and leaves out the 4 KiB pages
// that are then all zeros (a third of the memory: inflating them would cost the worker time):
//
//   "DNSNAP03"  u32 meta length  meta JSON (padded with spaces to a multiple of 8)
//   u32 snapshot length  u32 page count  page bitmap (1 = stored; padded to a multiple of 8)  stored pages
//
// The Pyodide snapshot keeps its own header (u32 magic, u32 offset of the memory, ...); only the bytes from
// that offset on are XORed. The whole file is gzip on the wire; meta carries what the worker needs to
// start without other downloads (the lock file's `info`).

const MAGIC = "DNSNAP03";
const HEADER = 12;
const PAGE = 4096;

const pad8 = (length) => (length + 7) & ~7;

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
  const snapshot = xorDataSegments(pyodideSnapshot.slice(), activeDataSegments(wasm));
  const pageCount = Math.ceil(snapshot.length / PAGE);
  const bitmap = new Uint8Array(pad8(Math.ceil(pageCount / 8)));
  const stored = [];
  for (let page = 0; page < pageCount; page++) {
    const bytes = snapshot.subarray(page * PAGE, (page + 1) * PAGE);
    if (bytes.some((byte) => byte !== 0)) {
      bitmap[page >> 3] |= 1 << (page & 7);
      stored.push(bytes);
    }
  }
  const start = HEADER + metaBytes.length;
  const pagesAt = start + 8 + bitmap.length;
  const out = new Uint8Array(pagesAt + stored.reduce((sum, bytes) => sum + bytes.length, 0));
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(8, metaBytes.length, true);
  out.set(metaBytes, HEADER);
  view.setUint32(start, snapshot.length, true);
  view.setUint32(start + 4, pageCount, true);
  out.set(bitmap, start + 8);
  let at = pagesAt;
  for (const bytes of stored) {
    out.set(bytes, at);
    at += bytes.length;
  }
  return out;
}

/** {meta, snapshot}: the Pyodide snapshot rebuilt from the file (for `_loadSnapshot`). */
export function decodeSnapshot(file, wasm) {
  if (file.length < HEADER || new TextDecoder().decode(file.subarray(0, 8)) !== MAGIC) {
    throw new Error("snapshot: not a playground snapshot");
  }
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const metaLength = view.getUint32(8, true);
  const start = HEADER + metaLength;
  if (start + 8 > file.length || start % 8) throw new Error("snapshot: bad header");
  const meta = JSON.parse(new TextDecoder().decode(file.subarray(HEADER, start)));
  const length = view.getUint32(start, true);
  const pageCount = view.getUint32(start + 4, true);
  if (pageCount !== Math.ceil(length / PAGE)) throw new Error("snapshot: bad page count");
  const bitmap = file.subarray(start + 8, start + 8 + pad8(Math.ceil(pageCount / 8)));
  const snapshot = new Uint8Array(length);
  let at = start + 8 + bitmap.length;
  for (let page = 0; page < pageCount; page++) {
    if (!(bitmap[page >> 3] & (1 << (page & 7)))) continue;
    const size = Math.min(PAGE, length - page * PAGE);
    if (at + size > file.length) throw new Error("snapshot: truncated");
    snapshot.set(file.subarray(at, at + size), page * PAGE);
    at += size;
  }
  if (at !== file.length) throw new Error("snapshot: trailing bytes");
  return { meta, snapshot: xorDataSegments(snapshot, activeDataSegments(wasm)) };
}

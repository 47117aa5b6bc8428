// The playground's memory snapshot format (written at site build by snapshot.mjs under Node, read by
// worker.js). A Pyodide memory snapshot is mostly the wasm's linear memory, and its first megabytes are
// the wasm's own data segments, which the browser downloads anyway with pyodide.asm.wasm. So the file
// stores the memory XOR that initial image (unchanged bytes become zeros), and leaves out the 4 KiB pages
// that are then all zeros (a third of the memory: inflating them would cost the worker time). The worker
// undoes the XOR with the new wasm instance's own memory, read right after instantiation, before any of its
// code ran: it then holds exactly the data segments (zeros between them) up to meta.dataEnd, so the
// worker never needs the wasm's bytes themselves:
//
//   "DNSNAP03"  u32 meta length  meta JSON (padded with spaces to a multiple of 8)
//   u32 snapshot length  u32 page count  page bitmap (1 = stored; padded to a multiple of 8)  stored pages
//
// The Pyodide snapshot keeps its own header (u32 magic, u32 offset of the memory, ...); only the bytes from
// that offset on are XORed. meta carries what the worker needs to start without other downloads (the lock
// file's `info`, the wasm's size for progress) and `dataEnd`. The worker downloads the file's .gz sibling
// and decodes it as it streams in (SnapshotDecoder).

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

/** Where the wasm's data segments end in linear memory: a fresh instance's memory up to there is its
 * initial image (the segments, zeros between them). */
export function dataEnd(segments) {
  return segments.reduce((end, { offset, bytes }) => Math.max(end, offset + bytes.length), 0);
}

/** A fresh instance's memory up to `dataEnd`, made from the wasm file (for the builder and Node; the worker
 * reads the instance's memory itself). */
export function initialImage(wasm, segments = activeDataSegments(wasm)) {
  const image = new Uint8Array(dataEnd(segments));
  for (const { offset, bytes } of segments) image.set(bytes, offset);
  return image;
}

/** XOR the memory part of a Pyodide snapshot with a fresh instance's initial memory `image`, in place (its
 * own inverse): the snapshot's bytes that still equal the data segments become zeros. Four bytes at a time
 * where both sides are aligned. */
export function xorInitialImage(pyodideSnapshot, image) {
  const memoryAt = new DataView(pyodideSnapshot.buffer, pyodideSnapshot.byteOffset).getUint32(4, true);
  const memory = pyodideSnapshot.subarray(memoryAt);
  const length = Math.min(image.length, memory.length);
  let done = 0;
  if (memory.byteOffset % 4 === 0 && image.byteOffset % 4 === 0) {
    const words = length >> 2;
    const target = new Uint32Array(memory.buffer, memory.byteOffset, words);
    const source = new Uint32Array(image.buffer, image.byteOffset, words);
    for (let i = 0; i < words; i++) target[i] ^= source[i];
    done = words << 2;
  }
  for (let i = done; i < length; i++) memory[i] ^= image[i];
  return pyodideSnapshot;
}

/** The file's bytes (before gzip) for a Pyodide snapshot, the wasm it was made with, and meta (to which the
 * data segments' end is added as `dataEnd`). */
export function encodeSnapshot(pyodideSnapshot, wasm, meta) {
  const segments = activeDataSegments(wasm);
  let json = JSON.stringify({ ...meta, dataEnd: dataEnd(segments) });
  while ((HEADER + json.length) % 8) json += " ";
  const metaBytes = new TextEncoder().encode(json);
  if (metaBytes.length !== json.length) throw new Error("snapshot: meta must be ASCII");
  const snapshot = xorInitialImage(pyodideSnapshot.slice(), initialImage(wasm, segments));
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

/**
 * Rebuilds the Pyodide snapshot while the file streams in: `push()` each chunk as it arrives. Once the header
 * is in, `meta` and `snapshot` (the full-size buffer, filled page by page as the data comes) exist, so
 * Pyodide's runtime can be created while the rest downloads; `finish()` checks the file was whole, and
 * `xor(image)` then undoes the data-segment XOR with the new instance's initial memory. `loaded` and `size`
 * are the file's bytes (for progress).
 */
export class SnapshotDecoder {
  constructor() {
    this.meta = null;
    this.snapshot = null;
    this.loaded = 0;
    this.size = 0;
    this._head = new Uint8Array(0);
    this._pages = null; // page numbers of the stored pages, in file order
    this._next = 0; // index into _pages of the page being filled
    this._offset = 0; // bytes of that page filled so far
    this._finished = false;
  }

  /** Take the next chunk of the file (any size). */
  push(chunk) {
    if (this._finished) throw new Error("snapshot: data after the end");
    this.loaded += chunk.length;
    if (!this.snapshot) {
      const head = new Uint8Array(this._head.length + chunk.length);
      head.set(this._head, 0);
      head.set(chunk, this._head.length);
      const used = this._readHeader(head);
      if (!used) {
        this._head = head;
        return;
      }
      this._head = null;
      chunk = head.subarray(used);
    }
    this._fill(chunk);
  }

  /** Check the whole file arrived; returns the (still XORed) snapshot. */
  finish() {
    if (!this.snapshot) throw new Error(this.loaded ? "snapshot: truncated header" : "snapshot: empty file");
    if (this._next !== this._pages.length) throw new Error("snapshot: truncated");
    this._finished = true;
    return this.snapshot;
  }

  /** Undo the XOR (after `finish`) with `image`, a fresh instance's memory up to at least the meta's
   * `dataEnd` (`initialImage`); returns the Pyodide snapshot. */
  xor(image) {
    if (!this._finished) throw new Error("snapshot: not finished");
    if (!Number.isInteger(this.meta?.dataEnd) || image.length < this.meta.dataEnd) {
      throw new Error("snapshot: the initial memory image is shorter than the data segments");
    }
    return xorInitialImage(this.snapshot, image.subarray(0, this.meta.dataEnd));
  }

  /** Parse the header from `head` when it is all there: the bytes it took, or 0 when more are needed. */
  _readHeader(head) {
    if (head.length < HEADER) return 0;
    if (new TextDecoder().decode(head.subarray(0, 8)) !== MAGIC) throw new Error("snapshot: not a playground snapshot");
    const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
    const metaLength = view.getUint32(8, true);
    const start = HEADER + metaLength;
    if (start % 8) throw new Error("snapshot: bad header");
    if (head.length < start + 8) return 0;
    const length = view.getUint32(start, true);
    const pageCount = view.getUint32(start + 4, true);
    if (pageCount !== Math.ceil(length / PAGE)) throw new Error("snapshot: bad page count");
    const bitmapEnd = start + 8 + pad8(Math.ceil(pageCount / 8));
    if (head.length < bitmapEnd) return 0;
    const bitmap = head.subarray(start + 8, bitmapEnd);
    const pages = [];
    let stored = 0;
    for (let page = 0; page < pageCount; page++) {
      if (!(bitmap[page >> 3] & (1 << (page & 7)))) continue;
      pages.push(page);
      stored += Math.min(PAGE, length - page * PAGE);
    }
    this.meta = JSON.parse(new TextDecoder().decode(head.subarray(HEADER, start)));
    this.size = bitmapEnd + stored;
    this._pages = pages;
    this.snapshot = new Uint8Array(length);
    return bitmapEnd;
  }

  /** Copy page data into place, page by page. */
  _fill(chunk) {
    const { snapshot, _pages: pages } = this;
    let at = 0;
    while (at < chunk.length) {
      if (this._next >= pages.length) throw new Error("snapshot: trailing bytes");
      const start = pages[this._next] * PAGE;
      const pageSize = Math.min(PAGE, snapshot.length - start);
      const count = Math.min(pageSize - this._offset, chunk.length - at);
      snapshot.set(chunk.subarray(at, at + count), start + this._offset);
      at += count;
      this._offset += count;
      if (this._offset === pageSize) {
        this._next += 1;
        this._offset = 0;
      }
    }
  }
}

/** {meta, snapshot}: the Pyodide snapshot rebuilt from the whole file (for `_loadSnapshot`). */
export function decodeSnapshot(file, wasm) {
  const decoder = new SnapshotDecoder();
  decoder.push(file);
  decoder.finish();
  return { meta: decoder.meta, snapshot: decoder.xor(initialImage(wasm)) };
}

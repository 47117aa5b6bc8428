// The playground's memory snapshot format (written at site build by snapshot.mjs under Node, read by
// worker.js). A Pyodide memory snapshot is mostly the wasm's linear memory, and its first megabytes are
// the wasm's own data segments, which the browser downloads anyway with pyodide.asm.wasm. So the file
// stores the memory XOR that initial image (unchanged bytes become zeros), and leaves out every stretch of
// zeros of ZERO_RUN bytes or more, on 8-byte boundaries (two thirds of the memory: whole pages, and the
// holes inside Python's objects). Whatever the host compresses, the browser inflates every byte of the file
// and hands it to the worker, at ~50-80 MB/s on a two-core machine: bytes left out are never inflated, and
// the snapshot's buffer starts out zero. Cutting on 8-byte boundaries keeps the stored bytes' alignment,
// which Brotli models (unaligned cuts made the file 3 % bigger; aligned ones 1 % smaller).
// The worker undoes the XOR with the new wasm instance's own memory, read right after instantiation,
// before any of its code ran: it then holds exactly the data segments (zeros between them) up to
// meta.dataEnd, so the worker never needs the wasm's bytes themselves:
//
//   "DNSNAP04"  u32 meta length  meta JSON (padded with spaces to a multiple of 8)
//   u32 snapshot length  u32 zero stretches (n)  u32 control length  u32 stored bytes
//   control: n pairs of LEB128 (bytes stored, then zeros left out), then the bytes stored after the last
//   stretch, as a LEB128 (padded with zeros to a multiple of 8)
//   the stored bytes, in memory order
//
// The Pyodide snapshot keeps its own header (u32 magic, u32 offset of the memory, ...); only the bytes from
// that offset on are XORed. meta carries what the worker needs to start without other downloads (the lock
// file's `info`, the wasm's size for progress) and `dataEnd`. The worker decodes the file as it streams in
// (SnapshotDecoder).

const MAGIC = "DNSNAP04";
const HEADER = 12;
const FIXED = 16;
/** The shortest stretch of zeros left out of the file (on 8-byte boundaries): shorter ones cost more in
 * the control part than they spare (16 made the compressed file bigger than 32, 64 left more bytes in). */
export const ZERO_RUN = 32;

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

/** The stretches of zeros of `bytes` to leave out: [start, end) pairs, both multiples of 8, at least
 * ZERO_RUN long, in order. */
export function zeroStretches(bytes) {
  if (bytes.byteOffset % 4) bytes = bytes.slice();
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, (bytes.length >> 3) * 2);
  const stretches = [];
  let from = -1;
  const close = (word) => {
    if (from >= 0 && (word - from) * 8 >= ZERO_RUN) stretches.push([from * 8, word * 8]);
    from = -1;
  };
  for (let word = 0; word < words.length / 2; word++) {
    if (words[2 * word] === 0 && words[2 * word + 1] === 0) {
      if (from < 0) from = word;
    } else {
      close(word);
    }
  }
  close(words.length / 2);
  return stretches;
}

function leb128(value, out) {
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
}

/** The file's bytes (before compression) for a Pyodide snapshot, the wasm it was made with, and meta (to which
 * the data segments' end is added as `dataEnd`). */
export function encodeSnapshot(pyodideSnapshot, wasm, meta) {
  const segments = activeDataSegments(wasm);
  let json = JSON.stringify({ ...meta, dataEnd: dataEnd(segments) });
  while ((HEADER + json.length) % 8) json += " ";
  const metaBytes = new TextEncoder().encode(json);
  if (metaBytes.length !== json.length) throw new Error("snapshot: meta must be ASCII");
  const snapshot = xorInitialImage(pyodideSnapshot.slice(), initialImage(wasm, segments));
  const stretches = zeroStretches(snapshot);
  const control = [];
  const stored = [];
  let at = 0;
  for (const [start, end] of stretches) {
    leb128(start - at, control);
    leb128(end - start, control);
    stored.push(snapshot.subarray(at, start));
    at = end;
  }
  leb128(snapshot.length - at, control);
  stored.push(snapshot.subarray(at));
  const storedBytes = stored.reduce((sum, bytes) => sum + bytes.length, 0);
  const start = HEADER + metaBytes.length;
  const storedAt = start + FIXED + pad8(control.length);
  const out = new Uint8Array(storedAt + storedBytes);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(8, metaBytes.length, true);
  out.set(metaBytes, HEADER);
  view.setUint32(start, snapshot.length, true);
  view.setUint32(start + 4, stretches.length, true);
  view.setUint32(start + 8, control.length, true);
  view.setUint32(start + 12, storedBytes, true);
  out.set(control, start + FIXED);
  at = storedAt;
  for (const bytes of stored) {
    out.set(bytes, at);
    at += bytes.length;
  }
  return out;
}

/**
 * Rebuilds the Pyodide snapshot while the file streams in: `push()` each chunk as it arrives. Once the header
 * is in, `meta` and `snapshot` (the full-size buffer, zeros where the file leaves them out, filled as the
 * data comes) exist, so Pyodide's runtime can be created while the rest downloads; `finish()` checks the
 * file was whole, and `xor(image)` then undoes the data-segment XOR with the new instance's initial memory.
 * `loaded` and `size` are the file's bytes (for progress).
 */
export class SnapshotDecoder {
  constructor() {
    this.meta = null;
    this.snapshot = null;
    this.loaded = 0;
    this.size = 0;
    this._head = new Uint8Array(0);
    this._stored = null; // [offset, length, offset, length, …] of the stretches the file stores, in order
    this._next = 0; // index into _stored of the stretch being filled (even)
    this._offset = 0; // bytes of that stretch filled so far
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
    if (this._next !== this._stored.length) throw new Error("snapshot: truncated");
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
    if (head.length < start + FIXED) return 0;
    const length = view.getUint32(start, true);
    const stretches = view.getUint32(start + 4, true);
    const controlLength = view.getUint32(start + 8, true);
    const storedBytes = view.getUint32(start + 12, true);
    const storedAt = start + FIXED + pad8(controlLength);
    if (head.length < storedAt) return 0;
    const control = head.subarray(start + FIXED, start + FIXED + controlLength);
    let at = 0;
    const next = () => {
      let value = 0;
      let scale = 1;
      for (;;) {
        if (at >= control.length) throw new Error("snapshot: bad control part");
        const byte = control[at++];
        value += (byte & 0x7f) * scale;
        if (!(byte & 0x80)) return value;
        scale *= 128;
      }
    };
    const stored = new Uint32Array(2 * stretches + 2);
    let offset = 0;
    let total = 0;
    for (let index = 0; index <= stretches; index++) {
      const keep = next();
      const skip = index < stretches ? next() : 0;
      stored[2 * index] = offset;
      stored[2 * index + 1] = keep;
      offset += keep + skip;
      total += keep;
    }
    if (at !== control.length || offset !== length || total !== storedBytes) throw new Error("snapshot: bad control part");
    this.meta = JSON.parse(new TextDecoder().decode(head.subarray(HEADER, start)));
    this.size = storedAt + storedBytes;
    this._stored = stored;
    this._skipEmpty();
    this.snapshot = new Uint8Array(length);
    return storedAt;
  }

  /** Move past stretches that store nothing (two stretches of zeros can only meet across such a one). */
  _skipEmpty() {
    while (this._next < this._stored.length && this._offset === this._stored[this._next + 1]) {
      this._next += 2;
      this._offset = 0;
    }
  }

  /** Copy the stored bytes into place, stretch by stretch. */
  _fill(chunk) {
    const { snapshot, _stored: stored } = this;
    let at = 0;
    while (at < chunk.length) {
      if (this._next >= stored.length) throw new Error("snapshot: trailing bytes");
      const length = stored[this._next + 1];
      const count = Math.min(length - this._offset, chunk.length - at);
      snapshot.set(chunk.subarray(at, at + count), stored[this._next] + this._offset);
      at += count;
      this._offset += count;
      this._skipEmpty();
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

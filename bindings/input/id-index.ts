// IdIndex: string id → dense index, for the million-id lookups normalize does (duplicate checks,
// edge ends, group members), about five times faster than a Map at that size.
//
// Open addressing with linear probing over an Int32Array at most half full; the hash is FNV-1a over
// UTF-16 code units, salted once per process so crafted ids cannot force long probe runs (the salt
// changes only speed, never a result). Any string is an id: `__proto__` is as good as `n1`.
// One Int32 a slot: the index in its low bits and, above them, a tag of the hash's high bits (the
// bits the slot number does not use), which rejects most collisions without reading the string.
// Half the bytes of an [index, hash] pair a slot: 8 MB at 10⁶ ids, not 16, and V8 counts that
// ArrayBuffer towards the 64 MB of external memory that start a full collection of the caller's
// heap (default-column.ts).
// `toMap()` gives the Map the Model exposes (built on first use only).

import { BerthError } from "../errors.js";

const SALT = (Math.random() * 0x7fffffff) | 0;
const EMPTY = -1;

export class IdIndex {
  readonly ids: string[];
  /** Per slot: EMPTY, or tag | index (never negative). */
  private readonly table: Int32Array;
  private readonly mask: number;
  /** Bits [indexBits, 31) of an entry hold the tag; bits [0, indexBits) the index. */
  private readonly indexBits: number;
  private readonly indexMask: number;
  /** 32 − the tag's width: the hash's high bits shifted down to form the tag. */
  private readonly tagShift: number;
  private map: Map<string, number> | null = null;
  /** The OR of the slots `prefetch` last read, stored so the reads are not dropped as unused. */
  warmth = 0;

  /** `ids` is the array the caller fills at the indices it inserts; `capacity` bounds insertions. */
  constructor(ids: string[], capacity: number, path: string) {
    this.ids = ids;
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    let indexBits = 1;
    while (indexBits < 30 && 2 ** indexBits < capacity) indexBits++;
    this.indexBits = indexBits;
    this.indexMask = 2 ** indexBits - 1;
    this.tagShift = 1 + indexBits; // the tag is 31 − indexBits bits wide, at least one
    try {
      if (2 ** indexBits < capacity) throw new RangeError("too many ids");
      this.table = new Int32Array(slots).fill(EMPTY);
    } catch {
      throw new BerthError("E_TOO_LARGE", `cannot index ${capacity} ids in memory`, path);
    }
    this.mask = slots - 1;
  }

  /** Record `ids[index] = id`; returns the index already holding `id`, or -1 when it is new. */
  insert(id: string, index: number): number {
    return this.insertHashed(id, hash(id), index);
  }

  /**
   * Hash the string ids of `items[from, to)` (objects with an `id`) into `hashes` (and the ids into
   * `hashed`, undefined where an item has no string id) and read each one's first slot. The reads
   * are independent, so the processor overlaps their cache misses here, where nothing waits on
   * them; the inserts that follow find the table's lines, the items and the strings in cache
   * (a million random probes: about a quarter less time). Reads only: nothing is checked or thrown.
   */
  prefetch(items: unknown[], from: number, to: number, hashed: Array<string | undefined>, hashes: Int32Array): void {
    let touched = 0;
    for (let k = from; k < to; k++) {
      const item = items[k];
      const id = typeof item === "object" && item !== null ? (item as { id?: unknown }).id : undefined;
      if (typeof id === "string") {
        const h = hash(id);
        hashes[k - from] = h;
        hashed[k - from] = id;
        touched |= this.table[h & this.mask];
      } else hashed[k - from] = undefined;
    }
    this.warmth = touched;
  }

  /** `insert` with the hash `prefetch` gave for `id` (equal strings hash alike, so any copy of it). */
  insertHashed(id: string, h: number, index: number): number {
    const tag = (h >>> this.tagShift) << this.indexBits;
    let slot = h & this.mask;
    for (;;) {
      const held = this.table[slot];
      if (held === EMPTY) break;
      if ((held & ~this.indexMask) === tag && this.ids[held & this.indexMask] === id) return held & this.indexMask;
      slot = (slot + 1) & this.mask;
    }
    this.table[slot] = tag | index;
    this.ids[index] = id;
    return -1;
  }

  /** The hash `insertHashed` takes. */
  hashOf(id: string): number {
    return hash(id);
  }

  /** The index of `id`, or -1. */
  get(id: string): number {
    const h = hash(id);
    const tag = (h >>> this.tagShift) << this.indexBits;
    let slot = h & this.mask;
    for (;;) {
      const held = this.table[slot];
      if (held === EMPTY) return -1;
      if ((held & ~this.indexMask) === tag && this.ids[held & this.indexMask] === id) return held & this.indexMask;
      slot = (slot + 1) & this.mask;
    }
  }

  toMap(): Map<string, number> {
    if (this.map === null) {
      this.map = new Map();
      for (let k = 0; k < this.ids.length; k++) this.map.set(this.ids[k], k);
    }
    return this.map;
  }
}

function hash(id: string): number {
  let h = 0x811c9dc5 ^ SALT;
  for (let k = 0; k < id.length; k++) h = Math.imul(h ^ id.charCodeAt(k), 0x01000193);
  return h ^ (h >>> 15);
}

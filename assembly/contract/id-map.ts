// IdMap: UTF-8 byte string → dense index, in the arena (mirror of bindings/input/id-index.ts).
//
// Open addressing with linear probing over i32 slot pairs [index, hash], kept at most half full
// (the table doubles when it reaches that). The hash is FNV-1a over the bytes, salted once per
// instance from the host clock so crafted ids cannot force long probe runs (the salt changes only
// speed, never a result). Keys are (pointer, length) pairs of bytes that live for the whole call
// (in the input or the arena); the map stores them, indexed by the dense index.

import { allocBytes } from "../util/arena";
import { bytesEqual } from "./bytes";
import { hostNow } from "../abi/host";
import { getU8 } from "../util/slots";

const EMPTY: i32 = -1;
let salt: u32 = 0;

// @ts-ignore: decorator
@final export class IdMap {
  count: i32 = 0;
  private slots: i32 = 0;
  private table: usize = 0;
  /** Per index: key pointer (u32) and length (i32). */
  private keys: usize = 0;
  private keyCapacity: i32 = 0;

  constructor(expected: i32) {
    if (salt == 0) salt = <u32>(<i64>(hostNow() * 1000.0)) | 1;
    let slots = 16;
    while (slots < expected * 2) slots <<= 1;
    this.allocate(slots);
    this.keyCapacity = max(expected, 8);
    this.keys = allocBytes(<usize>this.keyCapacity << 3);
  }

  private allocate(slots: i32): void {
    this.slots = slots;
    this.table = allocBytes(<usize>slots << 3);
    memory.fill(this.table, 0xff, <usize>slots << 3);
  }

  keyPtr(index: i32): usize {
    return <usize>load<u32>(this.keys + (<usize>index << 3));
  }

  keyLen(index: i32): i32 {
    return load<i32>(this.keys + (<usize>index << 3), 4);
  }

  /** The table slot holding the key whose hash is `h`, else the empty slot where it would go. */
  private probe(ptr: usize, len: i32, h: i32): usize {
    const mask = this.slots - 1;
    let slot = h & mask;
    for (;;) {
      const at = this.table + (<usize>slot << 3);
      const held = load<i32>(at);
      if (held == EMPTY || (load<i32>(at, 4) == h && bytesEqual(this.keyPtr(held), this.keyLen(held), ptr, len))) return at;
      slot = (slot + 1) & mask;
    }
    return 0; // unreachable: the table is never full
  }

  /** The index of the key, or −1. */
  get(ptr: usize, len: i32): i32 {
    return load<i32>(this.probe(ptr, len, hashBytes(ptr, len)));
  }

  /** Add the key as index `count` and return −1, or return the index already holding it. */
  insert(ptr: usize, len: i32): i32 {
    const h = hashBytes(ptr, len);
    const at = this.probe(ptr, len, h);
    const held = load<i32>(at);
    if (held != EMPTY) return held;
    const index = this.count++;
    store<i32>(at, index);
    store<i32>(at, h, 4);
    if (index >= this.keyCapacity) {
      const capacity = this.keyCapacity * 2;
      const keys = allocBytes(<usize>capacity << 3);
      memory.copy(keys, this.keys, <usize>this.keyCapacity << 3);
      this.keys = keys;
      this.keyCapacity = capacity;
    }
    store<u32>(this.keys + (<usize>index << 3), <u32>ptr);
    store<i32>(this.keys + (<usize>index << 3), len, 4);
    if (this.count * 2 > this.slots) this.grow();
    return -1;
  }

  /** Index of the key, adding it when new. */
  intern(ptr: usize, len: i32): i32 {
    const held = this.insert(ptr, len);
    return held >= 0 ? held : this.count - 1;
  }

  private grow(): void {
    this.allocate(this.slots << 1);
    for (let index = 0; index < this.count; index++) {
      const ptr = this.keyPtr(index);
      const len = this.keyLen(index);
      const h = hashBytes(ptr, len);
      const at = this.probe(ptr, len, h); // keys are distinct: an empty slot
      store<i32>(at, index);
      store<i32>(at, h, 4);
    }
  }
}

export function hashBytes(ptr: usize, len: i32): i32 {
  let h: u32 = 0x811c9dc5 ^ salt;
  for (let i = 0; i < len; i++) h = (h ^ <u32>getU8(ptr, i)) * 0x01000193;
  return <i32>(h ^ (h >> 15));
}

// Result maps keyed by user ids (units, nodes, resources): any string is a legal key.
//
// `map[id] = value` on an ordinary object goes through Object.prototype's `__proto__` setter when
// id is "__proto__": the entry vanishes and the map's prototype changes. `setEntry` defines that
// key as an own data property instead, exactly what `JSON.parse` makes of `{"__proto__": …}`, so
// a result and its JSON round trip are equal objects (same keys, same order, Object.prototype).
// Other ids ("constructor", "toString", …) are ordinary own properties already. Readers must
// still look entries up with `Object.hasOwn` (an absent "toString" would read the inherited one).

export function setEntry<T>(map: Record<string, T>, key: string, value: T): void {
  if (key === "__proto__")
    Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
  else map[key] = value;
}

/**
 * A map for many keys (a million `assignments`), filled with plain `map[key] = value`, then
 * `finishMap`: without a prototype while filling, a new key is looked up in the map alone, not
 * also along Object.prototype, and `__proto__` is an ordinary key (no setter on the way). The
 * finished map is what setEntry builds: the same own keys in the same order, Object.prototype.
 * 10⁶ keys (CPU, runs alternating): ids from JSON.parse 330 → 265 ms; template-literal ids, which
 * V8 must intern first, about 750 ms either way (docs/benchmarks.md, "Object API overhead").
 */
export function bareMap<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

export function finishMap<T>(map: Record<string, T>): Record<string, T> {
  return Object.setPrototypeOf(map, Object.prototype) as Record<string, T>;
}

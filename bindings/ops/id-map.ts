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

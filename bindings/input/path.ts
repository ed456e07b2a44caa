// JSON paths for error messages: `units[3].demand.cpu`, `nodes[0].labels["topology.k8s.io/zone"]`.
//
// FORMAT.md, "Errors": every BerthError names the offending value by its JSON path. Keys that are
// plain identifiers use dot notation, as in the format's examples; any other key (dots, slashes,
// spaces, the empty string) is written as a JSON string in brackets, so every path parses back
// to exactly one location. Paths are built only when an error is thrown, never in a hot loop.

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `base` + `.key`, or `base["key"]` when the key is not an identifier. */
export function keyPath(base: string, key: string): string {
  if (IDENTIFIER.test(key)) return base ? `${base}.${key}` : key;
  return `${base}[${JSON.stringify(key)}]`;
}

/** `base[index]`. */
export function indexPath(base: string, index: number): string {
  return `${base}[${index}]`;
}

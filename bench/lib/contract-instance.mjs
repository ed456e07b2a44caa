// The JSON boundary benchmarks' instance (bench/contract.mjs, scripts/json-instructions.mjs):
// 2 resources, `units` units on units / 10 nodes of capacity 100, demands 1–15 from a seeded LCG,
// an `after` edge every 10 units and a coupled edge every 50. Same count, same problem.
export function contractInstance(units) {
  let state = 20261203 + units;
  const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
  const nodes = Array.from({ length: Math.max(1, units / 10) }, (_, n) => ({
    id: `n${n}`,
    capacity: { cpu: 100, memory: 100 },
  }));
  const list = Array.from({ length: units }, (_, u) => ({
    id: `u${u}`,
    demand: { cpu: 1 + Math.floor(random() * 15), memory: 1 + Math.floor(random() * 15) },
  }));
  const edges = [];
  for (let u = 10; u < units; u += 10) edges.push({ from: `u${u - 10}`, to: `u${u}`, kind: "after" });
  for (let u = 1; u < units; u += 50) edges.push({ from: `u${u - 1}`, to: `u${u}`, kind: "coupled" });
  return { resources: ["cpu", "memory"], nodes, units: list, edges };
}

// An `explain` fix applied to a problem exactly as docs/explain.md ("Fixes") documents it, written
// from the docs, not from the engine: the tests and bench/explain.mjs place the changed problem
// themselves to check that the fix places the unit. Throws when a fix contradicts its own fields.

function check(condition, message) {
  if (!condition) throw new Error(`inconsistent fix: ${message}`);
}

/** The problem (a plain object, not changed) with `fix` applied. */
export function applyFix(problem, fix) {
  const changed = structuredClone(problem);
  const nodeById = (id) => changed.nodes.find((n) => n.id === id);
  const unitById = (id) => changed.units.find((u) => u.id === id);
  const raise = (node, resource, by, capacity) => {
    const before = node.capacity?.[resource] ?? 0;
    check(
      by > 0 && Math.abs(before + by - capacity) <= 1e-9 * Math.max(1, capacity),
      `${node.id}: capacity ${capacity} = ${before} + ${by}`,
    );
    node.capacity = { ...node.capacity, [resource]: capacity };
  };
  switch (fix.kind) {
    case "resize":
      raise(nodeById(fix.node), fix.resource, fix.by, fix.capacity);
      break;
    case "resizeNode":
      check(fix.changes.length >= 2, "resizeNode changes several resources");
      for (const c of fix.changes) raise(nodeById(fix.node), c.resource, c.by, c.capacity);
      break;
    case "evict": {
      const gone = new Set(fix.units);
      changed.units = changed.units.filter((u) => !gone.has(u.id));
      changed.edges = (changed.edges ?? []).filter((e) => !gone.has(e.from) && !gone.has(e.to));
      changed.groups = (changed.groups ?? [])
        .map((g) => (g.units ? { ...g, units: g.units.filter((id) => !gone.has(id)) } : g))
        .filter((g) => g.selector !== undefined || g.units.length > 0);
      break;
    }
    case "move":
      for (const m of fix.moves) {
        const unit = unitById(m.unit);
        check(unit.pin === undefined && m.to !== fix.node, `${m.unit}: a move takes an unpinned unit off ${fix.node}`);
        unit.pin = m.to;
      }
      break;
    case "addNode":
      check(nodeById(fix.node) === undefined, `${fix.node} is a new id`);
      changed.nodes.push({ ...structuredClone(nodeById(fix.like)), id: fix.node });
      break;
    case "priority":
      for (const id of fix.units) {
        const unit = unitById(id);
        check((unit.priority ?? 0) < fix.priority, `${id}: a raise raises`);
        unit.priority = fix.priority;
      }
      break;
    case "relax":
      changed.groups = changed.groups.filter((g) => g.id !== fix.group);
      break;
    case "downtime":
      check(changed.options?.downtime !== "allow", "downtime was not allowed yet");
      changed.options = { ...(changed.options ?? {}), downtime: "allow" };
      break;
    default:
      throw new Error(`unknown fix kind ${JSON.stringify(fix.kind)}`);
  }
  return changed;
}

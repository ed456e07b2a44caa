// `explain` per node: for one unit, on every node, every rule that keeps it off that node, with
// amounts — PIN (the unit's own pin or a coupled mate's, the record's detail naming the pinning
// unit), SELECTOR, TAINT (the unit's own rules; a selector or taint only a coupled mate breaks is
// COUPLED without a resource), the groups that refuse it (APART, SPREAD, TOGETHER, each naming
// the group, and GANG wherever the rest of the unit's gang is not all placed, since the unit alone
// would leave it partly placed), INSUFFICIENT per short resource (the unit's own demand against what the other
// units leave), and COUPLED per resource where the unit alone would fit but its coupled item does
// not. Runs right after `place` on its live state (same call, same arena): the unit's item is
// taken off its node (through removeItem, so the group state follows), every node is examined,
// and the item is put back. No search: O(nodes × (resources + groups of the item's members)).
// Source: FORMAT.md "explain" and reason codes; the same rules as assembly/pack/reasons.ts, but
// all of them per node rather than the first one counted.
// Preconditions: `place` ran in this call (the state is live); 0 ≤ unit < unitCount.

import { allocBytes, allocI32, allocU8 } from "../util/arena";
import { bitTest } from "../util/bitset";
import { CALL_OK, CALL_INVALID_INPUT } from "../abi/status";
import {
  EXPLAIN_RESULT_BYTES, X_CALL_STATUS, X_NODE_COUNT, X_RECORD_COUNT, X_RECORDS, X_NODE_START, X_FITS, X_HOME,
  EXPLAIN_RECORD_BYTES, XR_NODE, XR_CODE, XR_DETAIL, XR_AMOUNT,
} from "../abi/explain-layout";
import { REASON_INSUFFICIENT, REASON_SELECTOR, REASON_TAINT, REASON_PIN, REASON_COUPLED } from "../abi/place-layout";
import { readProblem, constraintsBlock, unitCount, nodeCount, resourceCount, nodeWords, unitClass, unitPin, classSelectorOk, classTaintOk, classAllowsAll, capacity, demand } from "../model/problem";
import { buildItems, itemCount, unitItem, itemPin, itemDemand, memberStart, memberEnd, memberAt, PIN_NONE } from "../model/items";
import { initState, residual, nodeOf, removeItem, placeItem, FIT_TOLERANCE } from "../model/state";
import { constraintsInit, constraintsActive, groupBlocks, placedWeight, totalWeight } from "../model/group-hooks";
import { groupsStart, groupsEnd, groupAt, weightAt, policyOf } from "../model/groups";
import { REASON_GANG, REASON_TOGETHER, REASON_APART, REASON_SPREAD } from "../abi/place-layout";
import { POLICY_GANG, POLICY_TOGETHER, POLICY_APART } from "../abi/constraints-layout";
import { getI32, getU8, setI32, setU8 } from "../util/cold-slots";

let records: usize = 0;
let recordCount: i32 = 0;
let recordRoom: i32 = 0;

function push(node: i32, code: i32, detail: i32, amount: f64): void {
  if (recordCount == recordRoom) {
    // Grow by doubling (the arena never frees; the old block is simply left behind).
    const room = max(recordRoom * 2, 64);
    const grown = allocBytes(<usize>room * <usize>EXPLAIN_RECORD_BYTES);
    if (recordCount > 0) memory.copy(grown, records, <usize>recordCount * <usize>EXPLAIN_RECORD_BYTES);
    records = grown;
    recordRoom = room;
  }
  const at = records + <usize>recordCount * <usize>EXPLAIN_RECORD_BYTES;
  store<i32>(at + XR_NODE, node);
  store<i32>(at + XR_CODE, code);
  store<i32>(at + XR_DETAIL, detail);
  store<i32>(at + 12, 0);
  store<f64>(at + XR_AMOUNT, amount);
  recordCount++;
}

function classAllows(words: usize, unit: i32, node: i32): bool {
  const c = getI32(unitClass, unit);
  if (getU8(classAllowsAll, c) != 0) return true;
  return bitTest(words + ((<usize>c * <usize>nodeWords) << 2), node);
}

/** `code` records on node n for each resource where `need` (a row of R amounts) exceeds what is free; true when any. */
function short(n: i32, need: usize, code: i32): bool {
  const R = resourceCount;
  let any = false;
  for (let r = 0; r < R; r++) {
    const free = load<f64>(residual + ((<usize>n * <usize>R + <usize>r) << 3));
    const amount = load<f64>(need + (<usize>r << 3));
    if (amount > free) {
      const cap = load<f64>(capacity + ((<usize>n * <usize>R + <usize>r) << 3));
      push(n, code, r, amount - free + cap * FIT_TOLERANCE);
      any = true;
    }
  }
  return any;
}

function groupCode(policy: i32): i32 {
  if (policy == POLICY_GANG) return REASON_GANG;
  if (policy == POLICY_TOGETHER) return REASON_TOGETHER;
  if (policy == POLICY_APART) return REASON_APART;
  return REASON_SPREAD;
}

export function explainNodes(unit: i32): usize {
  const result = allocBytes(EXPLAIN_RESULT_BYTES);
  memory.fill(result, 0, EXPLAIN_RESULT_BYTES);
  if (unit < 0 || unit >= unitCount) {
    store<i32>(result + X_CALL_STATUS, CALL_INVALID_INPUT);
    return result;
  }
  const R = resourceCount;
  const item = getI32(unitItem, unit);
  const home = nodeOf(item);
  if (home >= 0) removeItem(item);
  records = 0;
  recordCount = 0;
  recordRoom = 0;
  const nodeStart = allocI32(nodeCount + 1);
  const fits = allocU8(nodeCount);
  const pin = getI32(itemPin, item);
  const first = memberStart(item);
  const last = memberEnd(item);
  for (let n = 0; n < nodeCount; n++) {
    const before = recordCount;
    // The unit's own pin, selector and taints; a coupled mate's pin is PIN naming that mate (the
    // detail: the pinning unit); what only its mates' selectors or taints forbid is COUPLED.
    const ownPin = getI32(unitPin, unit);
    if (ownPin >= 0 && ownPin != n) push(n, REASON_PIN, unit, 0);
    if (!classAllows(classSelectorOk, unit, n)) push(n, REASON_SELECTOR, -1, 0);
    if (!classAllows(classTaintOk, unit, n)) push(n, REASON_TAINT, -1, 0);
    if (pin != PIN_NONE && pin != n && !(ownPin >= 0 && ownPin != n)) {
      let pinner = -1;
      for (let k = first; k < last && pinner < 0; k++) {
        const m = memberAt(k);
        const mPin = getI32(unitPin, m);
        if (m != unit && mPin >= 0 && mPin != n) pinner = m;
      }
      if (pinner >= 0) push(n, REASON_PIN, pinner, 0);
    }
    let matesAllow = true;
    for (let k = first; k < last && matesAllow; k++) {
      const m = memberAt(k);
      if (m == unit) continue;
      if (!classAllows(classSelectorOk, m, n) || !classAllows(classTaintOk, m, n)) matesAllow = false;
    }
    if (!matesAllow) push(n, REASON_COUPLED, -1, 0);
    if (constraintsActive()) {
      // Every refusing group once (a group may hold several members of the item).
      const groupsBefore = recordCount;
      for (let k = first; k < last; k++) {
        const m = memberAt(k);
        const end = groupsEnd(m);
        for (let j = groupsStart(m); j < end; j++) {
          const g = groupAt(j);
          let blocked = 0;
          if (policyOf(g) == POLICY_GANG) {
            // The item alone on any node leaves its gang partly placed unless the rest is placed.
            const w = weightAt(j);
            if (w == 0) continue;
            const placed = getI32(placedWeight, g);
            if (placed + w < getI32(totalWeight, g)) blocked = POLICY_GANG + 1;
          } else {
            blocked = groupBlocks(g, weightAt(j), n);
          }
          if (blocked == 0) continue;
          let seen = false;
          for (let x = groupsBefore; x < recordCount && !seen; x++) {
            seen = load<i32>(records + <usize>x * <usize>EXPLAIN_RECORD_BYTES + XR_DETAIL) == g;
          }
          if (!seen) push(n, groupCode(blocked - 1), g, 0);
        }
      }
    }
    // Capacity: the unit's own demand first, then (coupled) its whole item's.
    const alone = demand + ((<usize>unit * <usize>R) << 3);
    if (!short(n, alone, REASON_INSUFFICIENT) && last - first > 1) short(n, itemDemand + ((<usize>item * <usize>R) << 3), REASON_COUPLED);
    setU8(fits, n, recordCount == before ? 1 : 0);
    setI32(nodeStart, n + 1, recordCount);
  }
  if (home >= 0) placeItem(item, home);
  store<i32>(result + X_CALL_STATUS, CALL_OK);
  store<i32>(result + X_NODE_COUNT, nodeCount);
  store<i32>(result + X_RECORD_COUNT, recordCount);
  store<u32>(result + X_RECORDS, <u32>records);
  store<u32>(result + X_NODE_START, <u32>nodeStart);
  store<u32>(result + X_FITS, <u32>fits);
  store<i32>(result + X_HOME, home);
  return result;
}

/**
 * `explain` on a placement the caller already has (no search): read the place header, build the
 * items and the group state, put every item on the node its first member has in `assignment`
 * (i32 per unit, −1 unplaced; taken as given, legal or not), then explainNodes(unit).
 * O(units + nodes × resources) before the per-node analysis.
 */
export function explainGiven(headerPtr: usize, assignment: usize, unit: i32): usize {
  if (!readProblem(headerPtr)) {
    const result = allocBytes(EXPLAIN_RESULT_BYTES);
    memory.fill(result, 0, EXPLAIN_RESULT_BYTES);
    store<i32>(result + X_CALL_STATUS, CALL_INVALID_INPUT);
    return result;
  }
  constraintsInit(constraintsBlock);
  buildItems();
  initState();
  for (let i = 0; i < itemCount; i++) {
    const node = load<i32>(assignment + (<usize>memberAt(memberStart(i)) << 2));
    if (node >= 0 && node < nodeCount) placeItem(i, node);
  }
  return explainNodes(unit);
}

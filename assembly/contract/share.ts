// `share` through the contract: the same core calls as bindings/encode/share.ts — one `place` on
// the problem with each unit's pin, else its current node, as its pin (`fixed`; no search time
// when every unit has one: place then decides nothing share reads), then `shareExtras`
// (assembly/share/entry.ts) on the live state — and the result written as the JSON of FORMAT.md
// "share", byte for byte what bindings/ops/share.ts gives JSON.stringify: `shares` (every unit in
// key order; an elastic unit's elastic resources in key order, others {}), `assignments`,
// `unplaced` with place's reasons (else `{"code":"INSUFFICIENT","nodes":<node count>}`), then the
// metrics in the binding's order, `timeMs` last.
// Preconditions: readProblem succeeded in this call.

import * as S from "../abi/share-layout";
import { CALL_OK } from "../abi/status";
import { shareExtras } from "../share/entry";
import { allocI32, allocU8 } from "../util/arena";
import { ByteBuf } from "./bytes";
import { fmtn2 } from "./format";
import { E_INTERNAL, fail } from "./fail";
import * as M from "./model";
import { writeTimeMs, writeUnitNodes } from "./place";
import { PlaceReasons, runPlace, writeShares, writeUnplacedUnits } from "./plan";
import { getI32, setI32 } from "../util/cold-slots";

/** Run place then shareExtras on the model and write the ShareResult JSON into `out`. */
export function shareJson(out: ByteBuf, began: f64): void {
  const units = M.unitCount;
  const fixed = allocI32(max(units, 1));
  let decided = true;
  for (let u = 0; u < units; u++) {
    const pinned = getI32(M.pin, u);
    const node = pinned >= 0 ? pinned : getI32(M.current, u);
    setI32(fixed, u, node);
    if (node < 0) decided = false;
  }
  if (decided) M.replaceTimeLimit(0);
  M.replacePin(fixed);
  const reasons = new PlaceReasons();
  runPlace(reasons);
  if (reasons.records == 0) return; // failed

  M.denseElastic();
  const header = allocU8(S.SHARE_HEADER_BYTES);
  store<u32>(header + <usize>S.SH_FIXED, <u32>fixed);
  store<u32>(header + <usize>S.SH_ELASTIC_MAX, <u32>M.elasticMax);
  store<u32>(header + <usize>S.SH_ELASTIC_WEIGHT, <u32>M.elasticWeight);
  const result = shareExtras(header);
  if (load<i32>(result + <usize>S.SR_CALL_STATUS) != CALL_OK) {
    fail(E_INTERNAL).text("berth core rejected the share call");
    return;
  }
  const assignment = <usize>load<u32>(result + <usize>S.SR_ASSIGNMENT);

  out.text('{"shares":{');
  writeShares(out, <usize>load<u32>(result + <usize>S.SR_EXTRA));
  out.text('},"assignments":{');
  writeUnitNodes(out, assignment);
  out.text('},"unplaced":[');
  writeUnplacedUnits(out, assignment, reasons, "INSUFFICIENT");
  fmtn2(
    out, '],"metrics":{"unitsPlaced":\x04,"elastic":\x04,"capped":\x04,"leftover":\x0f,"shared":\x0f',
    load<f64>(result + <usize>S.SR_LEFTOVER), load<f64>(result + <usize>S.SR_SHARED),
    load<i32>(result + <usize>S.SR_PLACED), load<i32>(result + <usize>S.SR_ELASTIC), load<i32>(result + <usize>S.SR_CAPPED),
  );
  writeTimeMs(out, began);
  out.text("}}");
}

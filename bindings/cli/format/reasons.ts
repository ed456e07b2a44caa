// Reason codes (FORMAT.md "place") in words a person reads: "memory short by 4 on 12 nodes".

import type { Reason } from "../../types.js";
import { formatNumber, plural } from "./text.js";

export function describeReason(reason: Reason): string {
  const nodes = plural(reason.nodes, "node");
  const group = "group" in reason && reason.group !== undefined ? ` ${reason.group}` : "";
  switch (reason.code) {
    case "INSUFFICIENT": {
      const resource = reason.resource ?? "capacity";
      const short = reason.shortBy !== undefined ? ` short by ${formatNumber(reason.shortBy)}` : " too small";
      return `${resource}${short} on ${nodes}`;
    }
    case "SELECTOR":
      return `node selector not matched by ${nodes}`;
    case "TAINT":
      return `untolerated taint on ${nodes}`;
    case "PIN": {
      const by = "unit" in reason && reason.unit !== undefined ? ` by its coupled unit ${reason.unit}` : "";
      const hold = "hold" in reason && reason.hold !== undefined ? ` (its hold ${reason.hold} pins it)` : "";
      return `pinned elsewhere${by}${hold}: ${nodes} excluded`;
    }
    case "APART":
      return `group${group} (apart) excludes ${nodes}`;
    case "SPREAD":
      return `group${group} (spread) excludes ${nodes}`;
    case "TOGETHER":
      return `group${group} (together) excludes ${nodes}`;
    case "GANG":
      return `gang${group} could not be placed whole (${nodes})`;
    case "COUPLED":
      return `its coupled group does not fit whole on ${nodes}`;
    case "PRIORITY":
      return `held by higher-priority units on ${nodes}`;
    case "BLOCKED":
      return `its move cannot be ordered into the plan's waves (${nodes})`;
    case "PREDECESSOR":
      return `waits for ${reason.unit ?? "a predecessor"}, which cannot be scheduled`;
    default:
      return `${String((reason as Reason).code)} on ${nodes}`;
  }
}

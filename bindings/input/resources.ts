// `resources`: the ordered dimension names every capacity, demand and elastic map refers to.
//
// Required array of distinct strings (FORMAT.md, "Problem"). The Map is the only way ids and names
// are looked up: a resource called `__proto__` or `toString` is an ordinary name.

import { BerthError } from "../errors.js";
import { checkCount } from "./limits.js";
import { indexPath } from "./path.js";
import { expectArray, expectString } from "./shapes.js";

export interface ResourceTable {
  names: string[];
  index: Map<string, number>;
}

export function readResources(value: unknown): ResourceTable {
  const list = expectArray(value, "resources", "`resources` (the list of resource names)");
  checkCount(list.length, "resources", "resources");
  const names: string[] = [];
  const index = new Map<string, number>();
  for (let r = 0; r < list.length; r++) {
    const name = expectString(list[r], indexPath("resources", r), "a resource name");
    if (index.has(name)) {
      throw new BerthError(
        "E_DUPLICATE_ID",
        `resource ${JSON.stringify(name)} is listed twice`,
        indexPath("resources", r),
      );
    }
    index.set(name, r);
    names.push(name);
  }
  return { names, index };
}

// Per-class node bitsets: which nodes satisfy the class's nodeSelector, and which nodes' blocking
// taints the class's tolerations all tolerate (FORMAT.md, "A unit may use a node when" and
// "Fine print"). Layout as in model.ts: class c owns words [c × nodeWords, (c + 1) × nodeWords),
// bit (n & 31) of word (n >>> 5) is node n; bits past the last node are 0.
//
// Cost: nodes are indexed once by label — a bitset for each key=value pair that some selector
// uses (nodes × labels) — and each class ANDs its pairs' bitsets (classes × selector size ×
// nodeWords). Taints: a class without tolerations may use exactly the untainted nodes, and one with
// a key-less `Exists` every node — both O(nodeWords) from one bitset of tainted nodes. Any other
// class tests each distinct set of blocking taints once (tainted nodes are grouped by their set)
// and clears the nodes of the sets it does not tolerate.

import type { ClassRule, TolerationRule } from "./classes.js";
import { tolerates } from "./classes.js";
import type { BlockingTaint, NodeTable } from "./nodes.js";

export interface Eligibility {
  nodeWords: number;
  classSelectorOk: Uint32Array;
  classTaintOk: Uint32Array;
  classAllowsAll: Uint8Array;
}

export function eligibilityBitsets(rules: ClassRule[], nodes: NodeTable): Eligibility {
  const nodeCount = nodes.count;
  const nodeWords = (nodeCount + 31) >>> 5;
  const classCount = rules.length;
  const classSelectorOk = new Uint32Array(classCount * nodeWords);
  const classTaintOk = new Uint32Array(classCount * nodeWords);
  const classAllowsAll = new Uint8Array(classCount);
  const lastWordMask = nodeCount & 31 ? (1 << (nodeCount & 31)) - 1 : 0xffffffff;

  const pairBits = labelPairBitsets(rules, nodes, nodeWords);
  const taintSets = groupByTaints(nodes.blockingTaints);
  const untainted = new Uint32Array(nodeWords);
  fillAll(untainted, 0, nodeWords, lastWordMask);
  for (const set of taintSets) for (const n of set.nodes) untainted[n >>> 5] &= ~(1 << (n & 31));

  for (let c = 0; c < classCount; c++) {
    const base = c * nodeWords;
    const { selector, tolerations } = rules[c];
    // Selector: all ones, ANDed with each pair's bitset.
    fillAll(classSelectorOk, base, nodeWords, lastWordMask);
    for (let e = 0; e < selector.length; e++) {
      const bits = pairBits.get(selector[e][0])!.get(selector[e][1])!;
      for (let w = 0; w < nodeWords; w++) classSelectorOk[base + w] &= bits[w];
    }
    // Taints: all ones, minus the nodes of every taint set not fully tolerated.
    let taintBlocksSome = false;
    if (tolerations.length === 0) {
      classTaintOk.set(untainted, base);
      taintBlocksSome = taintSets.length > 0;
    } else {
      fillAll(classTaintOk, base, nodeWords, lastWordMask);
      if (!tolerations.some((rule) => rule.exists && rule.key === null)) {
        for (const set of taintSets) {
          if (toleratesAll(tolerations, set.taints)) continue;
          taintBlocksSome = true;
          for (let k = 0; k < set.nodes.length; k++) {
            const n = set.nodes[k];
            classTaintOk[base + (n >>> 5)] &= ~(1 << (n & 31));
          }
        }
      }
    }
    classAllowsAll[c] = !taintBlocksSome && isFull(classSelectorOk, base, nodeWords, lastWordMask) ? 1 : 0;
  }
  return { nodeWords, classSelectorOk, classTaintOk, classAllowsAll };
}

function fillAll(words: Uint32Array, base: number, nodeWords: number, lastWordMask: number): void {
  if (nodeWords === 0) return;
  words.fill(0xffffffff, base, base + nodeWords);
  words[base + nodeWords - 1] = lastWordMask >>> 0;
}

function isFull(words: Uint32Array, base: number, nodeWords: number, lastWordMask: number): boolean {
  for (let w = 0; w < nodeWords - 1; w++) if (words[base + w] !== 0xffffffff) return false;
  return nodeWords === 0 || words[base + nodeWords - 1] === lastWordMask >>> 0;
}

/** key → value → bitset of the nodes carrying that label, for the pairs some selector uses. */
function labelPairBitsets(
  rules: ClassRule[],
  nodes: NodeTable,
  nodeWords: number,
): Map<string, Map<string, Uint32Array>> {
  const wanted = new Map<string, Map<string, Uint32Array>>();
  for (const rule of rules) {
    for (const [key, value] of rule.selector) {
      let byValue = wanted.get(key);
      if (byValue === undefined) wanted.set(key, (byValue = new Map()));
      if (!byValue.has(value)) byValue.set(value, new Uint32Array(nodeWords));
    }
  }
  if (wanted.size === 0) return wanted;
  for (let n = 0; n < nodes.count; n++) {
    const labels = nodes.labels[n];
    const keys = Object.keys(labels);
    for (let k = 0; k < keys.length; k++) {
      const bits = wanted.get(keys[k])?.get(labels[keys[k]]);
      if (bits !== undefined) bits[n >>> 5] |= 1 << (n & 31);
    }
  }
  return wanted;
}

interface TaintSet {
  taints: BlockingTaint[];
  nodes: number[];
}

/** Tainted nodes grouped by their (order-insensitive) set of blocking taints, in node order. */
function groupByTaints(blockingTaints: Array<BlockingTaint[] | null>): TaintSet[] {
  const byKey = new Map<string, TaintSet>();
  for (let n = 0; n < blockingTaints.length; n++) {
    const taints = blockingTaints[n];
    if (taints === null) continue;
    const key = taints
      .map((t) => `${JSON.stringify(t.key)}=${JSON.stringify(t.value)}`)
      .sort()
      .join(",");
    const set = byKey.get(key);
    if (set === undefined) byKey.set(key, { taints, nodes: [n] });
    else set.nodes.push(n);
  }
  return [...byKey.values()];
}

function toleratesAll(tolerations: readonly TolerationRule[], taints: BlockingTaint[]): boolean {
  for (let t = 0; t < taints.length; t++) if (!tolerates(tolerations, taints[t].key, taints[t].value)) return false;
  return true;
}

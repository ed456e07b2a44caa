// Text templates for the contract's messages, error paths and JSON output (issue 12: size). A
// template is an AssemblyScript string literal that ByteBuf#text writes as UTF-8, where a control
// character takes the next argument of the queue `fmt` (or `failAt`, `failIn`) filled:
//
//   \x01 a unit id, \x02 a node id, \x03 a resource name (dense index, as a JSON string; null when −1),
//   \x10 a group id (dense index, as a JSON string)
//   \x04 an i32 in decimal            \x05 a string record of the tape as a JSON string
//   \x06 an AssemblyScript string     \x07 describe(record) (shapes.ts)
//   \x08 a record as a path key (`.key` or `["key"]`, shapes.ts pathKeyBytes)
//   \x0e, \x0f the next f64 of the queue `fmtn` / `fmtn2` filled, as String(x) / as JSON.stringify writes it
//   \x11, \x12 the item context's two indices (`at`)
//   \x13 UTF-8 bytes as a JSON string: two arguments, pointer and length
//   \x14 no argument: ByteBuf#comma, the comma before a JSON member or element but the first
//
// One call with its arguments instead of a call per piece. Error paths: `failAt` takes the whole
// path, `failIn` the path after the item context `at` set (e.g. "units[\x11]" and unit u), so a
// reader sets the context once per item and its checks name only what follows.

import { ByteBuf } from "./bytes";
import { writeJsonNumber, writeNumber } from "./dtoa";
import { errorPath, fail } from "./fail";
import { groupIdLen, groupIdPtr } from "./groups";
import { strLen, strPtr } from "./json-reader";
import * as M from "./model";
import { describe, pathKeyBytes } from "./shapes";

const args: usize = memory.data(32);
const nums: usize = memory.data(16);
let nextArg = 0;
let nextNum = 0;
let ctxTemplate = "";
let ctxA = 0;
let ctxB = 0;

/** A string literal as a queue argument (\x06). */
// @ts-ignore: decorator
@inline export function str(text: string): usize {
  return changetype<usize>(text);
}

/** The two numbers \x0e / \x0f of the next template (failAt and failIn keep them). */
export function setNums(x: f64, y: f64): void {
  store<f64>(nums, x);
  store<f64>(nums, y, 8);
}

/** Fill the argument queue (up to six i32: ids, indices, records, string pointers). */
export function setArgs(a: usize, b: usize, c: usize, d: usize, e: usize, f: usize): void {
  store<u32>(args, a);
  store<u32>(args, b, 4);
  store<u32>(args, c, 8);
  store<u32>(args, d, 12);
  store<u32>(args, e, 16);
  store<u32>(args, f, 20);
  nextArg = 0;
  nextNum = 0;
}

/** Write template `t` into `out` with up to two arguments. */
export function fmt(out: ByteBuf, t: string, a: usize = 0, b: usize = 0): void {
  setArgs(a, b, 0, 0, 0, 0);
  out.text(t);
}

/** `fmt` with one number for \x0e / \x0f besides the i32 arguments. */
export function fmtn(out: ByteBuf, t: string, x: f64, a: usize = 0, b: usize = 0, c: usize = 0): void {
  store<f64>(nums, x);
  setArgs(a, b, c, 0, 0, 0);
  out.text(t);
}

/** `fmt` with two numbers for \x0e / \x0f besides the i32 arguments. */
export function fmtn2(out: ByteBuf, t: string, x: f64, y: f64, a: usize = 0, b: usize = 0, c: usize = 0): void {
  store<f64>(nums, y, 8);
  fmtn(out, t, x, a, b, c);
}

/** ByteBuf#text's placeholder `code`: write the next argument into `out`. */
export function putArg(out: ByteBuf, code: i32): void {
  if (code == 0x0e || code == 0x0f) {
    const x = load<f64>(nums + (<usize>nextNum << 3));
    nextNum++;
    if (code == 0x0e) writeNumber(out, x);
    else writeJsonNumber(out, x);
    return;
  }
  if (code == 0x14) {
    out.comma();
    return;
  }
  if (code == 0x11 || code == 0x12) {
    out.int(code == 0x11 ? ctxA : ctxB);
    return;
  }
  const a = load<i32>(args + (<usize>nextArg << 2));
  nextArg++;
  let ids = M.unitIds;
  switch (code) {
    case 0x04:
      out.int(a);
      return;
    case 0x05:
      out.jsonString(strPtr(a), strLen(a));
      return;
    case 0x06:
      out.text(changetype<string>(<usize>a));
      return;
    case 0x07:
      describe(out, a);
      return;
    case 0x08:
      pathKeyBytes(out, strPtr(a), strLen(a));
      return;
    case 0x10:
      out.jsonString(groupIdPtr(a), groupIdLen(a));
      return;
    case 0x13:
      out.jsonString(<usize>a, load<i32>(args + (<usize>nextArg << 2)));
      nextArg++;
      return;
    case 0x02:
      ids = M.nodeIds;
      break;
    case 0x03:
      ids = M.resources;
  }
  if (a < 0) out.text("null");
  else out.jsonString(ids.keyPtr(a), ids.keyLen(a));
}

/** The item context of `failIn` paths: a template whose \x11 and \x12 are `a` and `b`. */
export function at(template: string, a: i32 = 0, b: i32 = 0): void {
  ctxTemplate = template;
  ctxA = a;
  ctxB = b;
}

/** Error `code`: the message template, then the whole path template, sharing one argument queue. */
export function failAt(code: i32, message: string, path: string, a: usize = 0, b: usize = 0, c: usize = 0, d: usize = 0, e: usize = 0): void {
  setArgs(a, b, c, d, e, 0);
  fail(code).text(message);
  errorPath.text(path);
}

/** As failAt, the path being the item context followed by `suffix` (e.g. ".id", "[\x04]"). */
export function failIn(code: i32, message: string, suffix: string, a: usize = 0, b: usize = 0, c: usize = 0, d: usize = 0, e: usize = 0): void {
  failAt(code, message, ctxTemplate, a, b, c, d, e);
  errorPath.text(suffix);
}

/** The error path after a check that wrote the message (checkNumber): the context, then `suffix`. */
export function pathIn(suffix: string, a: usize = 0, b: usize = 0): void {
  pathAt(ctxTemplate, 0, 0);
  pathAt(suffix, a, b);
}

/** The error path after a check that wrote the message: a whole path template. */
export function pathAt(path: string, a: usize = 0, b: usize = 0): void {
  setArgs(a, b, 0, 0, 0, 0);
  errorPath.text(path);
}

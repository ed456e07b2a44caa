// A YAML reader for what `kubectl get -o yaml` and hand-written manifests contain: block mappings
// and sequences (also the compact `- key: value` form), plain, single- and double-quoted scalars,
// literal (`|`) and folded (`>`) block scalars, flow collections (`{}`, `[a, b]`, `{a: 1}`),
// comments, and several documents separated by `---`. Plain scalars resolve by YAML 1.2's core
// schema (null, booleans, integers, floats; everything else a string). Anchors, aliases, tags and
// complex keys are refused with E_PARSE (kubectl never prints them).
// Source of the rules: YAML 1.2.2 (yaml.org/spec/1.2.2), chapters 6–8 and 10.3.
// Errors: E_PARSE with path `line K` (1-based).

import { BerthError } from "../errors.js";

interface Line {
  number: number;
  indent: number;
  text: string; // without indentation and trailing comment/whitespace
}

function parseError(line: number, message: string): BerthError {
  return new BerthError("E_PARSE", `YAML: ${message}`, `line ${line}`);
}

/**
 * The first index where `stop(text, i)` holds outside quoted text (a double-quoted string's `\"`
 * does not close it), or −1. `opens(text, i)` says whether a quote at i starts a quoted string.
 */
function outsideQuotes(
  text: string,
  opens: (text: string, i: number) => boolean,
  stop: (text: string, i: number) => boolean,
): number {
  let quote = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = "";
    } else if ((c === '"' || c === "'") && opens(text, i)) {
      quote = c;
    } else if (stop(text, i)) {
      return i;
    }
  }
  return -1;
}

/** Strip a trailing ` # comment` outside quotes. */
function stripComment(text: string): string {
  const at = outsideQuotes(
    text,
    (t, i) => i === 0 || /[\s[{,:]/.test(t[i - 1]),
    (t, i) => t[i] === "#" && (i === 0 || /\s/.test(t[i - 1])),
  );
  return (at < 0 ? text : text.slice(0, at)).trimEnd();
}

const INT = /^[-+]?(0|[1-9][0-9]*)$/;
const OCT = /^0o[0-7]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** YAML 1.2 core schema resolution of a plain scalar. */
function plainScalar(text: string): unknown {
  if (text === "" || text === "~" || text === "null" || text === "Null" || text === "NULL") return null;
  if (text === "true" || text === "True" || text === "TRUE") return true;
  if (text === "false" || text === "False" || text === "FALSE") return false;
  if (INT.test(text)) return Number(text);
  if (OCT.test(text)) return parseInt(text.slice(2), 8);
  if (HEX.test(text)) return parseInt(text.slice(2), 16);
  if (FLOAT.test(text)) return Number(text);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(text)) return text.startsWith("-") ? -Infinity : Infinity;
  if (/^\.(nan|NaN|NAN)$/.test(text)) return NaN;
  return text;
}

const ESCAPES: Record<string, string> = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  t: "\t",
  "\t": "\t",
  n: "\n",
  v: "\v",
  f: "\f",
  r: "\r",
  e: "\x1b",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
  N: "\u0085",
  _: "\u00a0",
  L: "\u2028",
  P: "\u2029",
};

/** A scalar or flow collection starting at text[at]; returns the value and the index after it. */
class Flow {
  constructor(
    private readonly text: string,
    private readonly line: number,
  ) {}
  at = 0;

  private space(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at])) this.at++;
  }

  value(inFlow: boolean): unknown {
    this.space();
    const c = this.text[this.at];
    if (c === "{") return this.mapping();
    if (c === "[") return this.sequence();
    if (c === '"') return this.doubleQuoted();
    if (c === "'") return this.singleQuoted();
    if (c === "&" || c === "*" || c === "!") throw parseError(this.line, "anchors, aliases and tags are not supported");
    let end = this.at;
    while (end < this.text.length) {
      const d = this.text[end];
      if (inFlow && (d === "," || d === "]" || d === "}")) break;
      if (inFlow && d === ":" && (end + 1 === this.text.length || /[\s,\]}]/.test(this.text[end + 1]))) break;
      end++;
    }
    const raw = this.text.slice(this.at, end).trim();
    this.at = end;
    return plainScalar(raw);
  }

  private doubleQuoted(): string {
    let out = "";
    let i = this.at + 1;
    while (i < this.text.length && this.text[i] !== '"') {
      const c = this.text[i];
      if (c !== "\\") {
        out += c;
        i++;
        continue;
      }
      const e = this.text[i + 1];
      if (e === "x" || e === "u" || e === "U") {
        const width = e === "x" ? 2 : e === "u" ? 4 : 8;
        const hex = this.text.slice(i + 2, i + 2 + width);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) throw parseError(this.line, `bad escape \\${e}${hex}`);
        out += String.fromCodePoint(parseInt(hex, 16));
        i += 2 + width;
      } else if (e !== undefined && e in ESCAPES) {
        out += ESCAPES[e];
        i += 2;
      } else {
        throw parseError(this.line, `bad escape \\${e ?? ""}`);
      }
    }
    if (i >= this.text.length) throw parseError(this.line, "unterminated double-quoted string");
    this.at = i + 1;
    return out;
  }

  private singleQuoted(): string {
    let out = "";
    let i = this.at + 1;
    for (;;) {
      if (i >= this.text.length) throw parseError(this.line, "unterminated single-quoted string");
      if (this.text[i] === "'") {
        if (this.text[i + 1] === "'") {
          out += "'";
          i += 2;
          continue;
        }
        break;
      }
      out += this.text[i++];
    }
    this.at = i + 1;
    return out;
  }

  private sequence(): unknown[] {
    const out: unknown[] = [];
    this.at++;
    for (;;) {
      this.space();
      if (this.text[this.at] === "]") {
        this.at++;
        return out;
      }
      out.push(this.value(true));
      this.space();
      if (this.text[this.at] === ",") this.at++;
      else if (this.text[this.at] !== "]") throw parseError(this.line, "expected , or ] in a flow sequence");
    }
  }

  private mapping(): Record<string, unknown> {
    const out: Record<string, unknown> = Object.create(null);
    this.at++;
    for (;;) {
      this.space();
      if (this.text[this.at] === "}") {
        this.at++;
        return out;
      }
      const key = this.value(true);
      this.space();
      let value: unknown = null;
      if (this.text[this.at] === ":") {
        this.at++;
        value = this.value(true);
        this.space();
      }
      out[String(key)] = value;
      if (this.text[this.at] === ",") this.at++;
      else if (this.text[this.at] !== "}") throw parseError(this.line, "expected , or } in a flow mapping");
    }
  }

  /** The whole rest must be one value (nothing after it). */
  only(): unknown {
    const value = this.value(false);
    this.space();
    if (this.at < this.text.length)
      throw parseError(
        this.line,
        `unexpected text after a value: ${JSON.stringify(this.text.slice(this.at, this.at + 20))}`,
      );
    return value;
  }
}

/** Index of the `: ` (or a final `:`) separating a block mapping key, outside quotes; −1 when none. */
function keySeparator(text: string): number {
  const at = outsideQuotes(
    text,
    (_t, i) => i === 0,
    (t, i) =>
      t[i] === "{" || t[i] === "[" || (t[i] === ":" && (i + 1 === t.length || t[i + 1] === " " || t[i + 1] === "\t")),
  );
  return at >= 0 && text[at] === ":" ? at : -1;
}

class Block {
  private index = 0;
  constructor(
    private readonly lines: Line[],
    private readonly raw: string[],
  ) {}

  done(): boolean {
    return this.index >= this.lines.length;
  }

  /** A node whose lines are indented at least `minIndent`. */
  node(minIndent: number): unknown {
    const line = this.lines[this.index];
    if (!line || line.indent < minIndent) return null;
    if (line.text === "-" || line.text.startsWith("- ")) return this.sequence(line.indent);
    if (keySeparator(line.text) >= 0) return this.mapping(line.indent);
    this.index++;
    return new Flow(line.text, line.number).only();
  }

  private sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    for (;;) {
      const line = this.lines[this.index];
      if (!line || line.indent !== indent || !(line.text === "-" || line.text.startsWith("- "))) break;
      const rest = line.text.slice(1).trimStart();
      if (rest === "") {
        this.index++;
        out.push(this.node(indent + 1));
        continue;
      }
      // `- key: value` starts a mapping whose keys sit at the column after "- ".
      const column = indent + (line.text.length - rest.length);
      this.lines[this.index] = { number: line.number, indent: column, text: rest };
      out.push(this.node(column));
    }
    return out;
  }

  private mapping(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = Object.create(null);
    for (;;) {
      const line = this.lines[this.index];
      if (!line || line.indent !== indent) break;
      const at = keySeparator(line.text);
      if (at < 0) throw parseError(line.number, `expected "key: value", not ${JSON.stringify(line.text.slice(0, 40))}`);
      const keyText = line.text.slice(0, at).trim();
      if (keyText.startsWith("? ") || keyText === "?") throw parseError(line.number, "complex keys are not supported");
      const key = String(new Flow(keyText, line.number).only());
      const rest = line.text.slice(at + 1).trim();
      this.index++;
      if (rest === "") {
        const next = this.lines[this.index];
        // A sequence may sit at the key's own indentation (`key:\n- a`).
        if (
          next &&
          (next.indent > indent || (next.indent === indent && (next.text === "-" || next.text.startsWith("- "))))
        ) {
          out[key] = this.node(next.indent);
        } else {
          out[key] = null;
        }
      } else if (/^[|>][-+0-9]*$/.test(rest)) {
        out[key] = this.blockScalar(rest, indent, line.number);
      } else {
        out[key] = new Flow(rest, line.number).only();
      }
    }
    return out;
  }

  /** `|` or `>` with optional chomping (`-`, `+`) and indentation indicator, from the raw lines. */
  private blockScalar(header: string, parentIndent: number, headerLine: number): string {
    const literal = header[0] === "|";
    const chomp = header.includes("-") ? "strip" : header.includes("+") ? "keep" : "clip";
    const explicit = header.match(/[1-9]/);
    // Raw lines after the header until a non-empty line indented ≤ parentIndent.
    const body: string[] = [];
    let row = headerLine; // raw index of the line after the header (lines are 1-based)
    let indent = explicit ? parentIndent + Number(explicit[0]) : -1;
    while (row < this.raw.length) {
      const text = this.raw[row];
      const lead = text.length - text.trimStart().length;
      if (text.trim() === "") {
        body.push("");
        row++;
        continue;
      }
      if (lead <= parentIndent) break;
      if (indent < 0) indent = lead;
      if (lead < indent) break;
      body.push(text.slice(indent));
      row++;
    }
    // Skip the structured lines consumed as the block's body.
    while (this.index < this.lines.length && this.lines[this.index].number <= row) this.index++;
    let trailing = 0;
    while (body.length > 0 && body[body.length - 1] === "") {
      body.pop();
      trailing++;
    }
    let text: string;
    if (literal) text = body.join("\n");
    else {
      text = "";
      for (let i = 0; i < body.length; i++) {
        if (i === 0) text = body[0];
        else if (body[i] === "" || body[i - 1] === "" || /^\s/.test(body[i])) text += `\n${body[i]}`;
        else text += ` ${body[i]}`;
      }
    }
    if (body.length === 0) return chomp === "keep" ? "\n".repeat(trailing) : "";
    if (chomp === "strip") return text;
    if (chomp === "keep") return text + "\n".repeat(trailing + 1);
    return `${text}\n`;
  }
}

/** Every document of a YAML stream, in order (an empty document is `null`). */
export function parseYamlDocuments(source: string): unknown[] {
  const raw = source.replace(/^\uFEFF/, "").split(/\r?\n/);
  const documents: unknown[] = [];
  let lines: Line[] = [];
  let started = false;
  const flush = () => {
    if (!started && lines.length === 0) return;
    const block = new Block(lines, raw);
    const value = block.done() ? null : block.node(0);
    if (!block.done()) {
      const stray = lines.find((l) => l.number > 0) ?? lines[0];
      throw parseError(stray.number, "bad indentation");
    }
    documents.push(value);
    lines = [];
  };
  for (let i = 0; i < raw.length; i++) {
    const text = raw[i];
    if (/^---(\s|$)/.test(text)) {
      flush();
      started = true;
      const rest = stripComment(text.slice(3)).trim();
      if (rest) lines.push({ number: i + 1, indent: 0, text: rest });
      continue;
    }
    if (/^\.\.\.(\s|$)/.test(text)) {
      flush();
      started = false;
      continue;
    }
    if (text.startsWith("%")) continue; // directives
    if (/^\s*\t/.test(text) && text.trim() !== "") throw parseError(i + 1, "tabs are not allowed in indentation");
    const stripped = stripComment(text);
    if (stripped.trim() === "") continue;
    const indent = stripped.length - stripped.trimStart().length;
    lines.push({ number: i + 1, indent, text: stripped.trimStart() });
  }
  flush();
  return documents;
}

// Where JSON text first goes wrong, as a character offset.
//
// JSON.parse's messages differ between engines and Node versions: some say "at position N", some
// only quote the offending text. To tell people the line and column either way, this scanner walks
// the JSON grammar (RFC 8259) and stops at the first character that cannot continue it. It runs
// only after JSON.parse has already failed, so it favours being obviously right over being fast.

/** Offset of the first character that breaks the grammar; text.length for an unexpected end; -1 if valid. */
export function jsonErrorOffset(text: string): number {
  let at = 0;

  const fail = (): never => {
    throw new ScanStop(at);
  };
  const skipSpace = () => {
    while (at < text.length && " \t\n\r".includes(text[at])) at++;
  };
  const expect = (literal: string) => {
    for (const char of literal) {
      if (text[at] !== char) fail();
      at++;
    }
  };
  const digits = () => {
    const start = at;
    while (at < text.length && text[at] >= "0" && text[at] <= "9") at++;
    if (at === start) fail();
  };
  const number = () => {
    if (text[at] === "-") at++;
    if (text[at] === "0") at++;
    else digits();
    if (text[at] === ".") {
      at++;
      digits();
    }
    if (text[at] === "e" || text[at] === "E") {
      at++;
      if (text[at] === "+" || text[at] === "-") at++;
      digits();
    }
  };
  const string = () => {
    expect('"');
    while (true) {
      if (at >= text.length) fail();
      const char = text[at];
      if (char === '"') {
        at++;
        return;
      }
      if (char.charCodeAt(0) < 0x20) fail();
      if (char === "\\") {
        at++;
        if (text[at] === "u") {
          at++;
          for (let index = 0; index < 4; index++) {
            if (!/[0-9a-fA-F]/.test(text[at] ?? "")) fail();
            at++;
          }
        } else if (at < text.length && '"\\/bfnrt'.includes(text[at])) {
          at++;
        } else {
          fail();
        }
      } else {
        at++;
      }
    }
  };
  const value = (): void => {
    skipSpace();
    const char = text[at];
    if (char === "{") {
      at++;
      skipSpace();
      if (text[at] === "}") {
        at++;
        return;
      }
      while (true) {
        skipSpace();
        string();
        skipSpace();
        expect(":");
        value();
        skipSpace();
        if (text[at] === ",") at++;
        else {
          expect("}");
          return;
        }
      }
    } else if (char === "[") {
      at++;
      skipSpace();
      if (text[at] === "]") {
        at++;
        return;
      }
      while (true) {
        value();
        skipSpace();
        if (text[at] === ",") at++;
        else {
          expect("]");
          return;
        }
      }
    } else if (char === '"') string();
    else if (char === "t") expect("true");
    else if (char === "f") expect("false");
    else if (char === "n") expect("null");
    else if (char === "-" || (char >= "0" && char <= "9")) number();
    else fail();
  };

  try {
    value();
    skipSpace();
    if (at < text.length) fail();
    return -1;
  } catch (error) {
    if (error instanceof ScanStop) return error.offset;
    return -1; // e.g. nesting deep enough to exhaust the stack: no position, the message stands alone
  }
}

class ScanStop {
  constructor(readonly offset: number) {}
}

/** 1-based line and column of an offset, the way editors count them. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lastBreak = before.lastIndexOf("\n");
  return { line: before.split("\n").length, column: offset - lastBreak };
}

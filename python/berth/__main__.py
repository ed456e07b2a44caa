"""`python -m berth place FILE` (`explain FILE --unit ID`) — mirrors the Node CLI's JSON output: the
result pretty-printed with two spaces (as JSON.stringify(result, null, 2)) on stdout; bad input
prints {"error": {code, message, path}} on stderr and exits 2; a usage error exits 64."""
from __future__ import annotations

import json
import sys

from . import BerthError, SUPPORTED_OPERATIONS, run_json

USAGE = f"usage: python -m berth <{'|'.join(SUPPORTED_OPERATIONS)}> FILE|-  (explain: --unit ID)"


def indent(text: str) -> str:
    """Re-indent compact JSON text like JSON.stringify(value, null, 2), keeping every number's text."""
    out, depth, i, n = [], 0, 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i : j + 1])
            i = j + 1
            continue
        if c in "[{":
            if text[i + 1] in "]}":
                out.append(c + text[i + 1])
                i += 2
                continue
            depth += 1
            out.append(c + "\n" + "  " * depth)
        elif c in "]}":
            depth -= 1
            out.append("\n" + "  " * depth + c)
        elif c == ",":
            out.append(",\n" + "  " * depth)
        elif c == ":":
            out.append(": ")
        else:
            out.append(c)
        i += 1
    return "".join(out)


def main(argv: list) -> int:
    argv = list(argv)
    request = None
    for at, arg in enumerate(argv):
        if arg.startswith("--unit="):
            request = {"unit": arg[len("--unit="):]}
            del argv[at]
            break
        if arg == "--unit" and at + 1 < len(argv):
            request = {"unit": argv[at + 1]}
            del argv[at : at + 2]
            break
    if len(argv) != 2 or argv[0] not in SUPPORTED_OPERATIONS or (request is None) != (argv[0] != "explain"):
        print(USAGE, file=sys.stderr)
        return 64
    operation, path = argv
    try:
        data = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()
    except OSError as error:
        print(json.dumps({"error": {"code": "E_NOT_FOUND", "message": str(error), "path": ""}}, indent=2), file=sys.stderr)
        return 2
    try:
        text = run_json(operation, data, request).decode("utf-8")
    except BerthError as error:
        print(json.dumps({"error": error.to_json()}, indent=2, ensure_ascii=False), file=sys.stderr)
        return 2
    sys.stdout.write(indent(text) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

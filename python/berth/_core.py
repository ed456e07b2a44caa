"""The one berth.wasm instance and the JSON entry (DESIGN.md, "Across the Wasm boundary").

Copies the problem's UTF-8 bytes into the core's arena and makes one call, `runJson`; the core
parses, validates, solves and writes the result (or an error record) as UTF-8 JSON. Nothing here
knows the problem's shape. A trap (a bug in the core, or memory exhausted) drops the instance:
the next call starts a fresh one. Not thread-safe: one call at a time per process (use a lock or
one process per worker).
"""
from __future__ import annotations

import os
import struct
import time
from pathlib import Path
from typing import Optional, Tuple

import wasmtime

from .layouts import STATUS

# Operation codes (OP_* of assembly/abi/status.ts, generated into layouts.py), and the ones the JSON entry covers.
OPERATIONS = {name: STATUS[f"OP_{name.upper()}"] for name in ("place", "analyze", "schedule", "plan", "share", "explain")}
COVERED = ("place", "analyze", "schedule", "plan", "share", "explain")
JSON_OK = STATUS["JSON_OK"]
RESULT_RECORD_BYTES = STATUS["JSON_RESULT_BYTES"]


def wasm_path() -> Path:
    """berth.wasm: $BERTH_WASM, else the copy inside the package, else the repository's build/."""
    given = os.environ.get("BERTH_WASM")
    if given:
        return Path(given)
    packaged = Path(__file__).with_name("berth.wasm")
    if packaged.exists():
        return packaged
    return Path(__file__).resolve().parents[2] / "build" / "berth.wasm"


class _Core:
    def __init__(self, path: Optional[Path] = None) -> None:
        # wasmtime's on-disk compilation cache: compiling berth.wasm takes ~0.4 s, loading it back ~2 ms.
        config = wasmtime.Config()
        try:
            config.cache = os.environ.get("BERTH_NO_CACHE") is None
        except Exception:  # no writable cache directory: compile every time
            pass
        self.engine = wasmtime.Engine(config)
        self.module = wasmtime.Module.from_file(self.engine, str(path or wasm_path()))
        self.instance: Optional[Tuple[wasmtime.Store, dict]] = None

    def _instantiate(self) -> Tuple[wasmtime.Store, dict]:
        store = wasmtime.Store(self.engine)
        linker = wasmtime.Linker(self.engine)
        f64, i32 = wasmtime.ValType.f64(), wasmtime.ValType.i32()
        linker.define_func("berth", "now", wasmtime.FuncType([], [f64]), lambda: time.perf_counter() * 1000.0)
        linker.define_func("berth", "progress", wasmtime.FuncType([i32, f64], []), lambda operation, fraction: None)

        def abort(message, file, line, column):
            raise RuntimeError("berth.wasm aborted")

        linker.define_func("env", "abort", wasmtime.FuncType([i32, i32, i32, i32], []), abort)
        instance = linker.instantiate(store, self.module)
        return store, instance.exports(store)

    def run(self, operation: str, problem: bytes, args: bytes = b"") -> Tuple[bool, bytes]:
        """(ok, text): the result JSON, or the error record's JSON. `args`: the operation's arguments as JSON (explain's request)."""
        if self.instance is None:
            self.instance = self._instantiate()
        store, exports = self.instance
        try:
            memory = exports["memory"]
            exports["arenaReset"](store)
            input_ptr = exports["arenaAlloc"](store, len(problem))
            memory.write(store, problem, input_ptr)
            args_ptr = exports["arenaAlloc"](store, len(args))
            if args:
                memory.write(store, args, args_ptr)
            # An i32 from wasmtime: read it unsigned, a record may lie above 2 GiB.
            record = exports["runJson"](store, OPERATIONS.get(operation, 0), input_ptr, len(problem), args_ptr, len(args)) & 0xFFFFFFFF
            raw = memory.read(store, record, record + RESULT_RECORD_BYTES)
            status = struct.unpack_from("<i", raw, STATUS["JR_STATUS"])[0]
            ptr = struct.unpack_from("<I", raw, STATUS["JR_POINTER"])[0]
            length = struct.unpack_from("<i", raw, STATUS["JR_LENGTH"])[0]
            return status == JSON_OK, bytes(memory.read(store, ptr, ptr + length))
        except wasmtime.WasmtimeError:
            self.instance = None  # a trapped instance is unusable
            raise


_core: Optional[_Core] = None


def core() -> _Core:
    global _core
    if _core is None:
        _core = _Core()
    return _core

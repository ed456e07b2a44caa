"""Berth, a placement engine, from Python: the same berth.wasm as the npm package.

    import berth
    result = berth.place(problem)        # problem: dict, JSON str or UTF-8 bytes (FORMAT.md)

Every function takes the problem as a dict, a JSON string or UTF-8 bytes, hands its bytes to the
engine in one call, and returns the result as a dict (or, with the `*_json` variants, the result's
exact UTF-8 JSON bytes, identical to what the JavaScript binding's JSON.stringify gives). Bad input
raises BerthError with a stable `code` and the JSON `path` of the offending value.

Operations (all in the engine's JSON entry): place, analyze, schedule, plan, share and explain
(`berth.explain(problem, unit=..., assignments=None)`: why a unit is or is not placed, and the
verified fixes, byte for byte the JavaScript binding's answer). An unknown operation name raises
BerthError E_UNSUPPORTED.
"""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Union

from . import _core
from .types import AnalyzeResult, ExplainResult, PlaceResult, PlanResult, Problem, ShareResult

__all__ = [
    "BerthError", "place", "place_json", "analyze", "analyze_json", "schedule", "schedule_json", "plan", "plan_json",
    "share", "share_json", "explain", "explain_json", "run_json", "SUPPORTED_OPERATIONS", "Problem", "PlaceResult",
    "AnalyzeResult", "PlanResult", "ShareResult", "ExplainResult",
]

SUPPORTED_OPERATIONS = _core.COVERED

ProblemInput = Union[Problem, Dict[str, Any], str, bytes, bytearray]


class BerthError(Exception):
    """A typed engine error: `code` (docs/errors.md), `path` (JSON path, "" for the whole input)."""

    def __init__(self, code: str, message: str, path: str = "", cycle: Optional[List[str]] = None) -> None:
        super().__init__(f"{message} (at {path})" if path else message)
        self.code = code
        self.message = message
        self.path = path
        self.cycle = cycle

    def to_json(self) -> Dict[str, Any]:
        body: Dict[str, Any] = {"code": self.code, "message": self.message, "path": self.path}
        if self.cycle is not None:
            body["cycle"] = self.cycle
        return body


def _encode(problem: ProblemInput) -> bytes:
    if isinstance(problem, (bytes, bytearray)):
        return bytes(problem)
    if isinstance(problem, str):
        return problem.encode("utf-8")
    try:
        return json.dumps(problem, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    except ValueError as error:  # NaN or ±Infinity: JSON cannot carry them
        raise BerthError("E_NOT_FINITE", f"the problem holds a number JSON cannot carry: {error}") from None
    except TypeError as error:
        raise BerthError("E_SCHEMA", f"the problem is not JSON data: {error}") from None


def run_json(operation: str, problem: ProblemInput, request: Optional[Dict[str, Any]] = None) -> bytes:
    """The engine's answer as UTF-8 JSON bytes (raises BerthError for bad input or an unknown operation).

    `request`: the operation's arguments — explain's {"unit": id, "assignments": {unit id: node id}}.
    """
    if operation not in _core.COVERED:
        raise BerthError("E_UNSUPPORTED", f"{operation} does not go through the engine's JSON entry (covered: {', '.join(_core.COVERED)})")
    args = b"" if request is None else _encode(request)
    ok, text = _core.core().run(operation, _encode(problem), args)
    if ok:
        return text
    record = json.loads(text)
    raise BerthError(record["code"], record["message"], record["path"], record.get("cycle"))


def place_json(problem: ProblemInput) -> bytes:
    """place, returning the result's exact JSON bytes."""
    return run_json("place", problem)


def place(problem: ProblemInput) -> PlaceResult:
    """Which node should each unit run on? FORMAT.md "place"."""
    return json.loads(place_json(problem))


def analyze_json(problem: ProblemInput) -> bytes:
    """analyze, returning the result's exact JSON bytes."""
    return run_json("analyze", problem)


def analyze(problem: ProblemInput) -> AnalyzeResult:
    """How is the workload shaped? FORMAT.md "analyze"."""
    return json.loads(analyze_json(problem))


def schedule_json(problem: ProblemInput) -> bytes:
    """schedule, returning the result's exact JSON bytes."""
    return run_json("schedule", problem)


def schedule(problem: ProblemInput) -> Dict[str, Any]:
    """When and where does each task of a DAG run? FORMAT.md "schedule"."""
    return json.loads(schedule_json(problem))


def plan_json(problem: ProblemInput) -> bytes:
    """plan, returning the result's exact JSON bytes."""
    return run_json("plan", problem)


def plan(problem: ProblemInput) -> PlanResult:
    """How do we get from today's placement (units' `current`) to a better one, wave by wave? FORMAT.md "plan"."""
    return json.loads(plan_json(problem))


def share_json(problem: ProblemInput) -> bytes:
    """share, returning the result's exact JSON bytes."""
    return run_json("share", problem)


def share(problem: ProblemInput) -> ShareResult:
    """Who gets the spare capacity (units' `elastic` ranges)? FORMAT.md "share"."""
    return json.loads(share_json(problem))


def explain_json(problem: ProblemInput, unit: str, assignments: Optional[Dict[str, str]] = None) -> bytes:
    """explain, returning the result's exact JSON bytes."""
    request: Dict[str, Any] = {"unit": unit}
    if assignments is not None:
        request["assignments"] = assignments
    return run_json("explain", problem, request)


def explain(problem: ProblemInput, unit: str, assignments: Optional[Dict[str, str]] = None) -> ExplainResult:
    """Why is `unit` (not) placed, and what smallest verified change would place it? FORMAT.md "explain".

    With `assignments` (unit id → node id) the engine explains that placement instead of placing.
    """
    return json.loads(explain_json(problem, unit, assignments))

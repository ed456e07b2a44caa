"""TypedDicts for the common shapes of FORMAT.md (problem in; place, analyze, plan, share and explain results out)."""
from __future__ import annotations

import sys
from typing import Dict, List, Literal, Optional

if sys.version_info >= (3, 11):
    from typing import NotRequired, TypedDict
else:  # pragma: no cover
    from typing_extensions import NotRequired, TypedDict


class Taint(TypedDict):
    key: str
    value: NotRequired[str]
    effect: NotRequired[Literal["NoSchedule", "NoExecute", "PreferNoSchedule"]]


class Toleration(TypedDict, total=False):
    key: str
    operator: Literal["Equal", "Exists"]
    value: str


class Node(TypedDict):
    id: str
    capacity: Dict[str, float]
    labels: NotRequired[Dict[str, str]]
    taints: NotRequired[List[Taint]]
    cost: NotRequired[float]
    speed: NotRequired[float]
    slots: NotRequired[int]


class Hold(TypedDict):
    kind: Literal["memory", "file", "socket", "device"]
    id: str
    bytes: NotRequired[float]
    relocatable: bool
    move: NotRequired[Literal["free", "copy", "address", "never"]]


class ElasticRange(TypedDict):
    max: float
    weight: NotRequired[float]


class Unit(TypedDict):
    id: str
    demand: Dict[str, float]
    labels: NotRequired[Dict[str, str]]
    priority: NotRequired[int]
    pin: NotRequired[str]
    nodeSelector: NotRequired[Dict[str, str]]
    tolerations: NotRequired[List[Toleration]]
    current: NotRequired[str]
    moveCost: NotRequired[float]
    work: NotRequired[float]
    cost: NotRequired[Dict[str, float]]
    holds: NotRequired[List[Hold]]
    elastic: NotRequired[Dict[str, ElasticRange]]


# "from" is a Python keyword: the functional form keeps the JSON key.
Edge = TypedDict("Edge", {"from": str, "to": str, "kind": Literal["coupled", "traffic", "after"], "volume": NotRequired[float]})


class Topology(TypedDict):
    levels: List[str]
    distance: List[float]


class Options(TypedDict, total=False):
    seed: int
    timeLimitMs: float
    goal: Literal["pack", "balance"]
    trafficWeight: float
    downtime: Literal["forbid", "allow"]
    headroomWorth: float


class Problem(TypedDict):
    resources: List[str]
    nodes: List[Node]
    units: List[Unit]
    edges: NotRequired[List[Edge]]
    topology: NotRequired[Topology]
    options: NotRequired[Options]


class Reason(TypedDict):
    code: str
    nodes: int
    resource: NotRequired[str]
    shortBy: NotRequired[float]
    group: NotRequired[str]
    unit: NotRequired[str]  # explain, PIN: the coupled unit that pins
    hold: NotRequired[str]  # explain, PIN: the hold that pins


class Unplaced(TypedDict):
    unit: str
    reasons: List[Reason]


class PlaceMetrics(TypedDict):
    unitsPlaced: int
    nodesUsed: int
    nodeCost: float
    trafficCost: float
    lowerBound: float
    peakUtilization: NotRequired[float]
    timeMs: float
    timedOut: bool


class PlaceResult(TypedDict):
    status: Literal["complete", "optimal", "partial"]
    assignments: Dict[str, str]
    unplaced: List[Unplaced]
    metrics: PlaceMetrics


class CriticalPath(TypedDict):
    length: float
    units: List[str]


class Parallelism(TypedDict):
    max: int
    average: float


class HoldRef(TypedDict):
    kind: str
    id: str


class MobilityReason(TypedDict, total=False):
    pin: str
    holds: List[HoldRef]
    coupledWith: List[str]
    together: List[str]
    pinnedBy: str


class IndependentTies(TypedDict):
    coupled: int
    together: int
    traffic: int
    volume: float


class IndependentGroup(TypedDict):
    units: List[str]
    ties: IndependentTies


class AnalyzeResult(TypedDict):
    components: List[List[str]]
    coupledGroups: List[List[str]]
    independent: List[IndependentGroup]
    order: Optional[List[str]]
    cycle: Optional[List[str]]
    criticalPath: CriticalPath
    parallelism: Parallelism
    mobility: Dict[str, Literal["free", "group", "pinned"]]
    mobilityReasons: Dict[str, MobilityReason]


# "from" is a Python keyword: the functional form keeps the JSON key. A new unit's "from" is None.
PlanMove = TypedDict("PlanMove", {"unit": str, "from": Optional[str], "to": str, "wave": int})


class PlanMetrics(TypedDict):
    moves: int
    moveCost: float
    nodeCostBefore: float
    nodeCostAfter: float
    waves: int
    stayed: int
    blocked: int
    timeMs: float


class PlanResult(TypedDict):
    target: Dict[str, str]
    moves: List[PlanMove]
    unplaced: List[Unplaced]
    shares: NotRequired[Dict[str, Dict[str, float]]]
    metrics: PlanMetrics


class ShareMetrics(TypedDict):
    unitsPlaced: int
    elastic: int
    capped: int
    leftover: float
    shared: float
    timeMs: float


class ShareResult(TypedDict):
    shares: Dict[str, Dict[str, float]]
    assignments: Dict[str, str]
    unplaced: List[Unplaced]
    metrics: ShareMetrics


class ExplainNode(TypedDict):
    node: str
    fits: bool
    reasons: List[Reason]


class ResizeChange(TypedDict):
    resource: str
    by: float
    capacity: float


class FixMove(TypedDict):
    unit: str
    to: str


class ExplainFix(TypedDict):
    """One verified fix; `kind` says which fields it has (docs/explain.md, "Fixes")."""
    kind: Literal["downtime", "resize", "move", "evict", "priority", "resizeNode", "addNode", "relax"]
    node: NotRequired[str]  # resize, move, evict, resizeNode, addNode (the new node's id)
    resource: NotRequired[str]  # resize
    by: NotRequired[float]  # resize
    capacity: NotRequired[float]  # resize
    changes: NotRequired[List[ResizeChange]]  # resizeNode
    moves: NotRequired[List[FixMove]]  # move
    units: NotRequired[List[str]]  # evict, priority, downtime
    priority: NotRequired[float]  # evict (their total), priority (the new level)
    holds: NotRequired[List[str]]  # downtime
    like: NotRequired[str]  # addNode
    group: NotRequired[str]  # relax
    policy: NotRequired[Literal["gang", "together", "apart", "spread"]]  # relax


class ExplainMetrics(TypedDict):
    timeMs: float
    placeCalls: int


class ExplainResult(TypedDict):
    unit: str
    placed: Optional[str]
    assignments: Dict[str, str]
    nodes: List[ExplainNode]
    summary: List[Reason]
    fixes: List[ExplainFix]
    metrics: ExplainMetrics


class ErrorRecord(TypedDict):
    code: str
    message: str
    path: str
    cycle: NotRequired[List[str]]


__all__ = [
    "Taint", "Toleration", "Node", "Hold", "ElasticRange", "Unit", "Edge", "Topology", "Options", "Problem",
    "Reason", "Unplaced", "PlaceMetrics", "PlaceResult", "CriticalPath", "Parallelism", "HoldRef",
    "MobilityReason", "AnalyzeResult", "PlanMove", "PlanMetrics", "PlanResult", "ShareMetrics", "ShareResult",
    "ErrorRecord",
]

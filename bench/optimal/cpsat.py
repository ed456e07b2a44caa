#!/usr/bin/env python3
"""Exact CP-SAT model of Berth's `place` problem: proven optima for `npm run bench:optimal`.

Reads Berth problem JSON and prints the optimal objective of FORMAT.md's `place` (shared/FORMAT.md,
"Problem", "Fine print" and "Results -> place"), whether CP-SAT PROVED it, and the solve time.

    python3 bench/optimal/cpsat.py PROBLEM.json [--time-limit 20] [--workers 1]
    python3 bench/optimal/cpsat.py --batch [--time-limit 20] [--workers 1] < problems.jsonl

`--batch` reads one `{"key": ..., "problem": {...}}` per line and writes one result per line (one
Python start-up for many problems). A result is
    {"key", "proven", "status", "placed": {"<priority>": count}, "objective", "nodeCost",
     "trafficCost", "peakUtilization", "assignments", "timeMs"}.

Dev-only: `pip install ortools` (Google OR-Tools CP-SAT, Perron & Didier; the solver behind
MiniZinc challenge wins). Not a dependency of the npm package or of `npm test`.

The model (one boolean x[u,n] per unit u and node n it may use):
  eligibility  pins (and non-relocatable holds with `current`), nodeSelector, blocking taints
               (NoSchedule / NoExecute / no effect) against tolerations (Exists: key or all;
               Equal, the default: key and value, a missing value is ""), members of labelled-level
               apart/spread groups only on nodes with that label, and a unit's own demand <= capacity.
  placement    sum_n x[u,n] <= 1; placed[u] is that sum.
  capacity     sum_u demand[u,r] x[u,n] <= capacity[n,r] * (1 + 1e-9) per node and resource, on
               integers: every amount is scaled to an exact integer per resource (decimal digits),
               so the tolerance only matters beyond 1e9 and is applied as floor(cap * 1e-9).
  coupled      connected components of `coupled` edges and shared `memory` holds: every member's
               x[., n] equals the first member's (same node, placed alike).
  gang         placed[u] equal over the members.
  together     one chosen domain of `level` per group; a member may only use nodes of it (a node
               without the label is a domain of its own).
  apart        at most one placed member per domain of `level`.
  spread       count[D] over ALL domains of `level` (distinct values among all nodes, as FORMAT.md
               and Berth's validator read it), max - min <= maxSkew.
  objective    lexicographic, solved in phases (each proven before the next; the achieved value
               becomes a constraint of the next phase):
    1. units placed per priority level, highest first: ONE weighted sum, weight of a level =
       prod over lower levels of (their unit count + 1), exact (no level can trade against a
       higher one).
    2. goal "pack": minimise nodeCost + trafficWeight * trafficCost, scaled to exact integers.
       nodeCost = sum cost[n] * used[n] (used[n] >= x[u,n]). trafficCost = sum over traffic edges
       (both ends placed; an edge with an unplaced end costs nothing, as the validator reads it) of
       volume * distance. distance: 0 on one node; with topology levels L0..Lk-1 the distance
       d[c] where c is the first level whose labels differ (d[k] when all agree; a missing label
       equals only another missing label); without topology 1. Linearised per edge with exact
       AND variables: A_c = "both ends in the same prefix domain of depth c" (A_0 = both placed),
       S = "same node"; distance = sum_{c<k} d[c](A_c - A_{c+1}) + d[k](A_k - S).
       goal "balance": minimise the peak utilisation max load[n,r]/capacity[n,r] (capacity > 0),
       exactly, as feasibility questions (CP-SAT proves packings far faster than min-max
       objectives): bisect on a threshold T (every load <= T * capacity, under an assumption
       literal) down to a window of 1e-3, then descend — given a solution of peak a/b, ask for one
       with load*b < a*capacity everywhere; INFEASIBLE proves a/b optimal.
  priority rule FORMAT.md's legality rule for results, as Berth's validator reads it (see
               _priority_rule). It is NOT implied by the lexicographic objective: evicting a
               lower-priority unit coupled to a higher-priority one costs the higher level, yet the
               rule counts that unit as removable, so the best legal result can place fewer units.
"""

import json
import math
import sys
import time
from fractions import Fraction

from ortools.sat.python import cp_model

# Part of the benchmark's cache key: bump it whenever a change can alter any answer.
MODEL_VERSION = 1
TOLERANCE = 1e-9


# ---------------------------------------------------------------------------------------------
# Reading the problem (defaults of FORMAT.md)


def blocks(taint):
    return taint.get("effect") in (None, "NoSchedule", "NoExecute")


def tolerates(toleration, taint):
    if toleration.get("operator") == "Exists":
        return toleration.get("key") is None or toleration.get("key") == taint.get("key")
    return toleration.get("key") == taint.get("key") and (toleration.get("value") or "") == (taint.get("value") or "")


def may_use(unit, node):
    if unit.get("pin") is not None and unit["pin"] != node["id"]:
        return False
    for hold in unit.get("holds") or []:
        if hold.get("relocatable") is False and unit.get("current") is not None and unit["current"] != node["id"]:
            return False
    labels = node.get("labels") or {}
    for key, wanted in (unit.get("nodeSelector") or {}).items():
        if labels.get(key) != wanted:
            return False
    tolerations = unit.get("tolerations") or []
    for taint in node.get("taints") or []:
        if blocks(taint) and not any(tolerates(t, taint) for t in tolerations):
            return False
    return True


def domain(node, level):
    """A node's domain at a group level: its id for "node", else the label value (None: missing)."""
    return node["id"] if level == "node" else (node.get("labels") or {}).get(level)


def integer_scale(values):
    """The smallest 10^k making every value an integer (exact decimals of the JSON numbers)."""
    scale = 1
    for value in values:
        fraction = Fraction(repr(float(value))) if isinstance(value, float) else Fraction(value)
        while (fraction * scale).denominator != 1:
            scale *= 10
            if scale > 10**9:
                raise ValueError(f"{value} needs more than 9 decimal digits")
    return scale


def group_members(group, units):
    members = set(group.get("units") or [])
    if group.get("selector") is not None:
        selector = group["selector"]
        for unit in units:
            labels = unit.get("labels") or {}
            if all(labels.get(k) == v for k, v in selector.items()):
                members.add(unit["id"])
    index = {unit["id"]: i for i, unit in enumerate(units)}
    return sorted(index[m] for m in members)


def coupled_components(problem, units):
    parent = list(range(len(units)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    index = {unit["id"]: i for i, unit in enumerate(units)}
    for edge in problem.get("edges") or []:
        if edge.get("kind") == "coupled":
            a, b = find(index[edge["from"]]), find(index[edge["to"]])
            parent[max(a, b)] = min(a, b)
    holder = {}
    for i, unit in enumerate(units):
        for hold in unit.get("holds") or []:
            if hold.get("kind") == "memory":
                if hold["id"] in holder:
                    a, b = find(holder[hold["id"]]), find(i)
                    parent[max(a, b)] = min(a, b)
                else:
                    holder[hold["id"]] = i
    components = {}
    for i in range(len(units)):
        components.setdefault(find(i), []).append(i)
    return [c for c in components.values() if len(c) > 1]


# ---------------------------------------------------------------------------------------------
# The model


class PlaceModel:
    def __init__(self, problem):
        self.problem = problem
        self.resources = problem["resources"]
        self.nodes = problem["nodes"]
        self.units = problem["units"]
        options = problem.get("options") or {}
        self.goal = options.get("goal") or "pack"
        self.traffic_weight = options.get("trafficWeight")
        if self.traffic_weight is None:
            self.traffic_weight = 1
        self.model = cp_model.CpModel()
        self.x = {}  # (u, n) -> BoolVar
        self._scale_amounts()
        self._variables()
        self._groups()
        self._priority_rule()

    # -- data ----------------------------------------------------------------------------------
    def _scale_amounts(self):
        R = len(self.resources)
        self.demand = [[(u.get("demand") or {}).get(r) or 0 for r in self.resources] for u in self.units]
        self.capacity = [[(n.get("capacity") or {}).get(r) or 0 for r in self.resources] for n in self.nodes]
        for r in range(R):
            scale = integer_scale([d[r] for d in self.demand] + [c[r] for c in self.capacity])
            for d in self.demand:
                d[r] = int(Fraction(repr(float(d[r]))) * scale)
            for c in self.capacity:
                c[r] = int(Fraction(repr(float(c[r]))) * scale)
        # Fit: sum <= capacity * (1 + 1e-9) on exact integers.
        self.allowed = [[c + math.floor(c * TOLERANCE) for c in row] for row in self.capacity]

    def _variables(self):
        label_required = [set() for _ in self.units]
        self.members = []
        for group in self.problem.get("groups") or []:
            members = group_members(group, self.units)
            self.members.append(members)
            level = group.get("level") or "node"
            if group.get("policy") in ("apart", "spread") and level != "node":
                for u in members:
                    label_required[u].add(level)
        for u, unit in enumerate(self.units):
            for n, node in enumerate(self.nodes):
                if not may_use(unit, node):
                    continue
                if any((node.get("labels") or {}).get(level) is None for level in label_required[u]):
                    continue
                if any(self.demand[u][r] > self.allowed[n][r] for r in range(len(self.resources))):
                    continue
                self.x[u, n] = self.model.NewBoolVar(f"x_{u}_{n}")
        self.placed = []
        for u in range(len(self.units)):
            row = [self.x[u, n] for n in range(len(self.nodes)) if (u, n) in self.x]
            self.model.Add(sum(row) <= 1)
            self.placed.append(sum(row))
        for n in range(len(self.nodes)):
            for r in range(len(self.resources)):
                terms = [self.demand[u][r] * self.x[u, n] for u in range(len(self.units)) if (u, n) in self.x and self.demand[u][r]]
                if terms:
                    self.model.Add(sum(terms) <= self.allowed[n][r])
        for component in coupled_components(self.problem, self.units):
            first = component[0]
            for u in component[1:]:
                for n in range(len(self.nodes)):
                    self.model.Add(self.xv(u, n) == self.xv(first, n))

    def xv(self, u, n):
        """x[u,n], or the constant 0 where u may not use n."""
        return self.x.get((u, n), 0)

    def _groups(self):
        for group, members in zip(self.problem.get("groups") or [], self.members):
            if not members:
                continue
            policy = group["policy"]
            level = group.get("level") or "node"
            if policy == "gang":
                for u in members[1:]:
                    self.model.Add(self.placed[u] == self.placed[members[0]])
                continue
            domains = {}
            for n, node in enumerate(self.nodes):
                key = domain(node, level)
                if key is None:
                    if policy == "together":
                        domains[("own", node["id"])] = [n]  # a node without the label: its own domain
                    continue
                domains.setdefault(("label", key), []).append(n)
            if policy == "together":
                chosen = {key: self.model.NewBoolVar("") for key in domains}
                self.model.Add(sum(chosen.values()) <= 1)
                for key, nodes in domains.items():
                    for u in members:
                        for n in nodes:
                            if (u, n) in self.x:
                                self.model.AddImplication(self.x[u, n], chosen[key])
            elif policy == "apart":
                for nodes in domains.values():
                    self.model.Add(sum(self.xv(u, n) for u in members for n in nodes) <= 1)
            elif policy == "spread":
                skew = group.get("maxSkew") or 1
                most = self.model.NewIntVar(0, len(members), "")
                least = self.model.NewIntVar(0, len(members), "")
                for nodes in domains.values():
                    count = sum(self.xv(u, n) for u in members for n in nodes)
                    self.model.Add(count <= most)
                    self.model.Add(count >= least)
                self.model.Add(most - least <= skew)

    def _priority_rule(self):
        """FORMAT.md's priority rule, a legality rule of results, as Berth's validator reads it: a
        coupled group (a single unit alone) with no member in any group, left unplaced, must not
        fit on any node every member may use next to the units of its priority or higher there
        (its lowest member priority, summed demand). Enforced: placed, or on every such node some
        resource where that load + the group's demand exceeds the allowed capacity."""
        grouped = {u for members in self.members for u in members}
        components = coupled_components(self.problem, self.units)
        in_component = {u for c in components for u in c}
        components += [[u] for u in range(len(self.units)) if u not in in_component]
        R = len(self.resources)
        for component in components:
            if any(u in grouped for u in component):
                continue
            priority = min(int(self.units[u].get("priority") or 0) for u in component)
            demand = [sum(self.demand[u][r] for u in component) for r in range(R)]
            placed = None
            for n, node in enumerate(self.nodes):
                if not all(may_use(self.units[u], node) for u in component):
                    continue
                if any(demand[r] > self.allowed[n][r] for r in range(R)):
                    continue  # never fits there, whatever else runs on it
                if placed is None:
                    placed = self.model.NewBoolVar("")
                    self.model.Add(placed == self.placed[component[0]])
                full = []
                for r in range(R):
                    higher = [(v, self.demand[v][r]) for v in range(len(self.units))
                              if (v, n) in self.x and self.demand[v][r] and int(self.units[v].get("priority") or 0) >= priority]
                    threshold = self.allowed[n][r] - demand[r] + 1
                    if sum(d for _, d in higher) < threshold:
                        continue  # this resource can never be the one that is short
                    literal = self.model.NewBoolVar("")
                    self.model.Add(sum(d * self.x[v, n] for v, d in higher) >= threshold).OnlyEnforceIf(literal)
                    full.append(literal)
                self.model.AddBoolOr([placed] + full)

    # -- objective (1): placed per priority level ----------------------------------------------
    def levels(self):
        return sorted({int(u.get("priority") or 0) for u in self.units}, reverse=True)

    def placed_at(self, level):
        return sum(self.placed[u] for u, unit in enumerate(self.units) if int(unit.get("priority") or 0) == level)

    def placed_objective(self):
        weight, terms = 1, []
        for level in reversed(self.levels()):  # lowest first: weights grow upwards
            count = sum(1 for unit in self.units if int(unit.get("priority") or 0) == level)
            terms.append(weight * self.placed_at(level))
            weight *= count + 1
        return sum(terms)

    # -- objective (2), goal "pack" ------------------------------------------------------------
    def both_in(self, a, b, nodes):
        """An exact boolean: units a and b both on nodes of `nodes` (each sum is 0/1)."""
        in_a = sum(self.xv(a, n) for n in nodes)
        in_b = sum(self.xv(b, n) for n in nodes)
        both = self.model.NewBoolVar("")
        self.model.Add(both <= in_a)
        self.model.Add(both <= in_b)
        self.model.Add(both >= in_a + in_b - 1)
        return both

    def pack_cost(self):
        """nodeCost + trafficWeight * trafficCost as (integer linear expression, scale)."""
        nodes, units = self.nodes, self.units
        index = {unit["id"]: i for i, unit in enumerate(units)}
        topology = self.problem.get("topology")
        levels = topology["levels"] if topology else []
        distance = topology["distance"] if topology else [1]
        edges = [e for e in self.problem.get("edges") or [] if e.get("kind") == "traffic"]
        volumes = [1 if e.get("volume") is None else e["volume"] for e in edges]
        node_costs = [1 if n.get("cost") is None else n["cost"] for n in nodes]
        weight = Fraction(repr(float(self.traffic_weight)))
        coefficients = [Fraction(repr(float(c))) for c in node_costs]
        coefficients += [weight * Fraction(repr(float(v))) * Fraction(repr(float(d))) for v in volumes for d in distance]
        scale = 1
        for c in coefficients:
            scale = scale * c.denominator // math.gcd(scale, c.denominator)
        terms = []
        self.used = []
        for n in range(len(nodes)):
            used = self.model.NewBoolVar(f"used_{n}")
            for u in range(len(units)):
                if (u, n) in self.x:
                    self.model.AddImplication(self.x[u, n], used)
            self.used.append(used)
            terms.append(int(Fraction(repr(float(node_costs[n]))) * scale) * used)
        self.traffic_terms = []
        for edge, volume in zip(edges, volumes):
            a, b = index[edge["from"]], index[edge["to"]]
            if volume == 0 or a == b:
                continue
            # A_c: both ends in one prefix domain of depth c (c = 0: both placed); S: one node.
            agree = []
            for depth in range(len(levels) + 1):
                prefixes = {}
                for n, node in enumerate(nodes):
                    key = tuple((node.get("labels") or {}).get(level) for level in levels[:depth])
                    prefixes.setdefault(key, []).append(n)
                agree.append(sum(self.both_in(a, b, group) for group in prefixes.values()))
            agree.append(sum(self.both_in(a, b, [n]) for n in range(len(nodes))))
            factor = weight * Fraction(repr(float(volume)))
            expression = 0
            for depth, d in enumerate(distance):
                expression += int(factor * Fraction(repr(float(d))) * scale) * (agree[depth] - agree[depth + 1])
            terms.append(expression)
            self.traffic_terms.append((a, b, volume))
        return sum(terms), scale


# ---------------------------------------------------------------------------------------------
# Solving


def solver(time_left, workers):
    s = cp_model.CpSolver()
    s.parameters.max_time_in_seconds = max(0.05, time_left)
    s.parameters.num_workers = workers
    s.parameters.random_seed = 0
    return s


def hint(model, values):
    model.model.ClearHints()
    for key, var in model.x.items():
        model.model.AddHint(var, values.get(key, 0))


def evaluate(model, assignment):
    """Recompute FORMAT.md's metrics of an assignment (unit index -> node index) in floats."""
    problem, nodes, units = model.problem, model.nodes, model.units
    used = set(assignment.values())
    node_cost = sum(1 if nodes[n].get("cost") is None else nodes[n]["cost"] for n in used)
    topology = problem.get("topology")
    index = {unit["id"]: i for i, unit in enumerate(units)}
    traffic = 0
    for edge in problem.get("edges") or []:
        if edge.get("kind") != "traffic":
            continue
        a, b = index[edge["from"]], index[edge["to"]]
        if a not in assignment or b not in assignment or assignment[a] == assignment[b]:
            continue
        volume = 1 if edge.get("volume") is None else edge["volume"]
        na, nb = nodes[assignment[a]], nodes[assignment[b]]
        d = 1
        if topology:
            d = topology["distance"][len(topology["levels"])]
            for i, level in enumerate(topology["levels"]):
                if (na.get("labels") or {}).get(level) != (nb.get("labels") or {}).get(level):
                    d = topology["distance"][i]
                    break
        traffic += volume * d
    peak = Fraction(0)
    loads = {}
    for u, n in assignment.items():
        for r in range(len(model.resources)):
            loads[n, r] = loads.get((n, r), 0) + model.demand[u][r]
    for (n, r), load in loads.items():
        if model.capacity[n][r] > 0:
            peak = max(peak, Fraction(load, model.capacity[n][r]))
    return node_cost, traffic, peak


def solve(problem, time_limit=20.0, workers=1):
    started = time.perf_counter()
    deadline = started + time_limit
    model = PlaceModel(problem)
    proven = True
    statuses = []

    def run():
        s = solver(deadline - time.perf_counter(), workers)
        status = s.Solve(model.model)
        statuses.append(s.StatusName(status))
        return s, status

    # Phase 1: units placed per priority level (one exact weighted sum).
    model.model.Maximize(model.placed_objective())
    s, status = run()
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return {"proven": False, "status": s.StatusName(status), "timeMs": (time.perf_counter() - started) * 1000}
    proven &= status == cp_model.OPTIMAL
    values = {key: s.Value(var) for key, var in model.x.items()}
    placed = {}
    for level in model.levels():
        count = sum(1 for u, unit in enumerate(model.units) if int(unit.get("priority") or 0) == level and any(values.get((u, n)) for n in range(len(model.nodes))))
        placed[str(level)] = count
        model.model.Add(model.placed_at(level) == count)
    model.model.ClearObjective()

    # Phase 2: the cost of those placements.
    model_objective = None
    if model.goal == "balance":
        # Bisection on the peak, each step a feasibility question under an assumption literal,
        # then an exact descent: a solution strictly below the current peak a/b until none exists.
        def threshold(a, b, strict):
            """Is there a solution with every load*b <= a*capacity (< when strict)? A fresh model
            each time: constraints under assumption literals weaken CP-SAT's LP relaxation."""
            fresh = PlaceModel(problem)
            for level, count in placed.items():
                fresh.model.Add(fresh.placed_at(int(level)) == count)
            for n in range(len(fresh.nodes)):
                for r in range(len(fresh.resources)):
                    if fresh.capacity[n][r] > 0:
                        load = sum(fresh.demand[u][r] * fresh.x[u, n] for u in range(len(fresh.units)) if (u, n) in fresh.x)
                        fresh.model.Add(load * b <= a * fresh.capacity[n][r] - (1 if strict else 0))
            hint(fresh, values)
            s = solver(deadline - time.perf_counter(), workers)
            status = s.Solve(fresh.model)
            statuses.append(s.StatusName(status))
            found = {key: s.Value(var) for key, var in fresh.x.items()} if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None
            return found, status

        def peak_of(values):
            return evaluate(model, {u: n for (u, n), v in values.items() if v})[2]

        current, low = peak_of(values), Fraction(0)
        while proven and current - low > Fraction(1, 1000):
            middle = Fraction(math.floor((low + current) / 2 * 10**6), 10**6)
            found, status = threshold(middle.numerator, middle.denominator, False)
            if status == cp_model.INFEASIBLE:
                low = middle
            elif found is not None:
                values = found
                current = peak_of(values)
            else:
                proven = False
        while proven and current > 0:
            found, status = threshold(current.numerator, current.denominator, True)
            if status == cp_model.INFEASIBLE:
                break
            if found is None:
                proven = False
                break
            values = found
            current = peak_of(values)
    else:
        cost, scale = model.pack_cost()
        model.model.Minimize(cost)
        hint(model, values)
        s, status = run()
        proven &= status == cp_model.OPTIMAL
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            values = {key: s.Value(var) for key, var in model.x.items()}
            model_objective = Fraction(round(s.ObjectiveValue()), scale)

    assignment = {u: n for (u, n), v in values.items() if v}
    node_cost, traffic, peak = evaluate(model, assignment)
    objective = float(peak) if model.goal == "balance" else node_cost + model.traffic_weight * traffic
    if model_objective is not None and abs(float(model_objective) - objective) > 1e-6 * max(1, abs(objective)):
        # The linearised objective disagrees with the recomputed one: the model is wrong.
        raise AssertionError(f"model objective {float(model_objective)} != recomputed {objective}")
    return {
        "proven": bool(proven),
        "status": "OPTIMAL" if proven else statuses[-1],
        "goal": model.goal,
        "placed": placed,
        "objective": objective,
        "nodeCost": node_cost,
        "trafficCost": traffic,
        "peakUtilization": float(peak),
        "assignments": {model.units[u]["id"]: model.nodes[n]["id"] for u, n in sorted(assignment.items())},
        "timeMs": round((time.perf_counter() - started) * 1000, 1),
    }


def main(argv):
    time_limit, workers, batch, path = 20.0, 1, False, None
    i = 0
    while i < len(argv):
        if argv[i] == "--time-limit":
            time_limit = float(argv[i + 1]); i += 1
        elif argv[i] == "--workers":
            workers = int(argv[i + 1]); i += 1
        elif argv[i] == "--batch":
            batch = True
        else:
            path = argv[i]
        i += 1
    if batch:
        for line in sys.stdin:
            if not line.strip():
                continue
            item = json.loads(line)
            try:
                result = solve(item["problem"], time_limit, workers)
            except Exception as error:  # reported by the benchmark as a model error, not skipped silently
                result = {"proven": False, "status": "ERROR", "error": f"{type(error).__name__}: {error}"}
            result["key"] = item["key"]
            print(json.dumps(result), flush=True)
        return
    with open(path) if path else sys.stdin as handle:
        problem = json.load(handle)
    print(json.dumps(solve(problem, time_limit, workers), indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])

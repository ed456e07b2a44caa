"""The Python binding replays the conformance vectors and the error catalogue byte for byte.

Vectors: test/vectors/generated/*.json of the operations berth covers (place, analyze, schedule, plan,
share, explain — explain asks about the unit test/vectors/run-vector.mjs asks about), compared with the
stored canonical text (timing fields dropped; errors as {"error": {code, path}}). Vectors whose
problem holds NaN/±Infinity ({"$number": …}) exist for JavaScript callers only (JSON cannot carry
them). The JSON entry must answer every vector of a covered operation (NOT_COVERED stays empty). Catalogue: test/vectors/contract-errors.json, the
TypeScript normalizer's code, path and message for each problem.
"""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import berth

ROOT = Path(__file__).resolve().parents[2]
VECTORS = sorted((ROOT / "test" / "vectors" / "generated").glob("*.json"))
NOT_COVERED = set()  # every vector of a covered operation goes through the JSON entry
# place and schedule end their metrics with timeMs and timedOut, plan and share with timeMs alone;
# explain's metrics are {timeMs, placeCalls}.
TIMING = re.compile(rb',"timeMs":[^,}]*(?:,"timedOut":(?:true|false))?\}\}$')
EXPLAIN_TIMING = re.compile(rb',"metrics":\{"timeMs":[^,}]*,')


def load(path):
    return json.loads(path.read_text("utf-8"))


def covered_vectors():
    for path in VECTORS:
        vector = load(path)
        if vector["operation"] in berth.SUPPORTED_OPERATIONS:
            yield pytest.param(vector, id=vector["name"])


def explain_target(problem):
    """run-vector.mjs's explainTarget: the first unit place leaves out, else the last; the first when place refuses the problem."""
    units = problem.get("units") if isinstance(problem, dict) and isinstance(problem.get("units"), list) else []
    try:
        unplaced = berth.place(problem)["unplaced"]
    except berth.BerthError:
        return units[0]["id"] if units else None
    if unplaced:
        return unplaced[0]["unit"]
    return units[-1]["id"] if units else None


def canonical(vector):
    problem = json.dumps(vector["problem"], ensure_ascii=False, separators=(",", ":"))
    try:
        if vector["operation"] == "explain":
            text = berth.run_json("explain", problem, {"unit": explain_target(vector["problem"])})
            return EXPLAIN_TIMING.sub(b',"metrics":{', text).decode("utf-8")
        return TIMING.sub(b"}}", berth.run_json(vector["operation"], problem)).decode("utf-8")
    except berth.BerthError as error:
        body = {"code": error.code, "path": error.path}
        if error.cycle is not None:
            body["cycle"] = error.cycle
        return json.dumps({"error": body}, ensure_ascii=False, separators=(",", ":"))


@pytest.mark.parametrize("vector", list(covered_vectors()))
def test_vector(vector):
    if '"$number"' in json.dumps(vector["problem"]):
        pytest.skip("NaN/Infinity: not expressible in JSON")
    if vector["name"] in NOT_COVERED:
        with pytest.raises(berth.BerthError) as caught:
            berth.run_json(vector["operation"], vector["problem"])
        assert caught.value.code == "E_UNSUPPORTED"
        return
    assert canonical(vector) == vector["expected"]


def test_enough_vectors_compared():
    assert len(list(covered_vectors())) >= 150
    operations = [param.values[0]["operation"] for param in covered_vectors()]
    assert operations.count("plan") >= 25 and operations.count("share") >= 25
    assert operations.count("explain") == 33  # 31 through JSON, 2 with NaN/Infinity skipped


@pytest.mark.parametrize("case", load(ROOT / "test" / "vectors" / "contract-errors.json"))
def test_error_catalogue(case):
    with pytest.raises(berth.BerthError) as caught:
        berth.place(case["problem"])
    error = caught.value
    assert (error.code, error.path, error.message) == (case["code"], case["path"], case["message"])


def test_inputs_dict_str_bytes_agree():
    problem = {"resources": ["cpu"], "nodes": [{"id": "n1", "capacity": {"cpu": 4}}], "units": [{"id": "u1", "demand": {"cpu": 1}}]}
    text = json.dumps(problem)
    results = [berth.place(p) for p in (problem, text, text.encode())]
    for result in results:
        result["metrics"].pop("timeMs")
    assert results[0] == results[1] == results[2]
    assert results[0]["assignments"] == {"u1": "n1"}


def test_unknown_operation_is_refused():
    assert "explain" in berth.SUPPORTED_OPERATIONS
    with pytest.raises(berth.BerthError) as caught:
        berth.run_json("normalize", "{}")
    assert caught.value.code == "E_UNSUPPORTED"


WHY_NOT = ROOT / "examples" / "why-not.json"


def test_explain_function_and_its_errors():
    problem = load(WHY_NOT)
    result = berth.explain(problem, unit="video-transcoder")
    assert result["placed"] is None
    assert result["fixes"] == [{"kind": "resize", "node": "small-3", "resource": "memory", "by": 16, "capacity": 48}]
    assert result["metrics"]["placeCalls"] == 2
    assert list(result["metrics"]) == ["timeMs", "placeCalls"]
    # A placement given: explained as it is, no search (no placement spent).
    given = berth.explain(problem, unit="web-1", assignments={"web-1": "small-3"})
    assert given["placed"] == "small-3" and given["metrics"]["placeCalls"] == 0
    assert berth.explain_json(WHY_NOT.read_bytes(), "web-1").startswith(b'{"unit":"web-1","placed":')
    for kwargs, code, path in [
        ({"unit": "nope"}, "E_UNKNOWN_REF", "unit"),
        ({"unit": "web-1", "assignments": {"nope": "small-1"}}, "E_UNKNOWN_REF", 'assignments["nope"]'),
        ({"unit": "web-1", "assignments": {"web-1": "nope"}}, "E_UNKNOWN_REF", 'assignments["web-1"]'),
    ]:
        with pytest.raises(berth.BerthError) as caught:
            berth.explain(problem, **kwargs)
        assert (caught.value.code, caught.value.path) == (code, path)
    with pytest.raises(berth.BerthError) as caught:
        berth.run_json("explain", problem)  # no request
    assert (caught.value.code, caught.value.path) == ("E_SCHEMA", "unit")


def test_plan_and_share_functions():
    problem = load(ROOT / "test" / "vectors" / "problems" / "plan-headroom.json")
    result = berth.plan(problem)
    assert result["moves"] == [{"unit": "redis", "from": "small", "to": "big", "wave": 1}]
    assert list(result["metrics"])[-1] == "timeMs"
    assert json.loads(berth.plan_json(json.dumps(problem))) ["target"] == result["target"]
    new = {"resources": ["cpu"], "nodes": [{"id": "n1", "capacity": {"cpu": 4}}], "units": [{"id": "u1", "demand": {"cpu": 1}}]}
    assert berth.plan(new)["moves"] == [{"unit": "u1", "from": None, "to": "n1", "wave": 1}]
    shared = berth.share(load(ROOT / "test" / "vectors" / "problems" / "share-elastic.json"))
    assert set(shared) == {"shares", "assignments", "unplaced", "metrics"}
    assert berth.share_json(b'{"resources":[],"nodes":[],"units":[]}').startswith(b'{"shares":{},"assignments":{},"unplaced":[],"metrics":{"unitsPlaced":0,')


def test_nan_is_refused_before_the_engine():
    with pytest.raises(berth.BerthError) as caught:
        berth.place({"resources": ["cpu"], "nodes": [], "units": [{"id": "u", "demand": {"cpu": float("nan")}}]})
    assert caught.value.code == "E_NOT_FINITE"


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "berth", *args], capture_output=True, text=True, cwd=ROOT)


def test_cli_prints_the_result_like_the_node_cli():
    done = run_cli("place", "examples/web-shop.json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["status"] in ("complete", "optimal", "partial")
    assert done.stdout.startswith('{\n  "status": ')


def test_cli_plan_and_share():
    for operation in ("plan", "share"):
        done = run_cli(operation, "test/vectors/problems/plan-headroom.json")
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout)
        assert done.stdout.startswith('{\n  "target": ' if operation == "plan" else '{\n  "shares": ')
        assert "timeMs" in result["metrics"]


def test_cli_explain_needs_a_unit():
    done = run_cli("explain", "examples/why-not.json", "--unit", "video-transcoder")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith('{\n  "unit": "video-transcoder",\n  "placed": null,')
    assert json.loads(done.stdout)["fixes"][0]["kind"] == "resize"
    assert run_cli("explain", "examples/why-not.json").returncode == 64


def test_cli_bad_input_exits_2_with_the_error_on_stderr(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"resources": ["cpu"], "nodes": [], "units": [{"id": "u", "demand": {"cpu": -1}}]}')
    done = run_cli("place", str(bad))
    assert done.returncode == 2
    error = json.loads(done.stderr)["error"]
    assert (error["code"], error["path"]) == ("E_NEGATIVE", "units[0].demand.cpu")

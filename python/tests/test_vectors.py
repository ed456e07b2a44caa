"""The Python binding replays the conformance vectors and the error catalogue byte for byte.

Vectors: test/vectors/generated/*.json of the operations berth covers (place, analyze, schedule, plan,
share), compared with the
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
# place and schedule end their metrics with timeMs and timedOut, plan and share with timeMs alone.
TIMING = re.compile(rb',"timeMs":[^,}]*(?:,"timedOut":(?:true|false))?\}\}$')


def load(path):
    return json.loads(path.read_text("utf-8"))


def covered_vectors():
    for path in VECTORS:
        vector = load(path)
        if vector["operation"] in berth.SUPPORTED_OPERATIONS:
            yield pytest.param(vector, id=vector["name"])


def canonical(vector):
    problem = json.dumps(vector["problem"], ensure_ascii=False, separators=(",", ":"))
    try:
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


def test_uncovered_operation_is_refused():
    assert "explain" not in berth.SUPPORTED_OPERATIONS
    with pytest.raises(berth.BerthError) as caught:
        berth.run_json("explain", "{}")
    assert caught.value.code == "E_UNSUPPORTED"


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


def test_cli_bad_input_exits_2_with_the_error_on_stderr(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"resources": ["cpu"], "nodes": [], "units": [{"id": "u", "demand": {"cpu": -1}}]}')
    done = run_cli("place", str(bad))
    assert done.returncode == 2
    error = json.loads(done.stderr)["error"]
    assert (error["code"], error["path"]) == ("E_NEGATIVE", "units[0].demand.cpu")

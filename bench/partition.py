# METIS reference for bench/partition.mjs: partitions one METIS-format graph with pymetis
# (Karypis & Kumar, "A fast and high quality multilevel scheme for partitioning irregular graphs",
# SIAM J. Sci. Comput. 1998) into k parts at ufactor 50 (max part ≤ 1.05 × average) and prints
# one JSON object: {"k": {"parts": [...], "ms": ...}, ...}. Dev-only: `pip install pymetis`.
#   python3 bench/partition.py GRAPH_FILE K [K ...]
import json
import sys
import time

import pymetis


def read_graph(path):
    with open(path) as handle:
        lines = [line for line in handle if not line.startswith("%")]
    n = int(lines[0].split()[0])
    xadj, adjncy = [0], []
    for v in range(n):
        line = lines[v + 1] if v + 1 < len(lines) else ""
        adjncy.extend(int(token) - 1 for token in line.split())
        xadj.append(len(adjncy))
    return xadj, adjncy


def main():
    xadj, adjncy = read_graph(sys.argv[1])
    out = {}
    for k in (int(arg) for arg in sys.argv[2:]):
        options = pymetis.Options(ufactor=50, seed=0)
        started = time.perf_counter()
        _, parts = pymetis.part_graph(k, pymetis.CSRAdjacency(xadj, adjncy), options=options)
        out[str(k)] = {"parts": list(parts), "ms": (time.perf_counter() - started) * 1000}
    json.dump(out, sys.stdout)


main()

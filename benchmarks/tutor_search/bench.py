"""Hybrid search over the whole curriculum index (target: p95 < 20 ms), and retrieval
quality (recall@5, nDCG@10) of lexical, dense and hybrid search per embedder.

    .venv/bin/python -m benchmarks.tutor_search.bench --rounds 5 [--embedder minilm]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import time
from pathlib import Path

from mathpath.tutor.engine import build_retriever, make_embedder
from mathpath.tutor.evaluation.retrieval import evaluate_retrieval, retrieval_markdown
from mathpath.tutor.retrieval.passages import Filters

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "evals" / "tutor" / "retrieval.jsonl"


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def latency(embedder_name: str, rounds: int) -> dict[str, float]:
    retriever = await build_retriever(ROOT / "content", make_embedder(embedder_name))
    queries = [json.loads(line)["query"] for line in QUERIES.read_text().splitlines() if line]
    skills = sorted({s for p in retriever.passages.values() for s in p.skills})
    wall: list[float] = []
    cpu: list[float] = []
    for r in range(rounds):
        for i, query in enumerate(queries):
            # Half the queries filtered by a skill and audience, as the tutor searches.
            filters = (
                Filters(skills=(skills[i % len(skills)],), audiences=("student",))
                if i % 2
                else None
            )
            t0, c0 = time.perf_counter(), time.process_time()
            await retriever.search(query, 5, filters)
            if r:  # the first round warms caches
                wall.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
    return {"passages": len(retriever.passages), "searches": len(wall), "p50": _p(wall, 0.5),
            "p95": _p(wall, 0.95), "p99": _p(wall, 0.99), "cpu_p50": _p(cpu, 0.5),
            "cpu_p95": _p(cpu, 0.95)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--embedder", action="append", default=None)
    parser.add_argument("--quality", action="store_true", help="also recall@5 / nDCG@10")
    args = parser.parse_args()
    embedders = args.embedder or ["hashing"]
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}")
    for name in embedders:
        result = asyncio.run(latency(name, args.rounds))
        print(name, " ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}"
                             for k, v in result.items()))  # fmt: skip
    if args.quality:
        results = asyncio.run(evaluate_retrieval(QUERIES, ROOT / "content", embedders))
        print(retrieval_markdown(results, {"machine": f"{os.cpu_count()} cores",
                                           "date": time.strftime("%Y-%m-%d")}))  # fmt: skip


if __name__ == "__main__":
    main()

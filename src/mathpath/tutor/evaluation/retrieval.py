"""Retrieval quality on the labelled query set: recall@5 and nDCG@10 for lexical-only,
dense-only and hybrid search, per embedder, with query latency."""

from __future__ import annotations

import asyncio
import json
import math
import time
from pathlib import Path
from typing import Any

from mathpath.tutor.engine import DENSE_WEIGHTS, make_embedder
from mathpath.tutor.evaluation.stats import percentile
from mathpath.tutor.retrieval.exact import ExactVectorIndex
from mathpath.tutor.retrieval.hybrid import HybridRetriever, Mode
from mathpath.tutor.retrieval.lexical import Fts5LexicalIndex
from mathpath.tutor.retrieval.passages import Passage, curriculum_passages

MODES: tuple[Mode, ...] = ("lexical", "dense", "hybrid")


def grade(passage: Passage, relevant_sources: set[str]) -> int:
    """2 for the lesson's explanation, 1 for its other sections, 0 otherwise."""
    if passage.source not in relevant_sources:
        return 0
    # Graded as when both were called "explanation", so the recorded results stay comparable.
    return 2 if passage.kind in ("explanation", "common_mistakes") else 1


def recall_at(ranked: list[Passage], relevant: set[str], k: int, total: int) -> float:
    hits = sum(1 for p in ranked[:k] if p.source in relevant)
    return hits / min(total, k) if total else 0.0


def ndcg_at(ranked: list[Passage], relevant: set[str], grades: list[int], k: int) -> float:
    dcg = sum(grade(p, relevant) / math.log2(i + 2) for i, p in enumerate(ranked[:k]))
    ideal = sum(g / math.log2(i + 2) for i, g in enumerate(sorted(grades, reverse=True)[:k]))
    return dcg / ideal if ideal else 0.0


async def evaluate_retrieval(dataset: Path, content: Path, embedders: list[str]) -> dict[str, Any]:
    text = await asyncio.to_thread(dataset.read_text, encoding="utf-8")
    queries = [json.loads(line) for line in text.splitlines() if line]
    passages = await asyncio.to_thread(curriculum_passages, content)
    results: dict[str, Any] = {"queries": len(queries), "passages": len(passages), "embedders": {}}
    for name in embedders:
        started = time.perf_counter()
        embedder = make_embedder(name)
        load_s = time.perf_counter() - started
        retriever = HybridRetriever(
            embedder, ExactVectorIndex(embedder.dimension), Fts5LexicalIndex(),
            dense_weight=DENSE_WEIGHTS.get(name, 1.0),
        )  # fmt: skip
        started = time.perf_counter()
        await retriever.add(passages)
        index_s = time.perf_counter() - started
        per_mode: dict[str, Any] = {}
        for mode in MODES:
            recalls, ndcgs, latencies = [], [], []
            for q in queries:
                relevant = set(q["relevant_sources"])
                grades = [grade(p, relevant) for p in passages if p.source in relevant]
                t0 = time.perf_counter()
                hits = await retriever.search(q["query"], 10, mode=mode)
                latencies.append((time.perf_counter() - t0) * 1000)
                ranked = [h.passage for h in hits]
                recalls.append(recall_at(ranked, relevant, 5, len(grades)))
                ndcgs.append(ndcg_at(ranked, relevant, grades, 10))
            per_mode[mode] = {
                "recall@5": sum(recalls) / len(recalls),
                "ndcg@10": sum(ndcgs) / len(ndcgs),
                "p50_ms": percentile(latencies, 0.5),
                "p95_ms": percentile(latencies, 0.95),
            }
        results["embedders"][name] = {
            "dimension": embedder.dimension, "load_s": load_s, "index_s": index_s,
            "modes": per_mode,
        }  # fmt: skip
    return results


def retrieval_markdown(results: dict[str, Any], meta: dict[str, Any]) -> str:
    lines = [
        "# Tutor retrieval evaluation",
        "",
        f"{results['queries']} labelled queries over {results['passages']} passages. "
        f"Machine: {meta['machine']}. Date: {meta['date']}.",
        "",
        "| embedder | mode | recall@5 | nDCG@10 | p50 ms | p95 ms |",
        "|---|---|---|---|---|---|",
    ]
    for name, data in results["embedders"].items():
        for mode, m in data["modes"].items():
            lines.append(
                f"| {name} | {mode} | {m['recall@5']:.3f} | {m['ndcg@10']:.3f} | "
                f"{m['p50_ms']:.2f} | {m['p95_ms']:.2f} |"
            )
    lines += ["", "| embedder | dimension | model load s | index build s |", "|---|---|---|---|"]
    for name, data in results["embedders"].items():
        lines.append(
            f"| {name} | {data['dimension']} | {data['load_s']:.2f} | {data['index_s']:.2f} |"
        )
    return "\n".join(lines) + "\n"

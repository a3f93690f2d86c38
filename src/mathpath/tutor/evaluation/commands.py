"""`mathpath eval tutor` and `mathpath eval tutor-retrieval`."""

from __future__ import annotations

import asyncio
import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from mathpath.tutor.core.items import load_pack_items

DEFAULT_DATASET = Path("evals/tutor/scenarios.jsonl")
DEFAULT_RETRIEVAL_SET = Path("evals/tutor/retrieval.jsonl")
CONTENT = Path("content")
OUT = Path("var/eval")


def _machine() -> str:
    return f"{os.cpu_count()} cores, Python {platform.python_version()}"


def register(eval_app: typer.Typer) -> None:
    @eval_app.command("tutor")
    def eval_tutor(
        dataset: Annotated[Path, typer.Option(help="Scenario JSON-lines file.")] = DEFAULT_DATASET,
        config: Annotated[
            list[str] | None, typer.Option("--config", help="Configurations to compare.")
        ] = None,
        content: Annotated[Path, typer.Option(help="Content pack of the items.")] = CONTENT,
        out: Annotated[Path, typer.Option(help="Folder for the report files.")] = OUT,
        limit: Annotated[int, typer.Option(help="Only the first N scenarios (0: all).")] = 0,
    ) -> None:
        """Run the tutoring scenarios under each configuration and compare them."""
        configs = config or ["template", "fake-llm"]
        scores = asyncio.run(_run_tutor(dataset, configs, content, limit))
        _write(out, "tutor", scores, dataset, limit)
        leaks = {name: s["leak_rate"]["hits"] for name, s in scores.items()}
        if any(leaks.values()):
            typer.echo(f"answer leaks: {leaks}", err=True)
            raise typer.Exit(1)

    @eval_app.command("tutor-retrieval")
    def eval_retrieval(
        dataset: Annotated[Path, typer.Option(help="Labelled queries.")] = DEFAULT_RETRIEVAL_SET,
        content: Annotated[Path, typer.Option(help="Content pack to index.")] = CONTENT,
        embedder: Annotated[
            list[str] | None, typer.Option("--embedder", help="Embedders: hashing, minilm.")
        ] = None,
        out: Annotated[Path, typer.Option(help="Folder for the report files.")] = OUT,
    ) -> None:
        """recall@5 and nDCG@10 of lexical, dense and hybrid retrieval."""
        from mathpath.tutor.evaluation.retrieval import evaluate_retrieval, retrieval_markdown

        results = asyncio.run(evaluate_retrieval(dataset, content, embedder or ["hashing"]))
        out.mkdir(parents=True, exist_ok=True)
        (out / "retrieval.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
        text = retrieval_markdown(results, {"machine": _machine(), "date": _now()})
        (out / "retrieval.md").write_text(text, encoding="utf-8")
        typer.echo(text)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


async def _run_tutor(
    dataset: Path, configs: list[str], content: Path, limit: int
) -> dict[str, dict[str, Any]]:
    from mathpath.tutor.engine import build_retriever
    from mathpath.tutor.evaluation.dataset import load_scenarios
    from mathpath.tutor.evaluation.metrics import score
    from mathpath.tutor.evaluation.runner import CONFIGS, run_config
    from mathpath.tutor.retrieval.embedders import HashingEmbedder

    unknown = [c for c in configs if c not in CONFIGS]
    if unknown:
        raise typer.BadParameter(f"unknown config {unknown}; one of {', '.join(CONFIGS)}")
    scenarios = load_scenarios(dataset, load_pack_items(content))
    if limit:
        scenarios = scenarios[:limit]
    retriever = await build_retriever(content, HashingEmbedder())
    return {name: score(await run_config(name, scenarios, retriever)) for name in configs}


def _write(
    out: Path, stem: str, scores: dict[str, dict[str, Any]], dataset: Path, limit: int
) -> None:
    from mathpath.tutor.evaluation.report import markdown

    out.mkdir(parents=True, exist_ok=True)
    meta = {
        "dataset": str(dataset),
        "scenarios": next(iter(scores.values()))["scenarios"] if scores else 0,
        "machine": _machine(),
        "date": _now(),
        "limit": limit,
    }
    (out / f"{stem}.json").write_text(
        json.dumps({"meta": meta, "configs": scores}, indent=2, default=str), encoding="utf-8"
    )
    text = markdown(scores, meta)
    (out / f"{stem}.md").write_text(text, encoding="utf-8")
    typer.echo(text)

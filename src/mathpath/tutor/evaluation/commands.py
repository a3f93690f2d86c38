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
        scenario_set: Annotated[
            str, typer.Option("--set", help="curriculum (from the items), scripted (the file), all")
        ] = "curriculum",
        sample: Annotated[
            int, typer.Option(help="Curriculum items to sample, stratified by level (0: all).")
        ] = 0,
        judge: Annotated[
            str | None, typer.Option(help="A chat model to grade replies on a rubric (optional).")
        ] = None,
    ) -> None:
        """Run the tutoring scenarios under each configuration and compare them.

        Fails (exit 1) if a configuration that is not a control leaks the answer, or if a
        control (bad voice, leaky unguarded voice, random-rung policy) does not score clearly
        below the template: then the evaluation itself cannot tell a bad tutor from a good one.
        """
        from mathpath.tutor.evaluation.metrics import controls_fail_clearly
        from mathpath.tutor.evaluation.runner import CONTROLS

        configs = config or ["template", "fake-llm", *CONTROLS]
        scores = asyncio.run(
            _run_tutor(dataset, configs, content, limit, scenario_set, sample, judge)
        )
        label = f"{scenario_set} set" + (f", {sample} items sampled" if sample else "")
        _write(out, "tutor", scores, label if scenario_set != "scripted" else dataset, limit)
        leaks = {n: s["leak_rate"]["hits"] for n, s in scores.items() if n not in CONTROLS}
        if any(leaks.values()):
            typer.echo(f"answer leaks: {leaks}", err=True)
            raise typer.Exit(1)
        weak = controls_fail_clearly(scores)
        if weak:
            typer.echo(f"controls not clearly below the template: {weak}", err=True)
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
    dataset: Path, configs: list[str], content: Path, limit: int, scenario_set: str = "scripted",
    sample: int = 0, judge: str | None = None,
) -> dict[str, dict[str, Any]]:  # fmt: skip
    from mathpath.tutor.engine import build_retriever
    from mathpath.tutor.evaluation.dataset import load_scenarios
    from mathpath.tutor.evaluation.metrics import score
    from mathpath.tutor.evaluation.runner import CONFIGS, run_config
    from mathpath.tutor.evaluation.scenarios import curriculum_scenarios
    from mathpath.tutor.retrieval.embedders import HashingEmbedder

    unknown = [c for c in configs if c not in CONFIGS]
    if unknown:
        raise typer.BadParameter(f"unknown config {unknown}; one of {', '.join(CONFIGS)}")
    if scenario_set not in ("curriculum", "scripted", "all"):
        raise typer.BadParameter("--set is curriculum, scripted or all")
    items = load_pack_items(content)
    scenarios = []
    if scenario_set in ("curriculum", "all"):
        scenarios += await asyncio.to_thread(curriculum_scenarios, items.values(), sample=sample)
    if scenario_set in ("scripted", "all"):
        scenarios += load_scenarios(dataset, items)
    if limit:
        scenarios = scenarios[:limit]
    retriever = await build_retriever(content, HashingEmbedder())
    scores: dict[str, dict[str, Any]] = {}
    for name in configs:
        results = await run_config(name, scenarios, retriever)
        scores[name] = score(results)
        if judge:
            from mathpath.tutor.evaluation.judge import judge_replies

            scores[name]["judge"] = await judge_replies(judge, results)
    return scores


def _write(
    out: Path, stem: str, scores: dict[str, dict[str, Any]], dataset: Path | str, limit: int
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

"""Scoring evaluation runs: the metrics of the tutor's evaluation report."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mathpath.tutor.evaluation.runner import ScenarioResult, TurnResult
from mathpath.tutor.evaluation.stats import bootstrap_percentile, wilson


def ladder_ok(turns: Sequence[TurnResult]) -> bool:
    """Rungs never go down, climb one at a time (a low-mastery start may skip the guiding
    question), the full solution only after the worked step (or straight from the next
    step in revision mode, as specified), and any expected rung is met."""
    previous = 0
    for t in turns:
        step = t.rung - previous
        if step < 0 or step > 2 or (step == 2 and not (previous == 0 or t.rung == 6)):
            return False
        if t.kind == "worked_solution" and t.rung != 6:
            return False
        if "rung" in t.expect and t.expect["rung"] != t.rung:
            return False
        previous = t.rung
    return True


def _rate(hits: int, total: int) -> dict[str, Any]:
    rate, low, high = wilson(hits, total)
    return {"rate": rate, "ci95": [low, high], "n": total, "hits": hits}


def score(results: Sequence[ScenarioResult]) -> dict[str, Any]:
    turns = [t for r in results for t in r.turns]
    with_verdict = [t for t in turns if "verdict" in t.expect]
    with_mc = [t for t in turns if "misconception" in t.expect]
    with_kind = [t for t in turns if "kind" in t.expect]
    p50 = bootstrap_percentile([t.latency_ms for t in turns], 0.50)
    p95 = bootstrap_percentile([t.latency_ms for t in turns], 0.95)
    n = max(1, len(turns))
    failures = [
        {
            "scenario": t.scenario,
            "turn": t.index,
            "expected": t.expect,
            "got": {
                "kind": t.kind,
                "rung": t.rung,
                "verdict": t.verdict,
                "misconception": t.misconception,
            },
            "leaked": t.leaked,
        }
        for t in turns
        if t.leaked
        or any(
            t.expect.get(k) is not None and t.expect[k] != getattr(t, k)
            for k in ("kind", "rung", "verdict", "misconception")
        )
    ]
    return {
        "scenarios": len(results),
        "turns": len(turns),
        "errors": [r.error for r in results if r.error],
        "verdict_accuracy": _rate(
            sum(t.verdict == t.expect["verdict"] for t in with_verdict), len(with_verdict)
        ),
        "misconception_accuracy": _rate(
            sum(t.misconception == t.expect["misconception"] for t in with_mc), len(with_mc)
        ),
        "reply_kind_accuracy": _rate(
            sum(t.kind == t.expect["kind"] for t in with_kind), len(with_kind)
        ),
        "leak_rate": _rate(sum(t.leaked for t in turns), len(turns)),
        "ladder_compliance": _rate(
            sum(ladder_ok(r.turns) for r in results if not r.error), len(results)
        ),
        "guard_rejections_per_turn": sum(t.guard_rejections for t in turns) / n,
        "latency_ms": {
            "p50": p50[0],
            "p50_ci95": [p50[1], p50[2]],
            "p95": p95[0],
            "p95_ci95": [p95[1], p95[2]],
        },
        "tokens_per_turn": sum(t.input_tokens + t.output_tokens for t in turns) / n,
        "cost_usd_per_turn": sum(t.cost_usd for t in turns) / n,
        "failures": failures,
    }

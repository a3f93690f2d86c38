"""Scoring evaluation runs: the metrics of the tutor's evaluation report.

Two families of metrics. The engine's (verdict, misconception, reply kind, ladder) say whether
the tutor decided right; they cannot tell a good voice from a bad one. The reply's
(`text_metrics`) score what the student reads: the mistake named, correct working never called
wrong, the hint about the next step, no repeated hint, no leak, no truncation, no raw SymPy
syntax, a reading level for the age, hints in ladder order. `overall` is the mean of the reply
metrics times the share of replies that leak nothing: the number a bad voice, a leaky voice
and a random-rung policy must each fall clearly below.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from mathpath.tutor.evaluation import text_metrics as tm
from mathpath.tutor.evaluation.runner import ScenarioResult, TurnResult
from mathpath.tutor.evaluation.stats import bootstrap_percentile, wilson

HINT_KINDS = ("hint", "partial_solution", "worked_solution")


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
        if t.expect.get("rung") is not None and t.expect["rung"] != t.rung:
            return False
        previous = t.rung
    return True


def _rate(hits: int, total: int) -> dict[str, Any]:
    rate, low, high = wilson(hits, total)
    return {"rate": rate, "ci95": [low, high], "n": total, "hits": hits}


def _turn_rate(
    turns: Sequence[TurnResult],
    applies: Callable[[TurnResult], bool],
    good: Callable[[TurnResult], bool],
) -> dict[str, Any]:
    chosen = [t for t in turns if applies(t)]
    return _rate(sum(good(t) for t in chosen), len(chosen))


def _hint_replies(result: ScenarioResult) -> list[str]:
    return [t.reply for t in result.turns if t.kind in HINT_KINDS and t.kind != "worked_solution"]


def reply_metrics(results: Sequence[ScenarioResult]) -> dict[str, dict[str, Any]]:
    """The reply-text metrics (each a rate with its 95% interval)."""
    turns = [t for r in results for t in r.turns]
    with_hints = [r for r in results if len(_hint_replies(r)) >= 2]
    return {
        "names_misconception": _turn_rate(
            turns,
            lambda t: bool(t.expect.get("names")),
            lambda t: tm.names_misconception(t.reply, t.expect["names"]),
        ),
        "correct_working_not_called_wrong": _turn_rate(
            turns,
            lambda t: bool(t.expect.get("correct_working")) or t.expect.get("verdict") == "correct",
            lambda t: not tm.calls_wrong(t.reply),
        ),
        "hint_about_next_step": _turn_rate(
            turns,
            lambda t: t.expect.get("next_step") is not None,
            lambda t: _next_step(t, results),
        ),
        "partial_says_missing": _turn_rate(
            turns,
            lambda t: bool(t.expect.get("says_missing")),
            lambda t: tm.says_missing(t.reply) and not tm.confirms_whole(t.reply),
        ),
        "why_answered": _turn_rate(
            turns, lambda t: "why" in t.tags and t.index == 0, lambda t: tm.answers_why(t.reply)
        ),
        "no_repeated_hint": _rate(
            sum(not tm.repeats(_hint_replies(r)) for r in with_hints), len(with_hints)
        ),
        "no_leak": _turn_rate(turns, lambda t: True, lambda t: not t.leaked),
        "no_truncation": _turn_rate(turns, lambda t: True, lambda t: not tm.truncated(t.reply)),
        "no_raw_syntax": _turn_rate(turns, lambda t: True, lambda t: not tm.raw_syntax(t.reply)),
        "reading_level_for_age": _turn_rate(
            turns, lambda t: True, lambda t: tm.readable_for(t.reply, t.level)
        ),
        # Hints in the order the ladder specifies, as the student meets them.
        "ladder_order": _rate(
            sum(ladder_ok(r.turns) for r in results if not r.error),
            sum(1 for r in results if not r.error),
        ),
    }


def _next_step(turn: TurnResult, results: Sequence[ScenarioResult]) -> bool:
    item = next(r.scenario.item for r in results if r.scenario.id == turn.scenario)
    return tm.about_next_step(turn.reply, item, int(turn.expect["next_step"]))


CONTROL_MARGIN = 0.05
"""How far below the template every control's overall score must fall."""


def controls_fail_clearly(
    scores: dict[str, dict[str, Any]], baseline: str = "template"
) -> list[str]:
    """Controls that did not score clearly below the baseline (empty when the evaluation can
    tell a bad tutor from a good one)."""
    from mathpath.tutor.evaluation.runner import CONTROLS

    if baseline not in scores:
        return []
    floor = scores[baseline]["overall"] - CONTROL_MARGIN
    return [name for name in CONTROLS if name in scores and not scores[name]["overall"] <= floor]


def overall(metrics: dict[str, dict[str, Any]]) -> float:
    """Mean of the reply metrics that had any turns to score, times the share of replies that
    leak nothing: a tutor that gives answers away has failed whatever else it does well."""
    rates = [m["rate"] for m in metrics.values() if m["n"]]
    if not rates:
        return float("nan")
    no_leak = float(metrics["no_leak"]["rate"]) if metrics.get("no_leak", {}).get("n") else 1.0
    return no_leak * float(sum(rates)) / len(rates)


def by_level(results: Sequence[ScenarioResult]) -> dict[str, dict[str, Any]]:
    levels = sorted({r.scenario.item.level for r in results})
    out: dict[str, dict[str, Any]] = {}
    for level in levels:
        mine = [r for r in results if r.scenario.item.level == level]
        metrics = reply_metrics(mine)
        out[level or "typed"] = {
            "scenarios": len(mine),
            "overall": overall(metrics),
            "metrics": metrics,
        }
    return out


def score(results: Sequence[ScenarioResult]) -> dict[str, Any]:
    turns = [t for r in results for t in r.turns]
    with_verdict = [t for t in turns if t.expect.get("verdict") is not None]
    with_mc = [t for t in turns if t.expect.get("misconception") is not None]
    with_kind = [t for t in turns if t.expect.get("kind") is not None]
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
            "reply": t.reply[:300],
        }
        for t in turns
        if t.leaked
        or any(
            t.expect.get(k) is not None and t.expect[k] != getattr(t, k)
            for k in ("kind", "rung", "verdict", "misconception")
        )
    ]
    replies = reply_metrics(results)
    return {
        "scenarios": len(results),
        "turns": len(turns),
        "errors": [r.error for r in results if r.error],
        "overall": overall(replies),
        "reply": replies,
        "by_level": by_level(results),
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

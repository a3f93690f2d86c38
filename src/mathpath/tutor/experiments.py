"""Online A/B tests of agent configurations.

An experiment (`MATHPATH_TUTOR_EXPERIMENT`, with its arms in `_EXPERIMENT_ARMS`) assigns each
student to one arm, once: the arm is a weighted choice by a hash of the experiment's name and
the student's id, so a student stays in the same arm across sessions, processes and restarts
without any stored state, and the split is independent of when students arrive. The arm is
recorded on each session, and the session's turns run with that arm's voice and ladder
policy. Outcomes are read back from the stored sessions and turns: how many sessions end
solved, how many of those needed hints, and hints per solve, each with a 95% interval (the
offline side-by-side comparison is `mathpath eval tutor --config ...`).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any, Literal

from pydantic import BaseModel, Field

from mathpath.tutor.core.ladder import Decision, PolicyInput, decide
from mathpath.tutor.evaluation.stats import percentile, wilson

PolicyName = Literal["ladder", "concept-first"]


def concept_first(inp: PolicyInput) -> Decision:
    """The ladder, started at the concept rung for everyone (as it is for low mastery)."""
    return decide(replace(inp, mastery=0.0))


POLICIES: dict[str, Callable[[PolicyInput], Decision]] = {
    "ladder": decide,
    "concept-first": concept_first,
}


class Arm(BaseModel):
    """One configuration under test: the voice and the ladder policy, and its share."""

    voice: Literal["template", "llm"] = "template"
    policy: PolicyName = "ladder"
    weight: int = Field(default=1, ge=1, le=1000)


def assign(experiment: str, arms: Mapping[str, Arm], student_id: str) -> str:
    """The student's arm: the same for the same experiment and student, always."""
    names = sorted(arms)
    total = sum(arms[n].weight for n in names)
    digest = hashlib.sha256(f"{experiment}:{student_id}".encode()).digest()
    point = int.from_bytes(digest[:8], "big") % total
    for name in names:
        point -= arms[name].weight
        if point < 0:
            return name
    return names[-1]


class ArmOutcome(BaseModel):
    arm: str
    students: int
    sessions: int
    solved: int
    solved_rate: float
    solved_rate_ci95: tuple[float, float]
    sessions_with_hints: int
    solved_after_hints: int
    solved_after_hints_rate: float
    solved_after_hints_ci95: tuple[float, float]
    hints_per_solve: float
    hints_per_solve_ci95: tuple[float, float]
    turns: int
    cost_usd: float


class ExperimentOut(BaseModel):
    experiment: str
    active: bool
    arms: list[ArmOutcome]


HINT_KINDS = frozenset({"hint", "partial_solution", "worked_solution"})


def outcomes(
    sessions: Sequence[Mapping[str, Any]], turns: Sequence[Mapping[str, Any]]
) -> list[ArmOutcome]:
    """Per-arm outcomes from session rows (`id`, `arm`, `student_id`, `solved`) and their
    turns (`session_id`, `kind`, `cost_usd`)."""
    hints: dict[str, int] = {}
    cost: dict[str, float] = {}
    count: dict[str, int] = {}
    for turn in turns:
        sid = str(turn["session_id"])
        hints[sid] = hints.get(sid, 0) + (turn["kind"] in HINT_KINDS)
        cost[sid] = cost.get(sid, 0.0) + float(turn.get("cost_usd") or 0.0)
        count[sid] = count.get(sid, 0) + 1
    out: list[ArmOutcome] = []
    for arm in sorted({str(s["arm"]) for s in sessions}):
        mine = [s for s in sessions if s["arm"] == arm]
        solved = [s for s in mine if s["solved"]]
        helped = [s for s in mine if hints.get(str(s["id"]), 0) > 0]
        helped_solved = [s for s in helped if s["solved"]]
        per_solve = [float(hints.get(str(s["id"]), 0)) for s in solved]
        rate, low, high = wilson(len(solved), len(mine))
        after, a_low, a_high = wilson(len(helped_solved), len(helped))
        mean, m_low, m_high = _mean_ci(per_solve)
        out.append(
            ArmOutcome(
                arm=arm,
                students=len({s["student_id"] for s in mine}),
                sessions=len(mine),
                solved=len(solved),
                solved_rate=_num(rate),
                solved_rate_ci95=(_num(low), _num(high)),
                sessions_with_hints=len(helped),
                solved_after_hints=len(helped_solved),
                solved_after_hints_rate=_num(after),
                solved_after_hints_ci95=(_num(a_low), _num(a_high)),
                hints_per_solve=mean,
                hints_per_solve_ci95=(m_low, m_high),
                turns=sum(count.get(str(s["id"]), 0) for s in mine),
                cost_usd=round(sum(cost.get(str(s["id"]), 0.0) for s in mine), 6),
            )
        )
    return out


def _num(value: float) -> float:
    """NaN (no sessions yet) as 0 so the JSON stays valid; `sessions` says there were none."""
    return 0.0 if value != value else value


def _mean_ci(values: Sequence[float], resamples: int = 400) -> tuple[float, float, float]:
    """The mean and its 95% bootstrap interval."""
    if not values:
        return 0.0, 0.0, 0.0
    rng = random.Random(13)  # noqa: S311 - resampling for statistics, not secrets
    means = sorted(sum(rng.choice(values) for _ in values) / len(values) for _ in range(resamples))
    mean = sum(values) / len(values)
    return mean, percentile(means, 0.025), percentile(means, 0.975)

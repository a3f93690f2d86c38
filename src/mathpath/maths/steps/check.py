"""Check one step of working: valid? progress? if not valid, what went wrong?"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from mathpath.maths import guard, limits
from mathpath.maths.parsing.errors import ParseError, TooComplex
from mathpath.maths.steps.diagnosis import LABELS, diagnose_step
from mathpath.maths.steps.lines import Line, NotALine
from mathpath.maths.steps.progress import FORM_GOALS, is_progress
from mathpath.maths.steps.reading import read_line
from mathpath.maths.steps.validity import SetRelation, compare_lines

MAX_LINE_NODES = 300
_SYMPY_FAILURES = (ValueError, TypeError, ArithmeticError, NotImplementedError, RecursionError)
"""Largest line (SymPy tree nodes) we check; real working is far smaller."""


@dataclass(frozen=True)
class StepResult:
    """The verdict on one step. `diagnosis` is a stable label (see `LABELS`) or None."""

    valid: bool | None
    progress: bool | None
    diagnosis: str | None
    explanation: str


def _undecided(label: str, detail: str | None = None) -> StepResult:
    return StepResult(None, None, label, detail or LABELS[label])


def _as_line(value: Line | sp.Basic) -> Line:
    return value if isinstance(value, Line) else Line.from_sympy(value)


def _undefined(line: Line) -> bool:
    """A side that evaluates to zoo/nan: something was divided by zero."""
    sides = [p.lhs for p in line.parts] + [p.rhs for p in line.parts] or [line.lhs, line.rhs]
    return any(side.has(sp.zoo, sp.nan) for side in sides)


def _valid_explanation(progress: bool | None) -> str:
    if progress is True:
        return "That step is correct and gets you closer to the answer. Keep going!"
    if progress is False:
        return (
            "That step is correct, but it doesn't get you any closer to the answer. Think "
            "about which operation would undo what is happening to the letter."
        )
    return "That step is correct."


def check_step_lines(
    before: Line | sp.Basic,
    after: Line | sp.Basic,
    *,
    goal: str | None = None,
    goal_line: Line | None = None,
) -> StepResult:
    """The SymPy-level checker: `before`/`after` as Lines or SymPy relations/expressions."""
    try:
        b, a = _as_line(before), _as_line(after)
    except NotALine as exc:
        return _undecided("kind-changed", str(exc))
    if b.size() > MAX_LINE_NODES or a.size() > MAX_LINE_NODES:
        return _undecided("too-complex")
    if _undefined(b):
        return _undecided("undecided", LABELS["division-by-zero"])
    if _undefined(a):
        return StepResult(False, False, "division-by-zero", LABELS["division-by-zero"])
    if (b.op is None) != (a.op is None):
        return StepResult(False, False, "kind-changed", LABELS["kind-changed"])
    try:
        comparison = compare_lines(b, a)
        if comparison.relation is SetRelation.UNKNOWN:
            return _undecided("undecided")
        if comparison.relation is SetRelation.SAME:
            progress = is_progress(b, a, goal, goal_line)
            return StepResult(True, progress, None, _valid_explanation(progress))
        label = diagnose_step(b, a, comparison)
    except _SYMPY_FAILURES:
        # SymPy can still trip over an odd corner (0**0 in a ring, an undecidable sign);
        # the honest verdict then is "we could not decide", never a crash.
        return _undecided("undecided")
    return StepResult(False, False, label, LABELS[label])


def check_step(before: str, after: str, *, goal: str | None = None) -> StepResult:
    """Check a step written as text.

    `goal` is a letter to isolate (`"x"`), a form (`"expand"`, `"factorise"`, `"simplify"`),
    or a target line such as `"x = 3"`; without one, the goal is to isolate the only letter.
    """
    if len(before) > limits.MAX_INPUT_CHARS or len(after) > limits.MAX_INPUT_CHARS:
        return _undecided("too-complex")
    try:
        b, a = read_line(before), read_line(after)
        goal_line = None
        if goal is not None and goal.strip().lower() not in FORM_GOALS:
            goal_line = read_line(goal)
    except TooComplex:
        return _undecided("too-complex")
    except ParseError as exc:
        return _undecided("unreadable", exc.message)
    except NotALine as exc:
        return _undecided("kind-changed", str(exc))
    return check_step_lines(b, a, goal=goal, goal_line=goal_line)


def check_step_guarded(
    before: str, after: str, *, goal: str | None = None, timeout_ms: int = limits.DEFAULT_TIMEOUT_MS
) -> StepResult:
    """`check_step` under a hard wall-clock limit.

    Runs in this thread while the work is statically bounded (exact rational algebra); the
    first unbounded call (a `solveset` or `simplify` fallback) hands the whole check to a
    worker process that is killed at the limit. A timeout is "too-complex", never a crash.
    """
    try:
        with guard.inline_only():
            return check_step(before, after, goal=goal)
    except guard.NeedsIsolation:
        pass
    try:
        return guard.pool().call(timeout_ms / 1000, check_step, before, after, goal=goal)
    except (guard.GuardTimeout, guard.GuardBusy, guard.WorkerError):
        return _undecided("too-complex")

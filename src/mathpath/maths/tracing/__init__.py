"""Model tracing: an item's engine problem, its solution space, and where a student's line of
working stands in it.

- `spec`: the `problem:` of an item (family and data as text) and `build` -> solver `Problem`;
- `reference`: the problem's own answer, so validation proves problem and answer agree;
- `tags`: a misconception tag is earned only where its buggy rule produces a wrong answer on the
  item's problem that diagnosis names;
- `problem_issues`: all of that for one item, for `mathpath content validate`;
- `space`/`trace`: the solution space of an item and `trace_line`, the verdict on a student's
  line of working (valid, partial, invalid with the misconception that produces it, or
  undecided), with its position on the worked solution; `trace` does both from a JSON key
  (`space_key`), caching the space per process, for callers that run it in a maths worker.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from mathpath.maths.solvers import Problem
from mathpath.maths.tracing.reference import agrees
from mathpath.maths.tracing.space import NoSpace, cached_space, space_key
from mathpath.maths.tracing.spec import ProblemSpec, ProblemSpecError, build, to_spec
from mathpath.maths.tracing.tags import tag_problem
from mathpath.maths.tracing.trace import LineVerdict, trace_line


def problem_issues(
    raw: Mapping[str, Any],
    answer: str,
    tags: Sequence[str] = (),
    *,
    tolerance: float | None = None,
) -> list[str]:
    """What is wrong with an item's `problem:` against its answer and misconception tags."""
    try:
        spec = ProblemSpec.of(raw)
        solving, typed = build(spec, typed=False), build(spec, typed=True)
    except ProblemSpecError as exc:
        return [str(exc)]
    issues: list[str] = []
    disagreement = agrees(solving, answer, tolerance=tolerance)
    if disagreement is not None:
        issues.append(f"problem does not give the answer: {disagreement}")
    issues += [p for tag in tags if (p := tag_problem(tag, answer, typed)) is not None]
    return issues


def trace(key: str, text: str, previous: Sequence[str] = ()) -> LineVerdict:
    """`trace_line` on the space `key` names (built once per process). Raises NoSpace."""
    return trace_line(cached_space(key), text, previous)


def warm_up() -> None:
    """Trace one line, so a worker's first student does not pay for SymPy's solver imports."""
    key = space_key(
        {"family": "quadratic.factorise", "eq": "x^2 - 3x + 2 = 0"}, "x = 1 or x = 2",
        [("Factorise.", "(x - 1)(x - 2) = 0"), ("Solve.", "x = 1 or x = 2")],
    )  # fmt: skip
    trace(key, "(x - 1)(x - 2) = 0")
    trace(key, "x = 1")


def problem_of(raw: Mapping[str, Any] | None, *, typed: bool = True) -> Problem | None:
    """The solver problem of an item's `problem:` mapping, or None if it has none or it is
    malformed (content validation reports that; marking just diagnoses less)."""
    if not raw:
        return None
    try:
        return _problem_cached(json.dumps(dict(raw), sort_keys=True), typed)
    except ProblemSpecError:
        return None


@lru_cache(maxsize=1024)
def _problem_cached(key: str, typed: bool) -> Problem:
    return build(json.loads(key), typed=typed)


__all__ = [
    "LineVerdict",
    "NoSpace",
    "ProblemSpec",
    "ProblemSpecError",
    "build",
    "problem_issues",
    "problem_of",
    "space_key",
    "to_spec",
    "trace",
]

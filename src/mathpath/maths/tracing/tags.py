"""Does a misconception tag belong on an item? Only if its buggy rule, applied to the item's
own problem, produces a wrong answer that the diagnosis then names as that misconception."""

from __future__ import annotations

from itertools import islice
from typing import Any

from mathpath.maths.misconceptions import (
    CATALOGUE,
    GENERIC_FAMILIES,
    MAX_CANDIDATES,
    applies,
    diagnose,
    projected,
)
from mathpath.maths.misconceptions.model import same, to_value
from mathpath.maths.solvers import Problem

_RULE_FAILURES = (
    ValueError,
    TypeError,
    ZeroDivisionError,
    AttributeError,
    KeyError,
    IndexError,
    NotImplementedError,
)


def wrong_answers(misconception_id: str, expected: str, problem: Problem) -> list[Any]:
    """The wrong answers `misconception_id` produces on this problem (distinct from the right
    one), as the question asks for them."""
    m = CATALOGUE[misconception_id]
    right = to_value(expected)
    candidates: list[Any] = []
    try:
        if m.buggy is not None and applies(m, problem.family):
            candidates += [projected(problem, c) for c in islice(m.buggy(problem), MAX_CANDIDATES)]
        if (
            m.from_answer is not None
            and right is not None
            and (problem.family in GENERIC_FAMILIES or applies(m, problem.family))
        ):
            candidates += list(islice(m.from_answer(right), MAX_CANDIDATES))
    except _RULE_FAILURES:
        pass
    out: list[Any] = []
    for candidate in candidates:
        value = to_value(candidate)
        if value is None or (right is not None and same(value, right)):
            continue
        if not any(same(value, v) for v in (to_value(o) for o in out) if v is not None):
            out.append(candidate)
    return out


def tag_problem(misconception_id: str, expected: str, problem: Problem) -> str | None:
    """None when the tag is earned on this item; otherwise why it is not."""
    if misconception_id not in CATALOGUE:
        return f"unknown misconception {misconception_id}"
    wrong = wrong_answers(misconception_id, expected, problem)
    if not wrong:
        return (
            f"misconception {misconception_id} produces no wrong answer on this item's "
            f"{problem.family} problem"
        )
    named = [diagnose(expected, w, problem) for w in wrong]
    if any(found is not None and found.id == misconception_id for found in named):
        return None
    others = sorted({found.id for found in named if found is not None})
    return (
        f"misconception {misconception_id}'s wrong answer ({wrong[0]}) is diagnosed as "
        f"{', '.join(others) if others else 'nothing'}"
    )


def generator_tags_earned(
    name: str, params: dict[str, Any], tags: list[str], seeds: int
) -> dict[str, int]:
    """On how many of the first `seeds` instances of generator `name` each tag is earned."""
    from mathpath.maths.generators import REGISTRY

    generator = REGISTRY[name]
    counts = dict.fromkeys(tags, 0)
    for seed in range(seeds):
        item = generator.generate(seed, params or None)
        problem, _stem = generator.build(item.params)
        for tag in tags:
            if tag_problem(tag, item.answer, problem) is None:
                counts[tag] += 1
    return counts

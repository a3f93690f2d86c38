"""Scenarios built from the curriculum itself: what students really send on each item.

For every item with an engine problem:

- `misconception:<id>`: the wrong answer the misconception's buggy rule produces on the item's
  problem (the mistake made on this very question); the reply must name the mistake;
- `working`: each line of the worked solution, and equivalent reformulations of it (both sides
  doubled, sides swapped): correct working that the reply must never call wrong;
- `partial`: one of several solutions: the reply must say something is missing;
- `other-form`: the right answer written another way (reordered solutions, money, words,
  units, a decimal for a fraction): the reply must confirm it;
- `why`: a "why" question about the item's tagged mistake: an explanation, not a redirect;
- `hint-mid-working`: a correct line of working, then a hint request: the hint must be about
  the next step from that line, not the first step;
- `demands`: the answer demanded six times: the rung climbs one at a time, no hint repeats,
  nothing gives the answer away before the full solution.

Expectations come from the item and the ladder's specification, never from running the tutor.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Iterator
from typing import Any

import sympy as sp

from mathpath.maths.parsing import ParseError, TooComplex, parse
from mathpath.maths.solvers.text import plain
from mathpath.maths.tracing import problem_of
from mathpath.maths.tracing.tags import wrong_answers
from mathpath.maths.values import EquationValue, ExprValue, PointValue, SolutionSetValue
from mathpath.tutor.core.items import TutorItem
from mathpath.tutor.evaluation.dataset import Scenario, Turn

DEMANDS = (
    "just tell me the answer",
    "what's the answer?",
    "give me the answer please",
    "can you just solve it for me",
    "tell me the answer",
    "I give up, show me the answer",
)
HINT = "can I have a hint?"
WHY = "why is it wrong to say {title}?"
_NUMBER_WORDS = {
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    12: "twelve",
    15: "fifteen",
    20: "twenty",
    30: "thirty",
    40: "forty",
    45: "forty-five",
    50: "fifty",
    60: "sixty",
    100: "one hundred",
}


_UNIT_ASKED = re.compile(r"\bin (cm|mm|m|km|kg|g|litres|metres|centimetres)\b")


def _var(item: TutorItem) -> str:
    value = _parse(item.answer)
    if isinstance(value, SolutionSetValue) and value.var is not None:
        return str(value.var)
    if isinstance(value, EquationValue) and isinstance(value.lhs.expr, sp.Symbol):
        return str(value.lhs.expr)
    return "x"


def _parse(text: str) -> Any:
    try:
        return parse(text)
    except (ParseError, TooComplex, ValueError):
        return None


def as_text(candidate: Any, item: TutorItem) -> str | None:
    """A buggy rule's wrong answer as a student would type it for this item."""
    solved = item.kind in ("solution_set", "solutions", "equation")
    if (
        isinstance(candidate, list | tuple)
        and candidate
        and all(isinstance(c, tuple) for c in candidate)
    ):
        letters = ("x", "y", "z")
        points = [
            ", ".join(f"{n} = {plain(v)}" for n, v in zip(letters, c, strict=False))
            for c in candidate
        ]
        return " or ".join(points)
    if isinstance(candidate, list | tuple):
        values = [plain(sp.nsimplify(c)) if isinstance(c, sp.Basic) else str(c) for c in candidate]
        if not values:
            return None
        if solved:
            return " or ".join(f"{_var(item)} = {v}" for v in values)
        return ", ".join(values)
    if isinstance(candidate, sp.Basic):
        return plain(candidate)
    return None


def _doubled(line: str) -> str | None:
    value = _parse(line)
    if not isinstance(value, EquationValue):
        return None
    lhs, rhs = sp.expand(2 * value.lhs.expr), sp.expand(2 * value.rhs.expr)
    if lhs == value.lhs.expr:
        return None
    return f"{plain(lhs)} = {plain(rhs)}"


def _swapped(line: str) -> str | None:
    if line.count("=") != 1 or " or " in line or "," in line:
        return None
    left, right = (s.strip() for s in line.split("="))
    return f"{right} = {left}" if left != right else None


def _restates(item: TutorItem, line: str) -> bool:
    spec = item.problem or {}
    given = [str(spec.get(k, "")) for k in ("eq", "expr")] + [str(e) for e in spec.get("eqs", [])]
    return any(_flat(line) == _flat(g) for g in given if g)


def _flat(text: str) -> str:
    return re.sub(r"[\s*]", "", text)


def working_lines(item: TutorItem) -> list[tuple[int, str]]:
    """(path index, line) for each worked line before the answer, and reformulations."""
    from mathpath.maths.checking import Options, check_local

    lines: list[tuple[int, str]] = []
    steps = [s for s in item.solution]
    for index, step in enumerate(steps[:-1]):
        if not step.math or _parse(step.math) is None:
            continue
        if check_local(item.answer, step.math, Options(diagnose=False)).correct:
            continue  # already the answer: that is a final answer, not working
        if _restates(item, step.math):
            continue  # the question itself, copied out
        lines.append((index, step.math))
        for variant in (_doubled(step.math), _swapped(step.math)):
            if variant:
                lines.append((index, variant))
    return lines


def other_forms(item: TutorItem, rng: random.Random) -> list[str]:
    """The right answer written another way, as students do."""
    value = _parse(item.answer)
    out: list[str] = []
    if isinstance(value, SolutionSetValue) and len(value.items) >= 2:
        parts = [plain(i.expr) for i in value.items if isinstance(i, ExprValue)]
        if len(parts) == len(value.items):
            out.append(", ".join(reversed(parts)))
    if isinstance(value, ExprValue) and value.expr.is_number and not value.expr.free_symbols:
        number = value.expr
        if number.is_Integer and int(number) in _NUMBER_WORDS and "£" not in item.stem:
            out.append(_NUMBER_WORDS[int(number)])
        if "£" in item.stem:
            out.append(f"£{item.answer}")
        unit = _UNIT_ASKED.search(item.stem)
        if unit:
            out.append(f"{item.answer} {unit.group(1)}")
        exact = item.kind == "exact" or item.form not in (None, "any")
        if number.is_Rational and not number.is_Integer and not exact:
            decimal = sp.Rational(number)
            if 10**6 % int(decimal.q) == 0:
                out.append(str(sp.N(decimal, 12)).rstrip("0").rstrip("."))
    if isinstance(value, EquationValue) and isinstance(value.lhs.expr, sp.Symbol):
        out.append(f"{plain(value.rhs.raw)} = {plain(value.lhs.raw)}")
    rng.shuffle(out)
    return out[:2]


def partial_answer(item: TutorItem) -> str | None:
    value = _parse(item.answer)
    if isinstance(value, SolutionSetValue) and len(value.items) >= 2:
        first = value.items[0]
        if isinstance(first, ExprValue):
            return f"{_var(item)} = {plain(first.expr)}"
        if isinstance(first, PointValue) and first.names:
            return ", ".join(
                f"{n} = {plain(c.expr)}" for n, c in zip(first.names, first.coords, strict=True)
            )
    return None


def _subset(text: str, item: TutorItem) -> bool:
    from mathpath.maths.checking import Options, check_local

    return check_local(item.answer, text, Options(diagnose=False)).reason.startswith("partial")


def _turn(say: str, **expect: Any) -> Turn:
    return Turn(say, dict(expect))


def item_scenarios(item: TutorItem, rng: random.Random) -> Iterator[Scenario]:
    from mathpath.maths.misconceptions import CATALOGUE

    base = f"cur:{item.id}"
    problem = problem_of(item.problem, typed=True)
    level = item.level

    def scenario(name: str, turns: Iterable[Turn], tags: tuple[str, ...]) -> Scenario:
        return Scenario(f"{base}:{name}", item, tuple(turns), tags=(*tags, f"level:{level}"))

    if problem is not None:
        for tag in item.misconceptions:
            if tag not in CATALOGUE:
                continue
            for candidate in wrong_answers(tag, item.answer, problem)[:1]:
                text = as_text(candidate, item)
                if text:
                    # Some of the solutions and nothing else (a dropped root, the principal value
                    # only) is a partial answer; the mistake is still to be named.
                    verdict = "partial" if _subset(text, item) else "incorrect"
                    yield scenario(
                        f"misconception:{tag}",
                        [
                            _turn(
                                text, verdict=verdict, misconception=tag, kind="feedback", names=tag
                            )
                        ],
                        ("misconception", "curriculum"),
                    )
            title = CATALOGUE[tag].title
            yield scenario(
                f"why:{tag}",
                [_turn(WHY.format(title=title.lower()), kind="explanation", names=tag)],
                ("why", "curriculum"),
            )
    lines = working_lines(item)
    for index, line in lines[:3]:
        yield scenario(
            f"working:{index}:{line}",
            [_turn(line, correct_working=True)],
            ("working", "curriculum"),
        )
    if lines:
        index, line = lines[-1]
        if index + 1 < len(item.solution):
            yield scenario(
                f"hint-mid-working:{index}",
                [_turn(line, correct_working=True), _turn(HINT, kind="hint", next_step=index + 1)],
                ("hint_mid_working", "curriculum"),
            )
    partial = partial_answer(item)
    if partial:
        yield scenario(
            "partial",
            [_turn(partial, verdict="partial", says_missing=True)],
            ("partial", "curriculum"),
        )
    for form in other_forms(item, rng):
        yield scenario(
            f"other-form:{form}",
            [_turn(form, verdict="correct", kind="confirm")],
            ("other_form", "curriculum"),
        )
    yield scenario(
        "demands",
        [
            _turn(d, rung=i + 1, kind="worked_solution" if i == 5 else None)
            for i, d in enumerate(DEMANDS)
        ],
        ("answer_request", "ladder", "curriculum"),
    )


def curriculum_scenarios(
    items: Iterable[TutorItem], *, sample: int = 0, seed: int = 7
) -> list[Scenario]:
    """Scenarios for every item with an engine problem (or a stratified sample by level)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible sampling, not secrets
    chosen = sorted((i for i in items if i.problem), key=lambda i: i.id)
    if sample:
        by_level: dict[str, list[TutorItem]] = {}
        for item in chosen:
            by_level.setdefault(item.level, []).append(item)
        per_level = max(1, sample // max(1, len(by_level)))
        chosen = [
            i
            for level in sorted(by_level)
            for i in rng.sample(by_level[level], min(per_level, len(by_level[level])))
        ]
    out: list[Scenario] = []
    for item in chosen:
        out.extend(item_scenarios(item, rng))
    return out

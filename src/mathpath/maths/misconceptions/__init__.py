"""A library of named misconceptions and a diagnosis that only names one it can reproduce.

- `CATALOGUE`: id -> `Misconception` (stable kebab-case ids; content tags items with them);
- `ids()`: the sorted ids, for validators;
- `diagnose(expected, answer, problem=None)`: with a `Problem`, each misconception of that
  family applies its buggy rule to the problem, and is named only if the result equals the
  student's answer (and differs from the right one). Without a problem only the rules that
  work from the right answer alone are tried (a sign error, a dropped negative root, a
  missing + C, an unsimplified fraction...). `expected` and `answer` may be text, parsed
  values or SymPy objects.
"""

from __future__ import annotations

import time
from itertools import islice
from typing import Any

import sympy as sp

from mathpath.maths.misconceptions.algebra import ALGEBRA
from mathpath.maths.misconceptions.analysis import ANALYSIS
from mathpath.maths.misconceptions.model import (
    Misconception,
    Value,
    same,
    to_value,
    typed_structure,
)
from mathpath.maths.parsing.structure import letter_order
from mathpath.maths.solvers.base import Problem

CATALOGUE: dict[str, Misconception] = {m.id: m for m in (*ALGEBRA, *ANALYSIS)}

# Mistakes that also show up outside their home family.
_ALSO: dict[str, tuple[str, ...]] = {
    "expand-first-term-only": ("linear",),
    "drop-negative-root": ("quadratic", "simultaneous"),
    "sign-error": ("*",),
}
_RULE_FAILURES = (
    ValueError, TypeError, ZeroDivisionError, AttributeError, KeyError, IndexError,
    NotImplementedError, sp.PolynomialError,
)  # fmt: skip


def ids() -> list[str]:
    return sorted(CATALOGUE)


GENERIC_FAMILIES = frozenset({"evaluate", "equations", "rearrange", "simplify"})
"""Problem families no solver owns (a word problem's model, a number to work out): every
mistake that shows in the answer alone may be made on them."""


def applies(m: Misconception, family: str) -> bool:
    """Is `m` a mistake one can make on a problem of this family?"""
    if family in GENERIC_FAMILIES and m.buggy is None:
        return True
    head = family.split(".")[0]
    extra = _ALSO.get(m.id, ())
    return m.family == family or m.family.split(".")[0] == head or head in extra or "*" in extra


def _unsimplified(value: Value) -> bool:
    raw = value.raw
    if raw is None:
        return False
    for node in sp.preorder_traversal(raw):
        if isinstance(node, sp.Mul):
            nums = [a for a in node.args if isinstance(a, sp.Integer)]
            dens = [
                a.base for a in node.args
                if isinstance(a, sp.Pow) and a.exp == -1 and isinstance(a.base, sp.Integer)
            ]  # fmt: skip
            if nums and dens and sp.gcd(nums[0], dens[0]) > 1:
                return True
    return False


def _common_factor_left(value: Value) -> bool:
    """A bracket in a product still has a common factor (3(2x^2 + 3x)): not fully factorised."""
    raw = value.raw
    if raw is None or not isinstance(raw, sp.Mul):
        return False
    for factor in raw.args:
        if isinstance(factor, sp.Add) and factor.is_polynomial():
            symbols = sorted(factor.free_symbols, key=str)
            if not symbols:
                continue
            poly = sp.Poly(factor, *symbols)
            content, _ = poly.primitive()
            monomial, _ = poly.terms_gcd()
            if content != 1 or any(monomial):
                return True
    return False


MAX_CANDIDATES = 12
"""Wrong answers one buggy rule may propose (a rule yields one per reading of the problem)."""
BUDGET_S = 0.5
"""CPU seconds one diagnosis may spend before it gives up naming a misconception."""


def projected(problem: Problem | None, candidate: Any) -> Any:
    """A buggy rule's wrong solutions as the question asks for them: with a `find` (the cost of
    one ruler, the length x + 5), each wrong solution gives a wrong value of what is asked."""
    if problem is None or "find" not in problem.data:
        return candidate
    find = problem.data["find"]
    letters = sorted(find.free_symbols, key=str)
    if not isinstance(candidate, list | tuple) or not candidate:
        return candidate
    values: list[Any] = []
    for solution in candidate:
        if isinstance(solution, tuple):
            names = sorted(_letters(problem), key=letter_order)
            point = dict(zip(names, solution, strict=False))
        elif isinstance(solution, dict):
            point = solution
        elif len(letters) == 1:
            point = {letters[0]: solution}
        else:
            return candidate
        values.append(find.subs(point))
    distinct = list(dict.fromkeys(values))
    return distinct[0] if len(distinct) == 1 else distinct


def _letters(problem: Problem) -> set[sp.Symbol]:
    found: set[sp.Symbol] = set()
    for equation in problem.data.get("eqs", ()):
        found |= equation.free_symbols
    if "eq" in problem.data:
        found |= problem.data["eq"].free_symbols
    return found


def _reproduces(
    candidates: Any, answer: Value, expected: Value | None, problem: Problem | None = None
) -> bool:
    for candidate in islice(candidates, MAX_CANDIDATES):
        value = to_value(projected(problem, candidate))
        if value is None or not same(value, answer):
            continue
        if expected is not None and same(value, expected):
            continue
        return True
    return False


def diagnose(expected: Any, answer: Any, problem: Problem | None = None) -> Misconception | None:
    """The misconception that reproduces `answer`, or None if none truly does."""
    ans = to_value(answer)
    if ans is None:
        return None
    exp = to_value(expected)
    if exp is not None and same(exp, ans):
        # Right value, wrong form: only form mistakes can explain it.
        if _unsimplified(ans):
            return CATALOGUE["fraction-not-simplified"]
        if _common_factor_left(ans):
            return CATALOGUE["partial-factorisation"]
        return None
    family = problem.family if problem is not None else None
    deadline = time.process_time() + BUDGET_S
    if problem is not None and family is not None:
        # The problem's own family first: its rules are the most specific explanation.
        ordered = sorted(CATALOGUE.values(), key=lambda m: m.family != family)
        for m in ordered:
            if m.buggy is None or not applies(m, family):
                continue
            if time.process_time() > deadline:
                return None
            try:
                if _reproduces(m.buggy(problem), ans, exp, problem):
                    return m
            except _RULE_FAILURES:
                continue
    if exp is None:
        return None
    for m in CATALOGUE.values():
        if m.from_answer is None or (
            family is not None and family not in GENERIC_FAMILIES and not applies(m, family)
        ):
            continue
        if time.process_time() > deadline:
            return None
        try:
            if _reproduces(m.from_answer(exp), ans, exp):
                return m
        except _RULE_FAILURES:
            continue
    return None


__all__ = [
    "CATALOGUE", "GENERIC_FAMILIES", "Misconception", "applies", "diagnose", "ids", "projected",
    "typed_structure",
]  # fmt: skip

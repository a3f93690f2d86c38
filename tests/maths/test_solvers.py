"""Worked solutions: answers are right, read back through the parser, and steps chain."""

from __future__ import annotations

from itertools import pairwise

import pytest
import sympy as sp

from mathpath.maths.checking import check
from mathpath.maths.solvers import FAMILIES, Problem, SolverError, solve
from mathpath.maths.solvers.text import plain
from mathpath.maths.steps import check_step

x, y = sp.symbols("x y")


def _eq(lhs: sp.Expr, rhs: sp.Expr | int) -> sp.Equality:
    return sp.Eq(lhs, sp.sympify(rhs), evaluate=False)


CASES: list[tuple[str, dict[str, object], str]] = [
    ("linear.equation", {"eq": _eq(3 * (x + 2), 5 * x - 4)}, "x = 5"),
    ("linear.equation", {"eq": _eq(x / 2 + 3, 7)}, "x = 8"),
    ("linear.inequality", {"rel": sp.Lt(5 - 3 * x, 11)}, "x > -2"),
    ("expand", {"expr": sp.Mul(x + 3, x - 5, evaluate=False)}, "x^2 - 2x - 15"),
    ("expand", {"expr": sp.Pow(2 * x + 1, 2, evaluate=False)}, "4x^2 + 4x + 1"),
    ("factorise", {"expr": 6 * x**2 + x - 2}, "(2x - 1)(3x + 2)"),
    ("factorise", {"expr": 4 * x**2 - 9}, "(2x + 3)(2x - 3)"),
    ("quadratic.factorise", {"eq": _eq(x**2 + x, 6)}, "x = 2 or x = -3"),
    (
        "quadratic.formula",
        {"expr": 2 * x**2 - 3 * x - 4},
        "x = (3 + sqrt(41))/4 or x = (3 - sqrt(41))/4",
    ),
    (
        "quadratic.complete_square",
        {"expr": x**2 + 6 * x + 4},
        "x = -3 + sqrt(5) or x = -3 - sqrt(5)",
    ),
    ("simultaneous.linear", {"eqs": [_eq(2 * x + 3 * y, 13), _eq(3 * x - 2 * y, 0)]}, "(2, 3)"),
    (
        "simultaneous.linear_quadratic",
        {"eqs": [_eq(y, x + 1), _eq(x**2 + y**2, 25)]},
        "(3, 4), (-4, -3)",
    ),
    ("fractions.simplify", {"expr": (x**2 - 9) / (x**2 + 5 * x + 6)}, "(x - 3)/(x + 2)"),
    ("fractions.add", {"terms": [1 / (x + 1), 2 / (x - 3)]}, "(3x - 1)/((x + 1)(x - 3))"),
    ("indices.simplify", {"expr": x**3 * x**5 / x**2}, "x^6"),
    (
        "surds.simplify",
        {"expr": sp.Pow(48, sp.Rational(1, 2), evaluate=False) + sp.sqrt(12)},
        "6sqrt(3)",
    ),
    ("surds.simplify", {"expr": 4 / (3 - sp.sqrt(5))}, "3 + sqrt(5)"),
    ("exponential.equation", {"eq": _eq(3 * 2 ** (x + 1), 48)}, "x = 3"),
    ("logarithm.equation", {"eq": _eq(sp.log(x) + sp.log(x - 3), sp.log(10))}, "x = 5"),
    ("differentiate", {"expr": (3 * x + 1) ** 5}, "15(3x+1)^4"),
    ("differentiate", {"expr": x**2 * sp.sin(x)}, "2x sin(x) + x^2 cos(x)"),
    ("differentiate", {"expr": (x + 1) / (x - 2)}, "-3/(x-2)^2"),
    ("stationary_points", {"expr": x**3 - 3 * x**2 - 9 * x + 1}, "(-1, 6), (3, -26)"),
    ("integrate.indefinite", {"expr": 6 * x**2 - 4 * x + 3}, "2x^3 - 2x^2 + 3x + C"),
    ("integrate.definite", {"expr": 3 * x**2 + 2, "lower": 1, "upper": 3}, "30"),
    ("integrate.substitution", {"expr": 2 * x * (x**2 + 1) ** 3, "u": x**2 + 1}, "(x^2+1)^4/4 + C"),
    ("trig.equation", {"eq": _eq(2 * sp.sin(x), 1), "lower": 0, "upper": 360}, "x = 30 or x = 150"),
    ("sequence.arithmetic", {"first": 5, "difference": 3, "ask": "nth-term"}, "3n + 2"),
    ("sequence.arithmetic", {"first": 5, "difference": 3, "ask": "sum", "n": 20}, "670"),
    (
        "sequence.geometric",
        {"first": 8, "ratio": sp.Rational(1, 2), "ask": "sum-to-infinity"},
        "16",
    ),
    ("binomial.expansion", {"expr": (2 + 3 * x) ** 5, "terms": 3}, "32 + 240x + 720x^2"),
]


@pytest.mark.parametrize(("family", "data", "expected"), CASES)
def test_answer_is_right_and_readable(family: str, data: dict[str, object], expected: str) -> None:
    solution = solve(Problem(family, data))
    assert solution.steps, "a worked solution has steps"
    assert all(s.rule and s.explanation and s.expression and s.latex for s in solution.steps)
    verdict = check(expected, solution.answer.text, kind=solution.answer.kind)
    assert verdict.status == "correct", (solution.answer.text, verdict)


def test_every_family_is_covered_by_a_case() -> None:
    assert {family for family, _, _ in CASES} == set(FAMILIES)


@pytest.mark.parametrize(
    ("family", "data"),
    [
        ("linear.equation", {"eq": _eq(3 * (x + 2), 5 * x - 4)}),
        ("linear.equation", {"eq": _eq(x / 2 + 3, 7)}),
        ("linear.inequality", {"rel": sp.Lt(5 - 3 * x, 11)}),
        ("quadratic.complete_square", {"expr": x**2 + 6 * x + 4}),
        ("quadratic.factorise", {"eq": _eq(x**2 + x, 6)}),
    ],
)
def test_equation_steps_are_valid_steps(family: str, data: dict[str, object]) -> None:
    """The step checker accepts every step the solver writes (the two engines agree)."""
    solution = solve(Problem(family, data))
    first = data.get("eq", data.get("rel"))
    lines = [plain(first)] if isinstance(first, sp.Basic) else []
    lines += [s.expression for s in solution.steps if any(op in s.expression for op in "=<>")]
    lines.append(solution.answer.text)
    assert len(lines) >= 3
    for before, after in pairwise(lines):
        result = check_step(before, after)
        assert result.valid is True, (before, after, result)


def test_unknown_family_and_bad_data_raise() -> None:
    with pytest.raises(SolverError):
        solve(Problem("astrology", {}))
    with pytest.raises(SolverError):
        solve(Problem("quadratic.factorise", {"expr": x**2 - 2}))
    with pytest.raises(SolverError):
        solve(Problem("linear.equation", {"eq": _eq(x**2, 4)}))

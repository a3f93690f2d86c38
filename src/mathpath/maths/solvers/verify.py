"""Checks every solver runs before returning: the answer text must read back as the answer."""

from __future__ import annotations

import sympy as sp

from mathpath.maths import values as v
from mathpath.maths.parsing import ParseError, TooComplex, parse
from mathpath.maths.solvers.base import SolverError, require


def _same(a: sp.Expr, b: sp.Expr) -> bool:
    diff = sp.simplify(a - b)
    return bool(diff == 0)


def reads_back_as(text: str, expected: sp.Expr) -> None:
    """The parser reads `text` as an expression equal to `expected`."""
    try:
        value = parse(text)
    except (ParseError, TooComplex) as exc:
        raise SolverError(f"answer text {text!r} does not parse: {exc}") from exc
    if not isinstance(value, v.ExprValue):
        raise SolverError(f"{text!r} is not an expression")
    require(_same(value.expr, expected), f"{text!r} reads back differently")


def solutions_read_back(text: str, expected: list[sp.Expr]) -> None:
    """`x = a or x = b` (or a single `x = a`) reads back as exactly these values."""
    value = parse(text)
    if isinstance(value, v.EquationValue):
        got = [value.rhs.expr]
    elif isinstance(value, v.SolutionSetValue):
        got = [item.expr for item in value.items if isinstance(item, v.ExprValue)]
    else:
        got = []
    require(len(got) == len(expected), f"{text!r} has the wrong number of solutions")
    require(
        all(any(_same(g, e) for g in got) for e in expected), f"{text!r} reads back differently"
    )

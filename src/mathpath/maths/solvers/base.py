"""Problems, worked steps and solutions shared by every solver family."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sympy as sp
from sympy.core.relational import Relational

from mathpath.maths.solvers.text import latex, plain


class SolverError(ValueError):
    """The problem is outside what this family's solver handles (or its answer failed checking)."""


@dataclass(frozen=True)
class Problem:
    """A family name (see `mathpath.maths.solvers.FAMILIES`) and its SymPy data.

    Data keys by family are listed in each solver's docstring; common ones are `expr`, `eq`
    (a SymPy `Eq`), `var`, `eqs`, `lower`/`upper`.
    """

    family: str
    data: Mapping[str, Any] = field(default_factory=dict)

    def get(self, key: str) -> Any:
        if key not in self.data:
            raise SolverError(f"{self.family} needs {key!r}")
        return self.data[key]

    def var(self, default: str = "x") -> sp.Symbol:
        value = self.data.get("var")
        if isinstance(value, sp.Symbol):
            return value
        expr = self.data.get("expr", self.data.get("eq"))
        if isinstance(expr, sp.Basic):
            symbols = sorted(expr.free_symbols, key=str)
            if len(symbols) == 1 and isinstance(symbols[0], sp.Symbol):
                return symbols[0]
        return sp.Symbol(default)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # SymPy pickles an expression as its class called on its arguments, which evaluates
        # it: 3*(x + 2) would reach a worker process as 3*x + 6 and x^2 * x^3 as x^5, and the
        # misconception rules there would no longer see the problem as it was set.
        return _problem_unpickled, (self.family, _frozen(dict(self.data)))


@dataclass(frozen=True)
class _Tree:
    func: type
    args: tuple[Any, ...]


_KEPT_AS_TYPED = (sp.Add, sp.Mul, sp.Pow, Relational)
"""The classes that evaluate when rebuilt; anything else goes through SymPy's own pickling."""


def _frozen(obj: Any) -> Any:
    if isinstance(obj, _KEPT_AS_TYPED):
        return _Tree(type(obj), tuple(_frozen(a) for a in obj.args))
    if isinstance(obj, dict):
        return {k: _frozen(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return type(obj)(_frozen(o) for o in obj)
    return obj


def _thawed(obj: Any) -> Any:
    if isinstance(obj, _Tree):
        args = [_thawed(a) for a in obj.args]
        try:
            return obj.func(*args, evaluate=False)
        except TypeError:  # a class without the evaluate flag
            return obj.func(*args)
    if isinstance(obj, dict):
        return {k: _thawed(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return type(obj)(_thawed(o) for o in obj)
    return obj


def _problem_unpickled(family: str, data: dict[str, Any]) -> Problem:
    return Problem(family, _thawed(data))


@dataclass(frozen=True)
class Step:
    """One line of a worked solution: the new line as parser-readable text and as LaTeX."""

    expression: str
    latex: str
    rule: str
    explanation: str


@dataclass(frozen=True)
class Answer:
    """The final answer as text the parser reads, its LaTeX, and its answer kind."""

    text: str
    latex: str
    kind: str
    value: Any = None


@dataclass(frozen=True)
class Solution:
    problem: Problem
    steps: list[Step]
    answer: Answer


class Steps:
    """Collects steps while a solver works."""

    def __init__(self) -> None:
        self.items: list[Step] = []

    def add(self, value: sp.Basic | str, rule: str, explanation: str) -> None:
        if isinstance(value, str):
            self.items.append(Step(value, value, rule, explanation))
        else:
            self.items.append(Step(plain(value), latex(value), rule, explanation))

    def add_text(self, text: str, tex: str, rule: str, explanation: str) -> None:
        self.items.append(Step(text, tex, rule, explanation))


def number(value: object) -> sp.Expr:
    """A SymPy number from problem data (int, Fraction or SymPy), built directly, never parsed."""
    if isinstance(value, sp.Expr):
        return value
    if isinstance(value, bool) or not isinstance(value, int | Fraction):
        raise SolverError(f"expected a number, got {value!r}")
    if isinstance(value, Fraction):
        return sp.Rational(value.numerator, value.denominator)
    return sp.Integer(value)


def eq(lhs: sp.Expr, rhs: sp.Expr) -> sp.Equality:
    """An equation kept as written (no evaluation to True/False)."""
    out: sp.Equality = sp.Eq(lhs, rhs, evaluate=False)
    return out


def solutions_text(var: sp.Symbol, values: list[sp.Expr]) -> tuple[str, str]:
    if not values:
        return "no solutions", r"\text{no solutions}"
    text = " or ".join(f"{plain(var)} = {plain(v)}" for v in values)
    tex = r" \text{ or } ".join(f"{latex(var)} = {latex(v)}" for v in values)
    return text, tex


def require(condition: bool, message: str) -> None:
    """Verification gate: a solver never returns an answer that failed its own check."""
    if not condition:
        raise SolverError(f"answer failed verification: {message}")


def is_zero(expr: sp.Expr) -> bool:
    return bool(sp.simplify(expr) == 0)


Solver = Callable[[Problem], Solution]

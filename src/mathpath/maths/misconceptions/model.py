"""What a misconception is, and how answers are compared when diagnosing one."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sympy as sp
from sympy.core.relational import Relational

from mathpath.maths import values as v
from mathpath.maths.solvers.base import Problem, number

Candidate = Any
"""A wrong answer a buggy rule produces: an expression, a list of solutions, a relation, or a
list of (x, y) points."""

BuggyRule = Callable[[Problem], Iterable[Candidate]]
FromAnswer = Callable[["Value"], Iterable[Candidate]]


@dataclass(frozen=True)
class Misconception:
    """A named, reproducible mistake.

    `id` is stable (kebab-case) so content can tag items with it; `explanation` is written for
    the student. `buggy` applies the mistaken rule to a problem; `from_answer` (for the few
    mistakes that can be seen from the right answer alone) turns the right answer into the
    wrong one.
    """

    id: str
    family: str
    title: str
    explanation: str
    buggy: BuggyRule | None = None
    from_answer: FromAnswer | None = None


@dataclass(frozen=True)
class Value:
    """An answer in a comparable shape: `kind` is expr, set, relation or points."""

    kind: str
    expr: sp.Expr | None = None
    items: frozenset[Any] = frozenset()
    relation: sp.Basic | None = None
    raw: sp.Expr | None = None


def to_value(obj: Any) -> Value | None:
    """Normalise a parsed answer, SymPy object or list of solutions; None if not comparable."""
    if isinstance(obj, str):
        return _text_value(obj)
    match obj:
        case v.ExprValue(expr=expr, raw=raw):
            return Value("expr", expr=expr, raw=raw)
        case v.EquationValue(lhs=lhs, rhs=rhs):
            if isinstance(lhs.expr, sp.Symbol) and not rhs.expr.free_symbols:
                return Value("set", items=frozenset({_canon(rhs.expr)}))
            # Unevaluated: SymPy would otherwise ask assumptions questions to decide whether
            # the equation is trivially true, the dearest step of diagnosing a wrong equation.
            return Value("relation", relation=sp.Eq(lhs.expr, rhs.expr, evaluate=False))
        case v.RelationValue(relation=rel):
            return Value("relation", relation=rel)
        case v.SolutionSetValue(items=items):
            points = [i for i in items if isinstance(i, v.PointValue)]
            if points and len(points) == len(items):
                return Value("points", items=frozenset(_point(p) for p in points))
            exprs = [i.expr for i in items if isinstance(i, v.ExprValue)]
            return Value("set", items=frozenset(_canon(e) for e in exprs))
        case v.PointValue() as point:
            return Value("points", items=frozenset({_point(point)}))
    if isinstance(obj, Relational) and not isinstance(obj, sp.Equality):
        return Value("relation", relation=obj)
    if isinstance(obj, sp.Equality):
        if isinstance(obj.lhs, sp.Symbol) and not obj.rhs.free_symbols:
            return Value("set", items=frozenset({_canon(obj.rhs)}))
        return Value("relation", relation=obj)
    if isinstance(obj, sp.Expr):
        return Value("expr", expr=obj)
    if isinstance(obj, list | tuple | set | frozenset):
        elements = list(obj)
        if elements and all(isinstance(e, tuple) for e in elements):
            return Value("points", items=frozenset(tuple(_canon(c) for c in e) for e in elements))
        if all(isinstance(e, sp.Expr | int) for e in elements):
            return Value("set", items=frozenset(_canon(number(e)) for e in elements))
    return None


@lru_cache(maxsize=1024)
def _text_value(text: str) -> Value | None:
    """The same item's right answer is diagnosed against many wrong ones: parse it once."""
    from mathpath.maths.parsing import ParseError, TooComplex, parse

    try:
        return to_value(parse(text))
    except (ParseError, TooComplex):
        return None


@lru_cache(maxsize=4096)
def _canon(expr: sp.Expr) -> sp.Expr:
    out: sp.Expr = sp.nsimplify(sp.radsimp(sp.simplify(expr)))
    return out


def _point(point: v.PointValue) -> tuple[sp.Expr, ...]:
    return tuple(_canon(c.expr) for c in point.coords)


def _same_expr(a: sp.Expr, b: sp.Expr) -> bool:
    diff = a - b
    if diff == 0:
        return True
    symbols = sorted(diff.free_symbols, key=str)
    for trial in (sp.Rational(7, 3), sp.Rational(-5, 2), sp.Rational(11, 7)):
        # Each letter its own unrelated value: with x = t and y = t + 1, y - x - 1 would
        # vanish at every trial and fall through to simplify.
        point = {s: trial * (i + 1) + sp.Rational(i, 13) for i, s in enumerate(symbols)}
        value = sp.N(diff.subs(point), 20)
        if value.is_number and value.is_finite and abs(value) > 1e-9:
            return False
    return bool(sp.simplify(diff) == 0)


def same(a: Value, b: Value) -> bool:
    """Do two answers say the same thing (ignoring a free constant of integration named C)?"""
    if a.kind == "set" and b.kind == "expr" and b.expr is not None and len(a.items) == 1:
        return _same_expr(next(iter(a.items)), b.expr)
    if a.kind == "expr" and b.kind == "set":
        return same(b, a)
    if a.kind != b.kind:
        return False
    if a.kind == "expr" and a.expr is not None and b.expr is not None:
        return _same_expr(a.expr, b.expr)
    if a.kind in ("set", "points"):
        if len(a.items) != len(b.items):
            return False
        return all(any(_same_items(x, y) for y in b.items) for x in a.items)
    if a.kind == "relation" and a.relation is not None and b.relation is not None:
        return _same_relation(a.relation, b.relation)
    return False


def _same_items(x: Any, y: Any) -> bool:
    if isinstance(x, tuple) and isinstance(y, tuple):
        return len(x) == len(y) and all(_same_expr(p, q) for p, q in zip(x, y, strict=True))
    if isinstance(x, sp.Expr) and isinstance(y, sp.Expr):
        return _same_expr(x, y)
    return False


def _same_relation(r1: sp.Basic, r2: sp.Basic) -> bool:
    if r1 == r2:
        return True
    symbols = sorted(r1.free_symbols | r2.free_symbols, key=str)
    if len(symbols) != 1:
        return False
    x = symbols[0]
    # One point where exactly one of them holds proves them different, at the cost of a
    # substitution; only relations that agree at every sample reach the exact (slow) sets.
    for point in _sample_points(r1, r2):
        first, second = _truth(r1, x, point), _truth(r2, x, point)
        if first is not None and second is not None and first != second:
            return False
    try:
        return bool(r1.as_set() == r2.as_set())
    except (NotImplementedError, ValueError, TypeError):
        return False


_SAMPLES = tuple(
    sp.Rational(p, q) for p, q in ((7, 3), (-5, 2), (11, 7), (0, 1), (-13, 3), (41, 3), (-1, 3))
)
MAX_SAMPLE_POINTS = 40


def _sample_points(r1: sp.Basic, r2: sp.Basic) -> list[sp.Rational]:
    """Fixed points, plus the numbers written in either relation, their negatives and points
    just either side (where two inequalities with the same boundary differ)."""
    points: list[sp.Rational] = list(_SAMPLES)
    written = sorted(
        {n for n in (r1.atoms(sp.Rational) | r2.atoms(sp.Rational)) if abs(n) < 10**6},
        key=abs,
    )
    nudge = sp.Rational(1, 1000)
    for n in written:
        points.extend((n, -n, n + nudge, n - nudge, -n + nudge, -n - nudge))
    return points[:MAX_SAMPLE_POINTS]


def _truth(relation: sp.Basic, x: sp.Symbol, point: sp.Rational) -> bool | None:
    """Does `relation` hold at x = point? None when SymPy cannot say (outside the domain)."""
    try:
        value = relation.subs(x, point)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if value is sp.true:
        return True
    if value is sp.false:
        return False
    return None


def typed_structure(raw: sp.Basic) -> sp.Basic:
    """A parsed expression (its `raw` tree) in the shape the buggy rules read a problem in:
    a product stays a product of its evaluated factors (3(x + 2), x^2 · x^3), a power of a
    power stays one; sums and everything inside a factor are evaluated as usual, so the
    polynomial tools see ordinary expressions rather than the parser's nested binary tree."""
    if isinstance(raw, sp.Equality):
        return sp.Eq(typed_structure(raw.lhs), typed_structure(raw.rhs), evaluate=False)
    if isinstance(raw, sp.Mul):
        factors = [_evaluated(f) for f in _flat_factors(raw)]
        coefficient = sp.Mul(*(f for f in factors if f.is_number))
        others = [f for f in factors if not f.is_number]
        if not others:
            return coefficient
        if coefficient != 1:
            others.insert(0, coefficient)
        return others[0] if len(others) == 1 else sp.Mul(*others, evaluate=False)
    if isinstance(raw, sp.Pow) and isinstance(raw.base, sp.Pow):
        return sp.Pow(_evaluated(raw.base), _evaluated(raw.exp), evaluate=False)
    return _evaluated(raw)


def _flat_factors(product: sp.Basic) -> list[sp.Basic]:
    out: list[sp.Basic] = []
    for factor in product.args:
        out.extend(_flat_factors(factor) if isinstance(factor, sp.Mul) else [factor])
    return out


def _evaluated(expr: sp.Basic) -> sp.Basic:
    if expr.is_Atom or not expr.args:
        return expr
    if isinstance(expr, sp.Pow) and expr.base.is_number and expr.exp.is_number:
        # 27^(2/3) and sqrt(75) stay as written: the index and surd rules work on them.
        return sp.Pow(_evaluated(expr.base), _evaluated(expr.exp), evaluate=False)
    args = [_evaluated(a) for a in expr.args]
    if isinstance(expr, sp.Mul | sp.Add) and any(_surd(a) for a in args):
        return expr.func(*args, evaluate=False)  # sqrt(75) - sqrt(12), not 5√3 - 2√3
    return expr.func(*args)


def _surd(expr: sp.Basic) -> bool:
    """A number to a fractional power as typed (sqrt(12), 27^(2/3)), alone or times a number."""
    if isinstance(expr, sp.Mul):
        return any(_surd(a) for a in expr.args)
    return isinstance(expr, sp.Pow) and expr.base.is_Number and not expr.exp.is_Integer

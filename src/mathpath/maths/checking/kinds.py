"""Equivalence between parsed values of every kind (expression, equation, set, point ...)."""

from __future__ import annotations

import re

import sympy as sp

from mathpath.maths.checking import numeric
from mathpath.maths.checking.equivalence import expr_equivalent
from mathpath.maths.checking.regions import region
from mathpath.maths.values import (
    EquationValue,
    ExprValue,
    MathValue,
    MultiPartValue,
    PointValue,
    QuantityValue,
    RelationValue,
    SetValue,
    SolutionSetValue,
    TextValue,
    VectorValue,
)

# Left sides that only name the answer: y = ..., f(x) = ..., f'(x) = ..., dy/dx = ..., k = ...
_LABEL = re.compile(
    r"^\s*(?:[A-Za-z](?:_\{?\w+\}?)?'*(?:\s*\(\s*[A-Za-z]\s*\))?"
    r"|d\s*[A-Za-z]\s*/\s*d\s*[A-Za-z]|d\^?\(?2\)?\s*[A-Za-z]\s*/\s*d\s*[A-Za-z]\^?\(?2\)?"
    r"|\(\s*[A-Za-z](?:\s*,\s*[A-Za-z])*\s*\))\s*$"
)


def is_label(eq: EquationValue) -> bool:
    """Whether the left side only names the answer (``y =``, ``f'(x) =``, ``AB =``)."""
    if eq.lhs_text and _LABEL.match(eq.lhs_text):
        return True
    return bool(eq.rhs.expr.is_number) and _is_monomial_name(eq.lhs.raw)


def _is_monomial_name(raw: sp.Basic) -> bool:
    """Letters multiplied or divided, maybe inside |...|: AB, NO/BO, |AB|, f(x) read as f*x."""
    if isinstance(raw, sp.Symbol):
        return True
    if isinstance(raw, sp.Abs):
        return _is_monomial_name(raw.args[0])
    if isinstance(raw, sp.Pow):
        return raw.exp in (-1, 1) and _is_monomial_name(raw.base)
    if isinstance(raw, sp.Mul):
        return all(_is_monomial_name(a) for a in raw.args)
    return False


def unwrap(value: MathValue) -> MathValue:
    """Drop wrappers that do not change meaning: a one-item list, a labelled value."""
    if isinstance(value, SolutionSetValue) and len(value.items) == 1:
        return unwrap(value.items[0])
    if isinstance(value, EquationValue) and (is_label(value) or is_working(value)):
        return value.rhs
    return value


def is_working(eq: EquationValue) -> bool:
    """``5 + 6*10 = 65``: arithmetic on both sides, so the right side is the answer given."""
    return not (eq.lhs.expr.free_symbols or eq.rhs.expr.free_symbols)


def equivalent(a: MathValue, b: MathValue, *, domain: bool = False) -> bool:
    """Whether two parsed values are the same mathematical object."""
    if type(a) is type(b) or not isinstance(a, ExprValue | EquationValue):
        same = _same_kind(a, b, domain)
        if same is not None:
            return same
    ua, ub = unwrap(a), unwrap(b)
    if (ua, ub) != (a, b):
        return equivalent(ua, ub, domain=domain)
    return False


def _same_kind(a: MathValue, b: MathValue, domain: bool) -> bool | None:
    match a, b:
        case ExprValue(), ExprValue():
            if domain:
                return expr_equivalent(a.raw, b.raw, domain=True)
            return expr_equivalent(a.expr, b.expr)
        case EquationValue(), EquationValue():
            if is_working(a) or is_working(b):
                return None  # compare the values they arrive at
            if is_label(a) and is_label(b) and a.rhs.expr.is_number and b.rhs.expr.is_number:
                return expr_equivalent(a.rhs.expr, b.rhs.expr)  # "W(x) = 1" and "W(n) = 1"
            return equations_equivalent(a, b)
        case (MultiPartValue(), SolutionSetValue()) | (SolutionSetValue(), MultiPartValue()):
            # "-12; -11; -10" written with semicolons is still a list of values.
            return _sets_of_items(_items(a), _items(b), domain)
        case (PointValue(), SolutionSetValue()) | (SolutionSetValue(), PointValue()) if (
            _bare_values_for_named(a, b) is not None
        ):
            # "x = -5, p = 14/3" answered "-5, 14/3": the values in the letters' order.
            return _bare_values_for_named(a, b)
        case (SolutionSetValue(), _) | (_, SolutionSetValue()):
            return _sets_of_items(_items(a), _items(b), domain, _letters(a) | _letters(b))
        case PointValue(), PointValue():
            if a.names is not None and b.names is not None and a.names != b.names:
                return False  # x = 2, y = 1 is not p = 2, q = 1
            return a.ratio == b.ratio and _all_equal(a.coords, b.coords, domain)
        case VectorValue(), VectorValue():
            return len(a.rows) == len(b.rows) and all(
                _all_equal(ra, rb, domain) for ra, rb in zip(a.rows, b.rows, strict=True)
            )
        case (VectorValue(), PointValue()) | (PointValue(), VectorValue()):
            # A column vector typed as (1, 2) on a keyboard without a matrix button.
            return _all_equal(_entries(a), _entries(b), domain)
        case QuantityValue(), QuantityValue():
            return a.dimension == b.dimension and expr_equivalent(
                a.value.expr * a.scale, b.value.expr * b.scale
            )
        case MultiPartValue(), MultiPartValue():
            return len(a.parts) == len(b.parts) and all(
                equivalent(pa, pb, domain=domain) for pa, pb in zip(a.parts, b.parts, strict=True)
            )
        case TextValue(), TextValue():
            return a.text.strip().lower() == b.text.strip().lower()
        case (
            (RelationValue() | SetValue() | PointValue()),
            (RelationValue() | SetValue() | PointValue()),
        ):
            return _regions_equal(a, b)
    return None


def _entries(value: MathValue) -> tuple[ExprValue, ...]:
    if isinstance(value, PointValue):
        return () if value.ratio else value.coords
    if isinstance(value, VectorValue) and (
        len(value.rows) == 1 or {len(r) for r in value.rows} == {1}
    ):
        return tuple(e for row in value.rows for e in row)
    return ()


def _bare_values_for_named(a: MathValue, b: MathValue) -> bool | None:
    point, values = (a, b) if isinstance(a, PointValue) else (b, a)
    if not (isinstance(point, PointValue) and isinstance(values, SolutionSetValue)):
        return None
    items = values.items
    if point.names is None or values.var is not None or len(items) != len(point.coords):
        return None
    if not all(isinstance(i, ExprValue) for i in items):
        return None
    return _all_equal(point.coords, tuple(i for i in items if isinstance(i, ExprValue)), False)


def _letters(value: MathValue) -> set[sp.Symbol]:
    return {value.var} if isinstance(value, SolutionSetValue) and value.var is not None else set()


def _items(value: MathValue) -> list[MathValue]:
    if isinstance(value, SolutionSetValue):
        return list(value.items)
    if isinstance(value, MultiPartValue):
        return [unwrap(p) for p in value.parts]
    if isinstance(value, SetValue) and isinstance(value.set, sp.FiniteSet):
        return [ExprValue(e, e) for e in value.set.args]
    return [unwrap(value)]


def _sets_of_items(
    xs: list[MathValue], ys: list[MathValue], domain: bool, letters: set[sp.Symbol] | None = None
) -> bool:
    """Same items in any order; `letters`, the letters the two lists name (x in x = 1 or
    x = 2), must then agree with the letter of any equation solved on the way."""
    (xs, solved_x), (ys, solved_y) = _solved(xs), _solved(ys)
    named = (letters or set()) | solved_x | solved_y
    if (solved_x or solved_y) and len(named) > 1:
        return False  # y - 2 = sqrt(5) ... does not answer for x
    xs, ys = _dedupe(xs), _dedupe(ys)
    if len(xs) != len(ys):
        return False
    unmatched = list(ys)
    for x in xs:
        for k, y in enumerate(unmatched):
            if equivalent(x, y, domain=domain):
                del unmatched[k]
                break
        else:
            return False
    return True


def _solved(items: list[MathValue]) -> tuple[list[MathValue], set[sp.Symbol]]:
    """In a list of solutions, an equation linear in its one letter stands for its root:
    ``x - 2 = sqrt(5) or x - 2 = -sqrt(5)`` is the set {2 + sqrt(5), 2 - sqrt(5)}. Only linear
    ones (one step from solved, and solved exactly at no cost): a quadratic equation in the
    list is an unsolved problem, not a solution."""
    if len(items) < 2 or not any(isinstance(i, EquationValue) for i in items):
        return items, set()
    out: list[MathValue] = []
    letters: set[sp.Symbol] = set()
    for item in items:
        solved = _linear_root(item) if isinstance(item, EquationValue) else None
        if solved is None:
            out.append(item)
            continue
        letter, root = solved
        letters.add(letter)
        out.append(ExprValue(root, root))
    return out, letters


def _linear_root(eq: EquationValue) -> tuple[sp.Symbol, sp.Expr] | None:
    if is_working(eq):
        return None
    difference = sp.expand(eq.lhs.expr - eq.rhs.expr)
    symbols = difference.free_symbols
    if len(symbols) != 1:
        return None
    (x,) = symbols
    slope = difference.coeff(x, 1)
    rest = sp.expand(difference - slope * x)
    if slope == 0 or slope.free_symbols or rest.has(x) or not isinstance(x, sp.Symbol):
        return None
    return x, sp.radsimp(-rest / slope)


def _dedupe(items: list[MathValue]) -> list[MathValue]:
    kept: list[MathValue] = []
    for item in items:
        if not any(equivalent(item, k) for k in kept):
            kept.append(item)
    return kept


def _all_equal(xs: tuple[ExprValue, ...], ys: tuple[ExprValue, ...], domain: bool) -> bool:
    return len(xs) == len(ys) and all(
        equivalent(x, y, domain=domain) for x, y in zip(xs, ys, strict=True)
    )


def equations_equivalent(a: EquationValue, b: EquationValue) -> bool:
    """Same solution set as relations: lhs - rhs differ by a non-zero constant factor."""
    da = a.lhs.expr - a.rhs.expr
    db = b.lhs.expr - b.rhs.expr
    if expr_equivalent(da, db):
        return True
    if da == 0 or db == 0:
        return False
    ratios = _ratios(da, db)
    if ratios is None or abs(ratios[0]) <= numeric.REL_TOL:
        return False
    return all(numeric.close(r, ratios[0]) for r in ratios)


def _ratios(da: sp.Expr, db: sp.Expr) -> list[sp.Expr] | None:
    """da/db at the sample points, or None if too few points could be evaluated."""
    points = numeric.sample_points(da.free_symbols | db.free_symbols)
    ratios: list[sp.Expr] = []
    for subs in points:
        va, vb = numeric.value_at(da, subs), numeric.value_at(db, subs)
        if va is None or vb is None:
            continue
        r = numeric.ratio(va, vb)
        if r is not None:
            ratios.append(r)
    return ratios if len(ratios) >= min(3, len(points)) and ratios else None


def as_region(value: MathValue) -> tuple[sp.Set, sp.Symbol | None] | None:
    """An inequality, interval or 2-point-as-open-interval as a set of real numbers."""
    if isinstance(value, SetValue):
        return value.set, value.var
    if isinstance(value, PointValue) and len(value.coords) == 2 and not value.ratio:
        lo, hi = value.coords
        return sp.Interval.open(lo.expr, hi.expr), None
    if isinstance(value, RelationValue):
        symbols = value.relation.free_symbols
        if len(symbols) != 1:
            return None
        (x,) = symbols
        if not isinstance(x, sp.Symbol):
            return None
        try:
            found = region(value.relation, x)
        except (NotImplementedError, TypeError, ValueError):
            return None
        return found, x
    return None


def _regions_equal(a: MathValue, b: MathValue) -> bool:
    if isinstance(a, RelationValue) and isinstance(b, RelationValue):
        if _relations_proportional(a.relation, b.relation):
            return True
    if isinstance(a, PointValue) and isinstance(b, PointValue):
        return False
    ra, rb = as_region(a), as_region(b)
    if ra is None or rb is None:
        return False
    (sa, va), (sb, vb) = ra, rb
    if va is not None and vb is not None and va != vb:
        return False
    return bool(sa == sb) or (
        sp.Complement(sa, sb) == sp.EmptySet and sp.Complement(sb, sa) == sp.EmptySet
    )


_FLIP = {sp.StrictLessThan: sp.StrictGreaterThan, sp.LessThan: sp.GreaterThan}


def _relations_proportional(a: sp.Basic, b: sp.Basic) -> bool:
    """``-x > -1`` is ``x < 1``: normalise to ``d > 0`` and compare by a positive factor."""
    na, nb = _normal(a), _normal(b)
    if na is None or nb is None or na[0] is not nb[0]:
        return False
    da, db = na[1], nb[1]
    ratios = _ratios(da, db)
    if ratios is None:
        return False
    first = ratios[0]
    positive = bool(sp.re(first) > 0) or na[0] in (sp.Ne, sp.Eq)
    return positive and all(numeric.close(r, first) for r in ratios)


def _normal(rel: sp.Basic) -> tuple[type, sp.Expr] | None:
    if not isinstance(rel, sp.core.relational.Relational):
        return None
    kind = type(rel)
    lhs, rhs = rel.lhs, rel.rhs
    if kind in _FLIP:
        return _FLIP[kind], rhs - lhs
    return kind, lhs - rhs

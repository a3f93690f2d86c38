"""Turning parsed parts into the typed `MathValue` family."""

from __future__ import annotations

import sympy as sp

from mathpath.maths.parsing import build
from mathpath.maths.parsing.errors import ParseError
from mathpath.maths.parsing.nodes import (
    Group,
    Membership,
    Node,
    Part,
    Relation,
    SetNode,
    group_as_set,
)
from mathpath.maths.values import (
    EquationValue,
    ExprValue,
    MathValue,
    MultiPartValue,
    PointValue,
    RelationValue,
    SetValue,
    SolutionSetValue,
    VectorValue,
)

_REL = {"<": sp.Lt, ">": sp.Gt, "<=": sp.Le, ">=": sp.Ge, "!=": sp.Ne, "=": sp.Eq}


def to_value(parts: list[Part]) -> MathValue:
    values = [_part(p) for p in parts]
    return values[0] if len(values) == 1 else MultiPartValue(tuple(values))


def expr_value(raw: sp.Expr) -> ExprValue:
    return ExprValue(build.evaluate(raw), raw)


def _matrix_value(matrix: sp.MatrixBase) -> VectorValue:
    return VectorValue(
        tuple(tuple(ExprValue(e, e) for e in matrix.row(i)) for i in range(matrix.rows))
    )


def _expand_pm(raw: sp.Expr) -> list[ExprValue]:
    if build.PM not in raw.free_symbols:
        return [expr_value(raw)]
    return [expr_value(raw.xreplace({build.PM: sign})) for sign in (sp.Integer(1), sp.Integer(-1))]


def _part(part: Part) -> MathValue:
    if len(part.items) == 1:
        return _single(part.items[0])
    relations = [i for i in part.items if isinstance(i, Relation) and "=" not in i.ops]
    if len(relations) == len(part.items):
        bools = [_relation_bool(r) for r in relations]
        joined = sp.Or(*bools) if "or" in part.seps else sp.And(*bools)
        return RelationValue(joined)
    point = _coordinates(part.items)
    if point is not None:
        return point
    named = _named_solutions(part)
    if named is not None:
        return named
    items: list[MathValue] = []
    var: sp.Symbol | None = None
    for node in part.items:
        if (
            isinstance(node, Relation)
            and node.ops == ["="]
            and isinstance(node.operands[0], sp.Symbol)
        ):
            var = node.operands[0]
            node = node.operands[1]
        value = _single(node)
        if isinstance(value, SolutionSetValue):
            var = var or value.var
            items.extend(value.items)
        else:
            items.append(value)
    return SolutionSetValue(tuple(items), var)


_AXES = (sp.Symbol("x"), sp.Symbol("y"), sp.Symbol("z"))


def _coordinates(nodes: list[Node]) -> PointValue | None:
    """``x = 3, y = -2`` names the coordinates of a point: read it as (3, -2)."""
    named: dict[sp.Symbol, sp.Expr] = {}
    for node in nodes:
        if not (isinstance(node, Relation) and node.ops == ["="]):
            return None
        lhs, rhs = node.operands
        if lhs not in _AXES or lhs in named or not isinstance(rhs, sp.Expr) or rhs.free_symbols:
            return None
        named[lhs] = rhs
    axes = _AXES[: len(named)]
    if len(named) < 2 or set(named) != set(axes):
        return None
    return PointValue(tuple(expr_value(named[a]) for a in axes), names=axes)


MAX_NAMED_GROUPS = 12


def _named_solutions(part: Part) -> MathValue | None:
    """``x = 2, y = 1 or x = -1, y = 4`` (or ``p = 5, q = 2``): solutions of simultaneous
    equations, each value bound to its letter. A new group starts after "or" or when a letter
    comes back; every group must name the same letters once. Each group is a point whose
    coordinates are in canonical letter order (x, y, z, then alphabetical), so the order the
    student wrote the letters in does not matter, and neither does the order of the groups."""
    groups: list[dict[sp.Symbol, sp.Expr]] = [{}]
    for index, node in enumerate(part.items):
        if not (isinstance(node, Relation) and node.ops == ["="]):
            return None
        lhs, rhs = node.operands
        if not isinstance(lhs, sp.Symbol) or not isinstance(rhs, sp.Expr) or rhs.free_symbols:
            return None
        if build.PM in rhs.free_symbols:
            return None
        after_or = index > 0 and part.seps[index - 1] == "or"
        if after_or or lhs in groups[-1]:
            groups.append({})
        groups[-1][lhs] = rhs
    names = set(groups[0])
    if len(names) < 2 or len(groups) > MAX_NAMED_GROUPS:
        return None
    if len({str(n).split("_")[0] for n in names}) < len(names):
        return None  # x_1 = 2, x_2 = 3: two roots of one letter, not a pair
    if any(set(group) != names for group in groups):
        return None
    order = tuple(sorted(names, key=letter_order))
    points = tuple(
        PointValue(tuple(expr_value(group[n]) for n in order), names=order) for group in groups
    )
    return points[0] if len(points) == 1 else SolutionSetValue(points)


def letter_order(name: sp.Symbol) -> tuple[int, str]:
    return (_AXES.index(name) if name in _AXES else len(_AXES), str(name))


def _single(node: Node) -> MathValue:
    if isinstance(node, sp.MatrixBase):
        return _matrix_value(node)
    if isinstance(node, sp.Expr):
        values = _expand_pm(node)
        return values[0] if len(values) == 1 else SolutionSetValue(tuple(values))
    if isinstance(node, Group):
        return _group(node)
    if isinstance(node, SetNode):
        return SetValue(node.value)
    if isinstance(node, Membership):
        target = _single(node.target)
        if isinstance(target, SetValue):
            return SetValue(target.set, node.var)
        if isinstance(target, PointValue) and len(target.coords) == 2:
            lo, hi = target.coords
            return SetValue(sp.Interval.open(lo.expr, hi.expr), node.var)
        if isinstance(target, SolutionSetValue):
            return SolutionSetValue(target.items, node.var)
        raise ParseError("After ∈ we expected a set or an interval.")
    return _relation(node)


def _group(group: Group) -> MathValue:
    if group.open == "[" and len(group.items) == 1 and isinstance(group.items[0], Group):
        inner = group.items[0]
        if inner.open == "[" and all(isinstance(i, Group) for i in inner.items):
            return _group(inner)  # \left[ \begin{array} ... \end{array} \right]
    if group.open == "[" and all(isinstance(i, Group) and i.open == "[" for i in group.items):
        rows = []
        for row in group.items:
            assert isinstance(row, Group)
            rows.append(tuple(_entry(e) for e in row.items))
        return VectorValue(tuple(rows))
    if group.open == "{":
        items: list[MathValue] = []
        for node in group.items:
            value = _single(node)
            items.extend(value.items if isinstance(value, SolutionSetValue) else [value])
        return SolutionSetValue(tuple(items))
    if group.open == ":":
        return PointValue(tuple(_entry(e) for e in group.items), ratio=True)
    if group.open == "(" and group.close == ")":
        return PointValue(tuple(_entry(e) for e in group.items))
    interval = group_as_set(group)
    if interval is None:
        raise ParseError("We couldn't read that interval: it needs two numbers.", group.pos + 1)
    return SetValue(interval)


def _entry(node: Node) -> ExprValue:
    if isinstance(node, sp.Expr):
        return expr_value(node)
    raise ParseError("Each entry of a point or vector must be a single number or expression.")


def _relation(rel: Relation) -> MathValue:
    if all(op == "=" for op in rel.ops):
        lhs, rhs = rel.operands[0], rel.operands[-1]
        if not isinstance(rhs, sp.Expr):
            return _single(rhs)  # "D = (0, 1)", "(p, q) = (3, 2)": the value is what counts
        if not isinstance(lhs, sp.Expr):
            return _single(rhs)  # "A:B = 1": a named ratio, the value is what counts
        rights = _expand_pm(rhs)
        if len(rights) > 1 and isinstance(lhs, sp.Symbol):
            return SolutionSetValue(tuple(rights), lhs)
        if len(rights) > 1:
            # x - 2 = ±√5 says x - 2 = √5 or x - 2 = -√5 (never just the first of them)
            left = expr_value(lhs)
            return SolutionSetValue(tuple(EquationValue(left, r) for r in rights))
        return EquationValue(expr_value(lhs), rights[0])
    band = _band(rel)
    if band is not None:
        return band
    return RelationValue(_relation_bool(rel))


def _band(rel: Relation) -> SetValue | None:
    """``0 < f(x) < 1``: numbers at both ends bound the middle expression to an interval."""
    if len(rel.ops) != 2 or rel.ops[0] != rel.ops[1] or rel.ops[0] not in ("<", "<=", ">", ">="):
        return None
    lo, mid, hi = rel.operands
    if not all(isinstance(n, sp.Expr) for n in (lo, mid, hi)):
        return None
    assert isinstance(lo, sp.Expr) and isinstance(mid, sp.Expr) and isinstance(hi, sp.Expr)
    if lo.free_symbols or hi.free_symbols or len(mid.free_symbols) < 2:
        return None  # a single letter in the middle stays an inequality
    low, high = build.evaluate(lo), build.evaluate(hi)
    strict = rel.ops[0] in ("<", ">")
    if rel.ops[0] in (">", ">="):
        low, high = high, low
    return SetValue(sp.Interval(low, high, left_open=strict, right_open=strict))


def _relation_bool(rel: Relation) -> sp.Basic:
    pieces: list[sp.Basic] = []
    for op, a, b in zip(rel.ops, rel.operands, rel.operands[1:], strict=False):
        if not (isinstance(a, sp.Expr) and isinstance(b, sp.Expr)):
            raise ParseError("Both sides of an inequality must be expressions.", rel.pos + 1)
        left, right = build.evaluate(a), build.evaluate(b)
        # Between plain numbers a relation is a statement (0.04 < 0.5): keep it unevaluated
        # so two statements can be compared instead of both collapsing to True.
        numeric = not (left.free_symbols or right.free_symbols)
        pieces.append(_REL[op](left, right, evaluate=not numeric))
    return pieces[0] if len(pieces) == 1 else sp.And(*pieces)

"""A line of working as the step checker sees it: an equation, an inequality or an expression."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import sympy as sp
from sympy.core.relational import Relational

RelOp = Literal["=", "<", "<=", ">", ">="]
LineKind = Literal["equation", "inequality", "expression", "alternatives", "conjunction"]

_REVERSED: dict[RelOp, RelOp] = {"=": "=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_REL_OPS: dict[str, RelOp] = {"==": "=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


class NotALine(ValueError):
    """The value is not something a line of working can be (a set, a tuple, a boolean mix...)."""


def exact(expr: sp.Expr) -> sp.Expr:
    """Swap decimals for the fractions they denote, so `0.5x = 1` and `x/2 = 1` compare exactly."""
    floats = expr.atoms(sp.Float)
    if not floats:
        return expr
    out: sp.Expr = expr.xreplace({f: sp.Rational(str(f)) for f in floats})
    return out


def tree_size(expr: sp.Basic) -> int:
    return sum(1 for _ in sp.preorder_traversal(expr))


@dataclass(frozen=True)
class Line:
    """One line of working. For an expression `rhs` is zero and `op` is None.

    `raw_lhs`/`raw_rhs` keep the sides as typed (unevaluated) when the parser gives them; they
    are what diagnosis and progress look at, while `lhs`/`rhs` (evaluated) decide validity.
    An "alternatives" line (`x = 3 or x = -1`) holds its parts and is true where any part is;
    a "conjunction" (`1 < 2x < 6`) is true where every part is.
    """

    kind: LineKind
    lhs: sp.Expr
    rhs: sp.Expr
    op: RelOp | None
    raw_lhs: sp.Expr | None = None
    raw_rhs: sp.Expr | None = None
    parts: tuple[Line, ...] = ()

    @classmethod
    def alternatives(cls, parts: tuple[Line, ...]) -> Line:
        return cls("alternatives", sp.Integer(0), sp.Integer(0), "=", parts=parts)

    @classmethod
    def conjunction(cls, parts: tuple[Line, ...]) -> Line:
        return cls("conjunction", sp.Integer(0), sp.Integer(0), "<", parts=parts)

    @property
    def typed_lhs(self) -> sp.Expr:
        return self.raw_lhs if self.raw_lhs is not None else self.lhs

    @property
    def typed_rhs(self) -> sp.Expr:
        return self.raw_rhs if self.raw_rhs is not None else self.rhs

    @classmethod
    def from_sympy(cls, obj: sp.Basic) -> Line:
        if obj is sp.true:
            # An evaluated `3 = 3`: every value of the unknown satisfies it.
            return cls("equation", sp.Integer(0), sp.Integer(0), "=")
        if obj is sp.false:
            return cls("equation", sp.Integer(0), sp.Integer(1), "=")
        if isinstance(obj, Relational):
            op = _REL_OPS.get(obj.rel_op)
            if op is None:
                raise NotALine(f"unsupported relation {obj.rel_op}")
            lhs, rhs = obj.lhs, obj.rhs
            if not (isinstance(lhs, sp.Expr) and isinstance(rhs, sp.Expr)):
                raise NotALine("relation sides must be expressions")
            kind: LineKind = "equation" if op == "=" else "inequality"
            return cls(kind, exact(lhs), exact(rhs), op)
        if isinstance(obj, sp.Expr):
            return cls("expression", exact(obj), sp.Integer(0), None)
        raise NotALine(f"not an equation, inequality or expression: {type(obj).__name__}")

    @property
    def difference(self) -> sp.Expr:
        """`lhs - rhs`: the line holds exactly where this is zero (or has the op's sign)."""
        diff: sp.Expr = self.lhs - self.rhs
        return diff

    @property
    def symbols(self) -> frozenset[sp.Symbol]:
        if self.parts:
            return frozenset().union(*(p.symbols for p in self.parts))
        found = self.lhs.free_symbols | self.rhs.free_symbols
        return frozenset(s for s in found if isinstance(s, sp.Symbol))

    def with_sides(self, lhs: sp.Expr, rhs: sp.Expr) -> Line:
        return Line(self.kind, exact(lhs), exact(rhs), self.op)

    def with_op(self, op: RelOp) -> Line:
        return Line(self.kind, self.lhs, self.rhs, op, self.raw_lhs, self.raw_rhs)

    def reversed_op(self) -> Line:
        """The same sides with the inequality sign turned round (what a missed flip looks like)."""
        if self.op is None:
            return self
        return self.with_op(_REVERSED[self.op])

    def size(self) -> int:
        """Number of nodes in the typed trees: a cheap, monotone measure of how big it is."""
        if self.parts:
            return sum(p.size() for p in self.parts)
        return tree_size(self.typed_lhs) + tree_size(self.typed_rhs)

    def to_sympy(self) -> sp.Basic:
        if self.op is None:
            return self.lhs
        if self.op == "=":
            return sp.Eq(self.lhs, self.rhs, evaluate=False)
        rel = {"<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge}[self.op]
        return rel(self.lhs, self.rhs, evaluate=False)

"""The parser's intermediate nodes: bracketed groups, sets, relations, parts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

import sympy as sp

from mathpath.maths.parsing import build


@dataclass
class Group:
    """A bracketed list: a point ``(2, -3)``, an interval ``[0, 1)`` or a set ``{1, 2}``."""

    items: list[Node]
    open: str
    close: str
    pos: int


@dataclass
class SetNode:
    """A set built with ∪, or an interval once recognised."""

    value: sp.Set


@dataclass
class Relation:
    """``a op b op c ...``: operands and the operators between them."""

    operands: list[Node]
    ops: list[str]
    pos: int


@dataclass
class Membership:
    """``x ∈ S``."""

    var: sp.Expr
    target: Node


@dataclass
class Part:
    """One ``;``-separated part: items and the separators (",", "or", "and") between them."""

    items: list[Node]
    seps: list[str] = field(default_factory=list)


Node: TypeAlias = sp.Expr | Group | SetNode | Relation | Membership


def number(text: str) -> sp.Expr:
    if "." in text or "e" in text.lower():
        return sp.Rational(text)
    return sp.Integer(int(text))


def as_matrix(node: Node) -> sp.ImmutableMatrix | None:
    """``[[1, 2], [3, 4]]`` (what a LaTeX pmatrix becomes) as a SymPy matrix."""
    if not (isinstance(node, Group) and node.open == "[" and node.items):
        return None
    rows = node.items
    if not all(isinstance(r, Group) and r.open == "[" for r in rows):
        return None
    entries = [[e for e in r.items] for r in rows if isinstance(r, Group)]
    if len({len(r) for r in entries}) != 1:
        return None
    if not all(isinstance(e, sp.Expr) for r in entries for e in r):
        return None
    return sp.ImmutableMatrix([[build.evaluate(e) for e in r] for r in entries])


def group_as_set(group: Group) -> sp.Set | None:
    """Read a bracketed group as a set: ``[a, b)`` an interval, ``{a, b}`` a finite set."""
    exprs = [g for g in group.items if isinstance(g, sp.Expr)]
    if len(exprs) != len(group.items):
        return None
    if group.open == "{":
        return sp.FiniteSet(*[build.evaluate(e) for e in exprs])
    if len(exprs) != 2:
        return None
    lo, hi = (build.evaluate(e) for e in exprs)
    if lo.is_extended_real is False or hi.is_extended_real is False:
        return None
    return sp.Interval(lo, hi, left_open=group.open == "(", right_open=group.close == ")")

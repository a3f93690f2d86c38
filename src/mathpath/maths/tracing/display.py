"""Maths for students to read: a line of plain text (`(x - 2)(x - 5) = 0`, `x = (6 ± sqrt(28))/4`)
as LaTeX from SymPy's printer, in the form it was written (not simplified, terms in the order
typed), so a worked step shows the step and not its result."""

from __future__ import annotations

import re

import sympy as sp

from mathpath.maths.parsing import ParseError, TooComplex, parse
from mathpath.maths.values import (
    EquationValue,
    ExprValue,
    MathValue,
    PointValue,
    RelationValue,
    SolutionSetValue,
)

_SENTINELS = ("q", "w", "k", "z")
_RELATIONS = {"<": "<", ">": ">", "<=": r"\le", ">=": r"\ge"}


def _flat(expr: sp.Basic) -> sp.Basic:
    """The parser's binary tree with sums and products flattened, order kept."""
    if expr.is_Atom or not expr.args:
        return expr
    args = [_flat(a) for a in expr.args]
    if isinstance(expr, sp.Add | sp.Mul):
        merged: list[sp.Basic] = []
        for a in args:
            merged.extend(a.args if type(a) is type(expr) else [a])
        return type(expr)(*merged, evaluate=False)
    try:
        return expr.func(*args, evaluate=False)
    except TypeError:
        return expr.func(*args)


def _tex(expr: sp.Basic) -> str:
    out: str = sp.latex(_flat(expr), order="none", ln_notation=True)
    return out


def _value(value: MathValue) -> str | None:
    match value:
        case ExprValue(raw=raw):
            return _tex(raw)
        case EquationValue(lhs=lhs, rhs=rhs):
            return f"{_tex(lhs.raw)} = {_tex(rhs.raw)}"
        case RelationValue(relation=relation) if hasattr(relation, "rel_op"):
            op = _RELATIONS.get(relation.rel_op)
            return None if op is None else f"{_tex(relation.lhs)} {op} {_tex(relation.rhs)}"
        case SolutionSetValue(items=items, var=var):
            name = f"{sp.latex(var)} = " if var is not None else ""
            shown = [_value(i) for i in items]
            parts = [p for p in shown if p is not None]
            if len(parts) != len(shown):
                return None
            if any(isinstance(i, EquationValue) for i in items):
                # A chain of working ("2x = 12, x = 6"): each as written, in order.
                return ", ".join(
                    p if isinstance(i, EquationValue) else f"{name}{p}"
                    for i, p in zip(items, parts, strict=True)
                )
            return r" \text{ or } ".join(f"{name}{p}" for p in parts)
        case PointValue(coords=coords, names=names) if names:
            return ", ".join(
                f"{sp.latex(n)} = {_tex(c.raw)}" for n, c in zip(names, coords, strict=True)
            )
        case PointValue(coords=coords):
            return r"\left(" + ", ".join(_tex(c.raw) for c in coords) + r"\right)"
    return None


def display_latex(text: str) -> str | None:
    """LaTeX (without `$`) for one line of parser-readable maths, or None if it is not read."""
    if "±" in text or "+-" in text:
        return _plus_minus(text)
    try:
        value = parse(text)
    except (ParseError, TooComplex, ValueError, TypeError):
        return None
    return _value(value)


def _plus_minus(text: str) -> str | None:
    """`a ± b` is read as two solutions; print it as written with a stand-in letter."""
    letter = next((s for s in _SENTINELS if s not in text), None)
    if letter is None:
        return None
    marked = text.replace("±", f"+ {letter}*").replace("+-", f"+ {letter}*")
    try:
        value = parse(marked)
    except (ParseError, TooComplex, ValueError, TypeError):
        return None
    tex = _value(value)
    if tex is None:
        return None
    tex, count = re.subn(rf"\+ {letter}\b\s*", r"\\pm ", tex)
    if count == 0 or re.search(rf"\b{letter}\b", tex):
        return None
    return tex

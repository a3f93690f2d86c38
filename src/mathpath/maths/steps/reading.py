"""Turn typed lines of working into `Line`s using the shared safe parser."""

from __future__ import annotations

import re

import sympy as sp
from sympy.core.relational import Relational

from mathpath.maths import values as v
from mathpath.maths.steps.lines import Line, NotALine, exact

# In a line of working `+-4` means "plus negative four" (tutor logs write `-4+-4`), whereas the
# answer parser reads `+-` as the plus-or-minus sign. A space keeps the two tokens apart.
_PLUS_MINUS = re.compile(r"\+\s*-")


def normalise_step_text(text: str) -> str:
    return _PLUS_MINUS.sub("+ -", text)


def line_from_value(value: v.MathValue) -> Line:
    """Adapt a parsed answer to a line of working."""
    match value:
        case v.ExprValue(expr=expr, raw=raw):
            return Line("expression", exact(expr), sp.Integer(0), None, raw_lhs=raw)
        case v.EquationValue(lhs=lhs, rhs=rhs):
            return Line(
                "equation",
                exact(lhs.expr),
                exact(rhs.expr),
                "=",
                raw_lhs=lhs.raw,
                raw_rhs=rhs.raw,
            )
        case v.RelationValue(relation=rel):
            if isinstance(rel, Relational):
                return Line.from_sympy(rel)
            if isinstance(rel, sp.Or):
                return Line.alternatives(tuple(Line.from_sympy(a) for a in rel.args))
            if isinstance(rel, sp.And):
                return Line.conjunction(tuple(Line.from_sympy(a) for a in rel.args))
            raise NotALine("this kind of statement is not checked as a step")
        case v.SolutionSetValue(items=items, var=var):
            parts = []
            for item in items:
                if isinstance(item, v.ExprValue) and var is not None:
                    parts.append(Line("equation", var, exact(item.expr), "="))
                else:
                    parts.append(line_from_value(item))
            return Line.alternatives(tuple(parts))
        case _:
            raise NotALine(f"a {v.kind_of(value)} is not a line of working")


def read_line(text: str) -> Line:
    """Parse one line of working (raises the parser's ParseError/TooComplex, or NotALine)."""
    from mathpath.maths.parsing import parse

    return line_from_value(parse(normalise_step_text(text)))

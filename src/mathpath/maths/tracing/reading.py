"""A student's line of working as statements: `let u = 3x so du/dx = 3` is a definition and a
derivative claim; `0.7x = 42` one equation; `dy/dx = 6x + 2` a derivative; `= 3x + 12` the
next form of an expression. Everything is read by the safe parser, never evaluated."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import sympy as sp

from mathpath.maths import limits
from mathpath.maths.parsing import ParseError, TooComplex, parse
from mathpath.maths.steps.lines import Line, NotALine, exact
from mathpath.maths.steps.reading import line_from_value, normalise_step_text
from mathpath.maths.values import (
    EquationValue,
    ExprValue,
    MathValue,
    PointValue,
    SolutionSetValue,
)

StatementKind = Literal["line", "definition", "derivative"]

MAX_STATEMENTS = 4
"""Statements read from one line of working (`let u = ... so du/dx = ...` is two)."""

_SPLIT = re.compile(
    r"\s*(?:;|\bso\b|\bthen\b|\btherefore\b|\bhence\b|\bwhich gives\b|\bgiving\b|=>|⇒|∴"
    r"|\band\b(?=\s*d[a-z]\s*/\s*d[a-z]))\s*",
    re.I,
)
_LEAD = re.compile(
    r"^\s*(?:let\b|put\b|set\b|substitute\b|using\b|if\b|i get\b|i got\b|we get\b|now\b|"
    r"ok\b|okay\b|so\b|then\b|first\b|next\b)[\s,:]*",
    re.I,
)
_DERIVATIVE = re.compile(r"^\s*d\s*([a-zA-Z])\s*/\s*d\s*([a-zA-Z])\s*=\s*(.+)$")
_SECOND = re.compile(r"^\s*d\s*\^?\s*2\s*([a-zA-Z])\s*/\s*d\s*([a-zA-Z])\s*\^?\s*2\s*=\s*(.+)$")
_EQUATION_LIST = re.compile(r",\s+(?=[^,]*=)")
_PRIME = re.compile(r"^\s*([a-zA-Z])\s*'\s*(?:\(\s*([a-zA-Z])\s*\))?\s*=\s*(.+)$")
_LEADING_EQUALS = re.compile(r"^\s*=\s*")


@dataclass(frozen=True)
class Statement:
    """One claim in a line: an equation/inequality/expression (`line`), a definition of a new
    letter (`name := value`), or a derivative (`d name / d wrt = value`)."""

    kind: StatementKind
    text: str
    line: Line | None = None
    value: MathValue | None = None
    name: sp.Symbol | None = None
    wrt: sp.Symbol | None = None
    expr: sp.Expr | None = None
    order: int = 1


class Unreadable(ValueError):
    """The line is not maths the engine can read; `message` is for the student."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _expression(text: str) -> sp.Expr:
    value = parse(normalise_step_text(text))
    if not isinstance(value, ExprValue):
        raise Unreadable("The right-hand side should be an expression.")
    return value.expr


def _statement(text: str) -> Statement:
    second = _SECOND.match(text)
    if second:
        name, wrt, rhs = second.groups()
        return Statement(
            "derivative",
            text,
            name=sp.Symbol(name),
            wrt=sp.Symbol(wrt),
            expr=_expression(rhs),
            order=2,
        )
    derivative = _DERIVATIVE.match(text)
    if derivative:
        name, wrt, rhs = derivative.groups()
        return Statement(
            "derivative", text, name=sp.Symbol(name), wrt=sp.Symbol(wrt), expr=_expression(rhs)
        )
    prime = _PRIME.match(text)
    if prime:
        name, wrt, rhs = prime.groups()
        return Statement(
            "derivative",
            text,
            name=sp.Symbol(name),
            wrt=sp.Symbol(wrt or "x"),
            expr=_expression(rhs),
        )
    text = _LEADING_EQUALS.sub("", text)
    value = parse(normalise_step_text(text))
    try:
        line = _named_point(value) or line_from_value(value)
    except NotALine as exc:
        raise Unreadable(str(exc)) from exc
    return Statement("line", text, line=line, value=value)


def _named_point(value: MathValue) -> Line | None:
    """`x = 3, y = 2` (a point whose letters are named), or several such: a line saying that."""
    points = value.items if isinstance(value, SolutionSetValue) else (value,)
    lines: list[Line] = []
    for point in points:
        if not isinstance(point, PointValue) or point.names is None:
            return None
        parts = tuple(
            Line("equation", name, exact(c.expr), "=")
            for name, c in zip(point.names, point.coords, strict=True)
        )
        lines.append(Line.conjunction(parts) if len(parts) > 1 else parts[0])
    if not lines:
        return None
    return lines[0] if len(lines) == 1 else Line.alternatives(tuple(lines))


_NAMED_VALUE = re.compile(r"^\s*[a-zA-Z]\s*=\s*[-\d./ ]+\s*$")


def _equation_list(piece: str) -> list[str]:
    """`21 = 3k, k = 7`: two statements. `x = 3, y = 2` stays one (a point), and a comma that
    separates values (`x = 2, 3`) is not split."""
    parts = _EQUATION_LIST.split(piece)
    if len(parts) < 2 or not all("=" in p for p in parts):
        return [piece]
    if all(_NAMED_VALUE.match(p) for p in parts):
        return [piece]
    return parts


def read_statements(text: str) -> list[Statement]:
    """The statements of one line of working. Raises Unreadable (or the parser's TooComplex)."""
    if len(text) > limits.MAX_INPUT_CHARS:
        raise TooComplex("That line is too long to check.")
    pieces = [p for p in _SPLIT.split(text.strip().rstrip(".")) if p and p.strip(" ,")]
    pieces = [q for p in pieces for q in _equation_list(p)]
    if not pieces:
        raise Unreadable("There is no maths in that line.")
    if len(pieces) > MAX_STATEMENTS:
        raise TooComplex("Send one or two steps at a time.")
    out: list[Statement] = []
    for piece in pieces:
        piece = _LEAD.sub("", piece.strip(" ,")).strip()
        if not piece:
            continue
        try:
            out.append(_statement(piece))
        except ParseError as exc:
            raise Unreadable(exc.message) from exc
    if not out:
        raise Unreadable("There is no maths in that line.")
    return out


def as_definition(statement: Statement, known: frozenset[sp.Symbol]) -> Statement:
    """`u = 3x` where u is a new letter (not one of the problem's): a definition."""
    value = statement.value
    if statement.kind != "line" or not isinstance(value, EquationValue):
        return statement
    lhs, rhs = value.lhs.expr, value.rhs.expr
    if isinstance(lhs, sp.Symbol) and lhs not in known and lhs not in rhs.free_symbols:
        if rhs.free_symbols and rhs.free_symbols <= known:
            return Statement("definition", statement.text, name=lhs, expr=rhs)
    return statement

"""The solution space of an item: what is true on the way from the question to its answer.

For a problem of equations (solve, simultaneous, a word problem's model) a line of working is
correct when it holds at every solution of the question's equations: any consequence of them
(a multiple of one equation, a sum of two, a substitution, the answer itself) is correct
working, whatever line it was derived from. For an expression task (expand, factorise,
differentiate, integrate, evaluate) a line is correct when it equals the starting expression
or the result. The worked solution gives the path: where a line stands on it, and so what the
next step is.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sympy as sp

from mathpath.maths.parsing import ParseError, TooComplex, parse
from mathpath.maths.solvers import Problem
from mathpath.maths.steps.lines import Line, NotALine
from mathpath.maths.steps.reading import line_from_value
from mathpath.maths.tracing.reading import Unreadable, read_statements
from mathpath.maths.tracing.reference import (
    NoReference,
    inequality_of,
    ordered,
    reference,
    solutions,
)
from mathpath.maths.tracing.spec import ProblemSpec, build, unknowns
from mathpath.maths.values import EquationValue, ExprValue, MathValue

EXPRESSION_TASKS = {
    "expand": "expand",
    "factorise": "factorise",
    "fractions.simplify": "simplify",
    "fractions.add": "simplify",
    "indices.simplify": "simplify",
    "surds.simplify": "simplify",
    "simplify": "simplify",
    "quadratic.complete_square": "complete",
    "binomial.expansion": "expand",
    "differentiate": "differentiate",
    "integrate.indefinite": "integrate",
    "integrate.substitution": "integrate",
    "evaluate": "evaluate",
    "integrate.definite": "evaluate",
    "sequence.arithmetic": "evaluate",
    "sequence.geometric": "evaluate",
    "rearrange": "rearrange",
}
"""Families whose question is an expression to transform, and the kind of transformation."""
MAX_PATH = 12


@dataclass(frozen=True)
class PathState:
    """One line of the worked solution: where a student may stand."""

    index: int
    text: str
    explanation: str
    line: Line | None


@dataclass(frozen=True)
class Space:
    family: str
    problem: Problem  # evaluated, for solving and truth
    typed: Problem  # as written, for the misconception rules
    expected: str
    letters: tuple[sp.Symbol, ...]
    questions: tuple[Line, ...]  # the question's own equations (equation problems)
    points: tuple[dict[sp.Symbol, sp.Expr], ...] | None  # finite solutions, or None
    relation: sp.Basic | None  # the one inequality of an inequality problem
    start: sp.Expr | None  # expression tasks: the expression given
    target: sp.Expr | None  # expression tasks: the result (derivative, value, ...)
    task: str | None  # expression tasks: expand / factorise / differentiate / ...
    find: sp.Expr | None
    find_value: sp.Expr | None
    path: tuple[PathState, ...]
    degrees: bool
    tolerance: float | None
    check: Mapping[str, Any]  # the answer checker's options (kind, form...) for a final line

    @property
    def is_equations(self) -> bool:
        return self.task is None


class NoSpace(ValueError):
    """The engine cannot build this item's solution space (its problem cannot be solved)."""


def read_value(text: str, *, degrees: bool = False) -> MathValue | None:
    try:
        return parse(text, degrees=degrees)
    except (ParseError, TooComplex, ValueError, TypeError):
        return None


def _line(text: str, degrees: bool) -> Line | None:
    value = read_value(text, degrees=degrees)
    if value is None:
        return None
    try:
        return line_from_value(value)
    except NotALine:
        return None


def _path(steps: Sequence[tuple[str, str | None]], degrees: bool) -> tuple[PathState, ...]:
    """The worked solution's lines, read as a student's lines are (`21 = 3k, k = 7` is two
    states); each state keeps the index of its step, so the next step is the next index."""
    states: list[PathState] = []
    for index, (explanation, math) in enumerate(steps[:MAX_PATH]):
        if not math:
            states.append(PathState(index, "", explanation, None))
            continue
        try:
            statements = [s for s in read_statements(math) if s.line is not None]
        except (Unreadable, TooComplex, ParseError):
            statements = []
        if degrees or not statements:
            states.append(PathState(index, math, explanation, _line(math, degrees)))
            continue
        states += [PathState(index, s.text, explanation, s.line) for s in statements]
    return tuple(states)


def _question(relation: sp.Basic) -> Line:
    """A question's equation or inequality as a line (a chain of inequalities as one)."""
    if isinstance(relation, sp.And):
        return Line.conjunction(tuple(Line.from_sympy(r) for r in relation.args))
    return Line.from_sympy(relation)


def _trig_degrees(problem: Problem) -> bool:
    return problem.family == "trig.equation" and not problem.data.get("radians", False)


def _points_of(
    problem: Problem, value: Any, letters: tuple[sp.Symbol, ...]
) -> list[dict[sp.Symbol, sp.Expr]]:
    """The solver's answer (text, or a list of values) as solution points."""
    if isinstance(value, list) and len(letters) == 1:
        return [{letters[0]: v} for v in value]
    parsed = read_value(str(value))
    if parsed is None:
        return []
    from mathpath.maths.values import SolutionSetValue

    items = parsed.items if isinstance(parsed, SolutionSetValue) else (parsed,)
    out: list[dict[sp.Symbol, sp.Expr]] = []
    for item in items:
        if isinstance(item, ExprValue) and len(letters) == 1:
            out.append({letters[0]: item.expr})
        elif isinstance(item, EquationValue) and len(letters) == 1:
            out.append({letters[0]: item.rhs.expr})
    return out


def build_space(
    raw: Mapping[str, Any],
    expected: str,
    steps: Sequence[tuple[str, str | None]] = (),
    *,
    tolerance: float | None = None,
    check: Mapping[str, Any] | None = None,
) -> Space:
    """The space of an item's problem (its `problem:` mapping), answer and worked steps."""
    spec = ProblemSpec.of(raw)
    problem, typed = build(spec, typed=False), build(spec, typed=True)
    degrees = _trig_degrees(problem)
    letters = ordered(unknowns(problem))
    find = problem.data.get("find")
    task = EXPRESSION_TASKS.get(problem.family)
    if problem.family == "stationary_points" or (
        problem.family == "quadratic.complete_square" and "eq" in problem.data
    ):
        task = None  # solving (by completing the square), not writing an expression
    questions: list[Line] = []
    points: list[dict[sp.Symbol, sp.Expr]] | None = None
    relation = None
    start = target = None
    try:
        if task is None:
            # As written (2(x + 3) = 14, not 2x + 6 = 14): the step checker explains a line by
            # what changed from the question as the student saw it.
            equations = list(typed.data.get("eqs", ()))
            if "eq" in typed.data:
                equations.append(typed.data["eq"])
            if degrees:
                equations = [in_degrees(e) for e in equations]
            if problem.family == "stationary_points":
                x = problem.var()
                equations = [sp.Eq(sp.diff(problem.data["expr"], x), 0)]
                letters = (x,)
            questions = [_question(e) for e in equations]
            relation = inequality_of(problem)
            if relation is None:
                if problem.family in ("trig.equation",):
                    points = _points_of(problem, reference(problem), letters)
                elif problem.family == "stationary_points":
                    x = letters[0]
                    points = [{x: r} for r in sp.solve(equations[0], x) if r.is_real]
                else:
                    points = solutions(problem)
        else:
            start = problem.data.get("expr")
            if task == "rearrange":
                questions = [Line.from_sympy(problem.data["eq"])]
                questions += _inverse_route(problem)
            value = reference(problem)
            if isinstance(value, str):
                parsed = read_value(value)
                value = parsed.expr if isinstance(parsed, ExprValue) else None
            target = value if isinstance(value, sp.Expr) else None
    except (NoReference, NotALine, ValueError, TypeError, NotImplementedError) as exc:
        raise NoSpace(f"no solution space for this {problem.family} problem: {exc}") from exc
    find_value = None
    if find is not None and points:
        values = {sp.simplify(find.subs(p)) for p in points}
        find_value = next(iter(values)) if len(values) == 1 else None
    return Space(
        family=problem.family,
        problem=problem,
        typed=typed,
        expected=expected,
        letters=letters,
        questions=tuple(questions),
        points=None if points is None else tuple(points),
        relation=relation,
        start=start,
        target=target,
        task=task,
        find=find,
        find_value=find_value,
        path=_path(steps, degrees),
        degrees=degrees,
        tolerance=tolerance,
        check=dict(check or {}),
    )


def _inverse_route(problem: Problem) -> list[Line]:
    """For an inverse function (`x = f(y)` for `y`, `inverse: true`), `y = f(x)` too: a student
    may rearrange that for `x` and swap the letters at the end."""
    eq, var = problem.data["eq"], problem.data.get("var")
    if not problem.data.get("inverse") or var is None:
        return []
    others = [s for s in eq.free_symbols if s != var]
    if len(others) != 1:
        return []
    (other,) = others
    return [Line.from_sympy(eq.xreplace({other: var, var: other}))]


def in_degrees(relation: sp.Basic) -> sp.Basic:
    """A trigonometric equation in degrees: sin(x) reads as sin(pi x / 180)."""
    trig = (sp.sin, sp.cos, sp.tan, sp.sec, sp.csc, sp.cot)
    out: sp.Basic = relation.replace(
        lambda e: isinstance(e, trig),
        lambda e: e.func(e.args[0] * sp.pi / 180),
    )
    return out


@lru_cache(maxsize=256)
def cached_space(key: str) -> Space:
    """`build_space` for a JSON key (the same item's space is built once per process)."""
    raw = json.loads(key)
    return build_space(
        raw["problem"],
        raw["expected"],
        [tuple(s) for s in raw["steps"]],
        tolerance=raw.get("tolerance"),
        check=raw.get("check"),
    )


def space_key(
    problem: Mapping[str, Any],
    expected: str,
    steps: Sequence[tuple[str, str | None]],
    tolerance: float | None = None,
    check: Mapping[str, Any] | None = None,
) -> str:
    """A hashable description of an item's space (what `cached_space` builds from)."""
    return json.dumps(
        {
            "problem": dict(problem),
            "expected": expected,
            "steps": [list(s) for s in steps],
            "tolerance": tolerance,
            "check": dict(check or {}),
        },
        sort_keys=True,
        default=str,
    )

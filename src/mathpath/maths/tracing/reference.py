"""The right answer of an engine problem, computed from the problem alone.

Content validation uses it to prove that an item's `problem:` and its `answer:` agree (so the
problem really is the question, and tracing a student's working against it is sound). Work
here is open-ended (solve, simplify), so callers run it in a guarded worker.
"""

from __future__ import annotations

import re
from typing import Any

import sympy as sp
from sympy.core.relational import Relational

from mathpath.maths.misconceptions.model import Value, same, to_value
from mathpath.maths.parsing.structure import letter_order
from mathpath.maths.solvers import Problem, SolverError, solve
from mathpath.maths.tracing.spec import EQUATION_FAMILIES, unknowns

_GIVE_UP = (
    SolverError,
    ValueError,
    TypeError,
    NotImplementedError,
    ZeroDivisionError,
    AttributeError,
    sp.PolynomialError,
)


class NoReference(ValueError):
    """The engine cannot work this problem out (so it cannot vouch for the item's answer)."""


def ordered(symbols: Any) -> tuple[sp.Symbol, ...]:
    """Letters in the order answers name them: x, y, z, then alphabetical."""
    return tuple(sorted(symbols, key=letter_order))


def _holds(condition: sp.Basic, point: dict[sp.Symbol, sp.Expr]) -> bool:
    value = condition.subs(point)
    if value in (sp.true, sp.false):
        return bool(value)
    try:
        return bool(sp.N(value.lhs - value.rhs) == 0) if isinstance(value, sp.Equality) else False
    except TypeError:
        return False


def solutions(problem: Problem) -> list[dict[sp.Symbol, sp.Expr]]:
    """Every real solution of the problem's equations that meets its `where` conditions."""
    eqs = list(problem.data.get("eqs", ()))
    if "eq" in problem.data:
        eqs.append(problem.data["eq"])
    if not eqs and "expr" in problem.data:
        eqs.append(sp.Eq(problem.data["expr"], 0))  # a quadratic given as expr means expr = 0
    letters = ordered(unknowns(problem))
    given = problem.data.get("given", {})
    eqs = [e.subs(given) for e in eqs]
    found = sp.solve(eqs, list(letters), dict=True)
    real = [
        s
        for s in found
        if all(v.is_real is not False for v in s.values()) and len(s) == len(letters)
    ]
    return [s for s in real if all(_holds(c, s) for c in problem.data.get("where", ()))]


_SAMPLES = (sp.Rational(23, 3), sp.Rational(61, 5), sp.Integer(17))


def _meeting(candidates: list[sp.Expr], var: sp.Symbol, where: Any) -> list[sp.Expr]:
    """The candidates for `var` that meet the `where` conditions (`y >= 0` picks the positive
    root of an inverse function), tried at sample values of the other letters."""
    if not where or len(candidates) < 2:
        return candidates
    kept = []
    for candidate in candidates:
        letters = sorted(candidate.free_symbols, key=str)
        points = [dict.fromkeys(letters, s) for s in _SAMPLES] if letters else [{}]
        if all(_holds(c, {var: candidate.subs(p), **p}) for c in where for p in points):
            kept.append(candidate)
    return kept


def inequality_of(problem: Problem) -> sp.Basic | None:
    """The problem's one inequality, if that is what it is."""
    relations = [problem.data["eq"]] if "eq" in problem.data else list(problem.data.get("eqs", ()))
    if relations and all(_is_inequality(r) for r in relations):
        return relations[0] if len(relations) == 1 else sp.And(*relations)
    return None


def _is_inequality(relation: sp.Basic) -> bool:
    if isinstance(relation, sp.And):
        return all(_is_inequality(r) for r in relation.args)
    return isinstance(relation, Relational) and not isinstance(relation, sp.Equality)


def _finite(relation: sp.Basic) -> sp.Basic:
    """`x < -2` rather than SymPy's `(-oo < x) & (x < -2)`."""
    out: sp.Basic = relation.replace(
        lambda e: isinstance(e, Relational) and (e.lhs.is_infinite or e.rhs.is_infinite),
        lambda e: sp.true,
    )
    return out


def inequality_set(problem: Problem, relation: sp.Basic) -> tuple[sp.Symbol, sp.Set]:
    """The real solutions of an inequality problem (with its `where` conditions)."""
    (x,) = unknowns(problem) or (problem.var(),)
    parts = relation.args if isinstance(relation, sp.And) else (relation,)
    solved: sp.Set = sp.S.Reals
    for part in (*parts, *problem.data.get("where", ())):  # every inequality holds
        solved = solved.intersect(sp.solveset(part, x, sp.S.Reals))
    return x, solved


MAX_INTEGERS = 200


def whole_numbers(problem: Problem, solved: sp.Set) -> list[sp.Integer]:
    """The integers in `solved`, or its smallest or largest one (`pick`)."""
    pick = problem.data.get("pick")
    low, high = solved.inf, solved.sup
    if pick == "smallest" and low.is_finite:
        first = sp.ceiling(low)
        return [first if first in solved else first + 1]
    if pick == "largest" and high.is_finite:
        last = sp.floor(high)
        return [last if last in solved else last - 1]
    if not (low.is_finite and high.is_finite) or high - low > MAX_INTEGERS:
        raise NoReference("the whole-number solutions are too many to list")
    span = range(int(sp.floor(low)), int(sp.ceiling(high)) + 1)
    return [sp.Integer(n) for n in span if sp.Integer(n) in solved]


def _inequality(problem: Problem, relation: sp.Basic) -> Any:
    x, solved = inequality_set(problem, relation)
    if problem.data.get("integers") or problem.data.get("pick"):
        found = whole_numbers(problem, solved)
        return found[0] if len(found) == 1 and problem.data.get("pick") else found
    return Value("relation", relation=_finite(solved.as_relational(x)))


def _project(problem: Problem, found: list[dict[sp.Symbol, sp.Expr]]) -> Any:
    if "find" in problem.data:
        values = [sp.simplify(problem.data["find"].subs(s)) for s in found]
        distinct = list(dict.fromkeys(values))
        return distinct[0] if len(distinct) == 1 else distinct
    letters = ordered(unknowns(problem))
    if len(letters) == 1:
        return [s[letters[0]] for s in found]
    return [tuple(s[x] for x in letters) for s in found]


def reference(problem: Problem) -> Any:
    """The answer as a shape `misconceptions.model.to_value` reads (an expression, a list of
    solutions, a list of points, an equation) or a comparable `Value` (the solution of an
    inequality). Raises NoReference."""
    family = problem.family
    data = problem.data
    try:
        if family == "quadratic.complete_square" and "eq" not in data:
            return data["expr"]  # "write it in the form (x + p)^2 + q": the same expression
        if family in EQUATION_FAMILIES and family != "trig.equation":
            relation = inequality_of(problem)
            if relation is not None:
                return _inequality(problem, relation)
            return _project(problem, solutions(problem))
        if family == "rearrange" and "var" not in data:
            return data["eq"]  # any equivalent equation, e.g. a circle's in a given form
        if family == "rearrange":
            solved = _meeting(sp.solve(data["eq"], data["var"]), data["var"], data.get("where", ()))
            if len(solved) != 1:
                raise NoReference(f"{data['var']} is not one expression")
            return sp.Eq(data["var"], solved[0], evaluate=False)
        if family == "evaluate":
            return sp.nsimplify(data["expr"].subs(data.get("given", {})))
        if family in ("simplify", "fractions.simplify", "indices.simplify", "surds.simplify"):
            return data["expr"]
        if family == "fractions.add" and "expr" not in data:
            return sp.Add(*data["terms"])
        if family == "expand":
            return sp.expand(data["expr"])
        if family == "factorise":
            return sp.factor(data["expr"])
        if family == "differentiate":
            return sp.diff(data["expr"], problem.var())
        if family == "integrate.definite":
            x = problem.var()
            return sp.integrate(data["expr"], (x, data["lower"], data["upper"]))
        solution = _solved(problem)
    except NoReference:
        raise
    except _GIVE_UP as exc:
        raise NoReference(f"the engine could not work out this {family} problem: {exc}") from exc
    if isinstance(solution, list):  # solved by SymPy over the interval
        return solution
    if family == "trig.equation" and data.get("where"):
        return _trig_within(problem, solution.answer.text)
    return solution.answer.text


def _solved(problem: Problem) -> Any:
    """The family's solver; a trigonometric equation it does not cover (two functions of the
    angle: tan x = 2 sin x) is solved by SymPy over the interval instead."""
    try:
        return solve(problem)
    except SolverError:
        if problem.family != "trig.equation":
            raise
    return _trig_solveset(problem)


def _trig_solveset(problem: Problem) -> list[sp.Expr]:
    x = problem.var()
    equation = problem.data["eq"]
    if not problem.data.get("radians", False):
        trig = (sp.sin, sp.cos, sp.tan, sp.sec, sp.csc, sp.cot)
        equation = equation.replace(
            lambda e: isinstance(e, trig), lambda e: e.func(e.args[0] * sp.pi / 180)
        )
    interval = sp.Interval(problem.data["lower"], problem.data["upper"])
    found = sp.solveset(equation.lhs - equation.rhs, x, interval)
    if not isinstance(found, sp.FiniteSet):
        raise NoReference(f"the solutions in the interval are not a finite list: {found}")
    where = problem.data.get("where", ())
    return sorted((v for v in found if all(_holds(c, {x: v}) for c in where)), key=float)


def _trig_within(problem: Problem, text: str) -> Any:
    """The trig solver's solutions that meet `where` (x < 360 for a half-open interval)."""
    from mathpath.maths.parsing import ParseError, TooComplex, parse
    from mathpath.maths.values import ExprValue, SolutionSetValue

    try:
        parsed = parse(text)
    except (ParseError, TooComplex):
        return text
    x = problem.var()
    items = parsed.items if isinstance(parsed, SolutionSetValue) else (parsed,)
    values = [i.expr for i in items if isinstance(i, ExprValue)]
    kept = [v for v in values if all(_holds(c, {x: v}) for c in problem.data["where"])]
    return kept


def agrees(problem: Problem, answer: str, *, tolerance: float | None = None) -> str | None:
    """None when the problem's own answer is the item's `answer` (to within `tolerance` for an
    answer rounded to some places); otherwise why not."""
    try:
        value = reference(problem)
    except NoReference as exc:
        return str(exc)
    if tolerance is None:
        tolerance = _places_shown(answer)
    if tolerance is not None and _close(value, answer, tolerance):
        return None
    if problem.family.startswith("integrate"):
        value, answer = _without_modulus_in_logs(value), _without_modulus_in_logs(answer)
    mine = value if isinstance(value, Value) else to_value(value)
    theirs = to_value(answer)
    if isinstance(value, sp.Equality) and theirs is not None and theirs.kind == "expr":
        mine = to_value(value.rhs)  # "find f^-1(x)": the expression the subject equals
    if mine is not None and theirs is not None and same_equation(mine, theirs):
        return None
    if mine is None or theirs is None:
        return f"the problem's answer {value!r} cannot be compared with {answer!r}"
    if same(mine, theirs):
        return None
    return f"the problem's own answer is {_show(value)}, not {answer!r}"


_DECIMALS = re.compile(r"\d\.(\d+)")


def _places_shown(answer: str) -> float | None:
    """Half a unit of the last decimal place the answer shows (0.65 -> 0.005), if any; with
    several numbers rounded alike (to 3 s.f.: 1.54 and -0.869), the coarsest of them."""
    places = [len(d) for d in _DECIMALS.findall(answer)]
    return 0.5 * 10.0 ** (-min(places)) if places else None


def _without_modulus_in_logs(value: Any) -> Any:
    """ln|x| + C and ln(x) + C: the same antiderivative on the domain the item works on (SymPy
    writes ln(x), textbooks ln|x|)."""
    if isinstance(value, str):
        return re.sub(r"\|([^|]*)\|", r"(\1)", value)
    if isinstance(value, sp.Basic):
        return value.replace(
            lambda e: isinstance(e, sp.log) and isinstance(e.args[0], sp.Abs),
            lambda e: sp.log(e.args[0].args[0]),
        )
    return value


def _numbers(value: Any) -> list[float] | None:
    shape = to_value(value)
    if shape is None:
        return None
    try:
        if shape.kind == "expr" and shape.expr is not None:
            return [float(shape.expr)]
        if shape.kind == "set":
            return sorted(float(v) for v in shape.items)
        if shape.kind == "points":
            return sorted(float(c) for p in shape.items for c in p)
    except TypeError:
        return None
    return None


def _close(value: Any, answer: str, tolerance: float) -> bool:
    mine, theirs = _numbers(value), _numbers(answer)
    if mine is None or theirs is None or len(mine) != len(theirs):
        return False
    return all(abs(a - b) <= tolerance * (1 + 1e-9) for a, b in zip(mine, theirs, strict=True))


def same_equation(a: Value, b: Value) -> bool:
    """Two equations in several letters that say the same thing: `y = 4x - 14` and
    `4x - y - 14 = 0` (one side minus the other differs by a non-zero constant factor)."""
    if a.kind != "relation" or b.kind != "relation":
        return False
    r1, r2 = a.relation, b.relation
    if not (isinstance(r1, sp.Equality) and isinstance(r2, sp.Equality)):
        return False
    d1, d2 = r1.lhs - r1.rhs, r2.lhs - r2.rhs
    if d2 == 0:
        return False
    ratio = sp.simplify(d1 / d2)
    return bool(ratio.is_number and ratio != 0 and not ratio.free_symbols)


def _show(value: Any) -> str:
    if isinstance(value, list):
        return " or ".join(str(v) for v in value) or "no solutions"
    return str(value)

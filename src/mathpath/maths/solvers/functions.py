"""Exponential and logarithmic equations, and trigonometric equations in an interval."""

from __future__ import annotations

import sympy as sp

from mathpath.maths.solvers.base import (
    Answer,
    Problem,
    Solution,
    SolverError,
    Steps,
    eq,
    require,
    solutions_text,
)
from mathpath.maths.solvers.text import plain
from mathpath.maths.solvers.verify import solutions_read_back


def _answer(problem: Problem, steps: Steps, x: sp.Symbol, roots: list[sp.Expr]) -> Solution:
    text, tex = solutions_text(x, roots)
    if roots:
        solutions_read_back(text, roots)
    return Solution(problem, steps.items, Answer(text, tex, "solutions", roots))


def solve_exponential(problem: Problem) -> Solution:
    """Data: `eq` of the form k*a^(p x + q) = c (a > 0) or k*e^(p x + q) = c."""
    equation = problem.get("eq")
    x = problem.var()
    if equation.has(sp.Float):
        raise SolverError("use exact numbers (fractions), not decimals")
    lhs, rhs = equation.lhs, equation.rhs
    if rhs.has(x):
        lhs, rhs = rhs, lhs
    coeff, power = lhs.as_independent(x, as_Add=False)
    if not (isinstance(power, sp.Pow) or isinstance(power, sp.exp)) or rhs.has(x):
        raise SolverError("expected k * a^(linear) = c")
    steps = Steps()
    if coeff != 1:
        steps.add(eq(power, rhs / coeff), "divide", f"Divide both sides by {plain(coeff)}.")
    target = rhs / coeff
    if target <= 0:
        raise SolverError("a power of a positive number is never zero or negative")
    base, exponent = (sp.E, power.args[0]) if isinstance(power, sp.exp) else power.as_base_exp()
    if base is sp.E:
        steps.add(
            eq(exponent, sp.log(target)), "take-ln", "Take natural logs of both sides: ln(e^u) = u."
        )
        solved = sp.solve(sp.Eq(exponent, sp.log(target)), x)
    else:
        steps.add(
            eq(exponent * sp.log(base), sp.log(target)),
            "take-logs",
            "Take logs of both sides and bring the power down: ln(aᵘ) = u ln a.",
        )
        solved = sp.solve(sp.Eq(exponent * sp.log(base), sp.log(target)), x)
    roots = [sp.simplify(sp.expand_log(r, force=True)) for r in solved]
    roots = [sp.nsimplify(r) if r.is_Rational else r for r in roots]
    for r in roots:
        require(
            sp.simplify(sp.expand_log((lhs - rhs).subs(x, r), force=True)) == 0
            or abs(sp.N((lhs - rhs).subs(x, r))) < 1e-9,
            "substitution",
        )
    steps.add(" or ".join(f"{x} = {plain(r)}" for r in roots), "solve", f"Solve for {x}.")
    return _answer(problem, steps, x, roots)


def solve_logarithmic(problem: Problem) -> Solution:
    """Data: `eq` involving ln/log terms; combine logs, undo the log, reject roots outside the
    domain (the argument of a log must be positive)."""
    equation = problem.get("eq")
    x = problem.var()
    steps = Steps()
    f = equation.lhs - equation.rhs
    combined = sp.logcombine(sp.expand_log(f, force=True), force=True)
    if combined != f:
        steps.add(eq(combined, 0), "log-laws", "Use the log laws to combine the logs into one.")
    if isinstance(combined, sp.log):
        # ln A = 0 means A = 1: solving that shows the candidates students find by hand,
        # including the ones the domain check then rejects.
        candidates = sp.solve(combined.args[0] - 1, x)
    else:
        candidates = sp.solve(f, x)
    args = [a.args[0] for a in sp.preorder_traversal(f) if isinstance(a, sp.log)]
    steps.add(
        " or ".join(f"{x} = {plain(r)}" for r in candidates) or "no candidates",
        "undo-log",
        "Undo the log (if ln A = ln B then A = B; if ln A = k then A = eᵏ) and solve.",
    )
    roots = [r for r in candidates if r.is_real and all(a.subs(x, r) > 0 for a in args)]
    if len(roots) != len(candidates):
        steps.add(
            " or ".join(f"{x} = {plain(r)}" for r in roots) or "no solutions",
            "check-domain",
            "Reject any value that makes the inside of a log zero or negative.",
        )
    for r in roots:
        require(abs(sp.N(f.subs(x, r))) < 1e-9, "substitution")
    return _answer(problem, steps, x, sorted(roots, key=lambda r: float(r)))


def solve_trig(problem: Problem) -> Solution:
    """Data: `eq` (e.g. 2 sin x = 1, in x), `lower`, `upper` (degrees unless `radians`)."""
    equation = problem.get("eq")
    x = problem.var()
    radians = bool(problem.data.get("radians", False))
    lower, upper = problem.get("lower"), problem.get("upper")
    steps = Steps()
    f = sp.expand(equation.lhs - equation.rhs)
    funcs = [n for n in sp.preorder_traversal(f) if isinstance(n, sp.sin | sp.cos | sp.tan)]
    if not funcs:
        raise SolverError("no sin, cos or tan in the equation")
    func = funcs[0]
    t = sp.Symbol("t")
    in_t = f.subs(func, t)
    if in_t.has(x):
        raise SolverError("only one trig function of one angle is supported")
    values = sp.solve(in_t, t)
    steps.add(
        " or ".join(f"{plain(func)} = {plain(v)}" for v in values),
        "isolate-trig",
        f"Rearrange to get {func.func.__name__} on its own.",
    )
    scale = sp.pi / 180 if not radians else sp.Integer(1)
    lo, hi = lower * scale, upper * scale
    roots: set[sp.Expr] = set()
    for v in values:
        if not v.is_real or (func.func is not sp.tan and abs(v) > 1):
            continue
        inner = func.args[0]
        principal = {sp.sin: sp.asin, sp.cos: sp.acos, sp.tan: sp.atan}[func.func](v)
        steps.add(
            eq(inner, principal / scale),
            "principal-value",
            "Use the inverse function on your calculator to get the principal value.",
        )
        general = sp.solveset(sp.Eq(func, v), x, sp.Interval(lo, hi))
        if not isinstance(general, sp.FiniteSet):
            raise SolverError("could not list the solutions in the interval")
        roots.update(sp.nsimplify(r / scale) for r in general)
    ordered = sorted(roots, key=lambda r: float(r))
    for r in ordered:
        require(abs(sp.N(f.subs(x, r * scale))) < 1e-9, "substitution")
    steps.add(
        ", ".join(plain(r) for r in ordered) or "no solutions",
        "all-solutions-in-interval",
        "Use the graph (or the CAST diagram) to find every other solution in the interval.",
    )
    return _answer(problem, steps, x, ordered)

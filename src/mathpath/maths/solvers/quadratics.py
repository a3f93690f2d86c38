"""Quadratic equations (factorising, formula, completing the square) and simultaneous
equations (two linear; one linear and one quadratic)."""

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
from mathpath.maths.solvers.text import latex, plain
from mathpath.maths.solvers.verify import solutions_read_back


def _coefficients(problem: Problem) -> tuple[sp.Symbol, sp.Expr, sp.Expr, sp.Expr, sp.Expr]:
    """(x, a, b, c, lhs-rhs) of a quadratic `eq` (or `expr` = 0)."""
    x = problem.var()
    if "eq" in problem.data:
        equation = problem.data["eq"]
        f = sp.expand(equation.lhs - equation.rhs)
    else:
        f = sp.expand(problem.get("expr"))
    poly = sp.Poly(f, x)
    if poly.degree() != 2:
        raise SolverError("not a quadratic")
    a, b, c = poly.all_coeffs()
    return x, a, b, c, f


def _finish(
    problem: Problem, steps: Steps, x: sp.Symbol, f: sp.Expr, roots: list[sp.Expr]
) -> Solution:
    roots = sorted({sp.radsimp(sp.nsimplify(r)) for r in roots}, key=lambda r: float(r))
    for r in roots:
        require(sp.simplify(f.subs(x, r)) == 0, f"{r} is a root")
    require(len(roots) == len(sp.solveset(f, x, sp.S.Reals)), "no root missed")
    text, tex = solutions_text(x, roots)
    if roots:
        solutions_read_back(text, roots)
    return Solution(problem, steps.items, Answer(text, tex, "solutions", roots))


def _standard_form(steps: Steps, problem: Problem, f: sp.Expr) -> None:
    if "eq" in problem.data:
        equation = problem.data["eq"]
        if sp.expand(equation.rhs) != 0 or equation.lhs != f:
            steps.add(eq(f, 0), "rearrange", "Rearrange so one side is zero.")


def solve_quadratic_factorise(problem: Problem) -> Solution:
    """Data: `eq` (or `expr` meaning `expr = 0`); quadratics with rational roots."""
    x, _a, _b, _c, f = _coefficients(problem)
    steps = Steps()
    _standard_form(steps, problem, f)
    factored = sp.factor(f)
    if factored == f or not all(r.is_Rational for r in sp.roots(f, x)):
        raise SolverError("this quadratic does not factorise nicely; use the formula")
    steps.add(eq(factored, 0), "factorise", "Factorise the quadratic.")
    roots = list(sp.roots(f, x))
    parts = [fac for fac in sp.Mul.make_args(factored) if fac.has(x)]
    bases = [p.base if isinstance(p, sp.Pow) else p for p in parts]
    steps.add(
        " or ".join(f"{plain(p)} = 0" for p in bases),
        "zero-product",
        "If two things multiply to make zero, one of them must be zero.",
    )
    return _finish(problem, steps, x, f, roots)


def solve_quadratic_formula(problem: Problem) -> Solution:
    """Data: `eq` or `expr`; x = (-b ± √(b² − 4ac)) / 2a."""
    x, a, b, c, f = _coefficients(problem)
    steps = Steps()
    _standard_form(steps, problem, f)
    disc = b**2 - 4 * a * c
    steps.add_text(
        f"a = {plain(a)}, b = {plain(b)}, c = {plain(c)}",
        f"a = {latex(a)},\\ b = {latex(b)},\\ c = {latex(c)}",
        "identify-coefficients",
        "Read off a, b and c from ax² + bx + c = 0.",
    )
    steps.add_text(
        f"b^2 - 4*a*c = {plain(disc)}",
        f"b^2 - 4ac = {latex(disc)}",
        "discriminant",
        "Work out the discriminant b² − 4ac first: it tells you how many solutions there are.",
    )
    if disc < 0:
        steps.add_text(
            "no real solutions",
            r"\text{no real solutions}",
            "negative-discriminant",
            "The discriminant is negative, so there are no real solutions.",
        )
        return _finish(problem, steps, x, f, [])
    root = sp.sqrt(disc)
    plus, minus = (-b + root) / (2 * a), (-b - root) / (2 * a)
    steps.add_text(
        f"x = ({plain(-b)} + {plain(root)})/{plain(2 * a)} or "
        f"x = ({plain(-b)} - {plain(root)})/{plain(2 * a)}",
        f"x = \\frac{{{latex(-b)} \\pm {latex(root)}}}{{{latex(2 * a)}}}",
        "quadratic-formula",
        "Substitute into x = (−b ± √(b² − 4ac)) / 2a. Remember the ± gives two answers.",
    )
    return _finish(problem, steps, x, f, [plus, minus])


def solve_complete_square(problem: Problem) -> Solution:
    """Data: `eq` or `expr`; write a(x + p)² + q = 0, then square-root both sides."""
    x, a, b, c, f = _coefficients(problem)
    steps = Steps()
    _standard_form(steps, problem, f)
    p = b / (2 * a)
    q = c - a * p**2
    completed = sp.Add(a * sp.Pow(x + p, 2, evaluate=False), q, evaluate=False)
    steps.add(
        eq(completed, 0),
        "complete-the-square",
        f"Halve the x coefficient ({plain(b / a)}) to get {plain(p)}: "
        f"x² + {plain(b / a)}x = (x + {plain(p)})² − {plain(p**2)}.",
    )
    rhs = -q / a
    steps.add(
        eq(sp.Pow(x + p, 2, evaluate=False), rhs),
        "isolate-square",
        "Get the bracket squared on its own.",
    )
    if rhs < 0:
        steps.add_text(
            "no real solutions",
            r"\text{no real solutions}",
            "negative-square",
            "A square can't be negative, so there are no real solutions.",
        )
        return _finish(problem, steps, x, f, [])
    r = sp.sqrt(rhs)
    steps.add_text(
        f"{plain(x + p)} = {plain(r)} or {plain(x + p)} = {plain(-r)}",
        f"{latex(x + p)} = \\pm {latex(r)}",
        "square-root-both-sides",
        "Square-root both sides, remembering the positive and the negative root.",
    )
    return _finish(problem, steps, x, f, [-p + r, -p - r])


def _two_unknowns(problem: Problem) -> tuple[list[sp.Equality], sp.Symbol, sp.Symbol]:
    eqs = list(problem.get("eqs"))
    symbols = sorted(set().union(*(e.free_symbols for e in eqs)), key=str)
    if len(eqs) != 2 or len(symbols) != 2:
        raise SolverError("two equations in two unknowns are needed")
    return eqs, symbols[0], symbols[1]


def _pairs_answer(
    problem: Problem,
    steps: Steps,
    eqs: list[sp.Equality],
    x: sp.Symbol,
    y: sp.Symbol,
    pairs: list[tuple[sp.Expr, sp.Expr]],
) -> Solution:
    for xv, yv in pairs:
        for e in eqs:
            require(sp.simplify((e.lhs - e.rhs).subs({x: xv, y: yv})) == 0, "substitution")
    # Answers are coordinate pairs (x, y), which the parser reads as points.
    text = ", ".join(f"({plain(xv)}, {plain(yv)})" for xv, yv in pairs) or "no solutions"
    tex = ",\\ ".join(f"({latex(xv)}, {latex(yv)})" for xv, yv in pairs)
    kind = "point" if len(pairs) == 1 else "solutions"
    return Solution(problem, steps.items, Answer(text, tex or r"\text{no solutions}", kind, pairs))


def solve_simultaneous_linear(problem: Problem) -> Solution:
    """Data: `eqs` (two linear Eqs in two letters); elimination."""
    eqs, x, y = _two_unknowns(problem)
    (a1, b1), c1 = _linear(eqs[0], x, y)
    (a2, b2), c2 = _linear(eqs[1], x, y)
    steps = Steps()
    if a1 * b2 - a2 * b1 == 0:
        raise SolverError("the lines are parallel: no unique solution")
    m1, m2 = sp.lcm(b1, b2) / b1, sp.lcm(b1, b2) / b2
    e1 = eq(m1 * a1 * x + m1 * b1 * y, m1 * c1)
    e2 = eq(m2 * a2 * x + m2 * b2 * y, m2 * c2)
    steps.add_text(
        f"{plain(e1)}; {plain(e2)}",
        f"{latex(e1)};\\ {latex(e2)}",
        "match-coefficients",
        f"Multiply the equations so the {y} terms have the same size coefficient.",
    )
    eliminated = eq((m1 * a1 - m2 * a2) * x, m1 * c1 - m2 * c2)
    steps.add(eliminated, "eliminate", f"Subtract one equation from the other to eliminate {y}.")
    xv = (m1 * c1 - m2 * c2) / (m1 * a1 - m2 * a2)
    steps.add(eq(x, xv), "solve", f"Solve for {x}.")
    yv = sp.solve(eqs[0].subs(x, xv), y)[0]
    steps.add(
        eq(y, yv),
        "back-substitute",
        f"Substitute {x} = {plain(xv)} into the first equation to find {y}.",
    )
    return _pairs_answer(problem, steps, eqs, x, y, [(xv, yv)])


def _linear(e: sp.Equality, x: sp.Symbol, y: sp.Symbol) -> tuple[tuple[sp.Expr, sp.Expr], sp.Expr]:
    f = sp.expand(e.lhs - e.rhs)
    poly = sp.Poly(f, x, y)
    if poly.total_degree() != 1:
        raise SolverError("not linear")
    return (f.coeff(x), f.coeff(y)), -f.subs({x: 0, y: 0})


def solve_simultaneous_quadratic(problem: Problem) -> Solution:
    """Data: `eqs` (one linear, one quadratic Eq); substitute the linear one into the other."""
    eqs, x, y = _two_unknowns(problem)
    degrees = [sp.Poly(sp.expand(e.lhs - e.rhs), x, y).total_degree() for e in eqs]
    if sorted(degrees) != [1, 2]:
        raise SolverError("one linear and one quadratic equation are needed")
    lin, quad = (eqs[0], eqs[1]) if degrees[0] == 1 else (eqs[1], eqs[0])
    steps = Steps()
    solve_for = y if sp.expand(lin.lhs - lin.rhs).coeff(y) != 0 else x
    other = x if solve_for == y else y
    expr = sp.solve(lin, solve_for)[0]
    steps.add(
        eq(solve_for, expr), "rearrange-linear", f"Rearrange the linear equation for {solve_for}."
    )
    substituted = sp.expand((quad.lhs - quad.rhs).subs(solve_for, expr))
    steps.add(
        eq(substituted, 0),
        "substitute",
        "Substitute into the quadratic equation and rearrange to = 0.",
    )
    roots = sorted(sp.solveset(substituted, other, sp.S.Reals), key=lambda r: float(r))
    if not roots:
        steps.add_text(
            "no real solutions",
            r"\text{no real solutions}",
            "no-intersection",
            "The quadratic has no real solutions: the line and curve don't meet.",
        )
    steps.add(
        " or ".join(f"{other} = {plain(r)}" for r in roots) or "no real solutions",
        "solve-quadratic",
        f"Solve the quadratic for {other}.",
    )
    pairs = []
    for r in roots:
        v = sp.radsimp(expr.subs(other, r))
        pairs.append((r, v) if other == x else (v, r))
    steps.add(
        "; ".join(f"{x} = {plain(a)}, {y} = {plain(b)}" for a, b in pairs) or "no solutions",
        "back-substitute",
        f"Substitute each value into the linear equation to find {solve_for}.",
    )
    return _pairs_answer(problem, steps, eqs, x, y, pairs)

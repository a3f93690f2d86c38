"""Differentiation (power, chain, product, quotient rules; stationary points) and integration
(power rule, definite integrals, simple substitution)."""

from __future__ import annotations

import sympy as sp

from mathpath.maths.solvers.base import Answer, Problem, Solution, SolverError, Steps, require
from mathpath.maths.solvers.text import latex, plain
from mathpath.maths.solvers.verify import reads_back_as

C = sp.Symbol("C")


def _rule_for(expr: sp.Expr, x: sp.Symbol) -> str:
    num, den = sp.fraction(sp.together(expr))
    if den.has(x):
        monomial = den.is_polynomial(x) and sp.Poly(den, x).is_monomial
        if num.has(x) and not monomial:
            return "quotient"
        if not monomial:
            return "chain"
        return "power"
    factors = [f for f in sp.Mul.make_args(expr) if f.has(x)]
    if len(factors) >= 2:
        return "product"
    single = factors[0] if factors else expr
    if isinstance(single, sp.Pow) and single.base.has(x) and not single.base.is_Symbol:
        return "chain"
    if isinstance(single, sp.Function | sp.Pow) and any(
        a.has(x) and not a.is_Symbol for a in single.args
    ):
        return "chain"
    return "power"


def solve_differentiate(problem: Problem) -> Solution:
    """Data: `expr`, optional `var`; picks the power, chain, product or quotient rule."""
    expr = problem.get("expr")
    x = problem.var()
    steps = Steps()
    rule = str(problem.data.get("rule") or _rule_for(expr, x))
    if rule == "power":
        steps.add(
            sp.Add(
                *(sp.diff(t, x) for t in sp.Add.make_args(sp.expand(expr)) if t.has(x)),
                evaluate=False,
            ),
            "power-rule",
            "Differentiate term by term: multiply by the power, then take one off the power.",
        )
    elif rule == "chain":
        outer_inner = _split_chain(expr, x)
        if outer_inner is not None:
            u, inner = outer_inner
            steps.add_text(
                f"u = {plain(inner)}, du/dx = {plain(sp.diff(inner, x))}",
                f"u = {latex(inner)},\\ \\frac{{du}}{{dx}} = {latex(sp.diff(inner, x))}",
                "chain-rule-substitution",
                "Let u be the inside function and find du/dx.",
            )
            outer = expr.subs(inner, u)
            steps.add(
                sp.Mul(sp.diff(outer, u).subs(u, inner), sp.diff(inner, x), evaluate=False),
                "chain-rule",
                "Chain rule: differentiate the outside (leave the inside alone), then multiply "
                "by the derivative of the inside.",
            )
    elif rule == "product":
        factors = [f for f in sp.Mul.make_args(expr) if f.has(x)]
        const = sp.Mul(*(f for f in sp.Mul.make_args(expr) if not f.has(x)))
        u, v = factors[0], sp.Mul(*factors[1:])
        steps.add_text(
            f"u = {plain(const * u)}, v = {plain(v)}",
            f"u = {latex(const * u)},\\ v = {latex(v)}",
            "product-rule-parts",
            "Split the product into u and v and differentiate each.",
        )
        steps.add(
            sp.Add(
                sp.Mul(const * u, sp.diff(v, x)), sp.Mul(v, sp.diff(const * u, x)), evaluate=False
            ),
            "product-rule",
            "Product rule: d(uv)/dx = u dv/dx + v du/dx.",
        )
    elif rule == "quotient":
        u, v = sp.fraction(sp.together(expr))
        steps.add(
            sp.Mul(
                sp.Add(v * sp.diff(u, x), -u * sp.diff(v, x), evaluate=False),
                sp.Pow(sp.Pow(v, 2, evaluate=False), -1, evaluate=False),
                evaluate=False,
            ),
            "quotient-rule",
            "Quotient rule: d(u/v)/dx = (v du/dx − u dv/dx) / v².",
        )
    else:
        raise SolverError(f"unknown differentiation rule {rule}")
    value = sp.simplify(sp.diff(expr, x))
    factored = sp.factor(value)
    if sp.count_ops(factored) < sp.count_ops(value):
        value = factored
    steps.add(value, "simplify", "Simplify.")
    require(sp.simplify(value - sp.diff(expr, x)) == 0, "derivative")
    text = plain(value)
    reads_back_as(text, value)
    return Solution(problem, steps.items, Answer(text, latex(value), "expression", value))


def _split_chain(expr: sp.Expr, x: sp.Symbol) -> tuple[sp.Symbol, sp.Expr] | None:
    """The inner function of a composite f(g(x)) (after any constant factor)."""
    core = sp.Mul(*(f for f in sp.Mul.make_args(expr) if f.has(x)))
    if isinstance(core, sp.Pow) and core.base.has(x) and not core.base.is_Symbol:
        return sp.Symbol("u"), core.base
    if isinstance(core, sp.Pow) and core.exp.has(x):
        return sp.Symbol("u"), core.exp
    if isinstance(core, sp.Function) and core.args and not core.args[0].is_Symbol:
        return sp.Symbol("u"), core.args[0]
    return None


def solve_stationary_points(problem: Problem) -> Solution:
    """Data: `expr` (a polynomial or rational curve y = f(x)); finds and classifies the
    stationary points with the second derivative."""
    expr = problem.get("expr")
    x = problem.var()
    steps = Steps()
    d1 = sp.expand(sp.diff(expr, x))
    steps.add_text(
        f"dy/dx = {plain(d1)}",
        f"\\frac{{dy}}{{dx}} = {latex(d1)}",
        "differentiate",
        "Differentiate to get the gradient function.",
    )
    steps.add(
        sp.Eq(d1, 0, evaluate=False),
        "set-gradient-zero",
        "At a stationary point the gradient is zero, so set dy/dx = 0.",
    )
    xs = sorted(sp.solveset(d1, x, sp.S.Reals), key=lambda r: float(r))
    if not xs:
        raise SolverError("no stationary points")
    d2 = sp.diff(d1, x)
    points = []
    kinds = []
    for xv in xs:
        yv = sp.simplify(expr.subs(x, xv))
        curvature = d2.subs(x, xv)
        kind = "minimum" if curvature > 0 else "maximum" if curvature < 0 else "stationary"
        points.append((xv, yv))
        kinds.append(kind)
        require(sp.simplify(d1.subs(x, xv)) == 0, "gradient zero")
    steps.add_text(
        "; ".join(f"x = {plain(a)}, y = {plain(b)}" for a, b in points),
        ";\\ ".join(f"x = {latex(a)}, y = {latex(b)}" for a, b in points),
        "find-coordinates",
        "Solve for x, then substitute each x into the curve's equation to find y.",
    )
    steps.add_text(
        f"d2y/dx2 = {plain(d2)}",
        f"\\frac{{d^2y}}{{dx^2}} = {latex(d2)}",
        "second-derivative",
        "Use the second derivative: positive means a minimum, negative means a maximum.",
    )
    for (a, b), kind in zip(points, kinds, strict=True):
        steps.add_text(
            f"({plain(a)}, {plain(b)})",
            f"({latex(a)}, {latex(b)})\\ \\text{{{kind}}}",
            "classify",
            f"The second derivative at x = {plain(a)} is {plain(d2.subs(x, a))}, so "
            f"({plain(a)}, {plain(b)}) is a {kind}.",
        )
    text = ", ".join(f"({plain(a)}, {plain(b)})" for a, b in points)
    tex = ",\\ ".join(f"({latex(a)}, {latex(b)})" for a, b in points)
    kind = "point" if len(points) == 1 else "solutions"
    return Solution(
        problem, steps.items, Answer(text, tex, kind, list(zip(points, kinds, strict=True)))
    )


def solve_integrate(problem: Problem) -> Solution:
    """Data: `expr`, optional `var`; term-by-term power rule (+ C)."""
    expr = problem.get("expr")
    x = problem.var()
    steps = Steps()
    terms = sp.Add.make_args(sp.expand(expr))
    steps.add(
        sp.Add(*(sp.integrate(t, x) for t in terms), evaluate=False),
        "power-rule-integration",
        "Integrate term by term: add one to the power, then divide by the new power.",
    )
    antiderivative = sp.integrate(expr, x)
    if antiderivative.has(sp.Integral):
        raise SolverError("no elementary antiderivative")
    value = antiderivative + C
    steps.add(value, "constant-of-integration", "Don't forget the constant of integration, + C.")
    require(sp.simplify(sp.diff(antiderivative, x) - expr) == 0, "differentiates back")
    text = plain(value)
    reads_back_as(text, value)
    return Solution(problem, steps.items, Answer(text, latex(value), "integral", value))


def solve_definite_integral(problem: Problem) -> Solution:
    """Data: `expr`, `lower`, `upper`, optional `var`."""
    expr = problem.get("expr")
    x = problem.var()
    lower, upper = problem.get("lower"), problem.get("upper")
    steps = Steps()
    big_f = sp.integrate(expr, x)
    if big_f.has(sp.Integral):
        raise SolverError("no elementary antiderivative")
    steps.add_text(
        plain(big_f),
        f"\\left[{latex(big_f)}\\right]_{{{latex(lower)}}}^{{{latex(upper)}}}",
        "integrate",
        "Integrate (no + C is needed for a definite integral).",
    )
    at_upper, at_lower = big_f.subs(x, upper), big_f.subs(x, lower)
    steps.add(
        sp.Add(at_upper, -at_lower, evaluate=False),
        "substitute-limits",
        "Substitute the top limit, then subtract the value at the bottom limit.",
    )
    value = sp.nsimplify(sp.simplify(at_upper - at_lower))
    require(sp.simplify(value - sp.integrate(expr, (x, lower, upper))) == 0, "definite integral")
    steps.add(value, "evaluate", "Work out the value.")
    text = plain(value)
    reads_back_as(text, value)
    return Solution(problem, steps.items, Answer(text, latex(value), "exact", value))


def solve_integrate_substitution(problem: Problem) -> Solution:
    """Data: `expr`, `u` (the substitution, e.g. 2*x + 1), optional `var`."""
    expr = problem.get("expr")
    x = problem.var()
    inner = problem.get("u")
    u = sp.Symbol("u")
    steps = Steps()
    du_dx = sp.diff(inner, x)
    steps.add_text(
        f"u = {plain(inner)}, du = {plain(du_dx)} dx",
        f"u = {latex(inner)},\\ du = {latex(du_dx)}\\,dx",
        "choose-substitution",
        "Choose u as the inside function and find du in terms of dx.",
    )
    in_u = sp.simplify((expr / du_dx).subs(inner, u))
    solved = sp.solve(sp.Eq(u, inner), x)
    if in_u.has(x) and solved:
        in_u = sp.simplify(in_u.subs(x, solved[0]))
    if in_u.has(x):
        raise SolverError("the substitution does not remove x")
    steps.add_text(
        plain(in_u),
        f"\\int {latex(in_u)}\\,du",
        "rewrite-in-u",
        "Rewrite the whole integral in terms of u.",
    )
    big_g = sp.integrate(in_u, u)
    steps.add(big_g + C, "integrate-in-u", "Integrate with respect to u.")
    value = sp.simplify(big_g.subs(u, inner)) + C
    steps.add(value, "substitute-back", f"Replace u by {plain(inner)}.")
    require(sp.simplify(sp.diff(value, x) - expr) == 0, "differentiates back")
    text = plain(value)
    reads_back_as(text, value)
    return Solution(problem, steps.items, Answer(text, latex(value), "integral", value))

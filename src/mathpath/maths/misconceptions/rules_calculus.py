"""Buggy rules for exponentials, logarithms, differentiation and integration."""

from __future__ import annotations

from collections.abc import Iterator

import sympy as sp

from mathpath.maths.misconceptions.model import Candidate, Value
from mathpath.maths.solvers.base import Problem

C = sp.Symbol("C")


def expr_and_var(problem: Problem) -> tuple[sp.Expr, sp.Symbol] | None:
    expr = problem.data.get("expr")
    if not isinstance(expr, sp.Expr):
        return None
    return expr, problem.var()


def log_of_sum(problem: Problem) -> Iterator[Candidate]:
    """ln a + ln b read as ln(a + b)."""
    equation = problem.data.get("eq")
    if equation is None:
        return
    x = problem.var()
    logs = [t for t in sp.Add.make_args(equation.lhs) if isinstance(t, sp.log)]
    if len(logs) >= 2:
        wrong = sp.log(sp.Add(*(t.args[0] for t in logs)))
        rest = sp.Add(*(t for t in sp.Add.make_args(equation.lhs) if t not in logs))
        roots = sp.solve(sp.Eq(wrong + rest, equation.rhs), x)
        real = [r for r in roots if r.is_real]
        if real:
            yield real


def exponent_divided_by_base(problem: Problem) -> Iterator[Candidate]:
    """a^(f(x)) = c solved as f(x) = c / a."""
    equation = problem.data.get("eq")
    if equation is None:
        return
    x = problem.var()
    coeff, power = equation.lhs.as_independent(x, as_Add=False)
    if isinstance(power, sp.Pow) and power.exp.has(x) and power.base.is_number:
        roots = sp.solve(sp.Eq(power.exp, equation.rhs / coeff / power.base), x)
        if roots:
            yield roots


def coefficient_into_base(problem: Problem) -> Iterator[Candidate]:
    """k * a^(f(x)) = c treated as (k a)^(f(x)) = c."""
    equation = problem.data.get("eq")
    if equation is None:
        return
    x = problem.var()
    coeff, power = equation.lhs.as_independent(x, as_Add=False)
    if coeff != 1 and isinstance(power, sp.Pow) and power.base.is_number and power.exp.has(x):
        roots = sp.solve(sp.Eq(power.exp * sp.log(coeff * power.base), sp.log(equation.rhs)), x)
        if roots:
            yield [sp.simplify(r) for r in roots]


def _inner(expr: sp.Expr, x: sp.Symbol) -> sp.Expr | None:
    core = sp.Mul(*(f for f in sp.Mul.make_args(expr) if f.has(x)))
    if isinstance(core, sp.Pow) and core.base.has(x) and not core.base.is_Symbol:
        return core.base
    if isinstance(core, sp.Pow) and core.exp.has(x) and not core.exp.is_Symbol:
        return core.exp
    if isinstance(core, sp.Function) and core.args and not core.args[0].is_Symbol:
        return core.args[0]
    return None


def chain_without_inner(problem: Problem) -> Iterator[Candidate]:
    found = expr_and_var(problem)
    if found is None:
        return
    expr, x = found
    inner = _inner(expr, x)
    if inner is not None and sp.diff(inner, x) != 1:
        u = sp.Dummy("u")
        yield sp.diff(expr.subs(inner, u), u).subs(u, inner)


def product_of_derivatives(problem: Problem) -> Iterator[Candidate]:
    found = expr_and_var(problem)
    if found is None:
        return
    expr, x = found
    factors = [f for f in sp.Mul.make_args(expr) if f.has(x)]
    if len(factors) == 2:
        const = sp.Mul(*(f for f in sp.Mul.make_args(expr) if not f.has(x)))
        yield const * sp.diff(factors[0], x) * sp.diff(factors[1], x)


def quotient_rule_reversed(problem: Problem) -> Iterator[Candidate]:
    found = expr_and_var(problem)
    if found is None:
        return
    expr, x = found
    u, v = sp.fraction(sp.together(expr))
    if u.has(x) and v.has(x):
        yield (u * sp.diff(v, x) - v * sp.diff(u, x)) / v**2


def quotient_of_derivatives(problem: Problem) -> Iterator[Candidate]:
    """d(u/v)/dx taken as (du/dx)/(dv/dx): the top and the bottom differentiated apart."""
    found = expr_and_var(problem)
    if found is None:
        return
    expr, x = found
    u, v = sp.fraction(sp.together(expr))
    if u.has(x) and v.has(x) and sp.diff(v, x) != 0:
        yield sp.diff(u, x) / sp.diff(v, x)


def power_not_reduced(problem: Problem) -> Iterator[Candidate]:
    found = expr_and_var(problem)
    if found is None:
        return
    expr, x = found
    terms = sp.Add.make_args(sp.expand(expr))
    if all(t.as_coeff_exponent(x)[1].is_number for t in terms):
        yield sp.Add(*(t.as_coeff_exponent(x)[1] * t for t in terms if t.has(x)))


def constant_kept(problem: Problem) -> Iterator[Candidate]:
    found = expr_and_var(problem)
    if found is None:
        return
    expr, x = found
    constant = sp.expand(expr).subs(x, 0) if sp.expand(expr).is_polynomial(x) else 0
    if constant != 0:
        yield sp.diff(expr, x) + constant


def integrate_multiplies(problem: Problem) -> Iterator[Candidate]:
    """x^n integrated as (n + 1) x^(n + 1) (multiplying by the new power)."""
    found = expr_and_var(problem)
    if found is None:
        return
    expr, x = found
    terms = sp.Add.make_args(sp.expand(expr))
    out = []
    for t in terms:
        coeff, power = t.as_coeff_exponent(x)
        if not power.is_number or power == -1:
            return
        out.append(coeff * (power + 1) * x ** (power + 1))
    yield sp.Add(*out) + C
    yield sp.Add(*out)


def differentiate_instead(problem: Problem) -> Iterator[Candidate]:
    found = expr_and_var(problem)
    if found is not None and problem.family.startswith("integrate"):
        expr, x = found
        yield sp.diff(expr, x) + C
        yield sp.diff(expr, x)


def missing_constant(expected: Value) -> Iterator[Candidate]:
    if expected.kind == "expr" and expected.expr is not None and expected.expr.has(C):
        yield expected.expr.subs(C, 0)


def limits_swapped(problem: Problem) -> Iterator[Candidate]:
    found = expr_and_var(problem)
    if found is None or "lower" not in problem.data:
        return
    expr, x = found
    yield sp.integrate(expr, (x, problem.data["upper"], problem.data["lower"]))


def lower_limit_ignored(problem: Problem) -> Iterator[Candidate]:
    found = expr_and_var(problem)
    if found is None or "lower" not in problem.data:
        return
    expr, x = found
    if problem.data["lower"] != 0:
        yield sp.integrate(expr, x).subs(x, problem.data["upper"])


def substitution_forgets_du(problem: Problem) -> Iterator[Candidate]:
    found = expr_and_var(problem)
    if found is None or "u" not in problem.data:
        return
    expr, x = found
    inner = problem.data["u"]
    u = sp.Dummy("u")
    in_u = expr.subs(inner, u)
    if in_u.has(x):
        in_u = sp.simplify((expr / sp.diff(inner, x)).subs(inner, u))
        if in_u.has(x):
            return
        in_u = in_u * sp.diff(inner, x)
        if in_u.has(x):
            return
    yield sp.integrate(in_u, u).subs(u, inner) + C

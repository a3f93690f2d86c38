"""Misconceptions in exponentials and logarithms, calculus, trigonometric equations,
sequences and binomial expansion."""

from __future__ import annotations

from collections.abc import Iterator

import sympy as sp

from mathpath.maths.misconceptions.model import Candidate, Misconception, Value
from mathpath.maths.solvers.base import Problem

C = sp.Symbol("C")


def _expr(problem: Problem) -> tuple[sp.Expr, sp.Symbol] | None:
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
    found = _expr(problem)
    if found is None:
        return
    expr, x = found
    inner = _inner(expr, x)
    if inner is not None and sp.diff(inner, x) != 1:
        u = sp.Dummy("u")
        yield sp.diff(expr.subs(inner, u), u).subs(u, inner)


def product_of_derivatives(problem: Problem) -> Iterator[Candidate]:
    found = _expr(problem)
    if found is None:
        return
    expr, x = found
    factors = [f for f in sp.Mul.make_args(expr) if f.has(x)]
    if len(factors) == 2:
        const = sp.Mul(*(f for f in sp.Mul.make_args(expr) if not f.has(x)))
        yield const * sp.diff(factors[0], x) * sp.diff(factors[1], x)


def quotient_rule_reversed(problem: Problem) -> Iterator[Candidate]:
    found = _expr(problem)
    if found is None:
        return
    expr, x = found
    u, v = sp.fraction(sp.together(expr))
    if u.has(x) and v.has(x):
        yield (u * sp.diff(v, x) - v * sp.diff(u, x)) / v**2
        yield sp.diff(u, x) / sp.diff(v, x)


def power_not_reduced(problem: Problem) -> Iterator[Candidate]:
    found = _expr(problem)
    if found is None:
        return
    expr, x = found
    terms = sp.Add.make_args(sp.expand(expr))
    if all(t.as_coeff_exponent(x)[1].is_number for t in terms):
        yield sp.Add(*(t.as_coeff_exponent(x)[1] * t for t in terms if t.has(x)))


def constant_kept(problem: Problem) -> Iterator[Candidate]:
    found = _expr(problem)
    if found is None:
        return
    expr, x = found
    constant = sp.expand(expr).subs(x, 0) if sp.expand(expr).is_polynomial(x) else 0
    if constant != 0:
        yield sp.diff(expr, x) + constant


def integrate_multiplies(problem: Problem) -> Iterator[Candidate]:
    """x^n integrated as (n + 1) x^(n + 1) (multiplying by the new power)."""
    found = _expr(problem)
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
    found = _expr(problem)
    if found is not None and problem.family.startswith("integrate"):
        expr, x = found
        yield sp.diff(expr, x) + C
        yield sp.diff(expr, x)


def missing_constant(expected: Value) -> Iterator[Candidate]:
    if expected.kind == "expr" and expected.expr is not None and expected.expr.has(C):
        yield expected.expr.subs(C, 0)


def limits_swapped(problem: Problem) -> Iterator[Candidate]:
    found = _expr(problem)
    if found is None or "lower" not in problem.data:
        return
    expr, x = found
    yield sp.integrate(expr, (x, problem.data["upper"], problem.data["lower"]))


def lower_limit_ignored(problem: Problem) -> Iterator[Candidate]:
    found = _expr(problem)
    if found is None or "lower" not in problem.data:
        return
    expr, x = found
    if problem.data["lower"] != 0:
        yield sp.integrate(expr, x).subs(x, problem.data["upper"])


def substitution_forgets_du(problem: Problem) -> Iterator[Candidate]:
    found = _expr(problem)
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


def _trig(problem: Problem) -> tuple[sp.Expr, sp.Symbol, sp.Expr, sp.Expr] | None:
    equation = problem.data.get("eq")
    if equation is None or "lower" not in problem.data:
        return None
    return equation.lhs - equation.rhs, problem.var(), problem.data["lower"], problem.data["upper"]


def _trig_roots(f: sp.Expr, x: sp.Symbol, lo: sp.Expr, hi: sp.Expr) -> list[sp.Expr]:
    scale = sp.pi / 180
    found = sp.solveset(f, x, sp.Interval(lo * scale, hi * scale))
    if not isinstance(found, sp.FiniteSet):
        return []
    return sorted((sp.nsimplify(r / scale) for r in found), key=lambda r: float(r))


def principal_only(problem: Problem) -> Iterator[Candidate]:
    trig = _trig(problem)
    if trig is None:
        return
    f, x, lo, hi = trig
    roots = _trig_roots(f, x, lo, hi)
    if len(roots) >= 2:
        yield roots[:1]


def multiple_angle_interval(problem: Problem) -> Iterator[Candidate]:
    """sin 2x = k: finding 2x only in the original interval, so half the solutions are lost."""
    trig = _trig(problem)
    if trig is None:
        return
    f, x, lo, hi = trig
    funcs = [n for n in sp.preorder_traversal(f) if isinstance(n, sp.sin | sp.cos | sp.tan)]
    if not funcs:
        return
    inner = funcs[0].args[0]
    k = sp.Poly(inner, x).coeff_monomial(x) if inner.is_polynomial(x) else 1
    if k in (0, 1):
        return
    t = sp.Symbol("t")
    in_t = f.subs(inner, t)
    wide = _trig_roots(in_t.subs(t, x), x, lo, hi)
    yield [r / k for r in wide]


def _sequence(problem: Problem) -> tuple[sp.Expr, sp.Expr] | None:
    if "first" not in problem.data:
        return None
    step = problem.data.get("difference", problem.data.get("ratio"))
    return sp.sympify(problem.data["first"]), sp.sympify(step)


n = sp.Symbol("n")


def nth_term_off_by_one(problem: Problem) -> Iterator[Candidate]:
    seq = _sequence(problem)
    if seq is None or "difference" not in problem.data:
        return
    a, d = seq
    if problem.data.get("ask", "nth-term") == "nth-term":
        yield sp.expand(a + n * d)
        yield sp.expand(d * n + a)
    elif problem.data.get("ask") == "term":
        yield a + problem.data["n"] * d


def nth_term_uses_first_as_multiplier(problem: Problem) -> Iterator[Candidate]:
    seq = _sequence(problem)
    if seq is None or "difference" not in problem.data:
        return
    a, d = seq
    if problem.data.get("ask", "nth-term") == "nth-term" and a != d:
        yield sp.expand(a * n + d)


def geometric_power_n(problem: Problem) -> Iterator[Candidate]:
    seq = _sequence(problem)
    if seq is None or "ratio" not in problem.data or problem.data.get("ask") != "term":
        return
    a, r = seq
    yield a * r ** problem.data["n"]
    yield (a * r) ** (problem.data["n"] - 1)


def sum_to_infinity_wrong(problem: Problem) -> Iterator[Candidate]:
    seq = _sequence(problem)
    if seq is None or "ratio" not in problem.data:
        return
    if problem.data.get("ask") == "sum-to-infinity":
        a, r = seq
        yield a / (1 + r)
        yield a / (r - 1)


def binomial_power_on_x_only(problem: Problem) -> Iterator[Candidate]:
    found = _expr(problem)
    if found is None or not isinstance(found[0], sp.Pow):
        return
    expr, x = found
    base, power = expr.args
    b, a = sp.Poly(base, x).all_coeffs()
    k = int(problem.data.get("terms", int(power) + 1))
    yield sp.Add(*(sp.binomial(power, r) * a ** (power - r) * b * x**r if r else a**power
                   for r in range(k)))  # fmt: skip


def binomial_no_coefficients(problem: Problem) -> Iterator[Candidate]:
    found = _expr(problem)
    if found is None or not isinstance(found[0], sp.Pow):
        return
    expr, x = found
    base, power = expr.args
    b, a = sp.Poly(base, x).all_coeffs()
    k = int(problem.data.get("terms", int(power) + 1))
    yield sp.Add(*(a ** (power - r) * (b * x) ** r for r in range(k)))


ANALYSIS: list[Misconception] = [
    Misconception(
        "log-of-sum",
        "logarithm.equation",
        "ln a + ln b = ln(a + b)",
        "The log laws say ln a + ln b = ln(ab): adding logs means multiplying inside.",
        buggy=log_of_sum,
    ),
    Misconception(
        "exponent-divided-by-base",
        "exponential.equation",
        "Dividing by the base to undo a power",
        "To get a power down, take logs of both sides: if 2ˣ = 16 then x ln 2 = ln 16. "
        "Dividing by 2 undoes × 2, not 'to the power'.",
        buggy=exponent_divided_by_base,
    ),
    Misconception(
        "coefficient-into-base",
        "exponential.equation",
        "Multiplying the coefficient into the base",
        "3 × 2ˣ is not 6ˣ: the power only applies to the 2. Divide by 3 first.",
        buggy=coefficient_into_base,
    ),
    Misconception(
        "chain-rule-missing-inner",
        "differentiate",
        "Chain rule without the inner derivative",
        "With a function inside a function, differentiate the outside and then multiply by "
        "the derivative of the inside: d/dx (3x + 1)⁵ = 5(3x + 1)⁴ × 3.",
        buggy=chain_without_inner,
    ),
    Misconception(
        "product-rule-multiply-derivatives",
        "differentiate",
        "d(uv)/dx = du/dx × dv/dx",
        "For a product use u dv/dx + v du/dx: differentiating each factor and multiplying "
        "doesn't work (try it on x × x).",
        buggy=product_of_derivatives,
    ),
    Misconception(
        "quotient-rule-order",
        "differentiate",
        "Quotient rule the wrong way round",
        "The quotient rule is (v du/dx − u dv/dx) / v²: bottom times derivative of top comes "
        "first, because of the minus sign the order matters.",
        buggy=quotient_rule_reversed,
    ),
    Misconception(
        "power-rule-not-reduced",
        "differentiate",
        "Forgetting to reduce the power",
        "Multiply by the power, then take one off the power: x³ becomes 3x².",
        buggy=power_not_reduced,
    ),
    Misconception(
        "derivative-of-constant-kept",
        "differentiate",
        "Keeping the constant term",
        "A constant doesn't change, so its gradient is 0: it disappears when you differentiate.",
        buggy=constant_kept,
    ),
    Misconception(
        "integrate-multiply-by-power",
        "integrate.indefinite",
        "Multiplying by the new power",
        "When integrating, add one to the power and then divide by the new power.",
        buggy=integrate_multiplies,
    ),
    Misconception(
        "differentiated-instead",
        "integrate.indefinite",
        "Differentiating instead of integrating",
        "Integrating is the reverse of differentiating: the power goes up by one, not down.",
        buggy=differentiate_instead,
    ),
    Misconception(
        "missing-constant-of-integration",
        "integrate.indefinite",
        "No + C",
        "An indefinite integral needs + C, because any constant differentiates to zero.",
        from_answer=missing_constant,
    ),
    Misconception(
        "definite-limits-swapped",
        "integrate.definite",
        "Subtracting the wrong way round",
        "Work out F(top limit) − F(bottom limit), in that order.",
        buggy=limits_swapped,
    ),
    Misconception(
        "definite-lower-limit-ignored",
        "integrate.definite",
        "Ignoring the lower limit",
        "Substitute both limits: F(top) − F(bottom). The bottom limit only drops out when "
        "F(bottom) is 0.",
        buggy=lower_limit_ignored,
    ),
    Misconception(
        "substitution-forgets-du",
        "integrate.substitution",
        "Forgetting to change dx to du",
        "When you substitute u, replace dx too: dx = du ÷ (du/dx). That factor changes the answer.",
        buggy=substitution_forgets_du,
    ),
    Misconception(
        "trig-principal-value-only",
        "trig.equation",
        "Stopping at the calculator value",
        "Your calculator gives one solution. Use the graph or the CAST diagram to find all "
        "the others in the interval.",
        buggy=principal_only,
    ),
    Misconception(
        "trig-multiple-angle-interval",
        "trig.equation",
        "Not extending the interval for 2x",
        "If 0 ≤ x ≤ 360 then 0 ≤ 2x ≤ 720: find every value of 2x in the bigger interval "
        "before dividing by 2.",
        buggy=multiple_angle_interval,
    ),
    Misconception(
        "nth-term-off-by-one",
        "sequence.arithmetic",
        "Using a + nd instead of a + (n − 1)d",
        "The first term has no differences added to it, so the nth term is a + (n − 1)d. "
        "Check your formula gives the first term when n = 1.",
        buggy=nth_term_off_by_one,
    ),
    Misconception(
        "nth-term-first-as-multiplier",
        "sequence.arithmetic",
        "Multiplying n by the first term",
        "The number in front of n is the common difference (how much the terms go up by), "
        "not the first term.",
        buggy=nth_term_uses_first_as_multiplier,
    ),
    Misconception(
        "geometric-power-n",
        "sequence.geometric",
        "Using rⁿ instead of rⁿ⁻¹",
        "The first term is a, so the nth term is a rⁿ⁻¹. Check with n = 1.",
        buggy=geometric_power_n,
    ),
    Misconception(
        "sum-to-infinity-formula",
        "sequence.geometric",
        "Wrong sum-to-infinity formula",
        "S∞ = a / (1 − r), and it only works when −1 < r < 1.",
        buggy=sum_to_infinity_wrong,
    ),
    Misconception(
        "binomial-power-on-x-only",
        "binomial.expansion",
        "Raising only x to the power",
        "In (2 + 3x)ⁿ the whole term 3x is raised to the power: (3x)² = 9x², not 3x².",
        buggy=binomial_power_on_x_only,
    ),
    Misconception(
        "binomial-missing-ncr",
        "binomial.expansion",
        "Leaving out the binomial coefficients",
        "Each term needs its nCr coefficient (from Pascal's triangle), e.g. 1, 5, 10, 10, 5, 1 "
        "for power 5.",
        buggy=binomial_no_coefficients,
    ),
]

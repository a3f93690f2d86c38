"""Arithmetic and geometric sequences, and binomial expansion."""

from __future__ import annotations

import sympy as sp

from mathpath.maths.solvers.base import (
    Answer,
    Problem,
    Solution,
    SolverError,
    Steps,
    number,
    require,
)
from mathpath.maths.solvers.text import latex, plain
from mathpath.maths.solvers.verify import reads_back_as

n = sp.Symbol("n")


def _answer(problem: Problem, steps: Steps, value: sp.Expr, kind: str = "expression") -> Solution:
    text = plain(value)
    reads_back_as(text, value)
    return Solution(problem, steps.items, Answer(text, latex(value), kind, value))


def solve_arithmetic(problem: Problem) -> Solution:
    """Data: `first` (a), `difference` (d), `ask` ("nth-term", "term" with `n`, or "sum" with
    `n`)."""
    a, d = number(problem.get("first")), number(problem.get("difference"))
    ask = str(problem.data.get("ask", "nth-term"))
    steps = Steps()
    nth = sp.expand(a + (n - 1) * d)
    steps.add(
        sp.Add(a, sp.Mul(sp.Add(n, -1, evaluate=False), d, evaluate=False), evaluate=False),
        "arithmetic-nth-term",
        f"The nth term is a + (n − 1)d with first term a = {plain(a)} and common difference "
        f"d = {plain(d)}.",
    )
    if ask == "nth-term":
        steps.add(nth, "simplify", "Multiply out and simplify.")
        require(all(nth.subs(n, k) == a + (k - 1) * d for k in range(1, 6)), "first terms")
        return _answer(problem, steps, nth)
    k = sp.Integer(problem.get("n"))
    if ask == "term":
        value = nth.subs(n, k)
        steps.add(value, "substitute", f"Substitute n = {k}.")
        require(value == a + (k - 1) * d, "term")
        return _answer(problem, steps, value, "numeric")
    if ask == "sum":
        formula = sp.Mul(k / 2, 2 * a + (k - 1) * d, evaluate=False)
        steps.add(formula, "arithmetic-series", "Use Sₙ = n/2 (2a + (n − 1)d).")
        value = sp.simplify(k / 2 * (2 * a + (k - 1) * d))
        require(value == sum(a + (i - 1) * d for i in range(1, int(k) + 1)), "sum")
        steps.add(value, "evaluate", "Work it out.")
        return _answer(problem, steps, value, "numeric")
    raise SolverError(f"unknown question {ask}")


def solve_geometric(problem: Problem) -> Solution:
    """Data: `first` (a), `ratio` (r), `ask` ("term" with `n`, "sum" with `n`, or
    "sum-to-infinity")."""
    a, r = number(problem.get("first")), number(problem.get("ratio"))
    ask = str(problem.data.get("ask", "term"))
    steps = Steps()
    if ask == "term":
        k = sp.Integer(problem.get("n"))
        steps.add(
            sp.Mul(a, sp.Pow(r, k - 1, evaluate=False), evaluate=False),
            "geometric-nth-term",
            "The nth term is a rⁿ⁻¹.",
        )
        value = a * r ** (k - 1)
        require(value == sp.Mul(a, *([r] * (int(k) - 1))), "term")
        steps.add(value, "evaluate", "Work it out.")
        return _answer(problem, steps, value, "numeric")
    if ask == "sum":
        k = sp.Integer(problem.get("n"))
        if r == 1:
            raise SolverError("r = 1 is not a geometric series formula case")
        steps.add(
            sp.Mul(
                a,
                sp.Add(1, -sp.Pow(r, k, evaluate=False), evaluate=False),
                sp.Pow(1 - r, -1, evaluate=False),
                evaluate=False,
            ),
            "geometric-series",
            "Use Sₙ = a(1 − rⁿ)/(1 − r).",
        )
        value = sp.nsimplify(a * (1 - r**k) / (1 - r))
        require(value == sum(a * r**i for i in range(int(k))), "sum")
        steps.add(value, "evaluate", "Work it out.")
        return _answer(problem, steps, value, "numeric")
    if ask == "sum-to-infinity":
        if not abs(r) < 1:
            raise SolverError("the series only converges when |r| < 1")
        steps.add(
            sp.Mul(a, sp.Pow(1 - r, -1, evaluate=False), evaluate=False),
            "sum-to-infinity",
            "Because |r| < 1 the series converges: S∞ = a/(1 − r).",
        )
        value = sp.nsimplify(a / (1 - r))
        # S = a + rS for a convergent series, so the value must satisfy S(1 - r) = a.
        require(sp.simplify(value * (1 - r) - a) == 0, "limit")
        steps.add(value, "evaluate", "Work it out.")
        return _answer(problem, steps, value, "numeric")
    raise SolverError(f"unknown question {ask}")


def solve_binomial(problem: Problem) -> Solution:
    """Data: `expr` = (a + b x)^n with n a positive integer, optional `terms` (how many
    terms in ascending powers of x, default all)."""
    expr = problem.get("expr")
    x = problem.var()
    if not (isinstance(expr, sp.Pow) and expr.exp.is_Integer and expr.exp > 0):
        raise SolverError("expected (a + bx)^n with n a positive integer")
    base, power = expr.args
    k_terms = int(problem.data.get("terms", int(power) + 1))
    poly = sp.Poly(base, x)
    if poly.degree() != 1:
        raise SolverError("the bracket must be linear")
    b, a = poly.all_coeffs()
    steps = Steps()
    written = [
        sp.Mul(
            sp.binomial(power, r),
            sp.Pow(a, power - r, evaluate=False),
            sp.Pow(b * x, r, evaluate=False),
            evaluate=False,
        )
        for r in range(k_terms)
    ]
    steps.add(
        sp.Add(*written, evaluate=False),
        "binomial-theorem",
        "Use the binomial theorem: (a + b)ⁿ = Σ nCr aⁿ⁻ʳ bʳ, starting with r = 0.",
    )
    value = sp.Add(
        *(sp.binomial(power, r) * a ** (power - r) * (b * x) ** r for r in range(k_terms))
    )
    steps.add(value, "evaluate-coefficients", "Work out each coefficient.")
    full = sp.Poly(sp.expand(expr), x)
    require(
        all(full.coeff_monomial(x**r) == value.coeff(x, r) for r in range(k_terms)), "coefficients"
    )
    return _answer(problem, steps, value)

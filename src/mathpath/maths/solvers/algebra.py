"""Expanding, factorising, algebraic fractions, indices and surds."""

from __future__ import annotations

import sympy as sp

from mathpath.maths.solvers.base import Answer, Problem, Solution, SolverError, Steps, require
from mathpath.maths.solvers.text import latex, plain
from mathpath.maths.solvers.verify import reads_back_as


def _expression_answer(problem: Problem, steps: Steps, value: sp.Expr) -> Solution:
    text = plain(value)
    reads_back_as(text, value)
    return Solution(problem, steps.items, Answer(text, latex(value), "expression", value))


def solve_expand(problem: Problem) -> Solution:
    """Data: `expr` (a product of brackets or a power of a bracket)."""
    expr = problem.get("expr")
    steps = Steps()
    factors = sp.Mul.make_args(expr)
    if len(factors) == 1 and isinstance(expr, sp.Pow) and expr.exp.is_Integer:
        base, n = expr.args
        factors = (base,) * int(n)
        written = sp.Mul(*factors, evaluate=False)
        steps.add(written, "write-out-power", f"Write the power as {n} brackets multiplied.")
    current, rest = factors[0], list(factors[1:])
    while rest:
        nxt = rest.pop(0)
        terms = [sp.expand(a * b) for a in sp.Add.make_args(current) for b in sp.Add.make_args(nxt)]
        current = sp.expand(current * nxt)
        if len(terms) > 1:
            steps.add(
                sp.Mul(sp.Add(*terms, evaluate=False), *rest, evaluate=False),
                "multiply-each-term",
                "Multiply every term in one bracket by every term in the other.",
            )
        if rest:
            steps.add(
                sp.Mul(current, *rest, evaluate=False),
                "collect-like-terms",
                "Collect like terms before multiplying by the next bracket.",
            )
    value = sp.expand(expr)
    steps.add(value, "collect-like-terms", "Collect like terms.")
    require(sp.expand(value - expr) == 0, "expansion")
    return _expression_answer(problem, steps, value)


def solve_factorise(problem: Problem) -> Solution:
    """Data: `expr` (a polynomial); takes out a common factor, then factorises what is left
    (difference of two squares, quadratics by splitting the middle term)."""
    expr = sp.expand(problem.get("expr"))
    x = problem.var()
    steps = Steps()
    try:
        poly = sp.Poly(expr, x)
    except sp.PolynomialError as exc:
        raise SolverError("factorise needs a polynomial") from exc
    content, _ = poly.primitive()
    (power,), _ = poly.terms_gcd()
    outside = content * x**power
    inside = sp.expand(expr / outside)
    if outside != 1:
        steps.add(
            sp.Mul(outside, inside, evaluate=False),
            "common-factor",
            f"Take out the highest common factor, {plain(outside)}.",
        )
    factored_inside = sp.factor(inside)
    poly = sp.Poly(inside, x)
    if poly.degree() == 2:
        a, b, c = poly.all_coeffs()
        if b == 0 and c < 0 and a > 0 and sp.sqrt(a).is_Rational and sp.sqrt(-c).is_Rational:
            steps.add(
                sp.Add(sp.Pow(sp.sqrt(a) * x, 2), -sp.Pow(sp.sqrt(-c), 2), evaluate=False),
                "difference-of-two-squares",
                "This is a difference of two squares: a² − b² = (a + b)(a − b).",
            )
        elif factored_inside != inside:
            pair = _split_middle(a, b, c)
            if pair is not None:
                p, q = pair
                steps.add(
                    sp.Add(a * x**2, p * x, q * x, c, evaluate=False),
                    "split-middle-term",
                    f"Find two numbers that multiply to {a * c} and add to {b}: "
                    f"{p} and {q}. Split the middle term with them.",
                )
    value = sp.Mul(outside, factored_inside) if outside != 1 else factored_inside
    if value == expr:
        raise SolverError("this expression does not factorise over the integers")
    steps.add(value, "factorised", "Write the expression as a product of its factors.")
    require(sp.expand(value - expr) == 0, "factorisation")
    return _expression_answer(problem, steps, value)


def _split_middle(a: sp.Expr, b: sp.Expr, c: sp.Expr) -> tuple[int, int] | None:
    product = int(a * c)
    for p in range(-abs(product) - 1, abs(product) + 2):
        if p != 0 and product % p == 0 and p + product // p == b:
            return p, product // p
    return None


def solve_fraction_simplify(problem: Problem) -> Solution:
    """Data: `expr` (a quotient of polynomials); factorise top and bottom, cancel."""
    expr = problem.get("expr")
    num, den = sp.fraction(sp.together(expr))
    if den == 1:
        # x^2 * x^3 is an indices question, not a fraction: let that family take it.
        raise SolverError("fractions.simplify needs a quotient")
    steps = Steps()
    fnum, fden = sp.factor(num), sp.factor(den)
    steps.add(
        sp.Mul(fnum, sp.Pow(fden, -1, evaluate=False), evaluate=False),
        "factorise-top-and-bottom",
        "Factorise the top and the bottom.",
    )
    value = sp.factor(sp.cancel(expr))
    steps.add(value, "cancel-common-factors", "Cancel the factors that appear top and bottom.")
    require(sp.simplify(value - expr) == 0, "simplification")
    return _expression_answer(problem, steps, value)


def solve_fraction_add(problem: Problem) -> Solution:
    """Data: `terms` (a list of algebraic fractions to add; subtract by giving negative ones)."""
    terms = list(problem.get("terms"))
    steps = Steps()
    dens = [sp.fraction(sp.together(t))[1] for t in terms]
    common = sp.factor(sp.lcm_list(dens)) if len(dens) > 1 else dens[0]
    rewritten = []
    for t, d in zip(terms, dens, strict=True):
        n = sp.fraction(sp.together(t))[0]
        scale = sp.cancel(common / d)
        rewritten.append(
            sp.Mul(sp.expand(n * scale), sp.Pow(common, -1, evaluate=False), evaluate=False)
        )
    steps.add(
        sp.Add(*rewritten, evaluate=False),
        "common-denominator",
        f"Write every fraction over the common denominator {plain(common)}.",
    )
    top = sp.expand(
        sum(
            sp.fraction(sp.together(t))[0] * sp.cancel(common / d)
            for t, d in zip(terms, dens, strict=True)
        )
    )
    combined = sp.Mul(top, sp.Pow(common, -1, evaluate=False), evaluate=False)
    steps.add(combined, "add-numerators", "Add the numerators; the denominator stays the same.")
    value = sp.factor(sp.cancel(top / common))
    require(sp.simplify(value - sum(terms)) == 0, "sum")
    if value != combined:
        steps.add(value, "simplify", "Simplify, cancelling any common factor.")
    return _expression_answer(problem, steps, value)


def solve_indices(problem: Problem) -> Solution:
    """Data: `expr` (a product/quotient/power of powers); apply the index laws."""
    expr = problem.get("expr")
    steps = Steps()
    powers = sp.powsimp(sp.powdenest(expr, force=True), force=True)
    steps.add(
        powers,
        "index-laws",
        "Use the index laws: add powers when multiplying, subtract when dividing, multiply "
        "powers when raising a power to a power.",
    )
    value = sp.simplify(powers)
    if value != powers:
        steps.add(value, "simplify", "Tidy up the numbers.")
    require(sp.simplify(value - expr) == 0, "index laws")
    return _expression_answer(problem, steps, value)


def solve_surds(problem: Problem) -> Solution:
    """Data: `expr` (surds to simplify, e.g. sqrt(48) + sqrt(12), or a fraction with a surd
    denominator to rationalise)."""
    expr = problem.get("expr")
    steps = Steps()
    num, den = sp.fraction(expr)
    if _has_surd(den):
        conj = den.args[0] - den.args[1] if isinstance(den, sp.Add) and len(den.args) == 2 else den
        steps.add(
            sp.Mul(
                sp.expand(num * conj),
                sp.Pow(sp.expand(den * conj), -1, evaluate=False),
                evaluate=False,
            ),
            "rationalise-denominator",
            f"Multiply the top and bottom by {plain(conj)} to clear the surd from the bottom.",
        )
    else:
        steps.add(
            sp.Add(*(t.doit() for t in sp.Add.make_args(expr)), evaluate=False),
            "simplify-surd",
            "Split each number under the root into a square number times another number: "
            "√(a²b) = a√b.",
        )
    expr = expr.doit()
    value = sp.radsimp(expr)
    if not value.is_number:
        raise SolverError("surd problems are numeric")
    require(sp.simplify(value - expr) == 0, "surd value")
    steps.add(value, "simplest-form", "Collect like surds and write in simplest form.")
    return _expression_answer(problem, steps, value)


def _has_surd(expr: sp.Expr) -> bool:
    return any(
        isinstance(node, sp.Pow) and node.exp.is_Rational and not node.exp.is_Integer
        for node in sp.preorder_traversal(expr)
    )

"""Misconceptions in linear equations, expanding, factorising, quadratics, simultaneous
equations, algebraic fractions, indices and surds. Each buggy rule reproduces the mistake on the
problem's own data."""

from __future__ import annotations

from collections.abc import Iterator

import sympy as sp

from mathpath.maths.misconceptions.model import Candidate, Misconception, Value
from mathpath.maths.solvers.base import Problem


def _linear(problem: Problem) -> tuple[sp.Symbol, sp.Expr, sp.Expr, sp.Expr] | None:
    """x, a, b, c for a*x + b = c (everything with x gathered on the left)."""
    equation = problem.data.get("eq") if "eq" in problem.data else problem.data.get("rel")
    if equation is None:
        return None
    x = problem.var()
    f = sp.expand(equation.lhs - equation.rhs)
    a = f.coeff(x)
    if a == 0 or sp.expand(f - a * x).has(x):
        return None
    b = sp.expand(equation.lhs).subs(x, 0) if not equation.rhs.has(x) else f.subs(x, 0)
    c = b - f.subs(x, 0)
    return x, a, b, c


def divide_one_term(problem: Problem) -> Iterator[Candidate]:
    parts = _linear(problem)
    if parts and parts[2] != 0:
        _, a, b, c = parts
        yield [c / a - b]


def move_without_sign_change(problem: Problem) -> Iterator[Candidate]:
    parts = _linear(problem)
    if parts and parts[2] != 0:
        _, a, b, c = parts
        yield [(c + b) / a]


def subtract_coefficient(problem: Problem) -> Iterator[Candidate]:
    parts = _linear(problem)
    if parts and parts[1] != 1:
        _, a, b, c = parts
        yield [c - b - a]


def divide_wrong_way(problem: Problem) -> Iterator[Candidate]:
    parts = _linear(problem)
    if parts and parts[3] != parts[2]:
        _, a, b, c = parts
        yield [a / (c - b)]


def inequality_not_flipped(problem: Problem) -> Iterator[Candidate]:
    rel = problem.data.get("rel")
    parts = _linear(problem)
    if rel is None or parts is None or not parts[1].is_negative:
        return
    x, a, b, c = parts
    flipped = {"<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge}[rel.rel_op]
    yield flipped(x, (c - b) / a)


def _bracket_pairs(problem: Problem) -> list[sp.Expr]:
    expr = problem.data.get("expr")
    if expr is None:
        return []
    if isinstance(expr, sp.Pow) and expr.exp == 2:
        return [expr.base, expr.base]
    return list(sp.Mul.make_args(expr))


def square_of_sum(problem: Problem) -> Iterator[Candidate]:
    expr = problem.data.get("expr")
    if isinstance(expr, sp.Pow) and expr.exp == 2 and isinstance(expr.base, sp.Add):
        yield sp.Add(*(t**2 for t in sp.Add.make_args(expr.base)))


def square_of_difference_signs(problem: Problem) -> Iterator[Candidate]:
    expr = problem.data.get("expr")
    if isinstance(expr, sp.Pow) and expr.exp == 2 and isinstance(expr.base, sp.Add):
        terms = sp.Add.make_args(expr.base)
        if len(terms) == 2 and any(t.could_extract_minus_sign() for t in terms):
            yield (
                terms[0] ** 2 - terms[1] ** 2
                if terms[1].could_extract_minus_sign()
                else (terms[1] ** 2 - terms[0] ** 2)
            )


def expand_first_term_only(problem: Problem) -> Iterator[Candidate]:
    expr = problem.data.get("expr", None)
    if expr is None and "eq" in problem.data:
        expr = problem.data["eq"].lhs
    if expr is None:
        return
    factors = sp.Mul.make_args(expr)
    number = sp.Mul(*(f for f in factors if f.is_number))
    brackets = [f for f in factors if isinstance(f, sp.Add)]
    if number != 1 and len(brackets) == 1:
        terms = sp.Add.make_args(brackets[0])
        # SymPy orders terms its own way, so try "only this term multiplied" for each term.
        for i, term in enumerate(terms):
            wrong = number * term + sp.Add(*(t for j, t in enumerate(terms) if j != i))
            if "eq" in problem.data:
                yield sp.solve(sp.Eq(wrong, problem.data["eq"].rhs), problem.var())
            else:
                yield wrong


def missing_middle_terms(problem: Problem) -> Iterator[Candidate]:
    pairs = [f for f in _bracket_pairs(problem) if isinstance(f, sp.Add)]
    if len(pairs) == 2:
        firsts = [sp.Add.make_args(p) for p in pairs]
        x = problem.var()
        heads = [sum(t for t in ts if t.has(x)) for ts in firsts]
        tails = [sum(t for t in ts if not t.has(x)) for ts in firsts]
        yield sp.expand(heads[0] * heads[1] + tails[0] * tails[1])


def factorise_sign_error(problem: Problem) -> Iterator[Candidate]:
    expr = problem.data.get("expr")
    if expr is None:
        return
    x = problem.var()
    f = sp.factor(expr)
    if f != expr:
        yield sp.factor(sp.expand(f.subs(x, -x)) * (-1) ** sp.degree(expr, x))


def partial_factorisation(problem: Problem) -> Iterator[Candidate]:
    expr = problem.data.get("expr")
    if expr is None:
        return
    x = problem.var()
    poly = sp.Poly(sp.expand(expr), x)
    content, _ = poly.primitive()
    (power,), _ = poly.terms_gcd()
    if content != 1 and power > 0:
        yield sp.Mul(content, sp.expand(expr / content), evaluate=False)
        yield sp.Mul(x**power, sp.expand(expr / x**power), evaluate=False)


def dots_as_square(problem: Problem) -> Iterator[Candidate]:
    expr = problem.data.get("expr")
    if expr is None:
        return
    x = problem.var()
    poly = sp.Poly(sp.expand(expr), x)
    if poly.degree() == 2:
        a, b, c = poly.all_coeffs()
        if b == 0 and c < 0 and a > 0:
            yield (sp.sqrt(a) * x - sp.sqrt(-c)) ** 2
            yield (sp.sqrt(a) * x + sp.sqrt(-c)) ** 2


def _quadratic(problem: Problem) -> tuple[sp.Symbol, sp.Expr, sp.Expr, sp.Expr] | None:
    x = problem.var()
    if "eq" in problem.data:
        f = sp.expand(problem.data["eq"].lhs - problem.data["eq"].rhs)
    elif "expr" in problem.data:
        f = sp.expand(problem.data["expr"])
    else:
        return None
    try:
        poly = sp.Poly(f, x)
    except sp.PolynomialError:
        return None
    if poly.degree() != 2:
        return None
    a, b, c = poly.all_coeffs()
    return x, a, b, c


def formula_sign_of_b(problem: Problem) -> Iterator[Candidate]:
    q = _quadratic(problem)
    if q and q[2] != 0 and q[2] ** 2 - 4 * q[1] * q[3] >= 0:
        _, a, b, c = q
        d = sp.sqrt(b**2 - 4 * a * c)
        yield [(b + d) / (2 * a), (b - d) / (2 * a)]


def formula_divide_by_a(problem: Problem) -> Iterator[Candidate]:
    q = _quadratic(problem)
    if q and q[2] ** 2 - 4 * q[1] * q[3] >= 0:
        _, a, b, c = q
        d = sp.sqrt(b**2 - 4 * a * c)
        yield [(-b + d) / a, (-b - d) / a]


def formula_partial_division(problem: Problem) -> Iterator[Candidate]:
    q = _quadratic(problem)
    if q and q[2] ** 2 - 4 * q[1] * q[3] > 0:
        _, a, b, c = q
        d = sp.sqrt(b**2 - 4 * a * c)
        yield [-b + d / (2 * a), -b - d / (2 * a)]


def roots_sign_flipped(problem: Problem) -> Iterator[Candidate]:
    q = _quadratic(problem)
    if q:
        x, a, b, c = q
        roots = sp.solve(a * x**2 + b * x + c, x)
        if roots and all(r.is_real for r in roots):
            yield [-r for r in roots]


def completing_square_sign(problem: Problem) -> Iterator[Candidate]:
    q = _quadratic(problem)
    if q and q[2] != 0:
        _, a, b, c = q
        p = b / (2 * a)
        rhs = p**2 - c / a
        if rhs >= 0:
            yield [p + sp.sqrt(rhs), p - sp.sqrt(rhs)]


def drop_negative_root_rule(problem: Problem) -> Iterator[Candidate]:
    q = _quadratic(problem)
    if q:
        x, a, b, c = q
        roots = [r for r in sp.solve(a * x**2 + b * x + c, x) if r.is_real]
        positive = [r for r in roots if r >= 0]
        if 0 < len(positive) < len(roots):
            yield positive


def drop_negative_root_answer(expected: Value) -> Iterator[Candidate]:
    if expected.kind == "set" and len(expected.items) == 2:
        positive = [r for r in expected.items if r.is_real and r >= 0]
        if len(positive) == 1:
            yield positive


def _linear_pair(problem: Problem) -> tuple[list[sp.Equality], sp.Symbol, sp.Symbol] | None:
    eqs = problem.data.get("eqs")
    if not eqs or len(eqs) != 2:
        return None
    symbols = sorted(set().union(*(e.free_symbols for e in eqs)), key=str)
    if len(symbols) != 2:
        return None
    return list(eqs), symbols[0], symbols[1]


def simultaneous_add_not_subtract(problem: Problem) -> Iterator[Candidate]:
    pair = _linear_pair(problem)
    if pair is None:
        return
    eqs, x, y = pair
    f1, f2 = (sp.expand(e.lhs - e.rhs) for e in eqs)
    if sp.Poly(f1, x, y).total_degree() != 1 or sp.Poly(f2, x, y).total_degree() != 1:
        return
    b1, b2 = f1.coeff(y), f2.coeff(y)
    if b1 == 0 or b2 == 0:
        return
    # Scale so the y terms match, then ADD when they should be subtracted (y "cancels").
    m1, m2 = sp.lcm(b1, b2) / b1, sp.lcm(b1, b2) / b2
    combined = sp.expand(m1 * f1 + m2 * f2).subs(y, 0)
    xs = sp.solve(combined, x)
    if len(xs) == 1:
        ys = sp.solve(f1.subs(x, xs[0]), y)
        if len(ys) == 1:
            yield [(xs[0], ys[0])]


def simultaneous_swapped(problem: Problem) -> Iterator[Candidate]:
    pair = _linear_pair(problem)
    if pair is None:
        return
    eqs, x, y = pair
    solved = sp.solve(eqs, [x, y], dict=True)
    if len(solved) == 1 and solved[0][x] != solved[0][y]:
        yield [(solved[0][y], solved[0][x])]


def add_tops_and_bottoms(problem: Problem) -> Iterator[Candidate]:
    terms = problem.data.get("terms")
    if terms and len(terms) == 2:
        (n1, d1), (n2, d2) = (sp.fraction(sp.together(t)) for t in terms)
        yield (n1 + n2) / (d1 + d2)


def numerators_not_scaled(problem: Problem) -> Iterator[Candidate]:
    terms = problem.data.get("terms")
    if terms and len(terms) == 2:
        (n1, d1), (n2, d2) = (sp.fraction(sp.together(t)) for t in terms)
        if d1 != d2:
            yield (n1 + n2) / sp.lcm(d1, d2)


def cancel_terms_not_factors(problem: Problem) -> Iterator[Candidate]:
    expr = problem.data.get("expr")
    if expr is None:
        return
    num, den = sp.fraction(expr)
    num_terms, den_terms = (
        set(sp.Add.make_args(sp.expand(num))),
        set(sp.Add.make_args(sp.expand(den))),
    )
    for t in num_terms & den_terms:
        if len(num_terms) > 1 and len(den_terms) > 1:
            yield (sp.expand(num) - t) / (sp.expand(den) - t)


def _index_parts(problem: Problem) -> list[tuple[sp.Expr, sp.Expr]]:
    expr = problem.data.get("expr")
    if expr is None:
        return []
    return [f.as_base_exp() for f in sp.Mul.make_args(expr)]


def multiply_powers(problem: Problem) -> Iterator[Candidate]:
    """x^a * x^b -> x^(ab), and x^a / x^b -> x^(a/b)."""
    parts = _index_parts(problem)
    bases = {b for b, _ in parts if not b.is_number}
    if len(bases) != 1 or len(parts) < 2:
        return
    base = bases.pop()
    coeff = sp.Mul(*(b**e for b, e in parts if b != base))
    ups = [e for b, e in parts if b == base and e > 0]
    downs = [-e for b, e in parts if b == base and e < 0]
    top = sp.Mul(*ups) if ups else sp.Integer(1)
    if downs:
        yield coeff * base ** (sp.Add(*ups) / sp.Add(*downs))
    if len(ups) >= 2:
        yield coeff * base ** (top / sp.Add(*downs) if downs else top)


def power_of_power_added(problem: Problem) -> Iterator[Candidate]:
    expr = problem.data.get("expr")
    if isinstance(expr, sp.Pow) and isinstance(expr.base, sp.Pow):
        yield expr.base.base ** (expr.base.exp + expr.exp)
    raw = problem.data.get("raw")
    if isinstance(raw, sp.Pow) and isinstance(raw.base, sp.Pow):
        yield raw.base.base ** (raw.base.exp + raw.exp)


def negative_power_negative(expected: Value) -> Iterator[Candidate]:
    if expected.kind == "expr" and expected.expr is not None and expected.expr.is_Rational:
        value = expected.expr
        if value != 0 and abs(value) < 1 and value.p == 1:
            yield -1 / value


def fractional_power_divides(problem: Problem) -> Iterator[Candidate]:
    raw = problem.data.get("raw", problem.data.get("expr"))
    if isinstance(raw, sp.Pow) and raw.exp.is_Rational and not raw.exp.is_Integer:
        yield raw.base * raw.exp


def sqrt_of_sum(problem: Problem) -> Iterator[Candidate]:
    expr = problem.data.get("expr")
    if expr is None:
        return
    radicands = []
    for t in sp.Add.make_args(expr):
        coeff, rest = t.as_coeff_Mul()
        if isinstance(rest, sp.Pow) and rest.exp == sp.Rational(1, 2) and coeff == 1:
            radicands.append(rest.base)
    if len(radicands) >= 2:
        yield sp.sqrt(sp.Add(*radicands))


def rationalise_bottom_only(problem: Problem) -> Iterator[Candidate]:
    expr = problem.data.get("expr")
    if expr is None:
        return
    num, den = sp.fraction(expr)
    if isinstance(den, sp.Add) and len(den.args) == 2:
        conj = den.args[0] - den.args[1]
        yield num / sp.expand(den * conj)
    elif isinstance(den, sp.Pow) and den.exp == sp.Rational(1, 2):
        yield num / den.base


def sign_error_answer(expected: Value) -> Iterator[Candidate]:
    if expected.kind == "expr" and expected.expr is not None and expected.expr != 0:
        yield -expected.expr
    if expected.kind == "set" and expected.items:
        yield [-r for r in expected.items]


def reciprocal_answer(expected: Value) -> Iterator[Candidate]:
    if expected.kind == "set" and len(expected.items) == 1:
        value = next(iter(expected.items))
        if value not in (0, 1, -1):
            yield [1 / value]


def unsimplified_fraction(expected: Value) -> Iterator[Candidate]:
    """Marker: matched structurally in `diagnose` (same value, fraction not in lowest terms)."""
    return iter(())


ALGEBRA: list[Misconception] = [
    Misconception(
        "divide-one-term-only",
        "linear.equation",
        "Dividing only one term by the coefficient",
        "When you divide to get x on its own, every term on both sides has to be divided, not "
        "just the x term. It often helps to move the number term first.",
        buggy=divide_one_term,
    ),
    Misconception(
        "move-term-keep-sign",
        "linear.equation",
        "Moving a term without changing its sign",
        "When a term moves to the other side of the equals sign it does the opposite "
        "operation: +5 on one side becomes −5 on the other.",
        buggy=move_without_sign_change,
    ),
    Misconception(
        "subtract-coefficient",
        "linear.equation",
        "Subtracting the coefficient instead of dividing",
        "3x means 3 × x, so to undo it you divide by 3; subtracting 3 undoes + 3, not × 3.",
        buggy=subtract_coefficient,
    ),
    Misconception(
        "divide-wrong-way",
        "linear.equation",
        "Dividing the wrong way round",
        "If 4x = 12, then x = 12 ÷ 4, not 4 ÷ 12. Divide the number side by the coefficient.",
        buggy=divide_wrong_way,
        from_answer=reciprocal_answer,
    ),
    Misconception(
        "inequality-not-flipped",
        "linear.inequality",
        "Not flipping the inequality when dividing by a negative",
        "Multiplying or dividing both sides by a negative number reverses the order, so the "
        "inequality sign must turn round. Try a number to check!",
        buggy=inequality_not_flipped,
    ),
    Misconception(
        "expand-first-term-only",
        "expand",
        "Multiplying only the first term in the bracket",
        "The number outside a bracket multiplies every term inside it: 3(x + 4) = 3x + 12.",
        buggy=expand_first_term_only,
    ),
    Misconception(
        "square-of-sum",
        "expand",
        "(a + b)² = a² + b²",
        "(a + b)² means (a + b)(a + b). Multiply it out and you get a middle term: a² + 2ab + b².",
        buggy=square_of_sum,
    ),
    Misconception(
        "square-of-difference",
        "expand",
        "(a − b)² = a² − b²",
        "(a − b)² = (a − b)(a − b) = a² − 2ab + b². The last term is + b² because "
        "negative × negative is positive.",
        buggy=square_of_difference_signs,
    ),
    Misconception(
        "missing-middle-terms",
        "expand",
        "Multiplying only firsts and lasts",
        "Each term in the first bracket multiplies each term in the second: that's four "
        "products, and the two middle ones often combine.",
        buggy=missing_middle_terms,
    ),
    Misconception(
        "factorise-sign-error",
        "factorise",
        "Wrong signs in the brackets",
        "Check by expanding: the numbers in the brackets must multiply to the constant term "
        "and add to the x coefficient, signs included.",
        buggy=factorise_sign_error,
    ),
    Misconception(
        "partial-factorisation",
        "factorise",
        "Not taking out the highest common factor",
        "Take out the highest common factor: check whether what's left in the bracket still "
        "has a number or letter in common.",
        buggy=partial_factorisation,
    ),
    Misconception(
        "difference-of-squares-as-square",
        "factorise",
        "x² − 9 = (x − 3)²",
        "(x − 3)² expands to x² − 6x + 9. A difference of two squares factorises to "
        "(x + 3)(x − 3).",
        buggy=dots_as_square,
    ),
    Misconception(
        "drop-negative-root",
        "quadratic",
        "Forgetting the negative square root",
        "Every positive number has two square roots: if x² = 9 then x = 3 or x = −3.",
        buggy=drop_negative_root_rule,
        from_answer=drop_negative_root_answer,
    ),
    Misconception(
        "quadratic-formula-sign-of-b",
        "quadratic.formula",
        "Using +b instead of −b in the formula",
        "The formula starts with −b: if b is −5, then −b is +5.",
        buggy=formula_sign_of_b,
    ),
    Misconception(
        "quadratic-formula-divide-by-a",
        "quadratic.formula",
        "Dividing by a instead of 2a",
        "The whole of −b ± √(b² − 4ac) is divided by 2a, not by a.",
        buggy=formula_divide_by_a,
    ),
    Misconception(
        "quadratic-formula-partial-division",
        "quadratic.formula",
        "Dividing only the square root by 2a",
        "The fraction line goes under the whole top: (−b ± √(b² − 4ac)) ÷ 2a.",
        buggy=formula_partial_division,
    ),
    Misconception(
        "zero-product-sign",
        "quadratic.factorise",
        "Taking the numbers from the brackets as roots",
        "If (x − 2)(x + 3) = 0 then x − 2 = 0 or x + 3 = 0, so x = 2 or x = −3: the signs "
        "swap when you solve each bracket.",
        buggy=roots_sign_flipped,
    ),
    Misconception(
        "completing-square-sign",
        "quadratic.complete_square",
        "Wrong sign inside the completed square",
        "x² + 6x = (x + 3)² − 9: the number in the bracket has the same sign as the x "
        "coefficient, and the solutions come from x + 3 = ±√…, so x = −3 ± √….",
        buggy=completing_square_sign,
    ),
    Misconception(
        "simultaneous-add-not-subtract",
        "simultaneous.linear",
        "Adding when the signs are the same",
        "To eliminate a letter: Same Signs Subtract, Different signs aDD. Check the letter "
        "really disappears.",
        buggy=simultaneous_add_not_subtract,
    ),
    Misconception(
        "simultaneous-values-swapped",
        "simultaneous.linear",
        "Swapping the x and y values",
        "Say which letter each value belongs to, and check both equations with your answer.",
        buggy=simultaneous_swapped,
    ),
    Misconception(
        "add-tops-and-bottoms",
        "fractions.add",
        "Adding the tops and adding the bottoms",
        "Fractions need a common denominator before you add: 1/2 + 1/3 = 3/6 + 2/6 = 5/6, not 2/5.",
        buggy=add_tops_and_bottoms,
    ),
    Misconception(
        "numerators-not-scaled",
        "fractions.add",
        "Changing the bottom but not the top",
        "When you change a fraction's denominator, multiply the numerator by the same thing "
        "so the fraction keeps its value.",
        buggy=numerators_not_scaled,
    ),
    Misconception(
        "cancel-terms-not-factors",
        "fractions.simplify",
        "Cancelling terms instead of factors",
        "You can only cancel something that multiplies the whole top and the whole bottom. "
        "Factorise first, then cancel whole brackets.",
        buggy=cancel_terms_not_factors,
    ),
    Misconception(
        "fraction-not-simplified",
        "fractions.simplify",
        "Fraction not in its simplest form",
        "Your answer has the right value, but the top and bottom still share a factor: divide "
        "both by it.",
        from_answer=unsimplified_fraction,
    ),
    Misconception(
        "multiply-indices",
        "indices.simplify",
        "Multiplying the powers when multiplying",
        "x² × x³ = (x·x)(x·x·x) = x⁵: when you multiply powers of the same base you add the "
        "indices.",
        buggy=multiply_powers,
    ),
    Misconception(
        "power-of-power-added",
        "indices.simplify",
        "Adding the powers for a power of a power",
        "(x²)³ = x² × x² × x² = x⁶: for a power of a power you multiply the indices.",
        buggy=power_of_power_added,
    ),
    Misconception(
        "negative-index-negative",
        "indices.simplify",
        "Thinking a negative power gives a negative number",
        "A negative power means 'one over': 2⁻³ = 1/2³ = 1/8. It's still positive.",
        from_answer=negative_power_negative,
    ),
    Misconception(
        "fractional-index-divides",
        "indices.simplify",
        "Treating a fractional power as multiplying",
        "A power of 1/2 means square root and 1/3 means cube root: 8^(1/3) = 2, not 8/3.",
        buggy=fractional_power_divides,
    ),
    Misconception(
        "sqrt-of-sum",
        "surds.simplify",
        "√a + √b = √(a + b)",
        "Roots don't add like that: √9 + √16 = 3 + 4 = 7, but √25 = 5. Simplify each surd, "
        "then collect like surds.",
        buggy=sqrt_of_sum,
    ),
    Misconception(
        "rationalise-bottom-only",
        "surds.simplify",
        "Multiplying only the bottom when rationalising",
        "Multiply the top and the bottom by the same thing, or the fraction changes value.",
        buggy=rationalise_bottom_only,
    ),
    Misconception(
        "sign-error",
        "general",
        "Sign error",
        "Your answer has the right size but the wrong sign. Check each step where a negative "
        "number is involved.",
        from_answer=sign_error_answer,
    ),
]

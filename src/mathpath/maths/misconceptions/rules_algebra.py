"""Buggy rules for linear equations, expanding and factorising."""

from __future__ import annotations

from collections.abc import Iterator

import sympy as sp

from mathpath.maths.misconceptions.model import Candidate
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
    # The numbers where the student sees them: 7x - 4 = 3x + 18 is (7 - 3)x - 4 = 18, so a
    # term moved without its sign change gives 4x = 18 - 4.
    b = sp.expand(equation.lhs).subs(x, 0)
    c = sp.expand(equation.rhs).subs(x, 0)
    return x, a, b, c


def _solved(problem: Problem, x: sp.Symbol, a: sp.Expr, value: sp.Expr) -> Candidate:
    """A wrong value as the answer to this problem: [value] for an equation, and for an
    inequality the relation the student would write (flipped when dividing by a negative a)."""
    rel = problem.data.get("rel")
    if rel is None:
        return [value]
    ops = {"<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge}
    flips = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
    op = flips[rel.rel_op] if a.is_negative else rel.rel_op
    return ops[op](x, value)


def divide_one_term(problem: Problem) -> Iterator[Candidate]:
    parts = _linear(problem)
    if parts and parts[2] != 0:
        x, a, b, c = parts
        yield _solved(problem, x, a, c / a - b)


def move_without_sign_change(problem: Problem) -> Iterator[Candidate]:
    parts = _linear(problem)
    if parts and parts[2] != 0:
        x, a, b, c = parts
        yield _solved(problem, x, a, (c + b) / a)


def subtract_coefficient(problem: Problem) -> Iterator[Candidate]:
    parts = _linear(problem)
    if parts and parts[1] != 1:
        x, a, b, c = parts
        yield _solved(problem, x, a, c - b - a)


def divide_wrong_way(problem: Problem) -> Iterator[Candidate]:
    parts = _linear(problem)
    if parts and parts[3] != parts[2]:
        _, a, b, c = parts
        yield [a / (c - b)]


def same_operation_not_inverse(problem: Problem) -> Iterator[Candidate]:
    """ax = c undone with the same operation: x = c·a (4x = 12 -> 48, x/4 = 3 -> 3/4)."""
    parts = _linear(problem)
    if parts and parts[1] not in (1, -1):
        _, a, b, c = parts
        yield [(c - b) * a]


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

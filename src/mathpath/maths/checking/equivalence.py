"""Is one expression (or parsed value) the same mathematical object as another?

Order of work, cheapest first: structural equality, then numeric evaluation at irregular
sample points (negative and positive, away from integers and special angles) to 30 digits.
Disagreement at any point rejects; agreement at every point (to 1e-9 relative) accepts, since
a false agreement needs a coincidence at all of them. Only when no point can be evaluated
(everything undefined or non-numeric) does symbolic work run (``expand``, ``cancel``,
``simplify``). Skipping ``simplify`` on agreement is what keeps trigonometric identities
under a few milliseconds; the property tests check the numeric verdicts against expansion
and factorisation.
"""

from __future__ import annotations

import sympy as sp

from mathpath.maths import guard
from mathpath.maths.checking import numeric

_SIMPLIFY_MAX_OPS = 80


def expr_equivalent(a: sp.Expr, b: sp.Expr, *, domain: bool = False) -> bool:
    """Mathematical equality of two expressions.

    With `domain` the two must also be defined at the same places, so ``x/x`` is not ``1``;
    pass the raw (unevaluated) trees for that, since evaluation cancels ``x/x`` away.
    """
    if domain:
        guard.isolate("domain comparison")
    if domain and not same_domain(a, b):
        return False
    a_val, b_val = _value(a), _value(b)
    if a_val == b_val:
        return True
    agreement = numeric.agree_numerically(a_val, b_val)
    if agreement is False:
        return False
    diff = a_val - b_val
    if agreement is True:
        # Agreement at every irregular sample point already decides it; only the cheap
        # symbolic steps run, so identities such as tan^2 + 1 = sec^2 cost no `simplify`.
        return True
    return _symbolically_zero(diff)


def _value(expr: sp.Expr) -> sp.Expr:
    # Unevaluated trees (from the parser's raw side) are evaluated before comparison.
    from mathpath.maths.parsing.build import evaluate

    return evaluate(expr)


def _symbolically_zero(diff: sp.Expr) -> bool:
    if diff == 0:
        return True
    guard.isolate("symbolic simplification")
    if diff.is_number:
        simplified = sp.nsimplify(diff) if diff.has(sp.Float) else sp.simplify(diff)
        return bool(simplified == 0)
    expanded = sp.expand(diff)
    if expanded == 0:
        return True
    if sp.cancel(expanded) == 0:
        return True
    if sp.count_ops(diff) <= _SIMPLIFY_MAX_OPS:
        return bool(sp.simplify(diff) == 0)
    return False


def same_domain(a: sp.Expr, b: sp.Expr) -> bool:
    """Whether a and b are undefined at the same real points found from their denominators."""
    singular: set[tuple[sp.Symbol, sp.Expr]] = set()
    for expr in (a, b):
        for den in _denominators(expr):
            singular |= _real_roots(den)
    return all(_defined_at(a, x, v) == _defined_at(b, x, v) for x, v in singular)


def _denominators(expr: sp.Expr) -> list[sp.Expr]:
    found = []
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Pow) and node.exp.is_negative:
            found.append(node.base)
    return found


def _real_roots(den: sp.Expr) -> set[tuple[sp.Symbol, sp.Expr]]:
    symbols = den.free_symbols
    if len(symbols) != 1:
        return set()
    (x,) = symbols
    try:
        poly = sp.Poly(sp.expand(den), x)
    except sp.PolynomialError:
        return set()
    if poly.degree() > 4:
        return set()
    return {(x, r) for r in sp.roots(poly, filter="R")}


def _defined_at(expr: sp.Expr, x: sp.Symbol, point: sp.Expr) -> bool:
    for den in _denominators(expr):
        if x in den.free_symbols and sp.simplify(den.subs(x, point)) == 0:
            return False
    return True

"""Form requirements an item can state, judged on the tree as the student typed it."""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

import sympy as sp

from mathpath.maths import guard

_SIMPLIFY_MAX_OPS = 40
FORMS = ("any", "factorised", "expanded", "simplified", "exact", "single_fraction", "surd")
_ALIASES = {"factorized": "factorised", "factored": "factorised", "expand": "expanded",
            "simplest": "simplified", "simplify": "simplified", "fraction": "single_fraction",
            "simplest_surd": "surd", "a sqrt(b)": "surd", "lowest_terms": "exact",
            "dp": "any", "sf": "any"}  # fmt: skip

FORM_FEEDBACK = {
    "factorised": "Your answer is equal to the right one, but it needs to be fully factorised.",
    "expanded": "Your answer is equal to the right one, but the brackets need multiplying out.",
    "simplified": "Your answer is equal to the right one, but it can be simplified further.",
    "exact": "Give an exact answer: keep fractions (in lowest terms), surds and π, not decimals.",
    "single_fraction": "Your answer is equal to the right one, but write it as a single fraction.",
    "surd": "Write the surd in its simplest form, a√b with b as small as possible.",
}


def canonical_form(form: str | None) -> str:
    if form is None:
        return "any"
    key = form.strip().lower().replace("-", "_").replace(" ", "_")
    key = _ALIASES.get(key, _ALIASES.get(form.strip().lower(), key))
    if key not in FORMS:
        raise ValueError(f"unknown form {form!r}; expected one of {', '.join(FORMS)}")
    return key


def has_decimal(raw: sp.Basic) -> bool:
    """Typed decimals appear in the raw tree as non-integer rational atoms (0.5 -> 1/2)."""
    if isinstance(raw, sp.Rational):
        return not raw.is_Integer
    if isinstance(raw, sp.Pow):
        return has_decimal(raw.base)  # the 1/2 of a square root is not a typed decimal
    return any(has_decimal(arg) for arg in raw.args)


def is_expanded(raw: sp.Expr) -> bool:
    for node in sp.preorder_traversal(raw):
        if isinstance(node, sp.Mul) and any(_is_sum(a) for a in node.args):
            return False
        if isinstance(node, sp.Pow) and _is_sum(node.base) and node.exp.is_Integer:
            if int(node.exp) > 1:
                return False
    return True


def _is_sum(node: sp.Basic) -> bool:
    return isinstance(node, sp.Add) and bool(node.free_symbols)


def is_factorised(raw: sp.Expr) -> bool:
    """A product (or power) whose bracketed factors cannot be factorised further."""
    guard.isolate("polynomial factorisation")
    factors = _product_factors(raw)
    if len(factors) == 1 and isinstance(raw, sp.Add):
        return _irreducible(raw)  # an irreducible expression is its own factorisation
    return all(_irreducible(f) for f in factors if _is_sum(f))


def _product_factors(raw: sp.Expr) -> list[sp.Expr]:
    if isinstance(raw, sp.Mul):
        return [f for arg in raw.args for f in _product_factors(arg)]
    if isinstance(raw, sp.Pow) and raw.exp.is_Integer and int(raw.exp) > 0:
        return _product_factors(raw.base)
    return [raw]


def _irreducible(factor: sp.Expr) -> bool:
    from mathpath.maths.parsing.build import evaluate

    value = evaluate(factor)
    try:
        content, parts = sp.factor_list(value)
    except sp.PolynomialError:
        return True
    non_constant = [(f, m) for f, m in parts if f.free_symbols]
    return abs(content) == 1 and len(non_constant) == 1 and non_constant[0][1] == 1


def is_single_fraction(raw: sp.Expr) -> bool:
    numerators, denominators = _split_fraction(raw)
    return all(not _has_reciprocal(n) for n in numerators + denominators)


def _split_fraction(raw: sp.Expr) -> tuple[list[sp.Expr], list[sp.Expr]]:
    if isinstance(raw, sp.Mul):
        nums, dens = [], []
        for arg in raw.args:
            n, d = _split_fraction(arg)
            nums += n
            dens += d
        return nums, dens
    if isinstance(raw, sp.Pow) and raw.exp.is_negative:
        return [], [raw.base]
    return [raw], []


def _has_reciprocal(raw: sp.Expr) -> bool:
    return any(
        (isinstance(n, sp.Pow) and n.exp.is_negative)
        or (isinstance(n, sp.Rational) and not n.is_Integer)
        for n in sp.preorder_traversal(raw)
    )


def in_lowest_terms(raw: sp.Expr) -> bool:
    """Every typed fraction p/q of whole numbers has gcd(p, q) = 1."""
    for node in sp.preorder_traversal(raw):
        if isinstance(node, sp.Mul) and len(node.args) == 2:
            top, bottom = node.args
            if (
                isinstance(top, sp.Integer)
                and isinstance(bottom, sp.Pow)
                and bottom.exp == -1
                and isinstance(bottom.base, sp.Integer)
                and (sp.gcd(top, bottom.base) != 1 or bottom.base == 1)
            ):
                return False
    return True


def is_exact(raw: sp.Expr) -> bool:
    return not has_decimal(raw) and in_lowest_terms(raw)


def is_simplest_surd(raw: sp.Expr) -> bool:
    guard.isolate("integer factorisation")
    for node in sp.preorder_traversal(raw):
        if isinstance(node, sp.Pow) and node.exp == sp.Rational(1, 2):
            base = node.base
            if isinstance(base, sp.Integer) and any(
                m > 1 for m in sp.factorint(int(base)).values()
            ):
                return False
            if not isinstance(base, sp.Integer | sp.Symbol):
                return False
        if isinstance(node, sp.Pow) and node.exp.is_negative:
            if any(
                isinstance(p, sp.Pow) and p.exp == sp.Rational(1, 2)
                for p in sp.preorder_traversal(node.base)
            ):
                return False
    return in_lowest_terms(raw)


def is_simplified(raw: sp.Expr, value: sp.Expr) -> bool:
    guard.isolate("simplification")
    if not in_lowest_terms(raw):
        return False
    typed_ops = sp.count_ops(raw)
    # simplify() on a long expression can run for minutes; past this size we judge only by
    # the structural rules below (like terms, lowest terms) and leave the rest to the guard.
    if typed_ops <= _SIMPLIFY_MAX_OPS and typed_ops > sp.count_ops(sp.simplify(value)):
        return False
    if isinstance(raw, sp.Add):
        seen = set()
        for term in raw.args:
            _, rest = sp.Mul(*_product_factors(term)).as_coeff_Mul()
            if rest in seen and rest.free_symbols:
                return False
            seen.add(rest)
    return True


CHECKS: dict[str, Callable[[sp.Expr, sp.Expr], bool]] = {
    "factorised": lambda raw, value: is_factorised(raw),
    "expanded": lambda raw, value: is_expanded(raw),
    "simplified": is_simplified,
    "exact": lambda raw, value: is_exact(raw),
    "single_fraction": lambda raw, value: is_single_fraction(raw),
    "surd": lambda raw, value: is_simplest_surd(raw),
}


def round_dp(value: sp.Expr, dp: int) -> Decimal:
    exact = Decimal(str(sp.N(value, 40)))
    return exact.quantize(Decimal(1).scaleb(-dp), rounding=ROUND_HALF_UP)


def round_sf(value: sp.Expr, sf: int) -> Decimal:
    exact = Decimal(str(sp.N(value, 40)))
    if exact == 0:
        return Decimal(0)
    exponent = exact.adjusted() - sf + 1
    return exact.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)

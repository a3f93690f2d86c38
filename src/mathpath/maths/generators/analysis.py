"""Generators for exponentials and logs, calculus, trigonometry, sequences and binomials."""

from __future__ import annotations

from typing import Any

import sympy as sp

from mathpath.maths.generators.base import Generator, Param, tex
from mathpath.maths.solvers import Problem

x = sp.Symbol("x")
Built = tuple[Problem, str]


def _eq(lhs: sp.Expr, rhs: sp.Expr) -> sp.Equality:
    out: sp.Equality = sp.Eq(lhs, rhs, evaluate=False)
    return out


def exponential(p: dict[str, Any]) -> Built:
    k, a, b, r = p["k"], p["a"], p["b"], p["r"]
    # SymPy integers: a Python 3 ** -2 would be a float and the equation no longer exact.
    equation = _eq(k * sp.Pow(a, x + b, evaluate=False), k * sp.Integer(a) ** (r + b))
    return (
        Problem("exponential.equation", {"eq": equation, "var": x}),
        f"Solve ${tex(equation)}$.",
    )


def logarithm(p: dict[str, Any]) -> Built:
    a, r = p["a"], p["r"]
    equation = _eq(sp.log(x) + sp.log(x - a), sp.log(r * (r - a)))
    return (
        Problem("logarithm.equation", {"eq": equation, "var": x}),
        f"Solve ${tex(equation)}$.",
    )


def _differentiate(p: dict[str, Any], expr: sp.Expr, rule: str) -> Built:
    return (
        Problem("differentiate", {"expr": expr, "var": x, "rule": rule}),
        f"Differentiate $y = {tex(expr)}$ with respect to $x$.",
    )


def diff_power(p: dict[str, Any]) -> Built:
    expr = p["a"] * x ** p["n"] + p["b"] * x**2 + p["c"] * x + p["d"]
    return _differentiate(p, expr, "power")


def diff_chain(p: dict[str, Any]) -> Built:
    return _differentiate(p, (p["a"] * x + p["b"]) ** p["n"], "chain")


def diff_product(p: dict[str, Any]) -> Built:
    other = {"sin": sp.sin(x), "cos": sp.cos(x), "exp": sp.exp(p["k"] * x)}[p["f"]]
    return _differentiate(p, x ** p["n"] * other, "product")


def diff_quotient(p: dict[str, Any]) -> Built:
    return _differentiate(p, (p["a"] * x + p["b"]) / (x + p["c"]), "quotient")


def stationary(p: dict[str, Any]) -> Built:
    r1, r2, d = p["r1"], p["r2"], p["d"]
    # dy/dx = 3(x - r1)(x - r2), so y = x^3 - 3/2 (r1 + r2) x^2 + 3 r1 r2 x + d.
    expr = x**3 - sp.Rational(3, 2) * (r1 + r2) * x**2 + 3 * r1 * r2 * x + d
    return (
        Problem("stationary_points", {"expr": expr, "var": x}),
        f"Find the coordinates of the stationary points of $y = {tex(expr)}$ and say whether "
        "each is a maximum or a minimum.",
    )


def integrate_power(p: dict[str, Any]) -> Built:
    expr = p["a"] * x**2 + p["b"] * x + p["c"]
    return (
        Problem("integrate.indefinite", {"expr": expr, "var": x}),
        f"Find $\\int ({tex(expr)})\\,dx$.",
    )


def integrate_definite(p: dict[str, Any]) -> Built:
    expr = p["a"] * x**2 + p["b"]
    lo, hi = p["lo"], p["lo"] + p["width"]
    return (
        Problem("integrate.definite", {"expr": expr, "var": x, "lower": lo, "upper": hi}),
        f"Evaluate $\\int_{{{lo}}}^{{{hi}}} ({tex(expr)})\\,dx$.",
    )


def integrate_substitution(p: dict[str, Any]) -> Built:
    inner = p["a"] * x + p["b"]
    expr = inner ** p["n"]
    return (
        Problem("integrate.substitution", {"expr": expr, "var": x, "u": inner}),
        f"Use the substitution $u = {tex(inner)}$ to find $\\int {tex(expr)}\\,dx$.",
    )


_TRIG_VALUES = {
    "sin": (sp.S.Half, -sp.S.Half, sp.sqrt(3) / 2, sp.sqrt(2) / 2),
    "cos": (sp.S.Half, -sp.S.Half, sp.sqrt(3) / 2, -sp.sqrt(2) / 2),
    "tan": (sp.Integer(1), -sp.Integer(1), sp.sqrt(3), 1 / sp.sqrt(3)),
}


def trig(p: dict[str, Any]) -> Built:
    func = {"sin": sp.sin, "cos": sp.cos, "tan": sp.tan}[p["f"]]
    value = _TRIG_VALUES[p["f"]][p["v"]]
    k = p["k"]
    equation = _eq(k * func(p["m"] * x), k * value)
    return (
        Problem("trig.equation", {"eq": equation, "var": x, "lower": 0, "upper": 360}),
        f"Solve ${tex(equation)}$ for $0 \\le x \\le 360°$.",
    )


def _terms(a: sp.Expr, step: sp.Expr, geometric: bool) -> str:
    values = [a * step**i if geometric else a + i * step for i in range(4)]
    return ", ".join(f"${tex(sp.nsimplify(v))}$" for v in values)


def arithmetic_nth(p: dict[str, Any]) -> Built:
    return (
        Problem("sequence.arithmetic", {"first": p["a"], "difference": p["d"], "ask": "nth-term"}),
        f"Find an expression for the $n$th term of the sequence {_terms(p['a'], p['d'], False)}, …",
    )


def arithmetic_sum(p: dict[str, Any]) -> Built:
    data = {"first": p["a"], "difference": p["d"], "ask": "sum", "n": p["n"]}
    return (
        Problem("sequence.arithmetic", data),
        f"Find the sum of the first {p['n']} terms of the arithmetic series "
        f"{_terms(p['a'], p['d'], False)}, …",
    )


def geometric_term(p: dict[str, Any]) -> Built:
    data = {"first": p["a"], "ratio": p["r"], "ask": "term", "n": p["n"]}
    return (
        Problem("sequence.geometric", data),
        f"Find the {p['n']}th term of the geometric sequence {_terms(p['a'], p['r'], True)}, …",
    )


def geometric_infinity(p: dict[str, Any]) -> Built:
    r = sp.Rational(p["num"], p["den"])
    data = {"first": p["a"], "ratio": r, "ask": "sum-to-infinity"}
    return (
        Problem("sequence.geometric", data),
        f"Find the sum to infinity of the geometric series {_terms(p['a'], r, True)}, …",
    )


def binomial(p: dict[str, Any]) -> Built:
    expr = (p["a"] + p["b"] * x) ** p["n"]
    return (
        Problem("binomial.expansion", {"expr": expr, "var": x, "terms": 3}),
        f"Find the first three terms, in ascending powers of $x$, of the binomial expansion of "
        f"${tex(expr)}$.",
    )


CALCULUS = "Write down the rule you need, then apply it one term or one part at a time."

ANALYSIS: list[Generator] = [
    Generator(
        "exponential.equation",
        {
            "k": Param(1, 5),
            "a": Param(choices=(2, 3, 5)),
            "b": Param(-3, 3),
            "r": Param(0, 4, nonzero=False),
        },
        exponential,
        "Divide to get the power on its own, then take logs of both sides.",
        misconceptions=("exponent-divided-by-base", "coefficient-into-base"),
    ),
    Generator(
        "logarithm.equation",
        {"a": Param(1, 6), "r": Param(2, 12)},
        logarithm,
        "Use the log laws to combine the logs, then undo the log.",
        constraint=lambda p: p["r"] > p["a"],
        misconceptions=("log-of-sum",),
    ),
    Generator(
        "differentiate.power",
        {
            "a": Param(1, 6),
            "n": Param(3, 5),
            "b": Param(-9, 9),
            "c": Param(-9, 9),
            "d": Param(-9, 9),
        },
        diff_power,
        CALCULUS,
        misconceptions=("power-rule-not-reduced", "derivative-of-constant-kept"),
    ),
    Generator(
        "differentiate.chain",
        {"a": Param(2, 5), "b": Param(-7, 7), "n": Param(2, 6)},
        diff_chain,
        CALCULUS,
        misconceptions=("chain-rule-missing-inner",),
    ),
    Generator(
        "differentiate.product",
        {"n": Param(2, 4), "f": Param(choices=("sin", "cos", "exp")), "k": Param(2, 4)},
        diff_product,
        CALCULUS,
        misconceptions=("product-rule-multiply-derivatives",),
    ),
    Generator(
        "differentiate.quotient",
        {"a": Param(1, 5), "b": Param(-6, 6), "c": Param(-6, 6)},
        diff_quotient,
        CALCULUS,
        constraint=lambda p: p["b"] != p["a"] * p["c"],
        misconceptions=("quotient-rule-order",),
    ),
    Generator(
        "differentiate.stationary_points",
        {
            "r1": Param(-4, 4, nonzero=False),
            "r2": Param(-4, 4, nonzero=False),
            "d": Param(-9, 9, nonzero=False),
        },
        stationary,
        "Stationary points are where the gradient dy/dx is zero.",
        constraint=lambda p: p["r1"] < p["r2"] and (p["r1"] + p["r2"]) % 2 == 0,
    ),
    Generator(
        "integrate.power",
        {"a": Param(-9, 9), "b": Param(-9, 9), "c": Param(-9, 9)},
        integrate_power,
        "Integrate term by term: add one to the power, divide by the new power.",
        constraint=lambda p: p["a"] % 3 == 0 and p["b"] % 2 == 0,
        misconceptions=(
            "integrate-multiply-by-power",
            "missing-constant-of-integration",
            "differentiated-instead",
        ),
    ),
    Generator(
        "integrate.definite",
        {
            "a": Param(-6, 6),
            "b": Param(-9, 9),
            "lo": Param(-2, 2, nonzero=False),
            "width": Param(1, 3),
        },
        integrate_definite,
        "Integrate first, then substitute the limits: top minus bottom.",
        misconceptions=("definite-limits-swapped", "definite-lower-limit-ignored"),
    ),
    Generator(
        "integrate.substitution",
        {"a": Param(2, 5), "b": Param(-6, 6), "n": Param(2, 6)},
        integrate_substitution,
        "Write everything, including dx, in terms of u.",
        misconceptions=("substitution-forgets-du",),
    ),
    Generator(
        "trig.equation",
        {
            "f": Param(choices=("sin", "cos", "tan")),
            "v": Param(0, 3, nonzero=False),
            "k": Param(1, 4),
            "m": Param(choices=(1, 1, 2)),
        },
        trig,
        "Get the trig function on its own, find one angle, then use the graph's symmetry.",
        misconceptions=("trig-principal-value-only", "trig-multiple-angle-interval"),
    ),
    Generator(
        "sequence.arithmetic_nth_term",
        {"a": Param(-10, 20), "d": Param(-6, 9)},
        arithmetic_nth,
        "Find the common difference first: it goes in front of n.",
        misconceptions=("nth-term-off-by-one", "nth-term-first-as-multiplier"),
    ),
    Generator(
        "sequence.arithmetic_sum",
        {"a": Param(1, 20), "d": Param(-4, 9), "n": Param(8, 40)},
        arithmetic_sum,
        "Use the formula for the sum of an arithmetic series.",
    ),
    Generator(
        "sequence.geometric_term",
        {"a": Param(1, 6), "r": Param(-3, 3), "n": Param(4, 8)},
        geometric_term,
        "Find the common ratio by dividing one term by the one before.",
        constraint=lambda p: abs(p["r"]) > 1,
        misconceptions=("geometric-power-n",),
    ),
    Generator(
        "sequence.geometric_sum_to_infinity",
        {"a": Param(1, 40), "num": Param(-3, 3), "den": Param(2, 5)},
        geometric_infinity,
        "Find the common ratio, check it is between −1 and 1, then use S∞.",
        constraint=lambda p: abs(p["num"]) < p["den"],
        misconceptions=("sum-to-infinity-formula",),
    ),
    Generator(
        "binomial.expansion",
        {"a": Param(1, 3), "b": Param(-4, 4), "n": Param(3, 7)},
        binomial,
        "Use the binomial expansion with nCr coefficients.",
        misconceptions=("binomial-missing-ncr", "binomial-power-on-x-only"),
    ),
]

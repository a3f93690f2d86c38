"""Generators for equations, inequalities, expanding, factorising, fractions, indices, surds."""

from __future__ import annotations

from typing import Any

import sympy as sp

from mathpath.maths.generators.base import Generator, Param, tex
from mathpath.maths.solvers import Problem

x, y = sp.symbols("x y")
Built = tuple[Problem, str]


def _eq(lhs: sp.Expr, rhs: sp.Expr) -> sp.Equality:
    out: sp.Equality = sp.Eq(lhs, rhs, evaluate=False)
    return out


def _solve_eq(equation: sp.Equality) -> Built:
    return Problem("linear.equation", {"eq": equation, "var": x}), f"Solve ${tex(equation)}$."


def linear_one_step(p: dict[str, Any]) -> Built:
    return _solve_eq(_eq(p["a"] * x, p["a"] * p["r"]))


def linear_two_step(p: dict[str, Any]) -> Built:
    return _solve_eq(_eq(p["a"] * x + p["b"], p["a"] * p["r"] + p["b"]))


def linear_brackets(p: dict[str, Any]) -> Built:
    a, b, c, r = p["a"], p["b"], p["c"], p["r"]
    lhs = sp.Mul(a, x + b, evaluate=False)
    return _solve_eq(_eq(lhs, c * x + (a * (r + b) - c * r)))


def linear_both_sides(p: dict[str, Any]) -> Built:
    a, b, c, r = p["a"], p["b"], p["c"], p["r"]
    return _solve_eq(_eq(a * x + b, c * x + (a * r + b - c * r)))


def linear_inequality(p: dict[str, Any]) -> Built:
    a, b, r = p["a"], p["b"], p["r"]
    rel = {"<": sp.Lt, ">": sp.Gt, "<=": sp.Le, ">=": sp.Ge}[p["op"]](a * x + b, a * r + b)
    return (
        Problem("linear.inequality", {"rel": rel, "var": x}),
        f"Solve the inequality ${tex(rel)}$.",
    )


def expand_single(p: dict[str, Any]) -> Built:
    expr = sp.Mul(p["k"], p["a"] * x + p["b"], evaluate=False)
    return Problem("expand", {"expr": expr, "var": x}), f"Expand ${tex(expr)}$."


def expand_double(p: dict[str, Any]) -> Built:
    expr = sp.Mul(x + p["a"], x + p["b"], evaluate=False)
    return (
        Problem("expand", {"expr": expr, "var": x}),
        f"Expand and simplify ${tex(expr)}$.",
    )


def expand_square(p: dict[str, Any]) -> Built:
    expr = sp.Pow(p["a"] * x + p["b"], 2, evaluate=False)
    return (
        Problem("expand", {"expr": expr, "var": x}),
        f"Expand and simplify ${tex(expr)}$.",
    )


def factorise_common(p: dict[str, Any]) -> Built:
    expr = sp.expand(p["k"] * x * (p["a"] * x + p["b"]))
    return Problem("factorise", {"expr": expr, "var": x}), f"Factorise fully ${tex(expr)}$."


def factorise_quadratic(p: dict[str, Any]) -> Built:
    expr = sp.expand((p["a"] * x + p["m"]) * (x + p["n"]))
    return Problem("factorise", {"expr": expr, "var": x}), f"Factorise ${tex(expr)}$."


def factorise_dots(p: dict[str, Any]) -> Built:
    expr = p["a"] ** 2 * x**2 - p["b"] ** 2
    return Problem("factorise", {"expr": expr, "var": x}), f"Factorise ${tex(expr)}$."


def _quadratic(family: str, verb: str) -> Any:
    def build(p: dict[str, Any]) -> Built:
        if family == "quadratic.factorise":
            f = sp.expand((x - p["m"]) * (x - p["n"]))
        else:
            f = p["a"] * x**2 + p["b"] * x + p["c"]
        equation = _eq(f, 0)
        return Problem(family, {"eq": equation, "var": x}), f"{verb} ${tex(equation)}$."

    return build


def simultaneous_linear(p: dict[str, Any]) -> Built:
    a1, b1, a2, b2, r, s = p["a1"], p["b1"], p["a2"], p["b2"], p["r"], p["s"]
    e1, e2 = _eq(a1 * x + b1 * y, a1 * r + b1 * s), _eq(a2 * x + b2 * y, a2 * r + b2 * s)
    return (
        Problem("simultaneous.linear", {"eqs": [e1, e2]}),
        f"Solve the simultaneous equations ${tex(e1)}$ and ${tex(e2)}$.",
    )


def simultaneous_quadratic(p: dict[str, Any]) -> Built:
    r1, r2, m, k = p["r1"], p["r2"], p["m"], p["k"]
    # y = x^2 + P x + Q meets y = m x + k where x^2 + (P - m) x + (Q - k) = (x - r1)(x - r2).
    big_p, big_q = m - (r1 + r2), k + r1 * r2
    curve, line = _eq(y, x**2 + big_p * x + big_q), _eq(y, m * x + k)
    return (
        Problem("simultaneous.linear_quadratic", {"eqs": [line, curve]}),
        f"Solve the simultaneous equations ${tex(line)}$ and ${tex(curve)}$.",
    )


def fraction_simplify(p: dict[str, Any]) -> Built:
    a, b = p["a"], p["b"]
    expr = sp.expand((x - a) * (x + b)) / sp.expand((x + b) * (x + p["c"]))
    return (
        Problem("fractions.simplify", {"expr": expr, "var": x}),
        f"Simplify fully $\\dfrac{{{tex(sp.expand((x - a) * (x + b)))}}}"
        f"{{{tex(sp.expand((x + b) * (x + p['c'])))}}}$.",
    )


def fraction_add(p: dict[str, Any]) -> Built:
    t1, t2 = p["a"] / (x + p["b"]), p["c"] / (x + p["d"])
    return (
        Problem("fractions.add", {"terms": [t1, t2], "var": x}),
        f"Write ${tex(t1)} + {tex(t2)}$ as a single fraction.",
    )


def indices(p: dict[str, Any]) -> Built:
    expr = sp.Mul(x ** p["a"], x ** p["b"], sp.Pow(x, -p["c"]), evaluate=False)
    shown = f"\\dfrac{{x^{{{p['a']}}} \\times x^{{{p['b']}}}}}{{x^{{{p['c']}}}}}"
    return Problem("indices.simplify", {"expr": expr, "var": x}), f"Simplify ${shown}$."


def surds_add(p: dict[str, Any]) -> Built:
    b = p["b"]
    first = sp.Pow(p["m"] ** 2 * b, sp.S.Half, evaluate=False)
    second = sp.Pow(p["n"] ** 2 * b, sp.S.Half, evaluate=False)
    expr = sp.Add(first, second, evaluate=False)
    shown = f"\\sqrt{{{p['m'] ** 2 * b}}} + \\sqrt{{{p['n'] ** 2 * b}}}"
    return (
        Problem("surds.simplify", {"expr": expr}),
        f"Simplify ${shown}$, giving your answer in the form $a\\sqrt{{b}}$.",
    )


def surds_rationalise(p: dict[str, Any]) -> Built:
    expr = p["k"] / (p["a"] - sp.sqrt(p["b"]))
    return (
        Problem("surds.simplify", {"expr": expr}),
        f"Rationalise the denominator of ${tex(expr)}$, simplifying fully.",
    )


STRATEGY = {
    "linear": "Do the same thing to both sides, undoing what has been done to x in reverse order.",
    "expand": "Multiply every term inside each bracket by every term in the other.",
    "factorise": "Look for a common factor first, then for two brackets that multiply back to "
    "the expression.",
    "quadratic": "Get everything on one side so the equation equals zero.",
    "simultaneous": "Eliminate one letter so you have one equation with one unknown.",
    "fractions": "Factorise first, or find a common denominator.",
    "indices": "Use the index laws for powers of the same base.",
    "surds": "Look for square-number factors under each root.",
}

_NONZERO_SMALL = Param(-6, 6)
_POSITIVE = Param(2, 9)

ALGEBRA: list[Generator] = [
    Generator(
        "linear.one_step",
        {"a": Param(2, 12), "r": Param(-12, 12, nonzero=False)},
        linear_one_step,
        STRATEGY["linear"],
        misconceptions=("subtract-coefficient", "divide-wrong-way"),
    ),
    Generator(
        "linear.two_step",
        {"a": Param(2, 9), "b": Param(-15, 15), "r": Param(-10, 10, nonzero=False)},
        linear_two_step,
        STRATEGY["linear"],
        misconceptions=("divide-one-term-only", "move-term-keep-sign"),
    ),
    Generator(
        "linear.brackets",
        {"a": Param(2, 6), "b": _NONZERO_SMALL, "c": Param(1, 9), "r": Param(-9, 9)},
        linear_brackets,
        STRATEGY["linear"],
        constraint=lambda p: p["a"] != p["c"],
        misconceptions=("expand-first-term-only", "move-term-keep-sign"),
    ),
    Generator(
        "linear.unknown_both_sides",
        {"a": Param(2, 9), "b": Param(-12, 12), "c": Param(1, 8), "r": Param(-9, 9)},
        linear_both_sides,
        STRATEGY["linear"],
        constraint=lambda p: p["a"] != p["c"],
        misconceptions=("move-term-keep-sign",),
    ),
    Generator(
        "linear.inequality",
        {
            "a": Param(-6, 6),
            "b": Param(-10, 10),
            "r": Param(-8, 8),
            "op": Param(choices=("<", ">", "<=", ">=")),
        },
        linear_inequality,
        STRATEGY["linear"],
        constraint=lambda p: abs(p["a"]) > 1,
        misconceptions=("inequality-not-flipped",),
    ),
    Generator(
        "expand.single_bracket",
        {"k": Param(-7, 9), "a": Param(1, 6), "b": Param(-9, 9)},
        expand_single,
        STRATEGY["expand"],
        constraint=lambda p: abs(p["k"]) > 1,
        form="expanded",
        misconceptions=("expand-first-term-only",),
    ),
    Generator(
        "expand.double_bracket",
        {"a": Param(-9, 9), "b": Param(-9, 9)},
        expand_double,
        STRATEGY["expand"],
        constraint=lambda p: p["a"] + p["b"] != 0,
        form="expanded",
        misconceptions=("missing-middle-terms",),
    ),
    Generator(
        "expand.square",
        {"a": Param(1, 4), "b": Param(-7, 7)},
        expand_square,
        STRATEGY["expand"],
        form="expanded",
        misconceptions=("square-of-sum", "square-of-difference"),
    ),
    Generator(
        "factorise.common_factor",
        {"k": Param(2, 6), "a": Param(1, 7), "b": Param(-9, 9)},
        factorise_common,
        STRATEGY["factorise"],
        form="factorised",
        constraint=lambda p: sp.gcd(p["a"], p["b"]) == 1,
        misconceptions=("partial-factorisation",),
    ),
    Generator(
        "factorise.quadratic",
        {"a": Param(choices=(1,)), "m": Param(-9, 9), "n": Param(-9, 9)},
        factorise_quadratic,
        STRATEGY["factorise"],
        form="factorised",
        misconceptions=("factorise-sign-error",),
    ),
    Generator(
        "factorise.quadratic_harder",
        {"a": Param(2, 5), "m": Param(-7, 7), "n": Param(-7, 7)},
        factorise_quadratic,
        STRATEGY["factorise"],
        form="factorised",
        constraint=lambda p: sp.gcd(p["a"], p["m"]) == 1,
        misconceptions=("factorise-sign-error",),
    ),
    Generator(
        "factorise.difference_of_squares",
        {"a": Param(1, 5), "b": Param(1, 12)},
        factorise_dots,
        STRATEGY["factorise"],
        form="factorised",
        constraint=lambda p: sp.gcd(p["a"], p["b"]) == 1,
        misconceptions=("difference-of-squares-as-square",),
    ),
    Generator(
        "quadratic.factorise",
        {"m": Param(-9, 9, nonzero=False), "n": Param(-9, 9)},
        _quadratic("quadratic.factorise", "Solve by factorising"),
        STRATEGY["quadratic"],
        constraint=lambda p: p["m"] != p["n"],
        misconceptions=("zero-product-sign", "drop-negative-root"),
    ),
    Generator(
        "quadratic.formula",
        {"a": Param(1, 5), "b": Param(-9, 9), "c": Param(-9, 9)},
        _quadratic("quadratic.formula", "Use the quadratic formula to solve"),
        STRATEGY["quadratic"],
        constraint=lambda p: (
            p["b"] ** 2 - 4 * p["a"] * p["c"] > 0
            and not sp.sqrt(p["b"] ** 2 - 4 * p["a"] * p["c"]).is_Integer
        ),
        misconceptions=(
            "quadratic-formula-sign-of-b",
            "quadratic-formula-divide-by-a",
            "quadratic-formula-partial-division",
        ),
    ),
    Generator(
        "quadratic.complete_square",
        {"a": Param(choices=(1,)), "b": Param(-5, 5), "c": Param(-9, 9)},
        _quadratic("quadratic.complete_square", "By completing the square, solve"),
        STRATEGY["quadratic"],
        constraint=lambda p: p["b"] % 2 == 0 and p["b"] ** 2 - 4 * p["c"] > 0,
        misconceptions=("completing-square-sign", "drop-negative-root"),
    ),
    Generator(
        "simultaneous.linear",
        {
            "a1": Param(1, 6),
            "b1": Param(-5, 5),
            "a2": Param(1, 6),
            "b2": Param(-5, 5),
            "r": Param(-6, 6),
            "s": Param(-6, 6),
        },
        simultaneous_linear,
        STRATEGY["simultaneous"],
        constraint=lambda p: p["a1"] * p["b2"] - p["a2"] * p["b1"] != 0,
        misconceptions=("simultaneous-add-not-subtract", "simultaneous-values-swapped"),
    ),
    Generator(
        "simultaneous.linear_quadratic",
        {"r1": Param(-5, 5), "r2": Param(-5, 5), "m": Param(-3, 3), "k": Param(-5, 5)},
        simultaneous_quadratic,
        STRATEGY["simultaneous"],
        constraint=lambda p: p["r1"] != p["r2"],
    ),
    Generator(
        "fractions.simplify",
        {"a": Param(1, 7), "b": Param(-7, 7), "c": Param(-7, 7)},
        fraction_simplify,
        STRATEGY["fractions"],
        form="simplified",
        constraint=lambda p: len({-p["a"], p["b"], p["c"]}) == 3,
        misconceptions=("cancel-terms-not-factors",),
    ),
    Generator(
        "fractions.add",
        {"a": Param(1, 5), "b": Param(-6, 6), "c": Param(1, 5), "d": Param(-6, 6)},
        fraction_add,
        STRATEGY["fractions"],
        form="single_fraction",
        constraint=lambda p: p["b"] != p["d"],
        misconceptions=("add-tops-and-bottoms", "numerators-not-scaled"),
    ),
    Generator(
        "indices.simplify",
        {"a": Param(2, 9), "b": Param(2, 9), "c": Param(1, 9)},
        indices,
        STRATEGY["indices"],
        misconceptions=("multiply-indices",),
    ),
    Generator(
        "surds.simplify",
        {"m": Param(2, 5), "n": Param(1, 5), "b": Param(choices=(2, 3, 5, 6, 7))},
        surds_add,
        STRATEGY["surds"],
        form="surd",
        constraint=lambda p: p["m"] != p["n"],
        misconceptions=("sqrt-of-sum",),
    ),
    Generator(
        "surds.rationalise",
        {"k": Param(1, 12), "a": Param(1, 6), "b": Param(choices=(2, 3, 5, 6, 7))},
        surds_rationalise,
        "Multiply the top and bottom by the conjugate of the denominator.",
        form="surd",
        constraint=lambda p: p["a"] ** 2 != p["b"],
        misconceptions=("rationalise-bottom-only",),
    ),
]

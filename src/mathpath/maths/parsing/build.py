"""Building SymPy trees without evaluation, and evaluating them under static bounds.

The parser builds every expression with ``evaluate=False`` so the tree is what the student
typed (``2(x+1)`` stays a product, ``sqrt(8)`` stays a root). `evaluate` then rebuilds it
bottom-up with evaluation on, refusing before SymPy starts any step whose result would be huge
(``9^9^9``, ``1000!``, ``(x+1)^1000``).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import sympy as sp

from mathpath.maths import limits
from mathpath.maths.parsing.errors import TooComplex

PM = sp.Symbol("plusminus_sign")
"""Stands for ± inside a tree; an answer containing it is split into its two values."""

_ATOMIC = (sp.Symbol, sp.Number, sp.NumberSymbol)


def add(a: sp.Expr, b: sp.Expr) -> sp.Expr:
    return sp.Add(a, b, evaluate=False)


def neg(a: sp.Expr) -> sp.Expr:
    if isinstance(a, sp.Number):
        return -a
    return sp.Mul(sp.Integer(-1), a, evaluate=False)


def mul(a: sp.Expr, b: sp.Expr) -> sp.Expr:
    return sp.Mul(a, b, evaluate=False)


def div(a: sp.Expr, b: sp.Expr) -> sp.Expr:
    return sp.Mul(a, sp.Pow(b, sp.Integer(-1), evaluate=False), evaluate=False)


def power(a: sp.Expr, b: sp.Expr) -> sp.Expr:
    return sp.Pow(a, b, evaluate=False)


def count_nodes(expr: sp.Basic) -> int:
    return sum(1 for _ in sp.preorder_traversal(expr))


def evaluate(raw: sp.Basic) -> sp.Expr:
    """The evaluated value of a raw tree, or TooComplex if computing it would be costly."""
    if count_nodes(raw) > limits.MAX_NODES:
        raise TooComplex("That answer is too long and complicated to check.")
    result = _eval(raw)
    assert isinstance(result, sp.Expr)
    return result


def _eval(node: sp.Basic) -> sp.Basic:
    if not node.args or isinstance(node, (*_ATOMIC, sp.MatrixBase)):
        return node  # matrices are built from already-evaluated entries
    args = [_eval(a) for a in node.args]
    if isinstance(node, sp.Pow):
        _check_power(args[0], args[1])
    elif isinstance(node, sp.factorial):
        _check_factorial(args[0])
    elif isinstance(node, sp.Mul):
        _check_product(args)
    func: Callable[..., sp.Basic] = node.func
    return func(*args)


def _magnitude(value: sp.Basic) -> float | None:
    """|value| as a float when it is a plain number, else None."""
    if not isinstance(value, sp.Expr) or not value.is_number:
        return None
    try:
        approx = complex(value.evalf(15))
    except OverflowError:
        return math.inf  # too big even for a float: certainly over every bound
    except (TypeError, ValueError):
        return None
    size = abs(approx)
    return math.inf if math.isnan(size) and value.is_infinite else size


def _digits(value: sp.Basic) -> float:
    """Rough count of decimal digits in an exact rational, 0 for anything else."""
    if isinstance(value, sp.Rational):
        p, q = abs(int(value.p)), int(value.q)
        return max(p.bit_length(), q.bit_length()) * math.log10(2)
    return 0.0


def _check_power(base: sp.Basic, exp: sp.Basic) -> None:
    size = _magnitude(exp)
    if size is None:
        return
    if size > limits.MAX_INTEGER_EXPONENT:
        raise TooComplex("That power is far too big to work out.")
    if isinstance(base, sp.Add) and size > limits.MAX_SYMBOLIC_EXPONENT:
        raise TooComplex("That bracket is raised to too high a power to check.")
    if isinstance(base, sp.Rational) and isinstance(exp, sp.Rational):
        if _digits(base) * size > limits.MAX_RESULT_DIGITS:
            raise TooComplex("That power makes a number with too many digits to check.")


def _check_factorial(arg: sp.Basic) -> None:
    size = _magnitude(arg)
    if size is not None and size > limits.MAX_FACTORIAL:
        raise TooComplex("That factorial is far too big to work out.")


def _check_product(args: list[sp.Basic]) -> None:
    if sum(_digits(a) for a in args) > 4 * limits.MAX_RESULT_DIGITS:
        raise TooComplex("That product makes a number with too many digits to check.")

"""Functions students can type: trigonometry and its inverses, logs, roots, exp, abs."""

from __future__ import annotations

import sympy as sp

from mathpath.maths.parsing import build

_TRIG = {"sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "sec": sp.sec, "cosec": sp.csc,
         "csc": sp.csc, "cot": sp.cot}  # fmt: skip
_INVERSE = {"sin": sp.asin, "cos": sp.acos, "tan": sp.atan, "sec": sp.asec, "cosec": sp.acsc,
            "csc": sp.acsc, "cot": sp.acot}  # fmt: skip
_ARC = {"arcsin": "sin", "asin": "sin", "arccos": "cos", "acos": "cos", "arctan": "tan",
        "atan": "tan", "arcsec": "sec", "arccsc": "csc", "arccot": "cot"}  # fmt: skip
_OTHER = {"sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh, "exp": sp.exp, "abs": sp.Abs}

ARC_NAME = {"sin": "arcsin", "cos": "arccos", "tan": "arctan", "sec": "arcsec",
            "cosec": "arccsc", "csc": "arccsc", "cot": "arccot"}  # fmt: skip
"""``sin^-1`` and friends: the inverse function's name for each trigonometric function."""

TRIG_NAMES = frozenset(_TRIG)


def apply(
    name: str, arg: sp.Expr, base: sp.Expr | None = None, *, degrees: bool = False
) -> sp.Expr:
    """The SymPy value of function `name` applied to `arg` (unevaluated, as typed)."""
    if name in _TRIG:
        inner = build.mul(arg, build.div(sp.pi, sp.Integer(180))) if degrees else arg
        result: sp.Expr = _TRIG[name](inner, evaluate=False)
        return result
    if name in _ARC:
        value: sp.Expr = _INVERSE[_ARC[name]](arg, evaluate=False)
        if degrees:
            return build.mul(value, build.div(sp.Integer(180), sp.pi))
        return value
    if name in ("sqrt", "root"):
        return build.power(arg, sp.Rational(1, 2))
    if name == "cbrt":
        return cube_root(arg)
    if name == "ln":
        return sp.log(arg, evaluate=False)
    if name == "log":
        return build.div(
            sp.log(arg, evaluate=False), sp.log(base or sp.Integer(10), evaluate=False)
        )
    result = _OTHER[name](arg, evaluate=False)
    return result


def cube_root(arg: sp.Expr) -> sp.Expr:
    """The real cube root, as school maths means it: ∛(-8) is -2 (SymPy's principal root
    of a negative number is complex). A letter's cube root stays x^(1/3)."""
    if arg.is_number and arg.is_extended_negative:
        return build.neg(build.power(build.neg(arg), sp.Rational(1, 3)))
    return build.power(arg, sp.Rational(1, 3))

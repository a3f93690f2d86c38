"""Printing SymPy objects as text the Mathpath parser reads back, and as LaTeX.

The parser reads `log` as base 10 and `ln` as natural, `^` for powers, `abs(...)`, `e^(...)`;
SymPy's own printer writes `log`, `**`, `Abs`, `exp`, so a small printer translates.
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.printing.str import StrPrinter


class _PlainPrinter(StrPrinter):  # type: ignore[misc]
    def _print_Pow(self, expr: sp.Pow, rational: bool = False) -> str:
        base, exp = expr.as_base_exp()
        if exp == sp.Rational(1, 2):
            return f"sqrt({self._print(base)})"
        if exp == -sp.Rational(1, 2):
            return f"1/sqrt({self._print(base)})"
        if exp.is_Integer and exp < 0:
            return f"1/{self.parenthesize(sp.Pow(base, -exp), 50)}"
        b = self.parenthesize(base, 60)
        if base is sp.E:
            b = "e"
        e_text = self._print(exp)
        if not (exp.is_Integer and exp >= 0) and not exp.is_Symbol:
            e_text = f"({e_text})"
        return f"{b}^{e_text}"

    def _print_exp(self, expr: Any) -> str:
        return f"e^({self._print(expr.args[0])})"

    def _print_Exp1(self, expr: Any) -> str:
        return "e"

    def _print_log(self, expr: Any) -> str:
        return f"ln({self._print(expr.args[0])})"

    def _print_Abs(self, expr: Any) -> str:
        return f"abs({self._print(expr.args[0])})"

    def _print_ImaginaryUnit(self, expr: Any) -> str:
        return "i"


_PRINTER = _PlainPrinter({"order": "lex"})


def plain(value: sp.Basic) -> str:
    """Parser-readable text for an expression, equation or inequality."""
    if isinstance(value, sp.Equality):
        return f"{plain(value.lhs)} = {plain(value.rhs)}"
    if isinstance(value, sp.core.relational.Relational):
        return f"{plain(value.lhs)} {value.rel_op} {plain(value.rhs)}"
    text: str = _PRINTER.doprint(value)
    return text


def latex(value: sp.Basic) -> str:
    out: str = sp.latex(value, ln_notation=True)
    return out

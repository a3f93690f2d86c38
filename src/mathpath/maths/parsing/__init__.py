"""Safe parsing of student maths: plain text and LaTeX into typed SymPy values.

No text is ever executed as Python: a hand-written recursive-descent grammar (see `parser`) calls
SymPy constructors directly, LaTeX is first translated to the same plain syntax (`latex`), and
static bounds (`mathpath.maths.limits`) refuse huge or deeply nested inputs before SymPy works
on them.
"""

from __future__ import annotations

import re

from mathpath.maths.parsing.errors import ParseError, TooComplex, TooDeep
from mathpath.maths.parsing.latex import latex_to_plain, looks_like_latex
from mathpath.maths.parsing.lexer import tokenize
from mathpath.maths.parsing.parser import Parser
from mathpath.maths.parsing.structure import to_value
from mathpath.maths.parsing.units import split_unit
from mathpath.maths.values import EquationValue, ExprValue, MathValue, QuantityValue, TextValue

__all__ = ["ParseError", "TooComplex", "TooDeep", "normalise", "parse"]

_RECURSION_GUARD = (RecursionError, MemoryError)


_VULGAR = {"½": "(1/2)", "⅓": "(1/3)", "⅔": "(2/3)", "¼": "(1/4)", "¾": "(3/4)", "⅕": "(1/5)",
           "⅛": "(1/8)"}  # fmt: skip
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_SUPERSCRIPTS = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+")


def normalise(text: str) -> str:
    """The plain-text form of an answer: LaTeX translated, unicode fractions and powers
    spelled out, surrounding space removed."""
    stripped = text.strip()
    if looks_like_latex(stripped):
        stripped = latex_to_plain(stripped).strip()
    for glyph, spelled in _VULGAR.items():
        # "2½" is a mixed number (read by the grammar as "2 1/2"); a lone "½" a fraction.
        stripped = re.sub(rf"(\d)\s*{glyph}", rf"\1 {spelled[1:-1]}", stripped)
        stripped = stripped.replace(glyph, spelled)
    return _SUPERSCRIPTS.sub(lambda m: f"^({m.group(0).translate(_SUPERSCRIPT)})", stripped)


def parse(text: str, *, units: bool = False, degrees: bool = False) -> MathValue:
    """Parse a student's answer (plain text or LaTeX, detected automatically).

    Raises `ParseError` (with `.message` and `.position`) when the text is not readable maths
    and `TooComplex` when it is too big or costly to check.
    """
    try:
        plain = normalise(text)
    except _RECURSION_GUARD as exc:  # a backstop: the translator bounds its own depth
        raise TooDeep("That answer is too deeply nested to check.") from exc
    if not plain:
        raise ParseError("The answer is empty.", None)
    if _WORDS_ONLY.match(plain) and not _is_maths_word(plain):
        return TextValue(" ".join(plain.lower().split()))
    unit = None
    if units:
        plain, unit = split_unit(plain)
    try:
        tokens = tokenize(plain)
        parts = Parser(tokens, degrees=degrees).answer()
        value = to_value(parts)
    except _RECURSION_GUARD as exc:
        raise TooDeep("That answer is too deeply nested to check.") from exc
    except (TypeError, ValueError, AttributeError, NotImplementedError, ArithmeticError) as exc:
        if isinstance(exc, ParseError | TooComplex):
            raise
        # SymPy refused to build something we read (a matrix plus a number, say).
        raise ParseError(
            "We couldn't make sense of that as maths. Check it and try again."
        ) from exc
    if isinstance(value, EquationValue):
        value = EquationValue(value.lhs, value.rhs, _lhs_text(plain))
    if unit is not None:
        if not isinstance(value, ExprValue):
            raise ParseError("A unit can only follow a single number or expression.", None)
        return QuantityValue(value, unit.name, unit.dimension, unit.scale)
    return value


_WORDS_ONLY = re.compile(r"^[A-Za-z]+(?:\s+[A-Za-z]+)*$")


def _is_maths_word(plain: str) -> bool:
    """Whether a letters-only answer reads as maths (``xy``, ``pi``, ``sinx``), not prose."""
    try:
        tokenize(plain)
    except (ParseError, TooComplex):
        return False
    return True


def _lhs_text(plain: str) -> str:
    match = re.match(r"\s*([^=<>]*)=", plain)
    return match.group(1).strip() if match else ""

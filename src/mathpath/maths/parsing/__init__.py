"""Safe parsing of student maths: plain text and LaTeX into typed SymPy values.

No text is ever executed as Python: a hand-written recursive-descent grammar (see `parser`) calls
SymPy constructors directly, LaTeX is first translated to the same plain syntax (`latex`), and
static bounds (`mathpath.maths.limits`) refuse huge or deeply nested inputs before SymPy works
on them.
"""

from __future__ import annotations

import re

from mathpath.maths.parsing.errors import ParseError, TooComplex
from mathpath.maths.parsing.latex import latex_to_plain, looks_like_latex
from mathpath.maths.parsing.lexer import tokenize
from mathpath.maths.parsing.parser import Parser
from mathpath.maths.parsing.structure import to_value
from mathpath.maths.parsing.units import split_unit
from mathpath.maths.values import EquationValue, ExprValue, MathValue, QuantityValue, TextValue

__all__ = ["ParseError", "TooComplex", "normalise", "parse"]

_RECURSION_GUARD = (RecursionError, MemoryError)


def normalise(text: str) -> str:
    """The plain-text form of an answer: LaTeX translated, surrounding space removed."""
    stripped = text.strip()
    if looks_like_latex(stripped):
        stripped = latex_to_plain(stripped).strip()
    return stripped


def parse(text: str, *, units: bool = False, degrees: bool = False) -> MathValue:
    """Parse a student's answer (plain text or LaTeX, detected automatically).

    Raises `ParseError` (with `.message` and `.position`) when the text is not readable maths
    and `TooComplex` when it is too big or costly to check.
    """
    plain = normalise(text)
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
        raise TooComplex("That answer is too deeply nested to check.") from exc
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

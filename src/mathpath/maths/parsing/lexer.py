"""Tokeniser for plain-text maths as students type it.

Positions are 0-based indexes into the original text so errors can point at the character.
Letters are split into known words (functions, constants, Greek letters, ``or``) and single-letter
variables, which is what makes ``2x``, ``xy`` and ``sinx`` read the way students mean them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from mathpath.maths import limits
from mathpath.maths.parsing.errors import ParseError, TooComplex, at

FUNCTIONS: Final = frozenset(
    {
        "sin", "cos", "tan", "sec", "cosec", "csc", "cot",
        "arcsin", "arccos", "arctan", "asin", "acos", "atan", "arcsec", "arccsc", "arccot",
        "sinh", "cosh", "tanh", "ln", "log", "exp", "sqrt", "cbrt", "root", "abs",
    }
)  # fmt: skip
CONSTANTS: Final = frozenset({"pi", "e", "inf", "infinity", "oo"})
GREEK: Final = frozenset(
    {
        "alpha", "beta", "gamma", "delta", "theta", "lambda", "mu", "phi", "omega", "sigma",
        "tau", "rho", "epsilon", "psi", "chi", "kappa", "nu", "xi", "eta", "zeta",
    }
)  # fmt: skip
WORDS: Final = frozenset({"or", "and", "percent", "percentage", "pct"})
_KNOWN: Final = sorted(FUNCTIONS | CONSTANTS | GREEK | WORDS, key=len, reverse=True)

# Single characters with a fixed meaning; unicode forms map to their ASCII twin.
_SINGLE: Final = {
    "+": "+", "-": "-", "−": "-", "–": "-", "—": "-", "*": "*", "×": "*", "·": "*", "⋅": "*",
    "∙": "*", "/": "/", "÷": "/", "^": "^", "(": "(", ")": ")", "[": "[", "]": "]", "{": "{",
    "}": "}", ",": ",", ";": ";", "|": "|", "!": "!", "%": "%", "°": "°", "±": "±", "√": "√",
    "∛": "∛", "∪": "∪", "_": "_", "∈": "∈", ":": ":", "'": "'", "π": "pi", "∞": "inf",
    "²": "²", "³": "³", "=": "=", "≈": "=", "<": "<", ">": ">", "≤": "<=", "≥": ">=", "≠": "!=",
}  # fmt: skip
_TWO: Final = {"**": "^", "<=": "<=", ">=": ">=", "=<": "<=", "=>": ">=", "!=": "!=", "+-": "±"}

_NUMBER = re.compile(r"(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_THOUSANDS_COMMA = re.compile(r"[1-9]\d{0,2}(,\d{3})+(?![\d,])")
# Decimal commas only where a list cannot be meant: 0,111 and 1000,99.
_DECIMAL_COMMA = re.compile(r"(?:0|[1-9]\d{3,}),\d+(?![\d,])")
_THOUSANDS_SPACE = re.compile(r"[1-9]\d{0,2}( \d{3})+(?![\d/.])")
_DIGITS: Final = frozenset("0123456789")
_TIMES_X = re.compile(r"[xX]\s*\d")
_MAX_LOOSE_LETTERS: Final = 4
_SUBSCRIPT = re.compile(r"_(\{[A-Za-z0-9]{1,8}\}|[A-Za-z0-9])")


@dataclass(frozen=True)
class Token:
    kind: str
    """One of: num, name, func, const, word, op, end."""
    text: str
    pos: int


def tokenize(text: str) -> list[Token]:
    if len(text) > limits.MAX_INPUT_CHARS:
        raise TooComplex(
            f"That answer is too long to check ({len(text)} characters; the limit is "
            f"{limits.MAX_INPUT_CHARS})."
        )
    tokens: list[Token] = []
    i = 0
    depth = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch in _DIGITS or (ch == "." and i + 1 < n and text[i + 1] in _DIGITS):
            i = _number(text, i, depth, tokens)
        elif ch in "xX" and _TIMES_X.match(text, i) and tokens and tokens[-1].kind == "num":
            # "3.5x10^4", "3 x 4": an x between two numbers is a times sign, not a letter.
            tokens.append(Token("op", "*", i))
            i += 1
        elif ch.isascii() and ch.isalpha():
            i = _letters(text, i, tokens)
        elif text[i : i + 2] in _TWO:
            tokens.append(Token("op", _TWO[text[i : i + 2]], i))
            i += 2
        elif ch in _SINGLE:
            sym = _SINGLE[ch]
            if sym in ("pi", "inf"):
                tokens.append(Token("const", sym, i))
            else:
                depth += 1 if sym in "([{" else -1 if sym in ")]}" else 0
                tokens.append(Token("op", sym, i))
            i += 1
        elif ch.isalpha():
            raise ParseError(f"The letter '{ch}' at {at(i)} is not one we can use in maths.", i)
        else:
            raise ParseError(f"The symbol '{ch}' at {at(i)} is not something we can read.", i)
        if len(tokens) > limits.MAX_TOKENS:
            raise TooComplex("That answer is too long and complicated to check.")
    tokens.append(Token("end", "", n))
    return tokens


def _number(text: str, i: int, depth: int, out: list[Token]) -> int:
    # Thousands separators only outside brackets, so a point like (2,100) stays a point.
    if depth == 0:
        decimal = _DECIMAL_COMMA.match(text, i)
        if decimal:
            return _emit_number(decimal.group(0).replace(",", "."), i, decimal.end(), out)
        for pattern in (_THOUSANDS_COMMA, _THOUSANDS_SPACE):
            grouped = pattern.match(text, i)
            if grouped:
                tail = _NUMBER.match(text, grouped.end())
                digits = grouped.group(0).replace(",", "").replace(" ", "")
                end = grouped.end()
                if tail and text[end] == ".":
                    digits += tail.group(0)
                    end = tail.end()
                return _emit_number(digits, i, end, out)
    m = _NUMBER.match(text, i)
    assert m is not None
    return _emit_number(m.group(0), i, m.end(), out)


def _loose_run(tokens: list[Token]) -> int:
    """Longest run of letters that matched no function or named constant."""
    longest = run = 0
    for tok in tokens:
        if tok.kind in ("name", "word") or tok.text == "e":
            run += len(tok.text)
            longest = max(longest, run)
        else:
            run = 0
    return longest


def _emit_number(digits: str, start: int, end: int, out: list[Token]) -> int:
    mantissa, _, exponent = digits.lower().partition("e")
    if sum(c.isdigit() for c in mantissa) > limits.MAX_NUMBER_DIGITS:
        raise TooComplex(f"The number at {at(start)} has too many digits to check.")
    if exponent and abs(int(exponent)) > limits.MAX_NUMBER_DIGITS:
        raise TooComplex(f"The number at {at(start)} is far too big or small to check.")
    out.append(Token("num", digits, start))
    return end


def _letters(text: str, i: int, out: list[Token]) -> int:
    j = i
    while j < len(text) and text[j].isascii() and text[j].isalpha():
        j += 1
    word = text[i:j]
    first = len(out)
    k = 0
    while k < len(word):
        for known in _KNOWN:
            if word.startswith(known, k):
                kind = (
                    "func"
                    if known in FUNCTIONS
                    else "const"
                    if known in CONSTANTS
                    else "word"
                    if known in WORDS
                    else "name"
                )
                out.append(Token(kind, known, i + k))
                k += len(known)
                break
        else:
            out.append(Token("name", word[k], i + k))
            k += 1
    if len(out) - first > 1 and _loose_run(out[first:]) >= _MAX_LOOSE_LETTERS:
        # "abcd" as a product of four letters is almost always a word typed by mistake.
        raise ParseError(
            f"We can't read the word '{word}' at {at(i)}. Use single letters for unknowns "
            "and numbers for values.",
            i,
        )
    # A subscript belongs to the last letter: x_1, a_{37}; log_2 is read by the parser.
    sub = _SUBSCRIPT.match(text, j)
    if sub and out[-1].kind == "name":
        last = out.pop()
        out.append(Token("name", f"{last.text}_{sub.group(1).strip('{}')}", last.pos))
        return sub.end()
    return j

"""LaTeX as a maths keyboard produces it, translated to the plain-text syntax.

We translate instead of calling a LaTeX-to-SymPy library so that one grammar (and one set of
bounds) reads everything. The installed ``latex2sympy2_extended`` was checked and rejected:
it imports SymPy's string parser for variable values and passes arguments through SymPy's
string conversion in its set and logic helpers. Only commands in the tables below are
understood; anything else is a friendly `ParseError`, never a silent guess.
"""

from __future__ import annotations

import re
from typing import Final

from mathpath.maths import limits
from mathpath.maths.parsing.errors import ParseError, TooComplex, TooDeep, at

_FRACS: Final = frozenset({"frac", "dfrac", "tfrac", "cfrac"})
_TEXT: Final = frozenset({"text", "textbf", "textit", "textnormal", "mathrm", "mathit",
                          "mbox", "operatorname", "mathbf", "boxed", "displaystyle",
                          "mathnormal"})  # fmt: skip
_FUNCS: Final = frozenset({"sin", "cos", "tan", "sec", "csc", "cot", "arcsin", "arccos", "arctan",
                           "sinh", "cosh", "tanh", "ln", "log", "exp", "cosec"})  # fmt: skip
_GREEK: Final = frozenset({"alpha", "beta", "gamma", "delta", "theta", "lambda", "mu", "phi",
                           "omega", "sigma", "tau", "rho", "epsilon", "varepsilon", "psi", "chi",
                           "kappa", "nu", "xi", "eta", "zeta", "varphi", "vartheta"})  # fmt: skip
_SYMBOLS: Final = {
    "cdot": "*", "times": "*", "div": "/", "pm": "±", "le": "<=", "leq": "<=", "leqslant": "<=",
    "ge": ">=", "geq": ">=", "geqslant": ">=", "lt": "<", "gt": ">", "ne": "!=", "neq": "!=",
    "approx": "=", "pi": "pi", "infty": "inf", "cup": "∪", "in": "∈", "circ": "°",
    "%": "%", "{": "{", "}": "}", "$": "", ",": " ", ";": " ", ":": " ", "!": "", " ": " ",
    "quad": " ", "qquad": " ", "left": "", "right": "", "bigl": "", "bigr": "", "Bigl": "",
    "Bigr": "", "|": "|", "lvert": "|", "rvert": "|", "vert": "|", "mid": "|", "degree": "°",
    "ldots": "", "dots": "", "cdots": "",
}  # fmt: skip
_SPACING: Final = ("qquad", "quad")
_MATRIX_ENVS: Final = frozenset({"pmatrix", "bmatrix", "matrix", "vmatrix", "array"})
_DELIMS = re.compile(r"\\\(|\\\)|\\\[|\\\]|\$")
_COMMAND = re.compile(r"\\([A-Za-z]+|.)")


def looks_like_latex(text: str) -> bool:
    return "\\" in text or "$" in text or "^{" in text or "_{" in text


def latex_to_plain(text: str) -> str:
    if len(text) > limits.MAX_LATEX_CHARS:
        raise TooComplex(
            f"That answer is too long to check ({len(text)} characters; the limit is "
            f"{limits.MAX_LATEX_CHARS})."
        )
    body = _DELIMS.sub(" ", text.replace("\\$", " "))
    body = re.sub(r"(\d),\\!\s*(?=\d{3})", r"\1,", body)  # 11,\!111 is eleven thousand...
    out, _ = _translate(body, 0, None, 0)
    out = re.sub(r"\^\s*\(\s*°\s*\)|\^\s*°", "°", out)
    out = re.sub(r"\],\[\s*\]\]", "]]", out)  # a trailing \\ before \end{pmatrix}
    return out


def _deeper(depth: int) -> int:
    """One more level of groups and command arguments, refused past `limits.MAX_DEPTH`.

    The translator recurses about three frames per level (``\\frac{`` is a command, its
    argument and the group inside), so without this a few hundred levels typed within the
    input limit would exhaust Python's recursion limit. Nothing deeper than the bound could be
    parsed afterwards anyway: each level is at least one level of the plain grammar.
    """
    if depth >= limits.MAX_DEPTH:
        raise TooDeep(
            "That answer has too many fractions, roots or brackets inside each other to check."
        )
    return depth + 1


def _translate(s: str, i: int, stop: str | None, depth: int) -> tuple[str, int]:
    """Translate from index i until the closing `stop` character (or the end)."""
    out: list[str] = []
    n = len(s)
    while i < n:
        ch = s[i]
        if stop is not None and ch == stop:
            return "".join(out), i + 1
        if ch == "{":
            inner, i = _translate(s, i + 1, "}", _deeper(depth))
            out.append("(" + inner + ")")
        elif ch == "}":
            raise ParseError(f"There's a '}}' at {at(i)} that was never opened.", i)
        elif ch == "\\":
            piece, i = _command(s, i, depth)
            out.append(_mixed_number(out, piece, s[i:]))
        elif ch == "&":
            out.append(",")
            i += 1
        elif ch in "^_":
            out.append(ch)
            arg, i = _argument(s, i + 1, depth)
            out.append("{" + arg + "}" if ch == "_" else "(" + arg + ")")
        else:
            out.append(ch)
            i += 1
    if stop is not None:
        raise ParseError("A '{' in your answer is never closed with '}'.", None)
    return "".join(out), i


_INTEGER_FRACTION = re.compile(r"^\(\((\d+)\)/\((\d+)\)\)$")
_TRAILING_WHOLE = re.compile(r"(?<![\w.)^_}])(\d+)\s*$")


def _mixed_number(out: list[str], piece: str, rest: str) -> str:
    """``2\\frac{1}{3}`` is two and a third (as "2 1/3" is in plain text): a whole number
    just before a proper fraction of whole numbers, with no power or factorial after it."""
    m = _INTEGER_FRACTION.match(piece)
    if m is None or not 0 < int(m.group(1)) < int(m.group(2)):
        return piece
    if rest.lstrip().startswith(("^", "!", "²", "³")):
        return piece
    done = "".join(out)
    whole = _TRAILING_WHOLE.search(done)
    if whole is None:
        return piece
    out[:] = [done[: whole.start()]]
    return f"({whole.group(1)}+{piece})"


def _argument(s: str, i: int, depth: int) -> tuple[str, int]:
    """One argument of a command: a braced group, a command, or a single character."""
    while i < len(s) and s[i] == " ":
        i += 1
    if i >= len(s):
        raise ParseError("Something is missing at the end of your answer.", i)
    if s[i] == "{":
        return _translate(s, i + 1, "}", _deeper(depth))
    if s[i] == "\\":
        return _command(s, i, _deeper(depth))
    return s[i], i + 1


def _command(s: str, i: int, depth: int) -> tuple[str, int]:
    m = _COMMAND.match(s, i)
    if m is None:
        raise ParseError(f"A '\\' at {at(i)} has nothing after it.", i)
    name, j = m.group(1), m.end()
    if name == "\\":
        return "],[", j
    if name in _FRACS:
        num, j = _argument(s, j, depth)
        den, j = _argument(s, j, depth)
        return f"(({num})/({den}))", j
    if name == "sqrt":
        index = None
        if j < len(s) and s[j] == "[":
            close = s.find("]", j)
            if close < 0:
                raise ParseError(f"The '[' at {at(j)} is never closed.", j)
            index, _ = _translate(s[j + 1 : close], 0, None, _deeper(depth))
            j = close + 1
        arg, j = _argument(s, j, depth)
        if index is not None and index.strip() == "3":
            return f"cbrt({arg})", j  # the real cube root: \sqrt[3]{-8} is -2
        return (f"(({arg})^(1/({index})))" if index else f"sqrt({arg})"), j
    if name in _TEXT:
        arg, j = _argument(s, j, depth)
        return f" {arg} ", j
    if name in ("begin", "end"):
        env, j = _argument(s, j, depth)
        env = env.strip("() ")
        if env not in _MATRIX_ENVS:
            raise ParseError(f"We can't read a '{env}' block.", i)
        if name == "begin" and env == "array" and j < len(s) and s[j] == "{":
            _, j = _translate(s, j + 1, "}", _deeper(depth))  # column spec such as {cc}
        return ("[[" if name == "begin" else "]]"), j
    if name in _FUNCS:
        return f" {name} ", j
    if name in _GREEK:
        return f" {name.removeprefix('var')} ", j
    if name == "mathrm" or name == "e":
        return " e ", j
    if name in _SYMBOLS:
        return _SYMBOLS[name], j
    for known in _SPACING:
        # "\quadx": a spacing command run into the letter after it.
        if name.startswith(known) and len(name) > len(known):
            return " ", i + 1 + len(known)
    raise ParseError(f"We don't know the LaTeX command '\\{name}' at {at(i)}.", i)

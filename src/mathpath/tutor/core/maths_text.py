"""Finding the maths in free text: a student's message or a reply the tutor is about to send.

Everything here goes through the maths engine's safe parser; nothing is evaluated.
"""

from __future__ import annotations

import re

from mathpath.maths.parsing import ParseError, TooComplex, parse
from mathpath.maths.values import MathValue

MAX_FRAGMENTS = 40
MAX_FRAGMENT_CHARS = 200

_DOLLAR = re.compile(r"\$\$?(.+?)\$\$?", re.S)
# A token that can be part of written maths: numbers, single letters with powers and
# brackets (3x, x^2, (x+3)^2), operators (typed or typeset: × ÷ − ±), and a few function
# names.
_MATHS_TOKEN = re.compile(
    r"^(?:[-+*/^=<>()√×÷−±·≤≥≠]+|\(*[-−]?\d*\.?\d*(?:[a-zA-Z](?![a-zA-Z]))?(?:\^-?\d+)?\)*"
    r"(?:[+\-*/^×÷−]\(*[-−]?\d*\.?\d*[a-zA-Z]?(?:\^-?\d+)?\)*)*|sqrt\(.*\)|pi)$"
)
_CUE_NUMBER = re.compile(
    r"\b(?:is|are|equals|get|gives|be|answer|result|makes)\s*:?\s*"
    r"(-?\d+(?:\.\d+)?(?:\s*/\s*\d+)?)",
    re.I,
)
_LEAD_INS = re.compile(
    r"^(?:so\s+|then\s+|ok\s+|okay\s+|um+\s+|i\s+think\s+|maybe\s+|is\s+it\s+|"
    r"is\s+the\s+(?:final\s+)?answer\s+|(?:would|could|should)\s+it\s+be\s+|"
    r"does\s+it\s+(?:equal|come\s+to)\s+|is\s+(?=[a-z]\s*=)|"
    r"(?:my\s+|the\s+)?answer\s+is\s+|it'?s\s+|it\s+is\s+|i\s+got\s+|i\s+get\s+|"
    r"that\s+gives\s+|which\s+gives\s+)+",
    re.I,
)


def try_parse(text: str) -> MathValue | None:
    text = text.strip()
    if not text or len(text) > MAX_FRAGMENT_CHARS:
        return None
    try:
        return parse(text)
    except (ParseError, TooComplex, ValueError, TypeError, ZeroDivisionError):
        return None


def strip_lead_ins(text: str) -> str:
    """`"I think it's x = 4?"` -> `"x = 4"`: what a student typed around an answer."""
    core = text.strip().rstrip("?.!").strip()
    core = _LEAD_INS.sub("", core).strip()
    return core.strip("$").strip()


def fragments(text: str) -> list[str]:
    """Candidate maths fragments of a reply, most explicit first, bounded in number."""
    found: list[str] = [m.group(1) for m in _DOLLAR.finditer(text)]
    prose = _DOLLAR.sub(" ", text)
    found += _maths_runs(prose)
    found += [m.group(1) for m in _CUE_NUMBER.finditer(prose)]
    seen: set[str] = set()
    unique: list[str] = []
    for frag in found:
        key = compact(frag)
        if key and key not in seen:
            seen.add(key)
            unique.append(frag.strip().rstrip(".,;:"))
    return unique[:MAX_FRAGMENTS]


def _maths_runs(prose: str) -> list[str]:
    """Runs of maths-like words that contain a relation, e.g. "so x = 5 here" -> "x = 5"."""
    runs: list[str] = []
    current: list[str] = []
    for word in [*prose.replace(",", " , ").split(), ","]:
        token = "" if word == "," else word.rstrip(".;:!?")
        if (
            (token and _MATHS_TOKEN.match(token) and not token.isalpha())
            or (len(token) == 1 and token.isalpha() and token not in ("a", "A", "I"))
            or token in ("pi", "sqrt")
        ):
            current.append(token)
            if token != word:
                runs.append(" ".join(current))
                current = []
            continue
        if current:
            runs.append(" ".join(current))
            current = []
    return [r for r in runs if any(op in r for op in "=<>≤≥≠")]


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text).strip(".,;:")


def stem_equation(stem: str) -> str | None:
    """The first fragment of an item's stem that is an equation or inequality (the line a
    student's working starts from)."""
    for frag in fragments(stem):
        if any(op in frag for op in ("=", "<", ">")) and try_parse(frag) is not None:
            return frag
    return None

"""Finding the final answer inside a longer text (a language model's reply, a worked solution).

Used by the tutor's guard and by benchmarks on model outputs; students' answer boxes are
parsed directly. The rules, in order:

1. the contents of every ``\\boxed{...}`` (joined by commas);
2. else the maths spans (``$$...$$``, ``\\[...\\]``, ``\\(...\\)``, ``$...$``): the last one, or all
   of them when only commas, "and" or "or" separate them (``$1$ and $2$``); a number written
   in the prose after the last span wins over it ("the largest $n$ is 34");
3. else, in prose, the last number;
4. else the whole text.

A ``%`` or "percent" right after the chosen part is kept. Words the maths grammar cannot read
(``meters``, ``yuan``) are then dropped, so ``\\frac{1}{3} \\text{meters}`` reads as
``\\frac{1}{3}``.
"""

from __future__ import annotations

import re

from mathpath.maths.parsing.errors import ParseError, TooComplex
from mathpath.maths.parsing.lexer import CONSTANTS, FUNCTIONS, GREEK, WORDS, tokenize

_SPANS = re.compile(
    r"\$\$(?P<a>.+?)\$\$|\\\[(?P<b>.+?)\\\]|\\\((?P<c>.+?)\\\)|(?<!\\)\$(?P<d>(?:\\\$|[^$\n])+?)(?<!\\)\$",
    re.DOTALL,
)
_TEXT_COMMANDS = re.compile(r"\\(?:text|textbf|textit|textnormal|mbox|mathrm)\s*\{([^{}]*)\}")
_WORD = re.compile(r"(?<![\\A-Za-z{_])[A-Za-z]{3,}(?![A-Za-z}])")
_JOINER = re.compile(r"^\s*(?:,|\\?and|or|&)?\s*(?:,|and|or)?\s*$", re.IGNORECASE)
_LINKED = re.compile(r",|&|\band\b|\bor\b", re.IGNORECASE)
_PERCENT = re.compile(r"^\s*\$?\s*(?:\\?%|percent(?:age)?|pct)")
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_MATHS_WORDS = FUNCTIONS | CONSTANTS | GREEK | WORDS
_PROSE = re.compile(r"[A-Za-z]{2,}")


def extract_answer(text: str) -> str:
    """The final-answer part of `text`, as a string `parse` can read."""
    boxed = _boxed(text)
    if boxed:
        chosen = [boxed[-1]]
        for earlier in reversed(boxed[:-1]):
            between = text[earlier[2] : chosen[0][1]]
            if re.search(r"[A-Za-z]", between) and not _LINKED.search(between):
                break  # unrelated boxes, separated by prose: the last one is the answer
            chosen.insert(0, earlier)
        candidate, end = ", ".join(b for b, _, _ in chosen), boxed[-1][2]
    else:
        spans = list(_SPANS.finditer(text))
        if spans:
            candidate, end = _from_spans(text, spans)
        else:
            candidate, end = _from_prose(text)
    if _PERCENT.match(text[end:]):
        candidate += "%"
    return _final_value(strip_prose(candidate))


def _final_value(candidate: str) -> str:
    """``\frac{1}{2} \\$ = \frac{10}{9}``: a calculation then its value; keep the value."""
    if "=" not in candidate or any(c in candidate for c in "<>,;"):
        return candidate
    first, last = candidate.split("=", 1)[0], candidate.rsplit("=", 1)[1]
    if any(re.search(r"[A-Za-z]", re.sub(r"\\[A-Za-z]+", "", side)) for side in (first, last)):
        return candidate
    return last.strip() or candidate


def _from_spans(text: str, spans: list[re.Match[str]]) -> tuple[str, int]:
    def body(m: re.Match[str]) -> str:
        return next(g for g in m.groups() if g is not None)

    last = spans[-1]
    tail_numbers = _NUMBER.findall(text[last.end() :])
    if tail_numbers and _PROSE.search(text[last.end() :]):
        return tail_numbers[-1], len(text)
    chosen = [last]
    for earlier in reversed(spans[:-1]):
        if not _JOINER.match(text[earlier.end() : chosen[0].start()]):
            break
        chosen.insert(0, earlier)
    return ", ".join(body(m) for m in chosen), last.end()


def _from_prose(text: str) -> tuple[str, int]:
    words = [w for w in _PROSE.findall(text) if w.lower() not in _MATHS_WORDS]
    numbers = list(_NUMBER.finditer(text))
    if len(words) >= 2 and numbers:
        return numbers[-1].group(0), numbers[-1].end()
    return text, len(text)


def strip_prose(text: str) -> str:
    """Drop words that are not maths, keeping the maths around them."""
    text = _TEXT_COMMANDS.sub(lambda m: f" {m.group(1)} ", text)
    stripped = _WORD.sub(lambda m: m.group(0) if _readable(m.group(0)) else " ", text)
    stripped = stripped.strip().rstrip(".,;:").strip()
    return stripped or text.strip()


def _readable(word: str) -> bool:
    if word.lower() in ("and", "or"):
        return True
    try:
        tokenize(word)
    except (ParseError, TooComplex):
        return False
    return True


def _boxed(text: str) -> list[tuple[str, int, int]]:
    """Contents of each ``\\boxed{...}``, the index where it starts and the index after it."""
    found = []
    start = text.find("\\boxed")
    while start >= 0:
        brace = text.find("{", start)
        if brace < 0:
            break
        depth, k = 0, brace
        while k < len(text):
            if text[k] == "{":
                depth += 1
            elif text[k] == "}":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        found.append((text[brace + 1 : k], start, k + 1))
        start = text.find("\\boxed", k)
    return found

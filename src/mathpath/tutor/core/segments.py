"""Cutting a streamed reply into segments the guard checks one by one before release.

A cut falls at the end of a sentence or a clause, and never inside maths: not inside `$...$`
(or `$$...$$`), not inside an open bracket of any kind (so not inside `\\(...\\)`, `\\[...\\]`
or `\\frac{...}`), not inside a LaTeX environment, and not in a run of maths written as
prose ("so x = 5, 6" stays whole). A cut needs the first visible character after it, so a
decimal point ("2.5") is never read as the end of a sentence.
"""

from __future__ import annotations

import re

# A sentence shorter than this waits for the next one ("1. " of a numbered list, "Hi!").
MIN_SENTENCE_CHARS = 8
# A clause (ending in "," or ":") is cut only when the text held is at least this long.
MIN_CLAUSE_CHARS = 40
# With no sentence or clause end in this many characters, cut between two plain words.
MAX_HOLD_CHARS = 400

_PLAIN_WORD = re.compile(r"[A-Za-z][a-z'’]+")
_SENTENCE_ENDS = ".!?;\n"
_CLAUSE_ENDS = ",:"


def _plain(word: str) -> bool:
    """A word of prose, not of maths: "idea" and "Let's", not "x", "3x", "5" or "="."""
    return _PLAIN_WORD.fullmatch(word.strip("\"'()")) is not None


def _word_before(text: str, end: int) -> str:
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def _visible_after(text: str, i: int) -> int | None:
    """The index of the first visible character after the whitespace that follows `i`, or
    None when the text held ends before one arrives."""
    j = i + 1
    if text[i] != "\n" and (j >= len(text) or not text[j].isspace()):
        return None
    while j < len(text) and text[j].isspace():
        j += 1
    return j if j < len(text) else None


def find_cut(text: str) -> int | None:
    """The first place `text` may be cut (the next segment starts there), or None."""
    dollars = depth = env = 0
    plain_gap: int | None = None
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            if text.startswith("\\begin{", i):
                env += 1
            elif text.startswith("\\end{", i):
                env = max(0, env - 1)
            elif text.startswith("\\$", i):
                i += 2  # an escaped dollar opens no maths
                continue
        elif ch == "$":
            dollars += 1
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        outside = dollars % 2 == 0 and depth == 0 and env == 0
        if outside and (ch in _SENTENCE_ENDS or ch in _CLAUSE_ENDS):
            cut = _visible_after(text, i)
            if cut is not None and _worth_cutting(text, i):
                return cut
        if outside and ch.isspace() and i > 0 and not text[i - 1].isspace():
            after = _visible_after(text, i - 1)
            if (
                after is not None
                and _plain(_word_before(text, i))
                and _plain(text[after:].split(maxsplit=1)[0])
            ):
                plain_gap = after
        i += 1
    if len(text) > MAX_HOLD_CHARS and plain_gap is not None:
        return plain_gap
    return None


def _worth_cutting(text: str, i: int) -> bool:
    held = text[:i].strip()
    ch = text[i]
    if ch == "\n":
        return bool(held)
    previous = _word_before(text, i)
    if ch in _CLAUSE_ENDS:
        # "so x = 2, 3" is one piece of maths; "Think about it, then" is prose.
        return len(held) >= MIN_CLAUSE_CHARS and _plain(previous)
    if ch == ";":
        return len(held) >= MIN_SENTENCE_CHARS and _plain(previous)
    return len(held) >= MIN_SENTENCE_CHARS and bool(previous)


class Segmenter:
    """Holds streamed text and hands it back in segments as cut points appear."""

    def __init__(self) -> None:
        self._held = ""

    @property
    def held(self) -> str:
        return self._held

    def feed(self, delta: str) -> list[str]:
        self._held += delta
        ready: list[str] = []
        while (cut := find_cut(self._held)) is not None:
            ready.append(self._held[:cut])
            self._held = self._held[cut:]
        return ready

    def flush(self) -> str:
        """What is left when the stream ends (checked and released like any segment)."""
        rest, self._held = self._held, ""
        return rest

"""A "why" question about a known mistake ("why can't I add the tops?"): answered with the
misconception's own explanation, in student words, when the question names it clearly."""

from __future__ import annotations

import re

from mathpath.maths.misconceptions import CATALOGUE, Misconception

_WORD = re.compile(r"[a-z]+")
_STOP = frozenset(
    "a an the i you it is are be can cant can't not why do does did what how when which to of "
    "in on and or my me we so just if that this there with for at by from as its it's".split()
)
# Words students use for the terms of the catalogue's explanations.
_SYNONYMS = {
    "tops": "numerator",
    "top": "numerator",
    "numerators": "numerator",
    "bottoms": "denominator",
    "bottom": "denominator",
    "denominators": "denominator",
    "adding": "add",
    "added": "add",
    "plus": "add",
    "flip": "flip",
    "flipped": "flip",
    "turn": "flip",
    "reverse": "flip",
    "swap": "flip",
    "sign": "sign",
    "signs": "sign",
    "negative": "negative",
    "minus": "negative",
    "brackets": "bracket",
    "bracket": "bracket",
    "multiply": "multiply",
    "multiplying": "multiply",
    "times": "multiply",
    "divide": "divide",
    "dividing": "divide",
    "powers": "power",
    "power": "power",
    "indices": "power",
    "index": "power",
    "roots": "root",
    "root": "root",
    "square": "square",
    "squared": "square",
    "constant": "constant",
    "c": "constant",
    "logs": "log",
    "log": "log",
    "logarithm": "log",
    "cancel": "cancel",
    "cancelling": "cancel",
    "middle": "middle",
    "term": "term",
    "terms": "term",
}
MIN_SHARED = 2


def _flat(text: str) -> str:
    return re.sub(r"[\s()]", "", text.lower().replace("²", "^2").replace("−", "-"))


def _keys(text: str) -> set[str]:
    words = _WORD.findall(text.lower().replace("'", ""))
    return {_SYNONYMS.get(w, w) for w in words if w not in _STOP and len(w) > 1}


def _about(m: Misconception) -> set[str]:
    return _keys(f"{m.title} {m.id.replace('-', ' ')}")


def misconception_asked_about(question: str, tagged: tuple[str, ...] = ()) -> Misconception | None:
    """The misconception the question is about: sharing at least two key words with its title
    (one for a misconception tagged on the item), the item's own tags first; None when no
    misconception fits clearly."""
    flat = _flat(question)
    for m in CATALOGUE.values():  # the mistake itself quoted: "why isn't (a + b)² = a² + b²?"
        if len(_flat(m.title)) >= 6 and _flat(m.title) in flat:
            return m
    asked = _keys(question)
    if not asked:
        return None
    scored: list[tuple[int, bool, str]] = []
    for m in CATALOGUE.values():
        shared = len(asked & _about(m))
        if shared >= MIN_SHARED or (shared and m.id in tagged):
            scored.append((shared, m.id in tagged, m.id))
    if not scored:
        return None
    scored.sort(reverse=True)
    return CATALOGUE[scored[0][2]]

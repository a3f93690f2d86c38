"""Scores on what the student reads: the reply text, not the engine's verdict behind it.

A voice that answers every message "Hmm. Try again." gets every engine verdict right (the
engine decided before it spoke) and scores zero here: it names no mistake, calls correct
working wrong, gives no next step. Each scorer is a plain function of the reply (and the
item), so a control that fails it shows the metric can fail.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from mathpath.maths.misconceptions import CATALOGUE
from mathpath.tutor.core.items import TutorItem

_WORD = re.compile(r"[a-zA-Z]{3,}")
_STOP = frozenset(
    "the and you your that this with for are not but can its it's from into have has was were "
    "then than when what which why how all any each one two them they their there here get gets "
    "got use used using does don't isn't also just only more most some such very way will would "
    "should could like make makes need needs every both side sides term terms".split()
)
_NEGATIVE = re.compile(
    r"\b(?:not quite|not right|not correct|isn't right|isn't correct|is wrong|that's wrong|"
    r"incorrect|a mistake|not yet|try again|look at that again|check your (?:working|signs|"
    r"arithmetic)|doesn't say the same|isn't valid|not valid|has lost|slipped)\b",
    re.I,
)
_POSITIVE = re.compile(
    r"\b(?:right|correct|well done|spot on|exactly|yes|good|nicely|that's it|true)\b", re.I
)
_MISSING = re.compile(
    r"\b(?:more|another|missing|other solutions?|one of the|not all|rest)\b", re.I
)
_RAW = re.compile(r"\*\*|(?<=[\w)])\*(?=[\w(])|\bsqrt\(|\bAbs\(|\bexp\(|\bpi\b(?![a-z])|\bE\b")
_DOLLARS = re.compile(r"(?<!\\)\$")
_MATHS = re.compile(r"\$[^$]*\$")
_REDIRECT = re.compile(
    r"let's stay with this problem|let's get back to the maths|I'm here to help", re.I
)


def content_words(text: str) -> set[str]:
    words = {w.lower() for w in _WORD.findall(_MATHS.sub(" ", text))}
    return {w.rstrip("s") for w in words if w not in _STOP}


def overlap(reply: str, reference: str) -> float:
    """Share of the reference's content words that the reply uses."""
    ref = content_words(reference)
    return len(ref & content_words(reply)) / len(ref) if ref else 0.0


NAMES_THRESHOLD = 0.5


def names_misconception(reply: str, misconception: str) -> bool:
    """The reply explains the diagnosed mistake: it carries at least half of the words of the
    catalogue's explanation (or of its title), in any voice's wording."""
    m = CATALOGUE.get(misconception)
    if m is None:
        return False
    return max(overlap(reply, m.explanation), overlap(reply, m.title)) >= NAMES_THRESHOLD


def calls_wrong(reply: str) -> bool:
    """The reply tells the student they are wrong (or to try again)."""
    return _NEGATIVE.search(reply) is not None


def confirms(reply: str) -> bool:
    return _POSITIVE.search(reply) is not None and not calls_wrong(reply)


def says_missing(reply: str) -> bool:
    return _MISSING.search(reply) is not None


def truncated(reply: str) -> bool:
    """Cut short: an unmatched `$`, an open bracket, or no end to the last sentence."""
    text = reply.strip()
    if not text:
        return True
    if len(_DOLLARS.findall(text)) % 2:
        return True
    if text.count("(") > text.count(")") or text.count("{") != text.count("}"):
        return True
    return text[-1] not in ".!?$)\"'" and not text.endswith(("\\]", "\\)"))


def raw_syntax(reply: str) -> bool:
    """SymPy's or a programmer's notation where a student expects maths: `**`, `9*x`,
    `sqrt(85)`, `Abs(`, `exp(`."""
    prose = _MATHS.sub(" ", reply)
    maths = " ".join(_MATHS.findall(reply))
    return bool(_RAW.search(prose) or re.search(r"\*\*|\bsqrt\(|\bAbs\(|(?<=\w)\*(?=\w)", maths))


_VOWELS = re.compile(r"[aeiouy]+")


def _syllables(word: str) -> int:
    word = word.lower()
    count = len(_VOWELS.findall(word))
    if word.endswith("e") and count > 1 and not word.endswith("le"):
        count -= 1
    return max(1, count)


def reading_grade(reply: str) -> float:
    """Flesch-Kincaid grade of the reply's prose (maths removed): US school grade, so KS3
    (ages 11-14) reads around 6-8, GCSE around 8-10, A-Level up to 12."""
    prose = _MATHS.sub(" x ", reply)
    sentences = max(1, len(re.findall(r"[.!?]+(?:\s|$)", prose)))
    words = re.findall(r"[A-Za-z']+", prose)
    if not words:
        return 0.0
    syllables = sum(_syllables(w) for w in words)
    return 0.39 * len(words) / sentences + 11.8 * syllables / len(words) - 15.59


GRADE_LIMITS = {"ks3": 10.0, "gcse": 12.0, "alevel": 14.0}
"""Flesch-Kincaid grades a reply may reach at each level. The formula counts syllables, so
the subject's own words (denominator, coefficient, factorising) weigh heavily: these limits
are those of the pack's own lessons, and the metric catches prose written for adults."""


def readable_for(reply: str, level: str) -> bool:
    return reading_grade(reply) <= GRADE_LIMITS.get(level, 14.0)


def about_next_step(reply: str, item: TutorItem, next_index: int) -> bool:
    """The hint speaks of the worked step after the student's line: it shares more with that
    step (its words, or its maths) than with any earlier step or the first hint."""
    steps = item.solution
    if not 0 <= next_index < len(steps):
        return False
    target = steps[next_index]
    if target.math and _compact(target.math) in _compact(reply):
        return True
    # The step's own maths in words' place ("Use $y - y_1 = m(x - x_1)$."), said in the reply.
    written = [_compact(m) for m in re.findall(r"\$([^$]+)\$", target.text)]
    if any(len(m) >= 3 and m in _compact(reply) for m in written):
        return True
    before = set().union(*(content_words(s.text) for s in steps[:next_index]))
    if item.hints:
        before |= content_words(item.hints[0])
    words = content_words(target.text)
    unique = words - before  # what only the next step says
    said = content_words(reply)
    if unique:
        return len(unique & said) / len(unique) >= 0.4
    return bool(words) and words <= said


def _compact(text: str) -> str:
    return re.sub(r"[\s$\\{}]|left|right", "", text)


REPEAT_THRESHOLD = 0.8


def _jaccard(a: str, b: str) -> float:
    wa, wb = content_words(a), content_words(b)
    if not wa and not wb:
        return 1.0 if a.strip() == b.strip() else 0.0
    return len(wa & wb) / len(wa | wb)


_INTRO = re.compile(r"^[^:.!?]{0,40}:\s+")


def _body(reply: str) -> str:
    """The reply without a short lead-in ("Here's a method to try: ...")."""
    return _INTRO.sub("", reply.strip(), count=1)


def repeats(replies: Sequence[str]) -> bool:
    """Two replies in a conversation say (nearly) the same thing, whatever their lead-ins."""
    bodies = [_body(r) for r in replies]
    for i, first in enumerate(bodies):
        for second in bodies[i + 1 :]:
            if _jaccard(first, second) >= REPEAT_THRESHOLD:
                return True
    return False


def answers_why(reply: str) -> bool:
    """A "why" question got an explanation (a sentence of content), not a redirect."""
    return not _REDIRECT.search(reply) and len(content_words(reply)) >= 6


_WHOLE = re.compile(
    r"\b(?:that's right|well done|spot on|exactly right|is correct|that's it)\b", re.I
)


def confirms_whole(reply: str) -> bool:
    """The reply tells the student the whole answer is right."""
    return _WHOLE.search(reply) is not None

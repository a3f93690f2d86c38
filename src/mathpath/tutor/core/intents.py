"""Classifying a student's message (the first job of the Context Retrieval Agent).

Rules, not a model: the embedded tutor has no language model, and a rule set is predictable
for the things that matter most (a manipulation attempt never reads as an answer).
"""

from __future__ import annotations

import re
from enum import StrEnum

from mathpath.maths.checking.words import numeric_reading
from mathpath.tutor.core.maths_text import strip_lead_ins, try_parse


class Intent(StrEnum):
    ANSWER = "answer"
    STEP = "step"
    CONCEPT_QUESTION = "concept_question"
    HINT_REQUEST = "hint_request"
    ANSWER_REQUEST = "answer_request"
    OFF_TOPIC = "off_topic"
    MANIPULATION = "manipulation"
    UNCLEAR = "unclear"


_MANIPULATION = re.compile(
    r"ignore (?:all |any |your |the |previous |prior |above )*(?:rules|instructions|prompt)"
    r"|disregard (?:your |the |all )*(?:rules|instructions)|system prompt|developer mode"
    r"|jailbreak|pretend (?:you are|to be)|you are now|act as (?:a|an|my)|new instructions"
    r"|override|\bDAN\b|forget (?:your|all|the) (?:rules|instructions)|i am (?:your|the) teacher"
    r"|i'?m (?:your|the) teacher|reveal (?:the|your) (?:prompt|rules)|bypass",
    re.I,
)
_ANSWER_REQUEST = re.compile(
    r"(?:tell|give|show|send) me (?:the |your )?(?:final |full |whole )?(?:answer|solution)"
    r"|what(?:'s| is) the (?:final |correct |right )?answer|just (?:tell|give|show)"
    r"|(?:the|full|whole) (?:answer|solution) (?:please|pls|now)|answer please"
    r"|can you (?:just )?(?:solve|do) it|solve it for me|do it for me|i give up",
    re.I,
)
_HINT = re.compile(
    r"\bhint|\bhelp\b|\bstuck\b|\bdunno\b|don'?t (?:know|get|understand)|no idea"
    r"|where (?:do|should) i start|next step|what (?:do|should) i do|how do i (?:start|begin)"
    r"|clue|confused",
    re.I,
)
_CONCEPT = re.compile(
    r"^(?:what|why|how|when|which|can you explain|explain|what's|whats|does|is there|do you)"
    r"\b|\?$",
    re.I,
)
_MATHS_WORDS = re.compile(
    r"equation|expression|factor|bracket|term|fraction|surd|indices|index|power|root|"
    r"discriminant|quadratic|gradient|vector|sequence|formula|solve|simplify|expand|"
    r"inequality|coefficient|square|circle|line|denominator|numerator|percent|ratio|prime|"
    r"mean|angle|graph|function|integer|decimal|proof|negative|divide|multiply|subtract|"
    r"add|minus|times|method|step|why|nth",
    re.I,
)
_LOOKS_LIKE_MATHS = re.compile(r"\d|[=<>^/*+]|sqrt|√|π|\bpi\b|\\frac")


def looks_like_maths(text: str) -> bool:
    core = strip_lead_ins(text)
    if core and len(core) <= 60 and numeric_reading(core) is not None:
        return True  # an amount: £60, sixty pounds, six quarters, 10 centimetres
    if not core or len(core) > 200 or not _LOOKS_LIKE_MATHS.search(core):
        return False
    if sum(ch.isalpha() for ch in core) > 3 * max(1, sum(not ch.isalpha() for ch in core)):
        return False
    return try_parse(core) is not None


def classify(text: str, *, is_working: bool = False) -> Intent:
    """The intent of a student's message. `is_working` says the maths in it is a line of
    working rather than a final answer (decided by the maths engine, see `verify`)."""
    stripped = text.strip()
    if not stripped:
        return Intent.UNCLEAR
    if _MANIPULATION.search(stripped):
        return Intent.MANIPULATION
    if _ANSWER_REQUEST.search(stripped):
        return Intent.ANSWER_REQUEST
    if looks_like_maths(stripped):
        return Intent.STEP if is_working else Intent.ANSWER
    if _HINT.search(stripped):
        return Intent.HINT_REQUEST
    if _MATHS_WORDS.search(stripped) and (_CONCEPT.search(stripped) or len(stripped) > 12):
        return Intent.CONCEPT_QUESTION
    if _CONCEPT.search(stripped) or len(stripped.split()) > 2:
        return Intent.OFF_TOPIC
    return Intent.UNCLEAR

"""The template voice: the embedded default, no network, no model.

It reads naturally and varies its wording (a phrase bank, chosen deterministically per
session and turn so a transcript replays identically), and it never states the answer
before the ladder allows: worked steps that would give the answer away are held back here
already, and the guard checks the result again.
"""

from __future__ import annotations

import hashlib
import re

from mathpath.maths.tracing.display import display_latex
from mathpath.tutor.core import hints
from mathpath.tutor.core.guard import false_claims, leaked_fragments
from mathpath.tutor.core.hints import HintContext, concept_texts, full_solution
from mathpath.tutor.core.items import TutorItem
from mathpath.tutor.core.ladder import ReplyKind, Rung
from mathpath.tutor.core.maths_text import compact
from mathpath.tutor.core.questions import misconception_asked_about
from mathpath.tutor.voice.base import VoiceReply, VoiceRequest

_CONFIRM = (
    "That's right, well done!",
    "Spot on.",
    "Correct! Nicely worked.",
    "Yes, that's it.",
    "Exactly right.",
)
_STEP_OK = (
    "That line is correct.",
    "Good, that step is valid.",
    "Yes, that follows from the line before.",
)
_NOT_YET = (
    "Not quite.",
    "Not yet, but you're working on it.",
    "Close, but that isn't right yet.",
    "Let's look at that again.",
)
_HINT_INTRO = {
    Rung.GUIDING_QUESTION: (
        "Here's something to think about:",
        "Let's start with a question:",
        "Try asking yourself this:",
    ),
    Rung.CONCEPT: ("Here's the idea you need:", "The key idea here:", "Remember the concept:"),
    Rung.METHOD: ("Here's a method to try:", "A good way in:", "Try this approach:"),
    Rung.NEXT_STEP: ("Your next step:", "Here's what to do next:", "Try this next:"),
    Rung.WORKED_STEP: (
        "Here's the next step worked for you:",
        "Let me show you the next step:",
        "Here's a step done for you:",
    ),
    Rung.FULL_SOLUTION: (
        "Here's the full solution:",
        "Let's go through it all:",
        "Here's how it works out:",
    ),
}
_REFUSE = (
    "I can't change how I help you, but I can help you get there yourself.",
    "I'll stick to helping you learn this one.",
    "That's not something I can do, but let's keep going together.",
)
_CLARIFY = (
    "Let's stay with this problem.",
    "I'm here to help with this question.",
    "Let's get back to the maths.",
)
_CLARIFY_TAIL = (
    "Send me an answer, a line of working, or ask for a hint.",
    "You can type your answer or a step, or ask me for a hint.",
    "Try a step, or ask for a hint if you're stuck.",
)


def _pick(options: tuple[str, ...], seed: str, salt: str) -> str:
    digest = hashlib.blake2b(f"{seed}:{salt}".encode(), digest_size=4).digest()
    return options[int.from_bytes(digest, "little") % len(options)]


def _concept(request: VoiceRequest) -> str | None:
    usable = (t for t in concept_texts(request.item, request.passages) if _usable(t, request.item))
    return next(usable, None)


def _usable(text: str, item: TutorItem) -> bool:
    """Our own text passes the guard: no answer before its time, no maths the engine
    cannot confirm (a lesson's "10% = 24", meaning 10% of 240, would be refused)."""
    return bool(text) and not _gives_away(text, item) and not false_claims(text)


def _gives_away(text: str, item: TutorItem) -> bool:
    """Stricter than the guard for our own text: the answer as a bare token counts too."""
    if leaked_fragments(text, item):
        return True
    answer = re.escape(compact(item.answer))
    return re.search(rf"(?<![\w.^]){answer}(?![\w.])", compact(text)) is not None


def hint_context(request: VoiceRequest) -> HintContext:
    return HintContext(request.item, request.position, request.hints_given, request.passages)


def rung_text(item: TutorItem, rung: Rung, request: VoiceRequest) -> str:
    """The rung's text: the first candidate that is new this session and passes the guard."""
    if rung == Rung.FULL_SOLUTION:
        return full_solution(item)
    ctx = hint_context(request)
    options = hints.candidates(ctx, rung)
    fresh = [c for c in options if hints.is_new(c, request.hints_given) and _usable(c, item)]
    if fresh:
        return fresh[0]
    later = [r for r in Rung if r > rung and r < Rung.FULL_SOLUTION]
    for other in later:  # a rung already said: say the next thing instead of repeating it
        fresh = [c for c in hints.candidates(ctx, other)
                 if hints.is_new(c, request.hints_given) and _usable(c, item)]  # fmt: skip
        if fresh:
            return fresh[0]
    return hints.NOTHING_NEW


def chosen_hint(request: VoiceRequest) -> str | None:
    """The hint text this reply gives (recorded so later rungs never repeat it)."""
    kind = request.kind
    if kind in (ReplyKind.HINT, ReplyKind.PARTIAL_SOLUTION) or (
        kind == ReplyKind.FEEDBACK and request.rung_changed
    ):
        return rung_text(request.item, request.rung, request)
    return None


class TemplateVoice:
    name = "template"

    async def speak(self, request: VoiceRequest) -> VoiceReply:
        return VoiceReply(compose(request), self.name)


def compose(request: VoiceRequest) -> str:
    seed, item = f"{request.seed}:{request.turn}", request.item
    kind, judgement = request.kind, request.judgement
    if kind == ReplyKind.CONFIRM:
        if judgement is not None and judgement.mode == "step":
            if judgement.progress is False:
                pointer = rung_text(item, Rung.NEXT_STEP, request)
                return f"{judgement.feedback} {pointer}"
            return f"{_pick(_STEP_OK, seed, 'step')} {judgement.feedback}"
        return f"{_pick(_CONFIRM, seed, 'ok')} {_shown(item.answer)} is correct."
    if kind == ReplyKind.FEEDBACK:
        parts = _feedback(request, seed)
        if request.rung_changed:
            parts.append(_introduced(request.rung, rung_text(item, request.rung, request), seed))
        return " ".join(parts)
    if kind in (ReplyKind.HINT, ReplyKind.PARTIAL_SOLUTION, ReplyKind.WORKED_SOLUTION):
        rung = Rung.FULL_SOLUTION if kind == ReplyKind.WORKED_SOLUTION else request.rung
        return _introduced(rung, rung_text(item, rung, request), seed)
    if kind == ReplyKind.EXPLANATION:
        asked = misconception_asked_about(request.message, item.misconceptions)
        if asked is not None:
            return f"Good question. {asked.explanation}"
        concept = _concept(request)
        if concept:
            return f"Good question. {concept}"
        return "Good question. " + (item.hints[0] if item.hints else "Let's think it through.")
    if kind == ReplyKind.REFUSE:
        return f"{_pick(_REFUSE, seed, 'refuse')} {_pick(_CLARIFY_TAIL, seed, 'tail')}"
    return f"{_pick(_CLARIFY, seed, 'clarify')} {_pick(_CLARIFY_TAIL, seed, 'tail')}"


def _introduced(rung: Rung, text: str, seed: str) -> str:
    """The rung's text after its intro, unless the text speaks for itself."""
    if text.startswith((hints.MID_WORKING, hints.NOTHING_NEW)):
        return text
    return f"{_pick(_HINT_INTRO[rung], seed, 'intro')} {text}"


_PARTIAL = ("Good start.", "That's part of it.", "You're on the right track.")


def _shown(plain_maths: str) -> str:
    tex = display_latex(plain_maths)
    return f"${tex}$" if tex else f"${plain_maths}$"


def _feedback(request: VoiceRequest, seed: str) -> list[str]:
    """What the engine found, worded for the verdict: a mistake, a partial answer, or a line
    the engine could not place (never called wrong)."""
    judgement = request.judgement
    if judgement is None:
        return [_pick(_NOT_YET, seed, "no")]
    if judgement.status == "partial":
        return [_pick(_PARTIAL, seed, "partial"), judgement.feedback]
    if judgement.status == "undecided":
        return [judgement.feedback, "Keep going, or ask me for a hint."]
    parts = [_pick(_NOT_YET, seed, "no")]
    if judgement.mode == "step" and judgement.status == "invalid" and judgement.text:
        parts.append(f"You wrote {_shown(judgement.text)}.")
    if judgement.feedback:
        parts.append(judgement.feedback)
    return parts


def safe_minimal(request: VoiceRequest) -> str:
    """The last resort when even the template's text fails the guard: no maths at all."""
    if request.kind == ReplyKind.CONFIRM:
        return "That's right, well done!"
    if request.kind == ReplyKind.FEEDBACK:
        return "Not quite. Check each line of your working and try again."
    return "Let's keep going: try the next line of working, or ask for a hint."

"""The template voice: the embedded default, no network, no model.

It reads naturally and varies its wording (a phrase bank, chosen deterministically per
session and turn so a transcript replays identically), and it never states the answer
before the ladder allows: worked steps that would give the answer away are held back here
already, and the guard checks the result again.
"""

from __future__ import annotations

import hashlib
import re

from mathpath.tutor.core.guard import false_claims, leaked_fragments
from mathpath.tutor.core.items import TutorItem
from mathpath.tutor.core.ladder import ReplyKind, Rung
from mathpath.tutor.core.maths_text import compact
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
        "Here's the first step worked for you:",
        "Let me show you one step:",
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
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _pick(options: tuple[str, ...], seed: str, salt: str) -> str:
    digest = hashlib.blake2b(f"{seed}:{salt}".encode(), digest_size=4).digest()
    return options[int.from_bytes(digest, "little") % len(options)]


def _concept(request: VoiceRequest) -> str | None:
    for passage in request.passages:
        if passage.kind == "explanation":
            sentences = _SENTENCE.split(passage.text.replace("\n", " "))
            extract = " ".join(sentences[:2])
            if _usable(extract, request.item):
                return extract
    return None


def _usable(text: str, item: TutorItem) -> bool:
    """Our own text passes the guard: no answer before its time, no maths the engine
    cannot confirm (a lesson's "10% = 24", meaning 10% of 240, would be refused)."""
    return bool(text) and not _gives_away(text, item) and not false_claims(text)


def _first_usable(item: TutorItem, candidates: list[str], default: str) -> str:
    return next((c for c in candidates if _usable(c, item)), default)


def _gives_away(text: str, item: TutorItem) -> bool:
    """Stricter than the guard for our own text: the answer as a bare token counts too."""
    if leaked_fragments(text, item):
        return True
    answer = re.escape(compact(item.answer))
    return re.search(rf"(?<![\w.^]){answer}(?![\w.])", compact(text)) is not None


def _first_safe_step(item: TutorItem) -> str | None:
    for step in item.solution:
        text = step.text + (f" ${step.math}$" if step.math else "")
        if not _gives_away(text, item):
            return text
        if not _gives_away(step.text, item):
            return step.text
    return None


def full_solution(item: TutorItem) -> str:
    lines = [
        f"{i}. {s.text}" + (f" ${s.math}$" if s.math else "")
        for i, s in enumerate(item.solution, 1)
    ]
    return "\n".join([*lines, f"So the answer is ${item.answer}$."])


def rung_text(item: TutorItem, rung: Rung, request: VoiceRequest) -> str:
    hints = item.hints
    if rung == Rung.GUIDING_QUESTION:
        return hints[0] if hints else "What is the question asking you to find?"
    if rung == Rung.CONCEPT:
        return _concept(request) or (hints[0] if hints else "Think about which rule applies.")
    if rung == Rung.METHOD:
        return _first_usable(item, [*hints[1:2], *hints[-1:]], "Work step by step.")
    if rung == Rung.NEXT_STEP:
        # The third hint or the solution's first line, unless it works the answer out
        # (then the guard would refuse the whole reply): the method again, in words.
        first = item.solution[0] if item.solution else None
        steps = [f"{first.text} ${first.math}$", first.text] if first and first.math else []
        steps += [first.text] if first and not first.math else []
        return _first_usable(
            item, [*hints[2:3], *steps, *hints[1:2]], "Write down the first line of working."
        )
    if rung == Rung.WORKED_STEP:
        return _first_safe_step(item) or (hints[-1] if hints else "")
    if rung == Rung.FULL_SOLUTION:
        return full_solution(item)
    return ""


class TemplateVoice:
    name = "template"

    async def speak(self, request: VoiceRequest) -> VoiceReply:
        return VoiceReply(compose(request), self.name)


def compose(request: VoiceRequest) -> str:
    seed, item = f"{request.seed}:{request.turn}", request.item
    kind, judgement = request.kind, request.judgement
    if kind == ReplyKind.CONFIRM:
        if judgement is not None and judgement.mode == "step":
            tail = (
                judgement.feedback
                if judgement.progress is not False
                else "It's valid, but it doesn't get you closer to the answer."
            )
            return f"{_pick(_STEP_OK, seed, 'step')} {tail}"
        return f"{_pick(_CONFIRM, seed, 'ok')} ${item.answer}$ is correct."
    if kind == ReplyKind.FEEDBACK:
        parts = [_pick(_NOT_YET, seed, "no")]
        if judgement is not None and judgement.feedback:
            parts.append(judgement.feedback)
        if request.rung_changed:
            intro = _pick(_HINT_INTRO[request.rung], seed, "intro")
            parts.append(f"{intro} {rung_text(item, request.rung, request)}")
        return " ".join(parts)
    if kind in (ReplyKind.HINT, ReplyKind.PARTIAL_SOLUTION, ReplyKind.WORKED_SOLUTION):
        rung = Rung.FULL_SOLUTION if kind == ReplyKind.WORKED_SOLUTION else request.rung
        intro = _pick(_HINT_INTRO[rung], seed, "intro")
        return f"{intro} {rung_text(item, rung, request)}"
    if kind == ReplyKind.EXPLANATION:
        concept = _concept(request)
        if concept:
            return f"Good question. {concept}"
        return "Good question. " + (item.hints[0] if item.hints else "Let's think it through.")
    if kind == ReplyKind.REFUSE:
        return f"{_pick(_REFUSE, seed, 'refuse')} {_pick(_CLARIFY_TAIL, seed, 'tail')}"
    return f"{_pick(_CLARIFY, seed, 'clarify')} {_pick(_CLARIFY_TAIL, seed, 'tail')}"


def safe_minimal(request: VoiceRequest) -> str:
    """The last resort when even the template's text fails the guard: no maths at all."""
    if request.kind == ReplyKind.CONFIRM:
        return "That's right, well done!"
    if request.kind == ReplyKind.FEEDBACK:
        return "Not quite. Check each line of your working and try again."
    return "Let's keep going: try the next line of working, or ask for a hint."

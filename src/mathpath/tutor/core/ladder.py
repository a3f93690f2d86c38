"""The hint ladder and the policy that chooses the tutor's next move.

Rungs climb one at a time: a guiding question, the concept, the method, the next step, a
worked step, the full solution. The policy escalates with wrong attempts and hint requests,
starts higher for a student with low mastery, and lets revision mode reach the full solution
sooner than practice mode. The final answer is released only at the top rung, or once the
student has solved the problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum

from mathpath.tutor.core.intents import Intent


class Rung(IntEnum):
    NONE = 0
    GUIDING_QUESTION = 1
    CONCEPT = 2
    METHOD = 3
    NEXT_STEP = 4
    WORKED_STEP = 5
    FULL_SOLUTION = 6


class ReplyKind(StrEnum):
    CONFIRM = "confirm"
    FEEDBACK = "feedback"
    HINT = "hint"
    PARTIAL_SOLUTION = "partial_solution"
    WORKED_SOLUTION = "worked_solution"
    EXPLANATION = "explanation"
    CLARIFY = "clarify"
    REFUSE = "refuse"


RUNG_KIND = {
    Rung.GUIDING_QUESTION: ReplyKind.HINT,
    Rung.CONCEPT: ReplyKind.HINT,
    Rung.METHOD: ReplyKind.HINT,
    Rung.NEXT_STEP: ReplyKind.HINT,
    Rung.WORKED_STEP: ReplyKind.PARTIAL_SOLUTION,
    Rung.FULL_SOLUTION: ReplyKind.WORKED_SOLUTION,
}

LOW_MASTERY = 0.35
WRONG_ATTEMPTS_BEFORE_ESCALATION = 2


@dataclass(frozen=True)
class PolicyInput:
    intent: Intent
    rung: Rung  # highest rung given so far in this session
    attempts: int  # wrong answers so far, including this message's if it was wrong
    solved: bool
    verdict_correct: bool | None = None  # for an answer or a step
    mastery: float | None = None
    mode: str = "practice"  # "practice" | "revision"


@dataclass(frozen=True)
class Decision:
    kind: ReplyKind
    rung: Rung  # the rung after this turn
    reveal_answer: bool  # may the reply contain the final answer?
    reason: str


def next_rung(current: Rung, mastery: float | None) -> Rung:
    """One rung up; a student with low mastery skips the guiding question."""
    if current == Rung.NONE and mastery is not None and mastery < LOW_MASTERY:
        return Rung.CONCEPT
    return Rung(min(int(current) + 1, int(Rung.FULL_SOLUTION)))


def full_solution_allowed(inp: PolicyInput) -> bool:
    """May the next rung be the full solution? Only from the worked step (practice), or
    from the next step in revision mode, where seeing a model answer is the point."""
    threshold = Rung.NEXT_STEP if inp.mode == "revision" else Rung.WORKED_STEP
    return inp.rung >= threshold


def _climb(inp: PolicyInput, reason: str) -> Decision:
    rung = next_rung(inp.rung, inp.mastery)
    if rung == Rung.FULL_SOLUTION and not full_solution_allowed(inp):
        rung = Rung.WORKED_STEP
    if inp.mode == "revision" and rung == Rung.WORKED_STEP and full_solution_allowed(inp):
        rung = Rung.FULL_SOLUTION
    return Decision(RUNG_KIND[rung], rung, rung == Rung.FULL_SOLUTION, reason)


def decide(inp: PolicyInput) -> Decision:
    """The tutor's move for one message."""
    revealed = inp.solved or inp.rung == Rung.FULL_SOLUTION
    match inp.intent:
        case Intent.MANIPULATION:
            return Decision(ReplyKind.REFUSE, inp.rung, revealed, "manipulation attempt")
        case Intent.OFF_TOPIC:
            return Decision(ReplyKind.CLARIFY, inp.rung, revealed, "off topic")
        case Intent.UNCLEAR:
            return Decision(ReplyKind.CLARIFY, inp.rung, revealed, "unclear message")
        case Intent.CONCEPT_QUESTION:
            return Decision(ReplyKind.EXPLANATION, inp.rung, revealed, "concept question")
        case Intent.ANSWER | Intent.STEP if inp.verdict_correct:
            return Decision(ReplyKind.CONFIRM, inp.rung, True if inp.intent == Intent.ANSWER
                            else revealed, "correct")  # fmt: skip
        case Intent.ANSWER | Intent.STEP:
            if inp.solved:
                return Decision(ReplyKind.FEEDBACK, inp.rung, True, "already solved")
            if inp.attempts >= WRONG_ATTEMPTS_BEFORE_ESCALATION and inp.rung < Rung.WORKED_STEP:
                climbed = _climb(inp, "repeated wrong attempts")
                return Decision(ReplyKind.FEEDBACK, climbed.rung, climbed.reveal_answer,
                                climbed.reason)  # fmt: skip
            return Decision(ReplyKind.FEEDBACK, inp.rung, revealed, "targeted feedback")
        case Intent.HINT_REQUEST:
            if revealed:
                return Decision(ReplyKind.EXPLANATION, inp.rung, True, "already revealed")
            return _climb(inp, "hint requested")
        case Intent.ANSWER_REQUEST:
            if revealed:
                return Decision(ReplyKind.WORKED_SOLUTION, inp.rung, True, "already revealed")
            return _climb(inp, "answer requested: next rung")
    return Decision(ReplyKind.CLARIFY, inp.rung, revealed, "fallback")

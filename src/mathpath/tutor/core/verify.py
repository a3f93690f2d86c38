"""The tutor's use of the maths engine: mark an answer, check a line of working.

Every mathematical judgement the tutor makes comes from here (and so from SymPy), never from
a language model.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from mathpath.maths.checking import check
from mathpath.maths.steps import check_step
from mathpath.maths.values import EquationValue
from mathpath.tutor.core.items import TutorItem
from mathpath.tutor.core.maths_text import stem_equation, strip_lead_ins, try_parse
from mathpath.tutor.core.typed_problem import problem_of

CHECK_TIMEOUT_MS = 1500


@dataclass(frozen=True)
class MathsJudgement:
    """What the engine said about a student's message that contained maths."""

    mode: str  # "answer" | "step"
    status: str  # correct / incorrect / unparseable / cannot_check / valid / invalid
    feedback: str
    misconception: str | None = None
    progress: bool | None = None
    text: str = ""

    @property
    def correct(self) -> bool:
        return self.status == "correct"


def mark_answer(item: TutorItem, text: str) -> MathsJudgement:
    candidate = strip_lead_ins(text)
    # With the typed problem, diagnosis tries the buggy rules of the problem's own family
    # before the generic ones that only see the right answer (so x = -2 or x = -3 for
    # x^2 - 5x + 6 = 0 is the zero-product sign mistake, not just "a sign error"); it runs in
    # the checker's worker, under the same time limit as the marking.
    verdict = check(
        item.answer, candidate, timeout_ms=CHECK_TIMEOUT_MS, problem=problem_of(item),
        **item.check_options(),
    )  # fmt: skip
    return MathsJudgement(
        mode="answer",
        status=verdict.status,
        feedback=verdict.feedback,
        misconception=verdict.misconception or _form_reason(verdict.reason),
        text=candidate,
    )


def _form_reason(reason: str) -> str | None:
    return reason if reason.startswith("wrong_form") else None


def check_working(item: TutorItem, previous: str | None, text: str) -> MathsJudgement | None:
    """Check `text` as the next line after `previous` (or the item's own equation)."""
    before = previous or stem_equation(item.stem)
    if before is None:
        return None
    candidate = strip_lead_ins(text)
    result = check_step(before, candidate)
    if result.valid is None:
        return None
    return MathsJudgement(
        mode="step",
        status="valid" if result.valid else "invalid",
        feedback=result.explanation,
        misconception=result.diagnosis,
        progress=result.progress,
        text=candidate,
    )


def answer_is_solved_form(item: TutorItem) -> bool:
    value = try_parse(item.answer)
    if isinstance(value, EquationValue):
        return not is_working_line(item, item.answer)
    return value is not None


def is_working_line(item: TutorItem, text: str) -> bool:
    """A line of working rather than a final answer: an equation that still needs solving
    when the item asks for a value or a solved equation."""
    value = try_parse(strip_lead_ins(text))
    if not isinstance(value, EquationValue):
        return False
    if item.kind not in ("equation", "solution_set", "solutions", "exact", "numeric", None):
        return False
    lhs, rhs = value.lhs.expr, value.rhs.expr
    for side, other in ((lhs, rhs), (rhs, lhs)):
        if side.is_Symbol and side not in other.free_symbols:
            return False
    return bool(lhs.free_symbols | rhs.free_symbols)


async def judge(item: TutorItem, text: str, previous_line: str | None) -> MathsJudgement:
    """Mark the message as an answer, or as a step when it is a line of working."""

    def run() -> MathsJudgement:
        # When the answer is a solved form (x = 5), an unsolved equation is a step, even
        # one equivalent to the answer. When the answer is itself an equation to give (the
        # equation of a line), mark it as an answer first.
        if answer_is_solved_form(item) and is_working_line(item, text):
            step = check_working(item, previous_line, text)
            if step is not None:
                return step
        marked = mark_answer(item, text)
        if marked.correct or not is_working_line(item, text):
            return marked
        step = check_working(item, previous_line, text)
        return step if step is not None else marked

    return await asyncio.to_thread(run)

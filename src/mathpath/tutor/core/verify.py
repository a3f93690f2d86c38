"""The tutor's use of the maths engine: mark an answer, trace a line of working.

Every mathematical judgement the tutor makes comes from here (and so from SymPy), never from
a language model. A line of working is traced against the item's solution space
(`mathpath.maths.tracing`): correct when it holds on the question's solutions (whatever line
it came from), with its place on the worked solution, or wrong with the misconception that
produces it.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sympy as sp

from mathpath.maths import guard
from mathpath.maths.checking import check
from mathpath.maths.misconceptions import CATALOGUE
from mathpath.maths.solvers import Problem
from mathpath.maths.steps import check_step
from mathpath.maths.tracing import LineVerdict, NoSpace, problem_of, space_key, trace
from mathpath.maths.values import EquationValue
from mathpath.tutor.core.items import TutorItem
from mathpath.tutor.core.maths_text import stem_equation, strip_lead_ins, try_parse
from mathpath.tutor.core.typed_problem import problem_of as typed_problem_of

CHECK_TIMEOUT_MS = 1500
FORM_ONLY = frozenset({"fraction-not-simplified", "partial-factorisation"})
"""Misconceptions of form: the value is right, so a line showing it is correct working."""
TRACE_TIMEOUT_S = 3.0


@dataclass(frozen=True)
class MathsJudgement:
    """What the engine said about a student's message that contained maths.

    `status`: correct / incorrect / partial (an answer naming some of the solutions) /
    unparseable / cannot_check for an answer; valid / invalid / undecided for a step.
    `position`: the worked-solution line the student has reached (-1: the question)."""

    mode: str  # "answer" | "step"
    status: str
    feedback: str
    misconception: str | None = None
    progress: bool | None = None
    text: str = ""
    position: int | None = None
    missing: int = 0

    @property
    def correct(self) -> bool:
        return self.status == "correct"


def _problem(item: TutorItem) -> Problem | None:
    return problem_of(item.problem) if item.problem else typed_problem_of(item)


def mark_answer(item: TutorItem, text: str) -> MathsJudgement:
    candidate = strip_lead_ins(text)
    # With the item's problem, diagnosis tries the buggy rules of the problem's own family
    # before the generic ones that only see the right answer (x = -2 or x = -3 for
    # x^2 - 5x + 6 = 0 is the zero-product sign mistake, not just "a sign error"); it runs in
    # the checker's worker, under the same time limit as the marking.
    verdict = check(
        item.answer,
        candidate,
        timeout_ms=CHECK_TIMEOUT_MS,
        problem=_problem(item),
        **item.check_options(),
    )
    status = "partial" if verdict.reason.startswith("partial") else verdict.status
    return MathsJudgement(
        mode="answer",
        status=status,
        feedback=verdict.feedback,
        misconception=verdict.misconception or _form_reason(verdict.reason),
        text=candidate,
    )


def _form_reason(reason: str) -> str | None:
    return reason if reason.startswith("wrong_form") else None


def check_working(item: TutorItem, previous: str | None, text: str) -> MathsJudgement | None:
    """Without an engine problem: check `text` as the next line after `previous` (or the
    item's own equation)."""
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


def item_space_key(item: TutorItem) -> str | None:
    if not item.problem:
        return None
    steps = [(s.text, s.math) for s in item.solution]
    options = {k: v for k, v in item.check_options().items() if v is not None}
    return space_key(item.problem, item.answer, steps, item.tolerance, options)


def trace_working(item: TutorItem, text: str, previous: Sequence[str]) -> LineVerdict | None:
    """The tracer's verdict on `text` (in a maths worker, under a time limit), or None when
    the item has no engine problem or the engine cannot build its solution space."""
    key = item_space_key(item)
    if key is None:
        return None
    try:
        verdict: LineVerdict = guard.pool(wait=False).call(
            TRACE_TIMEOUT_S, trace, key, text, list(previous)
        )
    except (guard.GuardTimeout, guard.GuardBusy, guard.WorkerError, NoSpace):
        return None
    return verdict


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


def _named(verdict: LineVerdict, marked: MathsJudgement) -> str | None:
    """The catalogue misconception either judgement found (the student's mistake by name),
    else the step checker's label."""
    for found in (marked.misconception, verdict.misconception):
        if found in CATALOGUE:
            return found
    return verdict.misconception or marked.misconception


def _with_misconception(words: str, misconception: str | None) -> str:
    explanation = CATALOGUE[misconception].explanation if misconception in CATALOGUE else ""
    return f"{words} {explanation}".strip() if explanation and explanation not in words else words


def _equation_for_value(item: TutorItem, text: str) -> bool:
    value = try_parse(text)
    return isinstance(value, EquationValue) and not isinstance(
        try_parse(item.answer), EquationValue
    )


def _combine(
    item: TutorItem, marked: MathsJudgement, traced: LineVerdict, text: str
) -> MathsJudgement:
    working = is_working_line(item, text) or (not traced.final and traced.status == "valid")
    if traced.status == "partial" or marked.status == "partial":
        named = _named(traced, marked)
        words = marked.feedback if marked.status == "partial" else traced.explanation
        return MathsJudgement(
            "answer",
            "partial",
            _with_misconception(words, named),
            named if named in CATALOGUE else None,
            None,
            text,
            traced.position,
            traced.missing,
        )
    if (
        marked.misconception in CATALOGUE and marked.misconception not in FORM_ONLY
        and traced.status == "valid" and not traced.final
    ):  # fmt: skip
        restated = True  # a wrong final answer a misconception explains (no + C: e^(3x)/3)
    else:
        restated = traced.status == "valid" and traced.position == -1 and traced.progress is False
    if restated and marked.misconception in CATALOGUE and not is_working_line(item, text):
        # The function itself given as its derivative (e^(2x) for 5e^(2x)'s): not working
        # restated but a wrong answer that a misconception explains.
        return MathsJudgement(
            "answer", marked.status, marked.feedback, marked.misconception, None, text
        )
    if traced.status == "valid":
        words = traced.explanation
        if marked.misconception and marked.misconception.startswith("wrong_form"):
            words = marked.feedback  # the right value, not yet in the form asked for
        return MathsJudgement("step", "valid", words, None, traced.progress, text, traced.position)
    if traced.status == "invalid":
        named = _named(traced, marked)
        if working:
            return MathsJudgement(
                "step",
                "invalid",
                _with_misconception(traced.explanation, named),
                named,
                False,
                text,
                traced.position,
            )
        # An answer is named only by a catalogue misconception (a step label needs the step).
        named = named if named in CATALOGUE else marked.misconception
        feedback = (
            marked.feedback
            if marked.misconception in CATALOGUE
            else (_with_misconception(marked.feedback, named))
        )
        return MathsJudgement("answer", marked.status, feedback, named, None, text)
    # Undecided: never call it wrong. A final answer is still marked as one; an equation where
    # the answer is a value or an expression is working, not an attempt at the answer.
    if (
        working or marked.status != "incorrect" or _equation_for_value(item, text)
        or not _answer_shaped(item, text)
    ):  # fmt: skip
        return MathsJudgement("step", "undecided", traced.explanation, None, None, text)
    return marked


def _answer_shaped(item: TutorItem, text: str) -> bool:
    """Could the line be an attempt at the answer: the same kind of value (a ratio `45 : 180`
    or a list `4, 4, b, 11` is not an attempt at a number), in no letters the answer lacks."""
    value, answer = try_parse(text), try_parse(item.answer)
    if value is None or answer is None or type(value) is not type(answer):
        return False
    return _letters(value) <= _letters(answer)


def _letters(value: object) -> set[sp.Symbol]:
    """The letters anywhere in a parsed value."""
    if isinstance(value, sp.Basic):
        return {s for s in value.free_symbols if isinstance(s, sp.Symbol)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        parts: Iterable[object] = (getattr(value, f.name) for f in dataclasses.fields(value))
    elif isinstance(value, (tuple, list, set, frozenset)):
        parts = value
    else:
        return set()
    return set().union(*(_letters(p) for p in parts))


def _judge(item: TutorItem, text: str, previous: Sequence[str]) -> MathsJudgement:
    candidate = strip_lead_ins(text)
    solved_answer = answer_is_solved_form(item)
    if not (solved_answer and is_working_line(item, text)):
        marked = mark_answer(item, text)
        if marked.correct:
            return marked
    else:
        marked = MathsJudgement("answer", "incorrect", "", text=candidate)
    traced = trace_working(item, candidate, previous)
    if traced is not None:
        return _combine(item, marked, traced, candidate)
    # No solution space: the line-by-line step checker against the last line.
    if is_working_line(item, text):
        step = check_working(item, previous[-1] if previous else None, text)
        if step is not None:
            return step
    return marked if marked.feedback else mark_answer(item, text)


async def judge(item: TutorItem, text: str, previous: Sequence[str] = ()) -> MathsJudgement:
    """Mark the message as an answer, or trace it when it is a line of working."""
    return await asyncio.to_thread(_judge, item, text, list(previous))

"""The tutoring graph's state and its run-time dependencies."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any, TypedDict

from mathpath.tutor.core.ladder import Decision, PolicyInput, decide
from mathpath.tutor.retrieval.hybrid import HybridRetriever
from mathpath.tutor.voice.base import Voice

RESET = "__reset__"


def merge_notes(old: list[str], new: list[str]) -> list[str]:
    """This turn's notes. A subgraph hands back its whole state, so updates are merged
    without duplicates; a list starting with `RESET` starts a new turn's notes."""
    if new and new[0] == RESET:
        return list(new[1:])
    return old + [n for n in new if n not in old]


def merge_turns(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The transcript, one entry per turn number (re-sent entries replace, never repeat)."""
    by_turn = {int(t["turn"]): t for t in old}
    by_turn.update({int(t["turn"]): t for t in new})
    return [by_turn[k] for k in sorted(by_turn)]


class TutorState(TypedDict, total=False):
    # Fixed for the session.
    session_id: str
    student_id: str
    item: dict[str, Any]
    mode: str  # practice | revision
    # Medium-term memory read from learning at each turn (may be absent).
    mastery: float | None
    misconceptions_seen: list[str]
    feedback_notes: list[str]
    # This turn.
    message: str
    turn: int
    intent: str
    context: list[dict[str, Any]]
    judgement: dict[str, Any] | None
    kind: str
    reveal_answer: bool
    rung_changed: bool
    reason: str
    reply: str
    voice: str
    model: str | None
    input_tokens: int
    output_tokens: int
    cost_usd: float
    usage_estimated: bool
    first_token_ms: float | None  # from the start of `speak`
    first_segment_ms: float | None
    guard_violations: list[str]
    # Across turns.
    rung: int
    attempts: int
    solved: bool
    last_line: str | None
    lines: list[str]  # the student's lines of working and answers, oldest first
    position: int  # the furthest worked-solution line the student's working has reached
    hints_given: list[str]  # every hint text shown, so no rung repeats another
    hint_rungs: list[int]
    degraded: Annotated[list[str], merge_notes]
    transcript: Annotated[list[dict[str, Any]], merge_turns]


@dataclass
class TutorDeps:
    """What nodes need that is not state: adapters, chosen at start-up."""

    voice: Voice
    fallback: Voice
    retriever: HybridRetriever | None = None
    context_budget_chars: int = 1800
    other_people: frozenset[str] = field(default_factory=frozenset)
    own_names: frozenset[str] = field(default_factory=frozenset)
    # The ladder policy (an A/B arm or an evaluation control may use another).
    policy: Callable[[PolicyInput], Decision] = decide
    # Only the evaluation's leaky control sets this, to prove its leak metric finds leaks the
    # guard would have stopped. No setting reaches it: production replies are always guarded.
    unguarded_for_evaluation: bool = False

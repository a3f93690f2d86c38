"""A student's model: BKT mastery per skill, one ability, FSRS review cards.

The model is a fold over the student's answers in answer-time order (`step` applies one
answer, the same function online and in a rebuild):

- online, an answer is the newest one, so `apply_attempt` folds it onto the stored state;
- an offline sync may bring answers older than ones already applied, so `rebuild` folds the
  student's whole history again, ordered by (answered_at, idempotency key), and writes the
  result. The stored state then equals what answering the same attempts online in that order
  would have produced, whatever the order and grouping of the uploads.

Ability couples every skill (each answer's prediction uses it), so a rebuild covers all of the
student's answers, not only the skills of the late ones. Both paths lock the student's ability
row first, so concurrent answers and syncs of one student apply one at a time (PostgreSQL;
SQLite serialises writers anyway).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.learning import repository as repo
from mathpath.learning import reviews
from mathpath.learning.bkt import (
    ABILITY_RATE,
    Evidence,
    Params,
    ability_after,
    is_mastered,
    predict,
    update,
)
from mathpath.learning.models import Ability, Attempt, Mastery, ReviewCard
from mathpath.learning.schemas import SkillMasteryOut
from mathpath.learning.timeutil import aware

# Statuses that say something about the student (an unparseable answer says nothing).
EVIDENCE_STATUSES = frozenset({"correct", "incorrect"})


@dataclass(frozen=True)
class Answered:
    """What the model needs from one attempt."""

    key: str
    answered_at: datetime
    skills: tuple[str, ...]
    correct: bool
    hints_used: int
    hints_available: int
    saw_solution: bool
    tutor_help: bool

    @classmethod
    def of(cls, attempt: Attempt) -> Answered:
        return cls(
            key=attempt.idempotency_key,
            answered_at=aware(attempt.answered_at),
            skills=tuple(dict.fromkeys(attempt.skills)),
            correct=attempt.correct,
            hints_used=attempt.hints_used,
            hints_available=attempt.hints_available,
            saw_solution=attempt.saw_solution,
            tutor_help=attempt.tutor_help,
        )

    @property
    def evidence(self) -> Evidence:
        return Evidence(
            correct=self.correct,
            hints_used=self.hints_used,
            hints_available=self.hints_available,
            saw_solution=self.saw_solution,
            tutor_help=self.tutor_help,
        )

    @property
    def order(self) -> tuple[datetime, str]:
        return self.answered_at, self.key


def _apply(row: Mastery, evidence: Evidence, params: Params, at: datetime) -> None:
    row.p_known = update(row.p_known, evidence, params)
    row.attempts += 1
    row.correct += int(evidence.correct)
    if row.last_attempt_at is None or at >= aware(row.last_attempt_at):
        row.last_attempt_at = at
    if is_mastered(row.p_known):
        if row.mastered_at is None:
            row.mastered_at = at
    else:
        row.mastered_at = None


def _fresh(student_id: str, skill_id: str, params: Params) -> Mastery:
    return Mastery(
        student_id=student_id,
        skill_id=skill_id,
        p_known=params.p_init,
        attempts=0,
        correct=0,
        mastered_at=None,
        last_attempt_at=None,
    )


def step(
    rows: dict[str, Mastery],
    ability: Ability,
    cards: dict[str, ReviewCard],
    answer: Answered,
    params: dict[str, Params],
) -> tuple[list[SkillMasteryOut], list[ReviewCard]]:
    """Fold one answer onto the model in place: mastery of its skills, ability, review cards.

    Returns the mastery changes and the review cards it created (to be added to the session).
    """
    evidence = answer.evidence
    previous = {s: rows[s].p_known for s in answer.skills}
    for skill_id in answer.skills:
        _apply(rows[skill_id], evidence, params[skill_id], answer.answered_at)
    predicted = sum(predict(previous[s], params[s], ability.ability) for s in answer.skills)
    predicted /= max(len(answer.skills), 1)
    ability.ability = ability_after(
        ability.ability, predicted, evidence.correct, ABILITY_RATE * evidence.weight
    )
    ability.answers += 1
    newly = {
        s for s in answer.skills if rows[s].mastered_at is not None and not is_mastered(previous[s])
    }
    created = reviews.review(cards, ability.student_id, answer, newly)
    changes = [
        SkillMasteryOut(
            skill_id=s,
            p_known=round(rows[s].p_known, 4),
            previous=round(previous[s], 4),
            mastered=rows[s].mastered_at is not None,
        )
        for s in answer.skills
    ]
    return changes, created


async def _locked_ability(session: AsyncSession, student_id: str) -> Ability:
    """The student's ability row, created if missing and locked for this transaction.

    One statement: an upsert whose no-op update locks the row (PostgreSQL) and returns it. On
    SQLite it is the transaction's first write, so it takes the database's write lock.
    """
    dialect = session.get_bind().dialect.name
    module: Any = postgresql if dialect == "postgresql" else sqlite
    insert = module.insert(Ability).values(student_id=student_id, ability=0.0, answers=0)
    statement = insert.on_conflict_do_update(
        index_elements=["student_id"], set_={"answers": Ability.answers}
    ).returning(Ability)
    rows = await session.scalars(statement, execution_options={"populate_existing": True})
    row: Ability = rows.one()
    return row


async def _model_rows(
    session: AsyncSession, student_id: str, skill_ids: Sequence[str]
) -> tuple[dict[str, Mastery], dict[str, ReviewCard]]:
    """Mastery rows and review cards of these skills in one query (a card needs a row)."""
    query = (
        select(Mastery, ReviewCard)
        .outerjoin(
            ReviewCard,
            (ReviewCard.student_id == Mastery.student_id)
            & (ReviewCard.skill_id == Mastery.skill_id),
        )
        .where(Mastery.student_id == student_id, Mastery.skill_id.in_(list(skill_ids)))
    )
    rows: dict[str, Mastery] = {}
    cards: dict[str, ReviewCard] = {}
    for row, card in (await session.execute(query)).all():
        rows[row.skill_id] = row
        if card is not None:
            cards[card.skill_id] = card
    return rows, cards


async def apply_attempt(session: AsyncSession, attempt: Attempt) -> list[SkillMasteryOut]:
    """Fold one online answer (the student's newest) onto the stored model.

    Changes are left in the session, not flushed: the caller writes the attempt first.
    """
    if attempt.status not in EVIDENCE_STATUSES:
        return []
    answer = Answered.of(attempt)
    ability = await _locked_ability(session, attempt.student_id)
    params = await repo.params_for(session, answer.skills)
    rows, cards = await _model_rows(session, attempt.student_id, answer.skills)
    for skill_id in answer.skills:
        if skill_id not in rows:
            rows[skill_id] = _fresh(attempt.student_id, skill_id, params[skill_id])
            session.add(rows[skill_id])
    changes, created = step(rows, ability, cards, answer, params)
    session.add_all(created)
    return changes


async def _history(session: AsyncSession, student_id: str) -> list[Answered]:
    query = select(
        Attempt.idempotency_key,
        Attempt.answered_at,
        Attempt.skills,
        Attempt.correct,
        Attempt.hints_used,
        Attempt.hints_available,
        Attempt.saw_solution,
        Attempt.tutor_help,
    ).where(Attempt.student_id == student_id, Attempt.status.in_(EVIDENCE_STATUSES))
    history = [
        Answered(
            key=key,
            answered_at=aware(at),
            skills=tuple(dict.fromkeys(skills)),
            correct=correct,
            hints_used=hints_used,
            hints_available=hints_available,
            saw_solution=saw_solution,
            tutor_help=tutor_help,
        )
        for key, at, skills, correct, hints_used, hints_available, saw_solution, tutor_help in (
            await session.execute(query)
        ).all()
    ]
    history.sort(key=lambda a: a.order)
    return history


def fold(
    student_id: str, history: Sequence[Answered], params: dict[str, Params]
) -> tuple[dict[str, Mastery], Ability, dict[str, ReviewCard]]:
    """The model after these answers, from the initial state (history in answer-time order)."""
    rows: dict[str, Mastery] = {}
    ability = Ability(student_id=student_id, ability=0.0, answers=0)
    cards: dict[str, ReviewCard] = {}
    for answer in history:
        for skill_id in answer.skills:
            if skill_id not in rows:
                rows[skill_id] = _fresh(student_id, skill_id, params[skill_id])
        _changes, created = step(rows, ability, cards, answer, params)
        cards.update((c.skill_id, c) for c in created)
    return rows, ability, cards


_MASTERY_FIELDS = ("p_known", "attempts", "correct", "mastered_at", "last_attempt_at")


async def rebuild(
    session: AsyncSession, student_id: str, report: Iterable[str]
) -> list[SkillMasteryOut]:
    """Recompute the student's whole model from the ordered history and store it.

    Returns the mastery of the skills in `report` (before -> after).
    """
    ability = await _locked_ability(session, student_id)
    history = await _history(session, student_id)
    skills = sorted({s for a in history for s in a.skills} | set(report))
    params = await repo.params_for(session, skills)
    stored = await repo.mastery_rows(session, student_id)
    before = {s: stored[s].p_known if s in stored else params[s].p_init for s in skills}
    rows, folded, cards = fold(student_id, history, params)
    for skill_id, row in rows.items():
        target = stored.get(skill_id)
        if target is None:
            session.add(row)
            stored[skill_id] = row
        else:
            for name in _MASTERY_FIELDS:
                setattr(target, name, getattr(row, name))
    ability.ability, ability.answers = folded.ability, folded.answers
    await reviews.replace_all(session, student_id, cards)
    await session.flush()
    return [
        SkillMasteryOut(
            skill_id=s,
            p_known=round(stored[s].p_known if s in stored else params[s].p_init, 4),
            previous=round(before[s], 4),
            mastered=s in stored and stored[s].mastered_at is not None,
        )
        for s in sorted(set(report))
    ]


async def ability_of(session: AsyncSession, student_id: str) -> float:
    row = await session.get(Ability, student_id)
    return row.ability if row is not None else 0.0

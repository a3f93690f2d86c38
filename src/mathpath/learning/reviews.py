"""Spaced review of mastered skills with FSRS.

A skill gets a review card the moment it is mastered (that attempt counts as its first
successful review). Later answers on the skill count as reviews once the card is due; the
rating follows how the answer went: wrong or copied from the solution is Again, right with
help is Hard, right alone is Good. Answers before the due date do not reschedule.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

import fsrs
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.learning.models import Attempt, ReviewCard
from mathpath.learning.timeutil import aware

# Skills are reviewed over days, not the minutes-long learning steps meant for flashcards;
# no fuzzing keeps schedules reproducible.
SCHEDULER = fsrs.Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def rating_for(attempt: Attempt) -> fsrs.Rating:
    if not attempt.correct or attempt.saw_solution:
        return fsrs.Rating.Again
    if attempt.hints_used > 0 or attempt.tutor_help:
        return fsrs.Rating.Hard
    return fsrs.Rating.Good


def _review(card: fsrs.Card, rating: fsrs.Rating, at: datetime) -> fsrs.Card:
    reviewed, _log = SCHEDULER.review_card(card, rating, at)
    return reviewed


def _as_dict(card: fsrs.Card) -> dict[str, Any]:
    return cast(dict[str, Any], card.to_dict())


async def on_attempt(session: AsyncSession, attempt: Attempt, newly_mastered: set[str]) -> None:
    if attempt.status not in ("correct", "incorrect"):
        return
    rows = await session.scalars(
        select(ReviewCard).where(
            ReviewCard.student_id == attempt.student_id,
            ReviewCard.skill_id.in_(attempt.skills),
        )
    )
    cards = {r.skill_id: r for r in rows}
    for skill_id in attempt.skills:
        row = cards.get(skill_id)
        if row is None:
            if skill_id in newly_mastered:
                card = _review(fsrs.Card(), fsrs.Rating.Good, attempt.answered_at)
                session.add(
                    ReviewCard(
                        student_id=attempt.student_id,
                        skill_id=skill_id,
                        due=card.due,
                        card=_as_dict(card),
                    )
                )
            continue
        if attempt.answered_at < aware(row.due):
            continue
        stored = fsrs.Card.from_dict(row.card)  # type: ignore[arg-type]
        card = _review(stored, rating_for(attempt), attempt.answered_at)
        row.card = _as_dict(card)
        row.due = card.due
    await session.flush()


async def due_reviews(session: AsyncSession, student_id: str, now: datetime) -> list[ReviewCard]:
    rows = await session.scalars(
        select(ReviewCard)
        .where(ReviewCard.student_id == student_id, ReviewCard.due <= now)
        .order_by(ReviewCard.due)
    )
    return list(rows)


async def all_cards(session: AsyncSession, student_id: str) -> list[ReviewCard]:
    rows = await session.scalars(select(ReviewCard).where(ReviewCard.student_id == student_id))
    return list(rows)

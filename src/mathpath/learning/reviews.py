"""Spaced review of mastered skills with FSRS.

A skill gets a review card the moment it is mastered (that attempt counts as its first
successful review). Later answers on the skill count as reviews once the card is due; the
rating follows how the answer went: wrong or copied from the solution is Again, right with
help is Hard, right alone is Good. Answers before the due date do not reschedule.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

import fsrs
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.learning.models import ReviewCard
from mathpath.learning.timeutil import aware

if TYPE_CHECKING:
    from mathpath.learning.mastery import Answered

# Skills are reviewed over days, not the minutes-long learning steps meant for flashcards;
# no fuzzing keeps schedules reproducible.
SCHEDULER = fsrs.Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def rating_for(answer: Answered) -> fsrs.Rating:
    if not answer.correct or answer.saw_solution:
        return fsrs.Rating.Again
    if answer.hints_used > 0 or answer.tutor_help:
        return fsrs.Rating.Hard
    return fsrs.Rating.Good


def _review(card: fsrs.Card, rating: fsrs.Rating, at: datetime) -> fsrs.Card:
    reviewed, _log = SCHEDULER.review_card(card, rating, at)
    return reviewed


def _as_dict(card: fsrs.Card) -> dict[str, Any]:
    return cast(dict[str, Any], card.to_dict())


def review(
    cards: dict[str, ReviewCard], student_id: str, answer: Answered, newly_mastered: set[str]
) -> list[ReviewCard]:
    """Apply one answer to the student's cards in place; returns the cards it created.

    `cards` holds at least the cards of the answer's skills; new cards are added to it.
    """
    created: list[ReviewCard] = []
    for skill_id in answer.skills:
        row = cards.get(skill_id)
        if row is None:
            if skill_id in newly_mastered:
                # FSRS stamps a new card with the wall clock; the answer's time keeps a rebuild
                # identical to the online history.
                at = answer.answered_at
                new = fsrs.Card(card_id=int(at.timestamp() * 1000), due=at)
                card = _review(new, fsrs.Rating.Good, at)
                row = ReviewCard(
                    student_id=student_id, skill_id=skill_id, due=card.due, card=_as_dict(card)
                )
                cards[skill_id] = row
                created.append(row)
            continue
        if answer.answered_at < aware(row.due):
            continue
        stored = fsrs.Card.from_dict(row.card)  # type: ignore[arg-type]
        card = _review(stored, rating_for(answer), answer.answered_at)
        row.card = _as_dict(card)
        row.due = card.due
    return created


async def cards(
    session: AsyncSession, student_id: str, skill_ids: Iterable[str]
) -> dict[str, ReviewCard]:
    rows = await session.scalars(
        select(ReviewCard).where(
            ReviewCard.student_id == student_id, ReviewCard.skill_id.in_(list(skill_ids))
        )
    )
    return {r.skill_id: r for r in rows}


async def replace_all(
    session: AsyncSession, student_id: str, wanted: dict[str, ReviewCard]
) -> None:
    """Make the student's stored cards exactly `wanted` (a rebuild's result)."""
    stored = {c.skill_id: c for c in await all_cards(session, student_id)}
    for skill_id, row in stored.items():
        if skill_id not in wanted:
            await session.delete(row)
    for skill_id, card in wanted.items():
        existing = stored.get(skill_id)
        if existing is None:
            session.add(card)
        else:
            existing.due, existing.card = card.due, card.card


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

"""Every query of the tutor service."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.tutor.models import TutorSession, TutorTurn


async def get_session(db: AsyncSession, session_id: str) -> TutorSession | None:
    return await db.get(TutorSession, session_id)


async def session_by_key(db: AsyncSession, student_id: str, key: str) -> TutorSession | None:
    result = await db.execute(
        select(TutorSession).where(
            TutorSession.student_id == student_id, TutorSession.idempotency_key == key
        )
    )
    return result.scalar_one_or_none()


async def sessions_of(db: AsyncSession, student_id: str, limit: int = 50) -> Sequence[TutorSession]:
    result = await db.execute(
        select(TutorSession)
        .where(TutorSession.student_id == student_id)
        .order_by(TutorSession.created_at.desc())
        .limit(limit)
    )
    return result.scalars().all()


async def turns_of(db: AsyncSession, session_id: str) -> Sequence[TutorTurn]:
    result = await db.execute(
        select(TutorTurn).where(TutorTurn.session_id == session_id).order_by(TutorTurn.number)
    )
    return result.scalars().all()


async def turn_by_key(db: AsyncSession, session_id: str, key: str) -> TutorTurn | None:
    result = await db.execute(
        select(TutorTurn).where(
            TutorTurn.session_id == session_id, TutorTurn.idempotency_key == key
        )
    )
    return result.scalar_one_or_none()


async def turns_on_day(db: AsyncSession, student_id: str, day: str) -> int:
    result = await db.execute(
        select(func.count())
        .select_from(TutorTurn)
        .where(TutorTurn.student_id == student_id, TutorTurn.day == day)
    )
    return int(result.scalar_one())


async def delete_student(db: AsyncSession, student_id: str) -> list[str]:
    ids = list(
        (await db.execute(select(TutorSession.id).where(TutorSession.student_id == student_id)))
        .scalars()
        .all()
    )
    await db.execute(delete(TutorTurn).where(TutorTurn.student_id == student_id))
    await db.execute(delete(TutorSession).where(TutorSession.student_id == student_id))
    return ids


async def add_turn_usage(
    db: AsyncSession, session_id: str, number: int, input_tokens: int, output_tokens: int,
    cost_usd: float, note: str,
) -> None:  # fmt: skip
    """Add work done after a turn (memory extraction) to that turn's accounting."""
    turn = (
        await db.execute(
            select(TutorTurn).where(TutorTurn.session_id == session_id, TutorTurn.number == number)
        )
    ).scalar_one_or_none()
    if turn is None:
        return
    turn.input_tokens += input_tokens
    turn.output_tokens += output_tokens
    turn.cost_usd += cost_usd
    turn.notes = [*turn.notes, note]


async def sessions_in_experiment(db: AsyncSession, name: str) -> Sequence[TutorSession]:
    result = await db.execute(
        select(TutorSession).where(TutorSession.experiment == name, TutorSession.arm.is_not(None))
    )
    return result.scalars().all()


async def turn_kinds(db: AsyncSession, session_ids: Sequence[str]) -> list[dict[str, Any]]:
    """(session, kind, cost) of every turn of these sessions, in batches of 500 ids."""
    out: list[dict[str, Any]] = []
    for start in range(0, len(session_ids), 500):
        batch = list(session_ids[start : start + 500])
        result = await db.execute(
            select(TutorTurn.session_id, TutorTurn.kind, TutorTurn.cost_usd).where(
                TutorTurn.session_id.in_(batch)
            )
        )
        out += [{"session_id": s, "kind": k, "cost_usd": c} for s, k, c in result.all()]
    return out

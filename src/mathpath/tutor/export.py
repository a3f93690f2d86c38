"""Right of access: the tutor's part of a user's data export.

Answers identity's ``user.export_requested`` through identity's contribute route: the student's
tutoring sessions with their transcripts (every message and reply as sent), and the
long-term memory kept for them in the LangGraph store (profile, recurring difficulties,
anything else under ``("tutor", student_id, ...)``). Not included: each session's item
snapshot (it holds the answer, which never leaves the service; the item id is there) and the
graph checkpoints (working state the transcript already records). Identity keeps the first
answer per service, so answering a re-dispatched request again is harmless.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from langgraph.store.base import BaseStore
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.access import export as access_export
from mathpath.contracts.identity_events import USER_EXPORT_REQUESTED
from mathpath.kit.events import Event
from mathpath.kit.service import ServiceContext
from mathpath.tutor.models import TutorSession, TutorTurn
from mathpath.tutor.service import engine_of

FORMAT = "mathpath.tutor.export/1"
_PAGE = 100


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return (value if value.tzinfo is not None else value.replace(tzinfo=UTC)).isoformat()


def _turn(t: TutorTurn) -> dict[str, Any]:
    return {
        "number": t.number,
        "message": t.message,
        "reply": t.reply,
        "kind": t.kind,
        "intent": t.intent,
        "rung": t.rung,
        "verdict": t.verdict,
        "misconception": t.misconception,
        "voice": t.voice,
        "model": t.model,
        "created_at": _iso(t.created_at),
    }


def _session(s: TutorSession, turns: list[TutorTurn]) -> dict[str, Any]:
    return {
        "id": s.id,
        "item_id": s.item_id,
        "mode": s.mode,
        "status": s.status,
        "solved": s.solved,
        "hint_rung": s.rung,
        "created_at": _iso(s.created_at),
        "updated_at": _iso(s.updated_at),
        "turns": [_turn(t) for t in turns],
    }


async def memory_entries(store: BaseStore, student_id: str) -> list[dict[str, Any]]:
    """Every long-term memory entry kept under the student's namespace."""
    entries: list[dict[str, Any]] = []
    for ns in sorted(await store.alist_namespaces(prefix=("tutor", student_id), limit=1000)):
        offset = 0
        while page := await store.asearch(ns, limit=_PAGE, offset=offset):
            for item in page:
                entries.append(
                    {
                        "namespace": list(ns[2:]),
                        "key": item.key,
                        "value": item.value,
                        "created_at": _iso(item.created_at),
                        "updated_at": _iso(item.updated_at),
                    }
                )
            offset += len(page)
    return entries


async def tutor_part(ctx: ServiceContext, db: AsyncSession, user_id: str) -> dict[str, Any]:
    # Two queries for every session and turn (the repository's listing is paged for the API).
    sessions = await db.scalars(
        select(TutorSession)
        .where(TutorSession.student_id == user_id)
        .order_by(TutorSession.created_at, TutorSession.id)
    )
    turns: dict[str, list[TutorTurn]] = defaultdict(list)
    for turn in await db.scalars(
        select(TutorTurn)
        .where(TutorTurn.student_id == user_id)
        .order_by(TutorTurn.session_id, TutorTurn.number)
    ):
        turns[turn.session_id].append(turn)
    return {
        "format": FORMAT,
        "user_id": user_id,
        "sessions": [_session(s, turns[s.id]) for s in sessions],
        "memory": await memory_entries(engine_of(ctx).store, user_id),
    }


def export_handler(ctx: ServiceContext) -> Callable[[AsyncSession, Event], Awaitable[None]]:
    """Consumer of ``user.export_requested``: answer with the tutor's part."""

    async def part(db: AsyncSession, user_id: str) -> dict[str, Any]:
        return await tutor_part(ctx, db, user_id)

    return access_export.export_handler(ctx, part)


def subscribe_export(ctx: ServiceContext) -> None:
    ctx.on([USER_EXPORT_REQUESTED], "export", export_handler(ctx))

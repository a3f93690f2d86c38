"""Tutoring sessions as documents: a session with its turns in one document, for reading
transcripts and a student's history (`MATHPATH_TUTOR_SESSION_STORE=mongo`).

The tutor's tables stay the record (a turn is admitted, limited per day and stored with
its event in one transaction). The MongoDB document `tutor_sessions/{session_id}` is
rebuilt from those rows on each `tutor.turn_completed` event, so a repeated or late event
rewrites the same document, and deleted with the student on `user.erased`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.contracts.identity_events import USER_ERASED
from mathpath.contracts.tutor_events import TUTOR_TURN_COMPLETED
from mathpath.kit.events import Event
from mathpath.kit.service import ServiceContext
from mathpath.tutor import repository as repo
from mathpath.tutor.config import TutorSettings
from mathpath.tutor.models import TutorSession, TutorTurn

_DB_KEY = "tutor.documents"


@dataclass(frozen=True)
class TurnDoc:
    number: int
    message: str
    reply: str
    kind: str
    verdict: str | None
    misconception: str | None
    sources: tuple[str, ...]
    at: datetime


@dataclass(frozen=True)
class SessionDoc:
    id: str
    student_id: str
    item_id: str
    mode: str
    status: str
    solved: bool
    created_at: datetime
    updated_at: datetime
    turns: tuple[TurnDoc, ...] = ()


class SessionDocumentStore(Protocol):
    async def get(self, session_id: str) -> SessionDoc | None: ...

    async def of_student(self, student_id: str, limit: int = 50) -> list[SessionDoc]:
        """Newest first, each with its turns."""
        ...

    async def erase_student(self, student_id: str) -> None: ...


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _millis(value: datetime) -> datetime:
    value = _aware(value).astimezone(UTC)
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def session_doc(row: TutorSession, turns: list[TutorTurn]) -> SessionDoc:
    return SessionDoc(
        id=row.id, student_id=row.student_id, item_id=row.item_id, mode=row.mode,
        status=row.status, solved=row.solved, created_at=_aware(row.created_at),
        updated_at=_aware(row.updated_at),
        turns=tuple(
            TurnDoc(
                t.number, t.message, t.reply, t.kind, t.verdict, t.misconception,
                tuple(t.sources), _aware(t.created_at),
            )
            for t in sorted(turns, key=lambda t: t.number)
        ),
    )  # fmt: skip


class SqlSessionDocumentStore:
    """The tutor's own tables, read as documents."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, session_id: str) -> SessionDoc | None:
        row = await repo.get_session(self.session, session_id)
        if row is None:
            return None
        return session_doc(row, list(await repo.turns_of(self.session, session_id)))

    async def of_student(self, student_id: str, limit: int = 50) -> list[SessionDoc]:
        rows = await repo.sessions_of(self.session, student_id, limit)
        return [session_doc(r, list(await repo.turns_of(self.session, r.id))) for r in rows]

    async def erase_student(self, student_id: str) -> None:
        await repo.delete_student(self.session, student_id)


def _to_mongo(doc: SessionDoc) -> dict[str, Any]:
    return {
        "_id": doc.id, "student_id": doc.student_id, "item_id": doc.item_id, "mode": doc.mode,
        "status": doc.status, "solved": doc.solved, "created_at": _millis(doc.created_at),
        "updated_at": _millis(doc.updated_at),
        "turns": [
            {"number": t.number, "message": t.message, "reply": t.reply, "kind": t.kind,
             "verdict": t.verdict, "misconception": t.misconception, "sources": list(t.sources),
             "at": _millis(t.at)}
            for t in doc.turns
        ],
    }  # fmt: skip


def _from_mongo(d: dict[str, Any]) -> SessionDoc:
    return SessionDoc(
        id=d["_id"], student_id=d["student_id"], item_id=d["item_id"], mode=d["mode"],
        status=d["status"], solved=d["solved"], created_at=_aware(d["created_at"]),
        updated_at=_aware(d["updated_at"]),
        turns=tuple(
            TurnDoc(t["number"], t["message"], t["reply"], t["kind"], t.get("verdict"),
                    t.get("misconception"), tuple(t["sources"]), _aware(t["at"]))
            for t in d["turns"]
        ),
    )  # fmt: skip


class MongoSessionDocumentStore:
    def __init__(self, db: Any) -> None:
        self.sessions = db.tutor_sessions

    async def setup(self) -> None:
        await self.sessions.create_index([("student_id", 1), ("created_at", -1), ("_id", -1)])

    async def put(self, doc: SessionDoc) -> bool:
        """Replace the stored document unless it holds more turns (a late event)."""
        stored = await self.sessions.find_one({"_id": doc.id}, {"turns.number": 1})
        if stored is not None and len(stored["turns"]) > len(doc.turns):
            return False
        await self.sessions.replace_one({"_id": doc.id}, _to_mongo(doc), upsert=True)
        return True

    async def get(self, session_id: str) -> SessionDoc | None:
        found = await self.sessions.find_one({"_id": session_id})
        return _from_mongo(found) if found else None

    async def of_student(self, student_id: str, limit: int = 50) -> list[SessionDoc]:
        cursor = (
            self.sessions.find({"student_id": student_id})
            .sort([("created_at", -1), ("_id", -1)])
            .limit(limit)
        )
        return [_from_mongo(d) async for d in cursor]

    async def erase_student(self, student_id: str) -> None:
        await self.sessions.delete_many({"student_id": student_id})


def session_store(ctx: ServiceContext, session: AsyncSession) -> SessionDocumentStore:
    db = ctx.state.get(_DB_KEY)
    return MongoSessionDocumentStore(db) if db is not None else SqlSessionDocumentStore(session)


async def open_session_documents(ctx: ServiceContext, settings: TutorSettings) -> None:
    """With sessions in MongoDB: connect, and keep each session's document current."""
    if settings.session_store != "mongo":
        return
    if not settings.mongo_url:
        raise ValueError("MATHPATH_TUTOR_SESSION_STORE=mongo needs MATHPATH_TUTOR_MONGO_URL")
    from mathpath.kit.mongo import mongo_database

    client, db = mongo_database(settings.mongo_url, "mathpath_tutor")
    ctx.state[_DB_KEY], ctx.state[_DB_KEY + ".client"] = db, client
    store = MongoSessionDocumentStore(db)
    await store.setup()

    # Rows are read, then MongoDB written with no SQL transaction open (an open one would
    # hold SQLite's write lock through the call); both writes are idempotent.
    async def on_turn(event: Event) -> None:
        session_id = str(event.payload["session_id"])
        async with ctx.db.transaction() as session:
            row = await repo.get_session(session, session_id)
            doc = session_doc(row, list(await repo.turns_of(session, session_id))) if row else None
        if doc is not None:  # an erased student's session is gone from both
            await store.put(doc)

    async def on_erased(event: Event) -> None:
        await store.erase_student(str(event.payload["user_id"]))

    ctx.bus.subscribe(f"{ctx.name}.session-documents", [TUTOR_TURN_COMPLETED], on_turn)
    ctx.bus.subscribe(f"{ctx.name}.session-documents-erase", [USER_ERASED], on_erased)


async def close_session_documents(ctx: ServiceContext) -> None:
    ctx.state.pop(_DB_KEY, None)
    client = ctx.state.pop(_DB_KEY + ".client", None)
    if client is not None:
        await client.close()

"""The MongoDB adapters (pymongo's asyncio client): published versions as a version
document plus one document per skill, module, lesson and item; feedback notes one document
each; attempts in a time-series collection.

MongoDB keeps datetimes to the millisecond: times are cut to milliseconds before they are
written, so what a write returns is what a later read returns. Writes are idempotent by
`_id` (and by the unique (author, idempotency key) of a note), so a retried request or a
redelivered event writes nothing twice.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, CollectionInvalid, DuplicateKeyError

from mathpath.learning.content.schema import Module, Pack, Skill
from mathpath.learning.curriculum import Curriculum, PackSnapshot, dump_item, item_from_data
from mathpath.learning.documents.ports import AttemptEvent, DayCount, Note, VersionInfo

Doc = dict[str, Any]
DUPLICATE_KEY = 11000


def millis(value: datetime) -> datetime:
    value = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return value.astimezone(UTC).replace(microsecond=value.microsecond // 1000 * 1000)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


async def setup_learning_collections(db: AsyncDatabase[Doc]) -> None:
    """Indexes (and the time-series collection) the adapters rely on; safe to repeat."""
    await db.content_versions.create_index("checksum", unique=True)
    await db.content_versions.create_index([("published_at", DESCENDING), ("_id", DESCENDING)])
    await db.content_documents.create_index(
        [("version_id", ASCENDING), ("kind", ASCENDING), ("position", ASCENDING)]
    )
    await db.feedback_notes.create_index(
        [("author_id", ASCENDING), ("idempotency_key", ASCENDING)], unique=True
    )
    await db.feedback_notes.create_index(
        [("student_id", ASCENDING), ("created_at", DESCENDING), ("_id", DESCENDING)]
    )
    if "attempt_events" not in await db.list_collection_names():
        try:
            await db.create_collection(
                "attempt_events",
                timeseries={"timeField": "at", "metaField": "student_id", "granularity": "minutes"},
            )
        except CollectionInvalid:
            pass  # another process created it first
    await db.attempt_events.create_index([("student_id", ASCENDING), ("at", ASCENDING)])
    await db.attempt_events.create_index("attempt_id")


def _version(doc: Doc) -> VersionInfo:
    return VersionInfo(
        id=doc["_id"], pack_id=doc["pack_id"], pack_version=doc["pack_version"],
        title=doc["title"], checksum=doc["checksum"], published_at=_aware(doc["published_at"]),
    )  # fmt: skip


class MongoContentVersionStore:
    """A version's documents are written first and its version document last, so a reader
    never sees a version that is only partly written."""

    atomic_with_outbox = False

    def __init__(self, db: AsyncDatabase[Doc]) -> None:
        self.versions = db.content_versions
        self.documents = db.content_documents

    async def by_checksum(self, checksum: str) -> VersionInfo | None:
        doc = await self.versions.find_one({"checksum": checksum})
        return _version(doc) if doc else None

    async def latest(self) -> VersionInfo | None:
        doc = await self.versions.find_one(sort=[("published_at", DESCENDING), ("_id", DESCENDING)])
        return _version(doc) if doc else None

    async def get(self, version_id: str) -> VersionInfo | None:
        doc = await self.versions.find_one({"_id": version_id})
        return _version(doc) if doc else None

    async def insert(self, snap: PackSnapshot, published_at: datetime) -> VersionInfo:
        vid = snap.version_id
        docs: list[Doc] = []
        for n, s in enumerate(snap.skills):
            docs.append(_part(vid, "skill", s.id, n, data=s.model_dump(mode="json")))
        for n, m in enumerate(snap.modules):
            docs.append(_part(vid, "module", m.id, n, data=m.model_dump(mode="json")))
        for n, ((mid, lid), body) in enumerate(snap.lessons.items()):
            docs.append(_part(vid, "lesson", lid, n, module_id=mid, body=body))
        for n, (mid, item) in enumerate(snap.items):
            docs.append(_part(vid, "item", item.id, n, module_id=mid, data=dump_item(item)))
        if docs:
            try:
                await self.documents.insert_many(docs, ordered=False)
            except BulkWriteError as exc:  # a retried publish: the same documents are there
                if any(e.get("code") != DUPLICATE_KEY for e in exc.details["writeErrors"]):
                    raise
        version = VersionInfo(
            id=vid, pack_id=snap.pack.id, pack_version=snap.pack.version, title=snap.pack.title,
            checksum=snap.checksum, published_at=millis(published_at),
        )  # fmt: skip
        await self.versions.insert_one(
            {
                "_id": vid,
                "pack_id": version.pack_id,
                "pack_version": version.pack_version,
                "title": version.title,
                "checksum": version.checksum,
                "published_at": version.published_at,
            }
        )
        return version

    async def load(self, version: VersionInfo) -> Curriculum:
        parts: dict[str, list[Doc]] = {"skill": [], "module": [], "lesson": [], "item": []}
        cursor = self.documents.find({"version_id": version.id}).sort(
            [("kind", ASCENDING), ("position", ASCENDING)]
        )
        async for doc in cursor:
            parts[doc["kind"]].append(doc)
        pack = Pack(
            id=version.pack_id, version=version.pack_version, title=version.title, licence=""
        )
        return Curriculum.build(
            version.id,
            pack,
            [Skill.model_validate(d["data"]) for d in parts["skill"]],
            [Module.model_validate(d["data"]) for d in parts["module"]],
            {(d["module_id"], d["id"]): d["body"] for d in parts["lesson"]},
            [(d["module_id"], item_from_data(d["data"])) for d in parts["item"]],
        )


def _part(version_id: str, kind: str, pid: str, position: int, **fields: Any) -> Doc:
    return {
        "_id": f"{version_id}/{kind}/{pid}", "version_id": version_id, "kind": kind, "id": pid,
        "position": position, **fields,
    }  # fmt: skip


def _note(doc: Doc) -> Note:
    return Note(
        id=doc["_id"], idempotency_key=doc["idempotency_key"], student_id=doc["student_id"],
        author_id=doc["author_id"], author_role=doc["author_role"], body=doc["body"],
        skill_id=doc.get("skill_id"), created_at=_aware(doc["created_at"]),
    )  # fmt: skip


class MongoFeedbackNoteStore:
    atomic_with_outbox = False

    def __init__(self, db: AsyncDatabase[Doc]) -> None:
        self.notes = db.feedback_notes

    async def add(self, note: Note) -> tuple[Note, bool]:
        key = {"author_id": note.author_id, "idempotency_key": note.idempotency_key}
        existing = await self.notes.find_one(key)
        if existing is not None:
            return _note(existing), False
        doc: Doc = {
            "_id": note.id, "idempotency_key": note.idempotency_key,
            "student_id": note.student_id, "author_id": note.author_id,
            "author_role": note.author_role, "body": note.body, "skill_id": note.skill_id,
            "created_at": millis(note.created_at),
        }  # fmt: skip
        try:
            await self.notes.insert_one(doc)
        except DuplicateKeyError:  # the same request, retried at the same moment
            again = await self.notes.find_one(key)
            if again is None:
                raise
            return _note(again), False
        return _note(doc), True

    async def for_student(self, student_id: str, limit: int) -> list[Note]:
        cursor = (
            self.notes.find({"student_id": student_id})
            .sort([("created_at", DESCENDING), ("_id", DESCENDING)])
            .limit(limit)
        )
        return [_note(d) async for d in cursor]

    async def about(self, student_id: str) -> list[Note]:
        return [_note(d) async for d in self.notes.find({"student_id": student_id})]

    async def by_author(self, author_id: str) -> list[Note]:
        return [_note(d) async for d in self.notes.find({"author_id": author_id})]

    async def erase_student(self, student_id: str) -> None:
        await self.notes.delete_many({"student_id": student_id})

    async def erase_author(self, author_id: str) -> None:
        await self.notes.delete_many({"author_id": author_id})


def _event(doc: Doc) -> AttemptEvent:
    return AttemptEvent(
        attempt_id=doc["attempt_id"], student_id=doc["student_id"], item_id=doc["item_id"],
        skills=tuple(doc["skills"]), status=doc["status"], correct=doc["correct"],
        misconception=doc.get("misconception"), hints_used=doc["hints_used"],
        answered_at=_aware(doc["at"]),
    )  # fmt: skip


class MongoAttemptEventLog:
    """A time-series collection (time field `at`, meta field `student_id`). Time-series
    collections have no unique indexes, so `append` looks the attempt up first; a
    redelivered event is what repeats an append, and events of one attempt are applied one
    at a time by the consumer (`handle_once`), so the look-up does not race."""

    def __init__(self, db: AsyncDatabase[Doc]) -> None:
        self.events = db.attempt_events

    async def append(self, event: AttemptEvent) -> bool:
        if await self.events.find_one({"attempt_id": event.attempt_id}, {"_id": 1}) is not None:
            return False
        await self.events.insert_one(
            {
                "at": millis(event.answered_at),
                "student_id": event.student_id,
                "attempt_id": event.attempt_id,
                "item_id": event.item_id,
                "skills": list(event.skills),
                "status": event.status,
                "correct": event.correct,
                "misconception": event.misconception,
                "hints_used": event.hints_used,
            }
        )
        return True

    async def between(self, student_id: str, start: datetime, end: datetime) -> list[AttemptEvent]:
        cursor = self.events.find(
            {"student_id": student_id, "at": {"$gte": millis(start), "$lt": millis(end)}}
        ).sort([("at", ASCENDING), ("attempt_id", ASCENDING)])
        return [_event(d) async for d in cursor]

    async def daily_counts(self, student_id: str, start: datetime, end: datetime) -> list[DayCount]:
        pipeline: list[Doc] = [
            {
                "$match": {
                    "student_id": student_id,
                    "at": {"$gte": millis(start), "$lt": millis(end)},
                }
            },
            {
                "$group": {
                    "_id": {"$dateToString": {"format": "%Y-%m-%d", "date": "$at"}},
                    "attempts": {"$sum": 1},
                    "correct": {"$sum": {"$cond": ["$correct", 1, 0]}},
                }
            },
            {"$sort": {"_id": 1}},
        ]
        cursor = await self.events.aggregate(pipeline)
        return [
            DayCount(datetime.strptime(d["_id"], "%Y-%m-%d").date(), d["attempts"], d["correct"])
            async for d in cursor
        ]

    async def erase_student(self, student_id: str) -> None:
        await self.events.delete_many({"student_id": student_id})

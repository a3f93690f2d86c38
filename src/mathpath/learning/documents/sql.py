"""The SQL adapters: the learning database's own tables, in the request's transaction (so
a note or a version commits with its outbox event)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import ColumnElement, Integer, and_, cast, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.learning import repository as repo
from mathpath.learning.curriculum import Curriculum, PackSnapshot
from mathpath.learning.documents.ports import (
    AttemptEvent,
    DayCount,
    Note,
    ProgressSnapshot,
    SkillProgress,
    VersionInfo,
)
from mathpath.learning.models import Attempt, ContentVersion, FeedbackNote, Mastery
from mathpath.learning.timeutil import aware

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _version(row: ContentVersion) -> VersionInfo:
    return VersionInfo(
        id=row.id, pack_id=row.pack_id, pack_version=row.pack_version, title=row.title,
        checksum=row.checksum, published_at=aware(row.published_at),
    )  # fmt: skip


def _note(row: FeedbackNote) -> Note:
    return Note(
        id=row.id, idempotency_key=row.idempotency_key, student_id=row.student_id,
        author_id=row.author_id, author_role=row.author_role, body=row.body,
        skill_id=row.skill_id, created_at=aware(row.created_at),
    )  # fmt: skip


class SqlContentVersionStore:
    atomic_with_outbox = True

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_checksum(self, checksum: str) -> VersionInfo | None:
        row = await repo.version_by_checksum(self.session, checksum)
        return _version(row) if row else None

    async def latest(self) -> VersionInfo | None:
        row = await repo.latest_version(self.session)
        return _version(row) if row else None

    async def get(self, version_id: str) -> VersionInfo | None:
        row = await self.session.get(ContentVersion, version_id)
        return _version(row) if row else None

    async def insert(self, snap: PackSnapshot, published_at: datetime) -> VersionInfo:
        await repo.insert_version(self.session, snap, published_at)
        row = await self.session.get(ContentVersion, snap.version_id)
        assert row is not None  # just flushed in this transaction
        return _version(row)

    async def load(self, version: VersionInfo) -> Curriculum:
        row = await self.session.get(ContentVersion, version.id)
        if row is None:
            raise LookupError(f"no content version {version.id!r}")
        return await repo.load_curriculum(self.session, row)


class SqlFeedbackNoteStore:
    atomic_with_outbox = True

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, note: Note) -> tuple[Note, bool]:
        existing = await self.session.scalar(
            select(FeedbackNote).where(
                FeedbackNote.author_id == note.author_id,
                FeedbackNote.idempotency_key == note.idempotency_key,
            )
        )
        if existing is not None:
            return _note(existing), False
        row = FeedbackNote(
            id=note.id, idempotency_key=note.idempotency_key, student_id=note.student_id,
            author_id=note.author_id, author_role=note.author_role, body=note.body,
            skill_id=note.skill_id, created_at=note.created_at,
        )  # fmt: skip
        self.session.add(row)
        await self.session.flush()
        return note, True

    async def for_student(self, student_id: str, limit: int) -> list[Note]:
        rows = await self.session.scalars(
            select(FeedbackNote)
            .where(FeedbackNote.student_id == student_id)
            .order_by(FeedbackNote.created_at.desc(), FeedbackNote.id.desc())
            .limit(limit)
        )
        return [_note(r) for r in rows]

    async def about(self, student_id: str) -> list[Note]:
        return [
            _note(r)
            for r in await repo.user_rows(self.session, FeedbackNote, "student_id", student_id)
        ]

    async def by_author(self, author_id: str) -> list[Note]:
        return [
            _note(r)
            for r in await repo.user_rows(self.session, FeedbackNote, "author_id", author_id)
        ]

    async def erase_student(self, student_id: str) -> None:
        await self.session.execute(
            delete(FeedbackNote).where(FeedbackNote.student_id == student_id)
        )

    async def erase_author(self, author_id: str) -> None:
        await self.session.execute(delete(FeedbackNote).where(FeedbackNote.author_id == author_id))


class SqlAttemptEventLog:
    """The attempts table read as a time series (the attempt path writes it)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def between(self, student_id: str, start: datetime, end: datetime) -> list[AttemptEvent]:
        rows = await self.session.scalars(
            select(Attempt)
            .where(_window(student_id, start, end))
            .order_by(Attempt.answered_at, Attempt.id)
        )
        return [
            AttemptEvent(
                attempt_id=a.id,
                student_id=a.student_id,
                item_id=a.item_id,
                skills=tuple(a.skills),
                status=a.status,
                correct=a.correct,
                misconception=a.misconception,
                hints_used=a.hints_used,
                answered_at=aware(a.answered_at),
            )
            for a in rows
        ]

    async def daily_counts(self, student_id: str, start: datetime, end: datetime) -> list[DayCount]:
        day = func.date(Attempt.answered_at)
        rows = await self.session.execute(
            select(day, func.count(), func.sum(cast(Attempt.correct, Integer)))
            .where(_window(student_id, start, end))
            .group_by(day)
            .order_by(day)
        )
        return [
            DayCount(d if isinstance(d, date) else date.fromisoformat(str(d)), int(n), int(c or 0))
            for d, n, c in rows.all()
        ]

    async def erase_student(self, student_id: str) -> None:
        await self.session.execute(delete(Attempt).where(Attempt.student_id == student_id))


def _window(student_id: str, start: datetime, end: datetime) -> ColumnElement[bool]:
    return and_(
        Attempt.student_id == student_id, Attempt.answered_at >= start, Attempt.answered_at < end
    )


class SqlProgressStore:
    """The mastery table read as one snapshot per student (the attempt path writes it)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, student_id: str) -> ProgressSnapshot | None:
        rows = await repo.mastery_rows(self.session, student_id)
        if not rows:
            return None
        skills = {
            r.skill_id: SkillProgress(r.skill_id, r.p_known, r.mastered_at is not None)
            for r in rows.values()
        }
        times = [aware(r.last_attempt_at) for r in rows.values() if r.last_attempt_at]
        times += [aware(r.mastered_at) for r in rows.values() if r.mastered_at]
        return ProgressSnapshot(student_id, skills, max(times, default=_EPOCH))

    async def mastered_by(self, skill_id: str) -> list[str]:
        rows = await self.session.scalars(
            select(Mastery.student_id)
            .where(Mastery.skill_id == skill_id, Mastery.mastered_at.is_not(None))
            .order_by(Mastery.student_id)
        )
        return list(rows)

    async def erase_student(self, student_id: str) -> None:
        await self.session.execute(delete(Mastery).where(Mastery.student_id == student_id))

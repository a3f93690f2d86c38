"""Ports for the learning service's document-shaped data: published content versions,
feedback notes and the attempt event log. The SQL adapters (`sql.py`) are what the service
has always done, in the request's transaction; the MongoDB adapters (`mongo.py`) keep the
same data in MongoDB instead (`MATHPATH_LEARNING_DOCUMENT_STORE=mongo`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from mathpath.learning.curriculum import Curriculum, PackSnapshot


@dataclass(frozen=True)
class VersionInfo:
    """A published content version (its curriculum is loaded separately, by `load`)."""

    id: str
    pack_id: str
    pack_version: str
    title: str
    checksum: str
    published_at: datetime


@dataclass(frozen=True)
class Note:
    """A teacher's or parent's feedback note on a student."""

    id: str
    idempotency_key: str
    student_id: str
    author_id: str
    author_role: str
    body: str
    skill_id: str | None
    created_at: datetime


@dataclass(frozen=True)
class AttemptEvent:
    """One recorded attempt, as the `attempt.recorded` event tells it."""

    attempt_id: str
    student_id: str
    item_id: str
    skills: tuple[str, ...]
    status: str
    correct: bool
    misconception: str | None
    hints_used: int
    answered_at: datetime


@dataclass(frozen=True)
class DayCount:
    day: date
    attempts: int
    correct: int


class ContentVersionStore(Protocol):
    """Published versions are immutable: `insert` writes a new one, nothing rewrites it."""

    # False where the store commits apart from the service's SQL outbox (a retried
    # publish then announces the version again; consumers apply it idempotently).
    atomic_with_outbox: bool

    async def by_checksum(self, checksum: str) -> VersionInfo | None: ...

    async def latest(self) -> VersionInfo | None: ...

    async def get(self, version_id: str) -> VersionInfo | None: ...

    async def insert(self, snap: PackSnapshot, published_at: datetime) -> VersionInfo: ...

    async def load(self, version: VersionInfo) -> Curriculum: ...


class FeedbackNoteStore(Protocol):
    atomic_with_outbox: bool

    async def add(self, note: Note) -> tuple[Note, bool]:
        """Store `note` unless its author already wrote one with the same idempotency key:
        (the stored note, whether it is new)."""
        ...

    async def for_student(self, student_id: str, limit: int) -> list[Note]:
        """Newest first."""
        ...

    async def about(self, student_id: str) -> list[Note]: ...

    async def by_author(self, author_id: str) -> list[Note]: ...

    async def erase_student(self, student_id: str) -> None: ...

    async def erase_author(self, author_id: str) -> None: ...


class AttemptEventLog(Protocol):
    """A student's attempts as a time series. In SQL it is the attempts table, which the
    attempt path writes; the MongoDB log is a time-series collection fed from the
    `attempt.recorded` events (`MongoAttemptEventLog.append`)."""

    async def between(self, student_id: str, start: datetime, end: datetime) -> list[AttemptEvent]:
        """Attempts answered in [start, end), oldest first."""
        ...

    async def daily_counts(self, student_id: str, start: datetime, end: datetime) -> list[DayCount]:
        """Attempts and correct ones per UTC day in [start, end), days with none left out."""
        ...

    async def erase_student(self, student_id: str) -> None: ...


@dataclass(frozen=True)
class SkillProgress:
    skill_id: str
    p_known: float
    mastered: bool


@dataclass(frozen=True)
class ProgressSnapshot:
    """A student's mastery of every skill they have practised, as one document."""

    student_id: str
    skills: dict[str, SkillProgress]
    updated_at: datetime


class ProgressSnapshotStore(Protocol):
    """In SQL the snapshot is read from the mastery table (which the attempt path writes);
    the Firestore snapshot is one document per student fed from `mastery.updated` events
    (`FirestoreProgressStore.apply`), for clients that read Firestore directly."""

    async def get(self, student_id: str) -> ProgressSnapshot | None: ...

    async def mastered_by(self, skill_id: str) -> list[str]:
        """The students who have mastered `skill_id`, by id."""
        ...

    async def erase_student(self, student_id: str) -> None: ...

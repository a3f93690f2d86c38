"""What learning's document stores must do, run against every adapter: the SQL ones on
SQLite and on PostgreSQL (the service's own tables, in one session), and the MongoDB ones
on a MongoDB-wire server (SecantusDB, started by the fixtures)."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pymongo.errors import DuplicateKeyError

from mathpath.kit.db import Database
from mathpath.kit.migrate import upgrade
from mathpath.kit.mongo import mongo_database
from mathpath.learning import catalog
from mathpath.learning.curriculum import PackSnapshot
from mathpath.learning.documents.mongo import (
    MongoAttemptEventLog,
    MongoContentVersionStore,
    MongoFeedbackNoteStore,
    millis,
    setup_learning_collections,
)
from mathpath.learning.documents.ports import (
    AttemptEvent,
    AttemptEventLog,
    ContentVersionStore,
    DayCount,
    FeedbackNoteStore,
    Note,
)
from mathpath.learning.documents.sql import (
    SqlAttemptEventLog,
    SqlContentVersionStore,
    SqlFeedbackNoteStore,
)
from mathpath.learning.models import Attempt
from tests.learning.helpers import numeric_items
from tests.learning.test_content_refresh import NEW_STEM, changed_pack

T0 = datetime(2026, 3, 2, 9, 30, 15, 123456, tzinfo=UTC)


@dataclasses.dataclass
class Stores:
    content: ContentVersionStore
    notes: FeedbackNoteStore
    log: AttemptEventLog
    # Puts attempts where the adapter reads them: rows of the attempts table (as the
    # attempt path writes them) for SQL, the `attempt.recorded` feed for MongoDB.
    feed: Callable[[list[AttemptEvent]], Awaitable[None]]


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.integration]),
        pytest.param("mongo", marks=[pytest.mark.mongo, pytest.mark.integration]),
    ]
)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    """The adapter family and its URL: a freshly migrated SQL database, or a fresh MongoDB
    database (made here, outside the test's event loop)."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'learning.sqlite'}"
        upgrade("learning", url)
    elif request.param == "postgres":
        url = request.getfixturevalue("pg_database")
        upgrade("learning", url)
    else:
        url = request.getfixturevalue("mongo_url")
    return request.param, url


def _row(e: AttemptEvent) -> Attempt:
    return Attempt(
        id=e.attempt_id, student_id=e.student_id, idempotency_key=f"k-{e.attempt_id}",
        request_hash="0" * 64, content_version_id="v", item_id=e.item_id, seed=None,
        part=None, skills=list(e.skills), answer="x", status=e.status, correct=e.correct,
        misconception=e.misconception, hints_used=e.hints_used, hints_available=3,
        saw_solution=False, tutor_help=False, duration_ms=1000, answered_at=e.answered_at,
        recorded_at=e.answered_at, offline=False, result={},
    )  # fmt: skip


@pytest.fixture
async def stores(backend: tuple[str, str]) -> AsyncIterator[Stores]:
    kind, url = backend
    if kind == "mongo":
        client, db = mongo_database(url, "unused")
        await setup_learning_collections(db)
        log = MongoAttemptEventLog(db)

        async def feed_mongo(events: list[AttemptEvent]) -> None:
            for e in events:
                await log.append(e)

        try:
            yield Stores(MongoContentVersionStore(db), MongoFeedbackNoteStore(db), log, feed_mongo)
        finally:
            await client.close()
        return
    database = Database(url)
    try:
        async with database.sessionmaker() as session:

            async def feed_sql(events: list[AttemptEvent]) -> None:
                session.add_all(_row(e) for e in events)
                await session.flush()

            yield Stores(
                SqlContentVersionStore(session), SqlFeedbackNoteStore(session),
                SqlAttemptEventLog(session), feed_sql,
            )  # fmt: skip
            await session.rollback()
    finally:
        await database.engine.dispose()


@pytest.fixture(scope="module")
def bundled() -> PackSnapshot:
    return catalog.read_pack(catalog.bundled_content_dir())


# --- content versions ------------------------------------------------------------------


async def test_a_published_version_reads_back_whole(stores: Stores, bundled: PackSnapshot) -> None:
    assert await stores.content.latest() is None
    assert await stores.content.by_checksum(bundled.checksum) is None
    version = await stores.content.insert(bundled, T0)
    assert (version.id, version.checksum, version.pack_id) == (
        bundled.version_id, bundled.checksum, bundled.pack.id,
    )  # fmt: skip
    # MongoDB keeps milliseconds: the stored time is what insert returned, either way.
    assert version.published_at in (T0, millis(T0))
    for found in (
        await stores.content.latest(),
        await stores.content.get(bundled.version_id),
        await stores.content.by_checksum(bundled.checksum),
    ):
        assert found == version
    assert await stores.content.get("no-such-version") is None

    loaded = await stores.content.load(version)
    assert loaded.version_id == bundled.version_id
    assert list(loaded.skills) == [s.id for s in bundled.skills]
    assert list(loaded.modules) == [m.id for m in bundled.modules]
    assert loaded.item_module == {item.id: mid for mid, item in bundled.items}
    assert list(loaded.items) == [item.id for _, item in bundled.items]
    some = bundled.items[len(bundled.items) // 2][1]
    assert loaded.items[some.id].model_dump() == some.model_dump()
    assert loaded.lessons == dict(bundled.lessons)


async def test_the_newest_version_is_the_latest_and_older_ones_still_load(
    stores: Stores, bundled: PackSnapshot, tmp_path: Path
) -> None:
    first = await stores.content.insert(bundled, T0)
    old = await stores.content.load(first)
    item = numeric_items(old)[0]
    changed = catalog.read_pack(changed_pack(tmp_path, old, item))
    second = await stores.content.insert(changed, T0 + timedelta(minutes=5))
    assert second.id != first.id
    assert await stores.content.latest() == second
    assert (await stores.content.load(second)).items[item.id].stem == NEW_STEM  # type: ignore[union-attr]
    assert (await stores.content.load(first)).items[item.id].stem != NEW_STEM  # type: ignore[union-attr]


# --- feedback notes --------------------------------------------------------------------


def note(n: int, **overrides: Any) -> Note:
    values: dict[str, Any] = {
        "id": f"note-{n:03d}", "idempotency_key": f"key-{n:03d}", "student_id": "stu-1",
        "author_id": "teacher-1", "author_role": "teacher", "body": f"Note {n}",
        "skill_id": None, "created_at": T0 + timedelta(minutes=n),
    }  # fmt: skip
    values.update(overrides)
    return Note(**values)


async def test_a_note_is_stored_once_per_author_and_idempotency_key(stores: Stores) -> None:
    first, created = await stores.notes.add(note(1, skill_id="alg.solve-linear"))
    assert created and first.body == "Note 1" and first.skill_id == "alg.solve-linear"
    # A retry of the same request (a new id, another body even) answers the stored note.
    again, created = await stores.notes.add(note(2, idempotency_key="key-001", body="changed"))
    assert not created and again == first
    # The same key from another author is another note.
    other, created = await stores.notes.add(note(3, idempotency_key="key-001", author_id="p-1"))
    assert created and other.id == "note-003"
    assert [n.id for n in await stores.notes.for_student("stu-1", 10)] == ["note-003", "note-001"]
    assert (await stores.notes.for_student("stu-1", 10))[1] == first


async def test_notes_come_newest_first_with_a_limit_and_one_student_only(stores: Stores) -> None:
    for n in range(1, 8):
        await stores.notes.add(note(n))
    await stores.notes.add(note(20, created_at=T0 + timedelta(minutes=7)))  # ties with note 7
    await stores.notes.add(note(30, student_id="stu-2"))
    newest = await stores.notes.for_student("stu-1", 3)
    assert [n.id for n in newest] == ["note-020", "note-007", "note-006"]
    assert len(await stores.notes.for_student("stu-1", 100)) == 8
    assert [n.id for n in await stores.notes.for_student("stu-2", 5)] == ["note-030"]
    assert await stores.notes.for_student("nobody", 5) == []


async def test_a_users_notes_are_exported_and_erased_as_subject_and_as_author(
    stores: Stores,
) -> None:
    await stores.notes.add(note(1))
    await stores.notes.add(note(2, student_id="stu-2"))
    await stores.notes.add(note(3, author_id="stu-1-parent", idempotency_key="p"))
    await stores.notes.add(note(4, student_id="teacher-1", author_id="someone"))
    assert {n.id for n in await stores.notes.about("stu-1")} == {"note-001", "note-003"}
    assert {n.id for n in await stores.notes.by_author("teacher-1")} == {"note-001", "note-002"}
    await stores.notes.erase_student("stu-1")
    assert await stores.notes.about("stu-1") == []
    await stores.notes.erase_author("teacher-1")
    assert await stores.notes.by_author("teacher-1") == []
    assert [n.id for n in await stores.notes.about("teacher-1")] == ["note-004"]


# --- the attempt event log -------------------------------------------------------------


def attempt(n: int, at: datetime, *, student: str = "stu-1", correct: bool = True) -> AttemptEvent:
    return AttemptEvent(
        attempt_id=f"a-{n:03d}", student_id=student, item_id=f"item-{n % 3}",
        skills=("alg.solve-linear", "num.fractions") if n % 2 else ("num.fractions",),
        status="correct" if correct else "incorrect", correct=correct,
        misconception=None if correct else "sign-error", hints_used=n % 2, answered_at=at,
    )  # fmt: skip


async def test_the_log_reads_a_window_oldest_first_and_counts_days(stores: Stores) -> None:
    day = datetime(2026, 3, 2, tzinfo=UTC)
    events = [
        attempt(1, day + timedelta(hours=8, milliseconds=250)),
        attempt(2, day + timedelta(hours=9), correct=False),
        attempt(3, day + timedelta(days=1, hours=23, minutes=59)),
        attempt(4, day + timedelta(days=3, hours=7)),
        attempt(5, day + timedelta(days=3, hours=6), correct=False),
        attempt(6, day + timedelta(hours=10), student="stu-2"),
    ]
    await stores.feed(events)
    window = await stores.log.between("stu-1", day, day + timedelta(days=3, hours=7))
    # Half open: the attempt at the window's end is not in it.
    assert [e.attempt_id for e in window] == ["a-001", "a-002", "a-003", "a-005"]
    assert window[0] == events[0] and window[1].misconception == "sign-error"
    assert await stores.log.daily_counts("stu-1", day, day + timedelta(days=7)) == [
        DayCount(date(2026, 3, 2), 2, 1),
        DayCount(date(2026, 3, 3), 1, 1),
        DayCount(date(2026, 3, 5), 2, 1),
    ]
    assert await stores.log.daily_counts("stu-2", day, day + timedelta(days=1)) == [
        DayCount(date(2026, 3, 2), 1, 1)
    ]
    await stores.log.erase_student("stu-1")
    assert await stores.log.between("stu-1", day, day + timedelta(days=7)) == []
    assert len(await stores.log.between("stu-2", day, day + timedelta(days=7))) == 1


# --- MongoDB only ----------------------------------------------------------------------

mongo_only = [pytest.mark.mongo, pytest.mark.integration]


@pytest.mark.parametrize("backend", [pytest.param("mongo", marks=mongo_only)], indirect=True)
async def test_a_redelivered_attempt_event_is_logged_once(stores: Stores) -> None:
    log = stores.log
    assert isinstance(log, MongoAttemptEventLog)
    event = attempt(1, T0)
    assert await log.append(event)
    assert not await log.append(event)
    assert await log.between("stu-1", T0 - timedelta(days=1), T0 + timedelta(days=1)) == [
        dataclasses.replace(event, answered_at=millis(T0))
    ]
    info = await log.events.database.command("listCollections", filter={"name": "attempt_events"})
    [collection] = info["cursor"]["firstBatch"]
    assert collection["options"]["timeseries"]["timeField"] == "at"


@pytest.mark.parametrize("backend", [pytest.param("mongo", marks=mongo_only)], indirect=True)
async def test_a_publish_cut_short_is_completed_by_its_retry_and_never_half_visible(
    stores: Stores, bundled: PackSnapshot
) -> None:
    content = stores.content
    assert isinstance(content, MongoContentVersionStore)
    # A first try wrote some of the version's documents, then the process died.
    await content.documents.insert_one(
        {"_id": f"{bundled.version_id}/skill/{bundled.skills[0].id}",
         "version_id": bundled.version_id, "kind": "skill", "id": bundled.skills[0].id,
         "position": 0, "data": bundled.skills[0].model_dump(mode="json")}
    )  # fmt: skip
    assert await content.latest() is None  # no version document yet: nothing to read
    version = await content.insert(bundled, T0)
    assert len((await content.load(version)).skills) == len(bundled.skills)
    # Publishing the same version again (a race the catalog's check lost) is refused, and
    # the version stays as it was.
    with pytest.raises(DuplicateKeyError):
        await content.insert(bundled, T0 + timedelta(seconds=1))
    assert await content.latest() == version

"""What a progress snapshot store must do, run against the SQL adapter (the mastery table,
on SQLite) and the Firestore one (Google's emulator): the same snapshot, the same query
and the same erasure. Then what only the Firestore feed does: each event once, a late
event never overwriting a newer one, concurrent events all merged (transactions)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from mathpath.kit.db import Database
from mathpath.kit.firestore import firestore_client
from mathpath.kit.migrate import upgrade
from mathpath.learning.documents.firestore import FirestoreProgressStore
from mathpath.learning.documents.ports import ProgressSnapshotStore, SkillProgress
from mathpath.learning.documents.sql import SqlProgressStore
from mathpath.learning.models import Mastery

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
Feed = Callable[[str, list[SkillProgress], datetime], Awaitable[None]]

firestore_marks = [pytest.mark.firestore, pytest.mark.integration]


@dataclass
class Progress:
    store: ProgressSnapshotStore
    # Records a mastery change where the adapter reads it: the mastery table (as the
    # attempt path writes it) or a `mastery.updated` event applied to Firestore.
    feed: Feed


@pytest.fixture(params=["sqlite", pytest.param("firestore", marks=firestore_marks)])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'learning.sqlite'}"
        upgrade("learning", url)
        return "sqlite", url
    emulator = request.getfixturevalue("firestore_emulator")
    return "firestore", f"{emulator}|{request.getfixturevalue('firestore_project')}"


@pytest.fixture
async def progress(backend: tuple[str, str]) -> AsyncIterator[Progress]:
    kind, where = backend
    if kind == "firestore":
        host, project = where.split("|")
        client = firestore_client(project, emulator_host=host)
        store = FirestoreProgressStore(client)
        events = iter(range(10**6))

        async def feed_firestore(student: str, skills: list[SkillProgress], at: datetime) -> None:
            assert await store.apply(f"ev-{next(events)}", student, skills, at)

        try:
            yield Progress(store, feed_firestore)
        finally:
            client.close()
        return
    database = Database(where)
    try:
        async with database.sessionmaker() as session:

            async def feed_sql(student: str, skills: list[SkillProgress], at: datetime) -> None:
                for s in skills:
                    row = await session.get(Mastery, (student, s.skill_id))
                    if row is None:
                        row = Mastery(
                            student_id=student, skill_id=s.skill_id, attempts=0, correct=0
                        )
                        session.add(row)
                    row.p_known, row.last_attempt_at = s.p_known, at
                    row.mastered_at = (row.mastered_at or at) if s.mastered else None
                await session.flush()

            yield Progress(SqlProgressStore(session), feed_sql)
            await session.rollback()
    finally:
        await database.engine.dispose()


def sp(skill: str, p: float, mastered: bool = False) -> SkillProgress:
    return SkillProgress(skill, p, mastered)


async def test_a_snapshot_merges_every_skill_practised(progress: Progress) -> None:
    assert await progress.store.get("stu-1") is None
    await progress.feed("stu-1", [sp("alg.solve-linear", 0.4), sp("num.fractions", 0.2)], T0)
    await progress.feed("stu-1", [sp("alg.solve-linear", 0.97, True)], T0 + timedelta(hours=1))
    await progress.feed("stu-2", [sp("num.fractions", 0.99, True)], T0)
    snapshot = await progress.store.get("stu-1")
    assert snapshot is not None
    assert snapshot.skills == {
        "alg.solve-linear": sp("alg.solve-linear", 0.97, True),
        "num.fractions": sp("num.fractions", 0.2),
    }
    assert snapshot.updated_at == T0 + timedelta(hours=1)


async def test_who_has_mastered_a_skill_is_a_query(progress: Progress) -> None:
    await progress.feed("stu-1", [sp("alg.solve-linear", 0.97, True)], T0)
    await progress.feed("stu-2", [sp("alg.solve-linear", 0.5), sp("num.fractions", 0.96, True)], T0)
    await progress.feed("stu-3", [sp("alg.solve-linear", 0.99, True)], T0)
    assert await progress.store.mastered_by("alg.solve-linear") == ["stu-1", "stu-3"]
    assert await progress.store.mastered_by("num.fractions") == ["stu-2"]
    assert await progress.store.mastered_by("geo.angles") == []


async def test_erasing_a_student_removes_only_their_snapshot(progress: Progress) -> None:
    await progress.feed("stu-1", [sp("alg.solve-linear", 0.97, True)], T0)
    await progress.feed("stu-2", [sp("alg.solve-linear", 0.98, True)], T0)
    await progress.store.erase_student("stu-1")
    assert await progress.store.get("stu-1") is None
    assert await progress.store.mastered_by("alg.solve-linear") == ["stu-2"]
    await progress.store.erase_student("stu-1")  # again: nothing left, no error


@pytest.mark.parametrize(
    "backend", [pytest.param("firestore", marks=firestore_marks)], indirect=True
)
async def test_each_event_applies_once_and_a_late_one_changes_nothing(progress: Progress) -> None:
    store = progress.store
    assert isinstance(store, FirestoreProgressStore)
    newer = [sp("alg.solve-linear", 0.9)]
    assert await store.apply("e2", "stu-1", newer, T0 + timedelta(minutes=2))
    assert not await store.apply("e2", "stu-1", [sp("alg.solve-linear", 0.1)], T0)  # redelivered
    # An older event delivered late: applied (once), but the newer value stays.
    assert await store.apply("e1", "stu-1", [sp("alg.solve-linear", 0.3)], T0)
    snapshot = await store.get("stu-1")
    assert snapshot is not None and snapshot.skills["alg.solve-linear"].p_known == 0.9
    assert snapshot.updated_at == T0 + timedelta(minutes=2)


@pytest.mark.parametrize(
    "backend", [pytest.param("firestore", marks=firestore_marks)], indirect=True
)
async def test_concurrent_events_for_one_student_are_all_merged(progress: Progress) -> None:
    store = progress.store
    assert isinstance(store, FirestoreProgressStore)
    skills = [f"skill.s{i}" for i in range(8)]
    results: list[Any] = await asyncio.gather(
        *(
            store.apply(f"e{i}", "stu-1", [sp(s, 0.5 + i / 100)], T0 + timedelta(seconds=i))
            for i, s in enumerate(skills)
        )
    )
    assert results == [True] * len(skills)
    snapshot = await store.get("stu-1")
    assert snapshot is not None and sorted(snapshot.skills) == skills

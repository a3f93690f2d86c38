"""Tutoring sessions as documents: the same reads from the SQL store (the tutor's tables,
on SQLite) and the MongoDB one (SecantusDB), and the tutor keeping the MongoDB documents
current from its turns when the settings choose it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from pymongo import MongoClient

from mathpath.contracts.identity_events import USER_ERASED
from mathpath.gateway.app import Gateway
from mathpath.kit.db import Database
from mathpath.kit.events import Event
from mathpath.kit.mongo import mongo_database
from mathpath.kit.runtime import Runtime
from mathpath.kit.settings import Settings
from mathpath.tutor.app import SETTINGS_KEY
from mathpath.tutor.config import TutorSettings
from mathpath.tutor.documents import (
    MongoSessionDocumentStore,
    SessionDocumentStore,
    SqlSessionDocumentStore,
    session_doc,
)
from mathpath.tutor.models import TutorSession, TutorTurn
from tests.fixtures.identity import create_user
from tests.fixtures.platform import drain_events, make_settings
from tests.fixtures.tutor import CONTENT_DIR

T0 = datetime(2026, 3, 2, 9, 30, 15, 250000, tzinfo=UTC)
mongo_marks = [pytest.mark.mongo, pytest.mark.integration]
Put = Callable[[TutorSession, list[TutorTurn]], Awaitable[None]]


def session_row(n: int, student: str = "stu-1", **overrides: object) -> TutorSession:
    values: dict[str, object] = {
        "id": f"sess-{n:03d}", "student_id": student, "item_id": "ks3-alg-011", "item": {},
        "mode": "practice", "status": "open", "turns": 0, "rung": 0, "solved": False,
        "created_at": T0 + timedelta(minutes=n), "updated_at": T0 + timedelta(minutes=n),
    }  # fmt: skip
    values.update(overrides)
    return TutorSession(**values)


def turn_row(session: TutorSession, number: int, **overrides: object) -> TutorTurn:
    values: dict[str, object] = {
        "id": f"{session.id}-t{number}", "session_id": session.id,
        "student_id": session.student_id, "number": number, "day": "2026-03-02",
        "message": f"message {number}", "reply": f"reply {number}", "kind": "hint",
        "intent": "hint_request", "rung": number, "verdict": None, "misconception": None,
        "sources": [f"lesson:x:{number}"], "voice": "template", "notes": [],
        "created_at": session.created_at + timedelta(seconds=number),
    }  # fmt: skip
    values.update(overrides)
    return TutorTurn(**values)


@pytest.fixture(params=["sqlite", pytest.param("mongo", marks=mongo_marks)])
def backend(request: pytest.FixtureRequest) -> tuple[str, str]:
    if request.param == "sqlite":
        # A copy of the migrated database the platform's tests start from.
        return "sqlite", make_settings(request.getfixturevalue("data_dir")).database_url("tutor")
    return "mongo", request.getfixturevalue("mongo_url")


@pytest.fixture
async def sessions(backend: tuple[str, str]) -> AsyncIterator[tuple[SessionDocumentStore, Put]]:
    kind, url = backend
    if kind == "mongo":
        client, db = mongo_database(url, "unused")
        store = MongoSessionDocumentStore(db)
        await store.setup()

        async def put_mongo(row: TutorSession, turns: list[TutorTurn]) -> None:
            await store.put(session_doc(row, turns))

        try:
            yield store, put_mongo
        finally:
            await client.close()
        return
    database = Database(url)
    try:
        async with database.sessionmaker() as db:

            async def put_sql(row: TutorSession, turns: list[TutorTurn]) -> None:
                await db.merge(row)
                await db.flush()
                for t in turns:
                    await db.merge(t)
                await db.flush()

            yield SqlSessionDocumentStore(db), put_sql
            await db.rollback()
    finally:
        await database.engine.dispose()


async def test_a_session_reads_back_with_its_turns_in_order(
    sessions: tuple[SessionDocumentStore, Put],
) -> None:
    store, put = sessions
    assert await store.get("sess-001") is None
    row = session_row(1)
    await put(row, [turn_row(row, 2, verdict="incorrect", misconception="sign"), turn_row(row, 1)])
    doc = await store.get("sess-001")
    assert doc is not None
    assert (doc.student_id, doc.item_id, doc.status, doc.created_at) == (
        "stu-1", "ks3-alg-011", "open", T0 + timedelta(minutes=1),
    )  # fmt: skip
    assert [t.number for t in doc.turns] == [1, 2]
    assert doc.turns[1].misconception == "sign" and doc.turns[0].sources == ("lesson:x:1",)
    assert doc.turns[0].at == T0 + timedelta(minutes=1, seconds=1)


async def test_a_students_sessions_come_newest_first_and_are_erased_with_them(
    sessions: tuple[SessionDocumentStore, Put],
) -> None:
    store, put = sessions
    for n in (1, 3, 2):
        row = session_row(n)
        await put(row, [turn_row(row, 1)])
    other = session_row(9, student="stu-2")
    await put(other, [])
    assert [d.id for d in await store.of_student("stu-1")] == ["sess-003", "sess-002", "sess-001"]
    assert [d.id for d in await store.of_student("stu-1", limit=1)] == ["sess-003"]
    await store.erase_student("stu-1")
    assert await store.of_student("stu-1") == []
    assert [d.id for d in await store.of_student("stu-2")] == ["sess-009"]


@pytest.mark.parametrize("backend", [pytest.param("mongo", marks=mongo_marks)], indirect=True)
async def test_a_late_event_never_drops_turns(sessions: tuple[SessionDocumentStore, Put]) -> None:
    store, _ = sessions
    assert isinstance(store, MongoSessionDocumentStore)
    row = session_row(1)
    assert await store.put(session_doc(row, [turn_row(row, 1), turn_row(row, 2)]))
    assert not await store.put(session_doc(row, [turn_row(row, 1)]))  # built before turn 2
    doc = await store.get(row.id)
    assert doc is not None and len(doc.turns) == 2


@pytest.fixture
async def mongo_tutor(settings: Settings, mongo_url: str) -> AsyncIterator[Gateway]:
    runtime = Runtime(settings)
    runtime.extras[SETTINGS_KEY] = TutorSettings(
        content_dir=CONTENT_DIR, session_store="mongo", mongo_url=mongo_url
    )
    gw = Gateway(settings, runtime)
    async with gw.app.router.lifespan_context(gw.app):
        yield gw
        await drain_events(gw)


@pytest.mark.mongo
@pytest.mark.integration
async def test_the_tutor_keeps_each_sessions_document_in_mongodb(
    mongo_tutor: Gateway, mongo_url: str
) -> None:
    transport = httpx.ASGITransport(app=mongo_tutor, client=("203.0.113.41", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        student = await create_user(client, "student")
        started = await client.post(
            "/api/v1/tutor/sessions", json={"item_id": "ks3-alg-011"}, headers=student.headers
        )
        assert started.status_code == 201, started.text
        sid = started.json()["id"]
        for text in ("can I have a hint?", "another hint please"):
            r = await client.post(
                f"/api/v1/tutor/sessions/{sid}/messages", json={"text": text},
                headers=student.headers,
            )  # fmt: skip
            assert r.status_code == 200, r.text
        await drain_events(mongo_tutor)
    with MongoClient(mongo_url) as mongo:
        db = mongo.get_default_database()
        doc = db.tutor_sessions.find_one({"_id": sid})
        assert doc is not None and doc["student_id"] == student.id
        assert [t["message"] for t in doc["turns"]] == ["can I have a hint?", "another hint please"]
        await mongo_tutor.runtime.bus.publish(
            Event(type=USER_ERASED, source="identity",
                  payload={"request_id": "r1", "user_id": student.id})
        )  # fmt: skip
        await drain_events(mongo_tutor)
        assert db.tutor_sessions.count_documents({"student_id": student.id}) == 0

"""The learning service with its document stores chosen in settings, through HTTP and the
event bus: content versions and feedback notes in MongoDB (SecantusDB) instead of the SQL
database, the attempt time series fed in MongoDB and progress snapshots in Firestore (the
emulator), all erased with the student."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from pymongo import MongoClient
from sqlalchemy import func, select

from mathpath.contracts.identity_events import USER_ERASED
from mathpath.gateway.app import Gateway
from mathpath.kit.events import Event
from mathpath.kit.firestore import firestore_client
from mathpath.kit.runtime import Runtime
from mathpath.kit.service import ServiceContext
from mathpath.kit.settings import Settings
from mathpath.learning import catalog
from mathpath.learning.config import LearningSettings
from mathpath.learning.documents import SETTINGS_KEY
from mathpath.learning.models import FeedbackNote
from tests.fixtures.learning import Tokens, answer
from tests.fixtures.platform import drain_events
from tests.learning.helpers import answer_of, curriculum_of, numeric_items

pytestmark = [pytest.mark.mongo, pytest.mark.firestore, pytest.mark.integration]


@pytest.fixture
async def doc_gateway(
    settings: Settings, mongo_url: str, firestore_emulator: str, firestore_project: str
) -> AsyncIterator[Gateway]:
    runtime = Runtime(settings)
    runtime.extras[SETTINGS_KEY] = LearningSettings(
        document_store="mongo", mongo_url=mongo_url, progress_store="firestore",
        firestore_project=firestore_project, firestore_emulator_host=firestore_emulator,
    )  # fmt: skip
    gw = Gateway(settings, runtime)
    async with gw.app.router.lifespan_context(gw.app):
        yield gw
        await drain_events(gw)


@pytest.fixture
async def doc_client(doc_gateway: Gateway) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=doc_gateway, client=("203.0.113.21", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


def _ctx(gateway: Gateway) -> ServiceContext:
    ctx: ServiceContext = gateway.local_apps["learning"].state.ctx
    return ctx


async def test_versions_notes_attempts_and_progress_live_in_the_document_stores(
    doc_gateway: Gateway, doc_client: httpx.AsyncClient, mongo_url: str,
    firestore_emulator: str, firestore_project: str,
) -> None:  # fmt: skip
    tokens = Tokens(doc_gateway)
    mongo = MongoClient(mongo_url, tz_aware=True)
    db = mongo.get_default_database()
    try:
        # The bundled pack was published at start-up into MongoDB, and is what is served.
        [version] = list(db.content_versions.find())
        assert version["_id"] == catalog.current(_ctx(doc_gateway)).version_id
        curriculum = curriculum_of(doc_gateway)
        assert db.content_documents.count_documents({"kind": "item"}) == len(curriculum.items)

        student, parent = tokens.user("student"), tokens.user("parent")
        await tokens.relate(parent, student, "parent")
        seen: list[Event] = []

        async def collect(event: Event) -> None:
            seen.append(event)

        doc_gateway.runtime.bus.subscribe("test.notes", ["feedback.submitted"], collect)
        url = f"/api/v1/students/{student.id}/feedback"
        headers = {**parent.headers, "Idempotency-Key": str(uuid.uuid4())}
        first = await doc_client.post(url, json={"body": "Lovely work."}, headers=headers)
        again = await doc_client.post(url, json={"body": "Lovely work."}, headers=headers)
        assert (first.status_code, again.status_code) == (201, 200)
        assert again.json() == first.json()
        assert [d["_id"] for d in db.feedback_notes.find()] == [first.json()["id"]]
        async with _ctx(doc_gateway).db.transaction() as session:
            assert await session.scalar(select(func.count()).select_from(FeedbackNote)) == 0
        listed = await doc_client.get(url, headers=student.headers)
        assert [n["id"] for n in listed.json()] == [first.json()["id"]]
        await drain_events(doc_gateway)
        # The retry staged the event again (MongoDB commits apart from the outbox): the
        # tutor indexes the note by its id, once.
        assert {e.payload["note_id"] for e in seen} == {first.json()["id"]}

        item = numeric_items(curriculum)[0]
        recorded = await answer(doc_client, student, item.id, answer_of(item))
        assert recorded.status_code in (200, 201), recorded.text
        await drain_events(doc_gateway)
        [logged] = list(db.attempt_events.find({"student_id": student.id}))
        assert logged["item_id"] == item.id and logged["correct"] is True

        mastery = await doc_client.get(
            f"/api/v1/students/{student.id}/mastery", headers=student.headers
        )
        expected = {s["skill_id"]: s["p_known"] for s in mastery.json() if s["attempts"]}
        fs = firestore_client(firestore_project, emulator_host=firestore_emulator)
        snapshot = (await fs.collection("progress").document(student.id).get()).to_dict()
        assert {k: round(v["p_known"], 4) for k, v in snapshot["skills"].items()} == expected

        await doc_gateway.runtime.bus.publish(
            Event(type=USER_ERASED, source="identity",
                  payload={"request_id": "r1", "user_id": student.id})
        )  # fmt: skip
        await drain_events(doc_gateway)
        assert db.feedback_notes.count_documents({}) == 0
        assert db.attempt_events.count_documents({"student_id": student.id}) == 0
        assert not (await fs.collection("progress").document(student.id).get()).exists
        fs.close()
    finally:
        mongo.close()

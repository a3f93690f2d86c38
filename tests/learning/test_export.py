"""Learning's part of a data export: what a student, a teacher and a parent get back."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from mathpath.access import export as access_export
from mathpath.contracts.identity_events import (
    CLASS_MEMBERSHIP_CHANGED,
    PARENT_LINK_CHANGED,
    USER_EXPORT_REQUESTED,
)
from mathpath.gateway.app import Gateway
from mathpath.kit.events import Event
from mathpath.kit.outbox import handle_once
from mathpath.kit.service import ServiceContext
from mathpath.learning import export
from tests.fixtures.learning import Actor, Tokens, answer
from tests.fixtures.platform import drain_events
from tests.learning.helpers import answer_of, curriculum_of, numeric_items, wrong_answer_of


def _ctx(gateway: Gateway) -> ServiceContext:
    ctx: ServiceContext = gateway.local_apps["learning"].state.ctx
    return ctx


async def _identity_event(gateway: Gateway, event_type: str, payload: dict[str, Any]) -> None:
    await gateway.runtime.bus.publish(Event(type=event_type, source="identity", payload=payload))
    await drain_events(gateway)


class Identity:
    """Stands in for identity's contribute route: what each request was answered with (the
    real route is exercised end to end in tests/identity/test_export_across_services.py)."""

    def __init__(self) -> None:
        self.answers: dict[str, list[dict[str, Any]]] = {}

    async def deliver(self, ctx: ServiceContext, request_id: str, data: dict[str, Any]) -> None:
        assert ctx.name == "learning"
        self.answers.setdefault(request_id, []).append(data)


@pytest.fixture
def identity(monkeypatch: pytest.MonkeyPatch) -> Identity:
    fake = Identity()
    monkeypatch.setattr(access_export, "deliver", fake.deliver)
    return fake


async def _request_export(gateway: Gateway, user: Actor, request_id: str) -> bool:
    """Deliver one ``user.export_requested`` to learning's handler (as the bus would)."""
    ctx = _ctx(gateway)
    event = Event(
        type=USER_EXPORT_REQUESTED,
        source="identity",
        payload={"request_id": request_id, "user_id": user.id, "expected_services": ["learning"]},
    )
    return await handle_once(ctx.db, ctx.outbox, "export", event, export.export_handler(ctx))


async def test_a_students_export_holds_attempts_mastery_reviews_enrolments_and_notes(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens, identity: Identity
) -> None:
    items = numeric_items(curriculum_of(gateway))
    student, teacher, parent = tokens.user("student"), tokens.user("teacher"), tokens.user("parent")
    class_id = str(uuid.uuid4())
    await _identity_event(
        gateway,
        CLASS_MEMBERSHIP_CHANGED,
        {
            "class_id": class_id,
            "teacher_id": teacher.id,
            "student_ids": [student.id],
            "change": "joined",
            "at": datetime.now(UTC).isoformat(),
        },
    )
    await _identity_event(
        gateway,
        PARENT_LINK_CHANGED,
        {
            "parent_id": parent.id,
            "child_id": student.id,
            "change": "linked",
            "at": datetime.now(UTC).isoformat(),
        },
    )
    enrolled = await client.post("/api/v1/pathways/ks3-catch-up/enrolment", headers=student.headers)
    assert enrolled.status_code in (200, 201), enrolled.text
    right = await answer(client, student, items[0].id, answer_of(items[0]))
    wrong = await answer(client, student, items[1].id, wrong_answer_of(items[1]))
    assert right.status_code == 201 and wrong.status_code == 201, right.text
    await tokens.relate(parent, student, "parent")
    note = await client.post(
        f"/api/v1/students/{student.id}/feedback",
        json={"body": "Good effort on fractions this week."},
        headers={**parent.headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert note.status_code == 201, note.text
    # An unrelated student's data must not leak into this export.
    other = tokens.user("student")
    await answer(client, other, items[2].id, answer_of(items[2]))

    request_id = str(uuid.uuid4())
    assert await _request_export(gateway, student, request_id)
    [data] = identity.answers[request_id]
    assert data["user_id"] == student.id
    assert [(a["item_id"], a["correct"]) for a in data["attempts"]] == [
        (items[0].id, True),
        (items[1].id, False),
    ]
    assert data["attempts"][1]["answer"] == wrong_answer_of(items[1])
    assert all(a["content_version"] == curriculum_of(gateway).version_id for a in data["attempts"])
    assert {m["skill_id"] for m in data["mastery"]} == set(items[0].skills) | set(items[1].skills)
    assert data["ability"] is not None and data["ability"]["answers"] == 2
    assert [e["pathway_id"] for e in data["enrolments"]] == ["ks3-catch-up"]
    assert [n["body"] for n in data["feedback_about_me"]] == ["Good effort on fractions this week."]
    assert data["feedback_about_me"][0]["author_role"] == "parent"
    assert data["classes"] == [class_id] and data["parents"] == [parent.id]
    assert data["feedback_written"] == [] and data["assignments_set"] == []
    assert isinstance(data["review_cards"], list)
    assert other.id not in str(data)


async def test_a_teachers_and_a_parents_exports_hold_what_they_wrote(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens, identity: Identity
) -> None:
    item = numeric_items(curriculum_of(gateway))[0]
    teacher, student, parent = tokens.user("teacher"), tokens.user("student"), tokens.user("parent")
    class_id = str(uuid.uuid4())
    await _identity_event(
        gateway,
        CLASS_MEMBERSHIP_CHANGED,
        {
            "class_id": class_id,
            "teacher_id": teacher.id,
            "student_ids": [student.id],
            "change": "joined",
            "at": datetime.now(UTC).isoformat(),
        },
    )
    await tokens.teach_class(teacher, class_id)
    due = (datetime.now(UTC) + timedelta(days=7)).isoformat()
    set_work = await client.post(
        f"/api/v1/teaching/classes/{class_id}/assignments",
        json={
            "title": "Homework 3",
            "target_kind": "items",
            "target_ids": [item.id],
            "due_at": due,
        },
        headers={**teacher.headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert set_work.status_code == 201, set_work.text
    await tokens.relate(parent, student, "parent")
    written = await client.post(
        f"/api/v1/students/{student.id}/feedback",
        json={"body": "Practise a little every evening."},
        headers={**parent.headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert written.status_code == 201, written.text

    teacher_request, parent_request = str(uuid.uuid4()), str(uuid.uuid4())
    await _request_export(gateway, teacher, teacher_request)
    await _request_export(gateway, parent, parent_request)
    [teacher_data] = identity.answers[teacher_request]
    [parent_data] = identity.answers[parent_request]
    assert [a["title"] for a in teacher_data["assignments_set"]] == ["Homework 3"]
    assert teacher_data["assignments_set"][0]["target_ids"] == [item.id]
    assert teacher_data["classes_taught"] == [class_id] and teacher_data["attempts"] == []
    assert [n["body"] for n in parent_data["feedback_written"]] == [
        "Practise a little every evening."
    ]
    assert parent_data["feedback_written"][0]["student_id"] == student.id
    assert parent_data["attempts"] == [] and parent_data["ability"] is None


async def test_a_redelivered_request_answers_once_and_a_redispatch_answers_the_same(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens, identity: Identity
) -> None:
    item = numeric_items(curriculum_of(gateway))[0]
    student = tokens.user("student")
    await answer(client, student, item.id, answer_of(item))
    request_id = str(uuid.uuid4())
    ctx = _ctx(gateway)
    event = Event(
        type=USER_EXPORT_REQUESTED,
        source="identity",
        payload={"request_id": request_id, "user_id": student.id, "expected_services": []},
    )
    handler = export.export_handler(ctx)
    first = await handle_once(ctx.db, ctx.outbox, "export", event, handler)
    redelivered = await handle_once(ctx.db, ctx.outbox, "export", event, handler)
    assert (first, redelivered) == (True, False)
    assert len(identity.answers[request_id]) == 1
    # Identity's re-dispatch is a new event for the same request: the same part again
    # (identity keeps the first answer of each service).
    await _request_export(gateway, student, request_id)
    answers = identity.answers[request_id]
    assert len(answers) == 2 and answers[0] == answers[1]

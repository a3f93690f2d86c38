"""The tutor's event consumers, through the platform's bus."""

import httpx

from mathpath.gateway.app import Gateway
from mathpath.kit.events import Event
from mathpath.tutor.engine import TutorEngine
from mathpath.tutor.retrieval.passages import Filters
from tests.fixtures.identity import create_user
from tests.fixtures.platform import drain_events


def _engine(gateway: Gateway) -> TutorEngine:
    engine = gateway.local_apps["tutor"].state.ctx.state["engine"]
    assert isinstance(engine, TutorEngine)
    return engine


async def test_user_erased_removes_sessions_and_is_confirmed(
    client: httpx.AsyncClient, gateway: Gateway
) -> None:
    confirmed = []

    async def remember(event: Event) -> None:
        confirmed.append(event)

    gateway.runtime.bus.subscribe("test.erasure", ["user.erasure_confirmed"], remember)
    student = await create_user(client, "student")
    created = await client.post(
        "/api/v1/tutor/sessions", json={"item_id": "ks3-alg-011"}, headers=student.headers
    )
    sid = created.json()["id"]
    await client.post(
        f"/api/v1/tutor/sessions/{sid}/messages", json={"text": "hint"}, headers=student.headers
    )
    await gateway.runtime.bus.publish(
        Event(
            type="user.erased",
            source="identity",
            payload={"request_id": "req-1", "user_id": student.id, "expected_services": ["tutor"]},
        )
    )
    await drain_events(gateway)
    r = await client.get(f"/api/v1/tutor/sessions/{sid}", headers=student.headers)
    assert r.status_code == 404
    assert any(
        e.payload == {"request_id": "req-1", "user_id": student.id, "service": "tutor"}
        for e in confirmed
    )
    assert (
        await _engine(gateway).checkpointer.aget_tuple({"configurable": {"thread_id": sid}}) is None
    )


async def test_feedback_notes_are_indexed_for_their_student_only(
    client: httpx.AsyncClient, gateway: Gateway
) -> None:
    await gateway.runtime.bus.publish(
        Event(
            type="feedback.submitted",
            source="learning",
            payload={
                "note_id": "n1",
                "student_id": "stu-a",
                "author_id": "t1",
                "author_role": "teacher",
                "body": "Watch the signs when you collect like terms",
                "skill_id": None,
                "created_at": "2026-11-25T10:00:00Z",
            },
        )
    )
    await drain_events(gateway)
    retriever = await _engine(gateway).retriever()
    mine = await retriever.search(
        "signs collect like terms", 10, Filters(student_id="stu-a", kinds=("feedback",))
    )
    theirs = await retriever.search(
        "signs collect like terms", 10, Filters(student_id="stu-b", kinds=("feedback",))
    )
    assert [h.passage.id for h in mine] == ["feedback:n1"]
    assert theirs == []

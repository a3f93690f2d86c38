"""The tutor's event consumers, through the platform's bus."""

import asyncio
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from mathpath.gateway.app import Gateway
from mathpath.kit.events import Event
from mathpath.kit.runtime import Runtime
from mathpath.tutor.app import SETTINGS_KEY as TUTOR_SETTINGS_KEY
from mathpath.tutor.app import create_app as create_tutor
from mathpath.tutor.config import TutorSettings
from mathpath.tutor.engine import TutorEngine
from mathpath.tutor.retrieval.passages import Filters
from tests.fixtures.identity import create_user
from tests.fixtures.platform import drain_events, make_settings
from tests.fixtures.servers import REDIS_URL
from tests.fixtures.tutor import CONTENT_DIR


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


@pytest.mark.redis
@pytest.mark.integration
async def test_every_tutor_process_on_the_redis_bus_indexes_a_new_note(
    data_dir: Path, redis_client: Any, redis_prefix: str
) -> None:
    """Two tutor processes (own runtimes and in-process indexes) on Redis Streams: each
    indexes the note, though a group shared by name would hand the event to one only."""
    settings = make_settings(
        data_dir, redis_url=REDIS_URL, event_bus="redis", redis_stream_prefix=redis_prefix
    )
    runtimes = [Runtime(settings), Runtime(settings)]
    for runtime in runtimes:
        runtime.extras[TUTOR_SETTINGS_KEY] = TutorSettings(content_dir=CONTENT_DIR)
    apps = [create_tutor(runtime) for runtime in runtimes]
    stream = f"{redis_prefix}:events:feedback.submitted"
    try:
        async with apps[0].router.lifespan_context(apps[0]):
            async with apps[1].router.lifespan_context(apps[1]):
                for runtime in runtimes:
                    await runtime.start_bus()
                note = {
                    "note_id": "n-redis", "student_id": "stu-a", "author_id": "t1",
                    "author_role": "teacher", "body": "Square both sides carefully",
                    "skill_id": None, "created_at": "2026-11-25T10:00:00Z",
                }  # fmt: skip
                await runtimes[0].bus.publish(
                    Event(type="feedback.submitted", source="learning", payload=note)
                )
                engines = [app.state.ctx.state["engine"] for app in apps]
                deadline = time.monotonic() + 60
                for engine in engines:
                    while "feedback:n-redis" not in (await engine.retriever()).passages:
                        assert time.monotonic() < deadline
                        await asyncio.sleep(0.05)
                groups = [g["name"] for g in await redis_client.xinfo_groups(stream)]
                assert len([g for g in groups if b"index-feedback" in g]) == 2
        # Stopped processes remove their own groups.
        assert not [
            g for g in await redis_client.xinfo_groups(stream) if b"index-feedback" in g["name"]
        ]
    finally:
        for runtime in runtimes:
            await runtime.aclose()
        keys = [k async for k in redis_client.scan_iter(match=f"{redis_prefix}*")]
        if keys:
            await redis_client.delete(*keys)

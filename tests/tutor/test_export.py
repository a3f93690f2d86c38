"""The tutor's part of a data export: sessions with transcripts, and long-term memory."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from mathpath.access import export as access_export
from mathpath.contracts.identity_events import USER_EXPORT_REQUESTED
from mathpath.kit.events import Event
from mathpath.kit.outbox import handle_once
from mathpath.kit.service import ServiceContext
from mathpath.tutor import export
from mathpath.tutor.core.items import TutorItem
from mathpath.tutor.export import memory_entries, tutor_part
from mathpath.tutor.memory import record_difficulty, update_profile
from mathpath.tutor.service import engine_of
from tests.fixtures.identity import create_user, gateway_of
from tests.fixtures.platform import drain_events

ITEM_ID = "ks3-alg-011"  # a static item of the shipped content pack


def _ctx(client: httpx.AsyncClient) -> ServiceContext:
    ctx: ServiceContext = gateway_of(client).local_apps["tutor"].state.ctx
    return ctx


async def _session_with_two_turns(client: httpx.AsyncClient, headers: dict[str, str]) -> str:
    started = await client.post(
        "/api/v1/tutor/sessions", json={"item_id": ITEM_ID}, headers=headers
    )
    assert started.status_code == 201, started.text
    session_id = str(started.json()["id"])
    for text in ["hint please", "x = 1000"]:
        sent = await client.post(
            f"/api/v1/tutor/sessions/{session_id}/messages", json={"text": text}, headers=headers
        )
        assert sent.status_code == 200, sent.text
    return session_id


async def test_export_holds_sessions_transcripts_and_memory_but_not_the_answer(
    client: httpx.AsyncClient, pack_items: dict[str, TutorItem]
) -> None:
    student, other = await create_user(client), await create_user(client)
    session_id = await _session_with_two_turns(client, student.headers)
    await _session_with_two_turns(client, other.headers)
    ctx = _ctx(client)
    store = engine_of(ctx).store
    await update_profile(store, student.id, {"goals": "grade 7 at GCSE", "exam_board": "AQA"})
    await record_difficulty(store, student.id, "sign-error", item_id=ITEM_ID, key="attempt:1")

    started = await client.post("/api/v1/me/export", headers=student.headers)
    assert started.status_code == 202, started.text
    await drain_events(gateway_of(client))
    download = await client.get(
        f"/api/v1/me/export/{started.json()['id']}", headers=student.headers
    )
    dead = getattr(gateway_of(client).runtime.bus, "dead_letters", [])
    assert "tutor" in download.json()["answered"], (download.json()["answered"], dead)
    data = download.json()["archive"]["tutor"]
    assert data["user_id"] == student.id
    assert [s["id"] for s in data["sessions"]] == [session_id]
    turns = data["sessions"][0]["turns"]
    assert [t["message"] for t in turns] == ["hint please", "x = 1000"]
    assert all(t["reply"] for t in turns) and turns[1]["verdict"] == "incorrect"
    memory = {(tuple(m["namespace"]), m["key"]): m["value"] for m in data["memory"]}
    assert memory[(("profile",), "profile")] == {"goals": "grade 7 at GCSE", "exam_board": "AQA"}
    assert memory[(("difficulties",), "sign-error")]["count"] == 1
    # The item's answer never leaves the service, not even in an export.
    assert "item" not in data["sessions"][0]
    assert pack_items[ITEM_ID].answer not in json.dumps(data)
    assert other.id not in json.dumps(data)


async def test_a_redelivered_request_is_answered_once(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    student = await create_user(client)
    ctx = _ctx(client)
    delivered: list[tuple[str, dict[str, Any]]] = []

    async def deliver(_ctx: ServiceContext, request_id: str, data: dict[str, Any]) -> None:
        delivered.append((request_id, data))

    monkeypatch.setattr(access_export, "deliver", deliver)
    event = Event(
        type=USER_EXPORT_REQUESTED,
        source="identity",
        payload={"request_id": "r-1", "user_id": student.id, "expected_services": ["tutor"]},
    )
    handler = export.export_handler(ctx)
    assert await handle_once(ctx.db, ctx.outbox, "export", event, handler)
    assert not await handle_once(ctx.db, ctx.outbox, "export", event, handler)
    assert [(r, d["user_id"]) for r, d in delivered] == [("r-1", student.id)]


async def test_memory_entries_are_paged_past_one_search_page(client: httpx.AsyncClient) -> None:
    student = await create_user(client)
    store = engine_of(_ctx(client)).store
    for n in range(130):
        await record_difficulty(store, student.id, f"m-{n:03d}", item_id=ITEM_ID, key=f"k{n}")
    entries = await memory_entries(store, student.id)
    assert sorted(e["key"] for e in entries) == [f"m-{n:03d}" for n in range(130)]


async def test_a_student_without_tutoring_gets_an_empty_part(client: httpx.AsyncClient) -> None:
    student = await create_user(client)
    ctx = _ctx(client)
    async with ctx.db.transaction() as db:
        part = await tutor_part(ctx, db, student.id)
    assert part["sessions"] == [] and part["memory"] == [] and part["user_id"] == student.id

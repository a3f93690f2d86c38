"""The learning service on PostgreSQL, through HTTP: publishing content, attempts (with
concurrent retries of one idempotency key), offline sync, the next activity, dashboards, a
teacher's class overview and admin analytics."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from mathpath.contracts.identity_events import CLASS_MEMBERSHIP_CHANGED
from mathpath.gateway.app import Gateway
from mathpath.kit.events import Event
from mathpath.kit.migrate import upgrade
from mathpath.kit.service import ServiceContext
from mathpath.learning import catalog, export
from mathpath.learning.models import Attempt, ContentVersion, Mastery
from tests.fixtures.learning import Tokens, answer
from tests.fixtures.platform import drain_events, make_settings
from tests.learning.helpers import answer_of, curriculum_of, numeric_items, wrong_answer_of
from tests.learning.test_content_refresh import NEW_STEM, changed_pack

pytestmark = [pytest.mark.postgres, pytest.mark.integration]


@pytest.fixture
async def pg_gateway(data_dir: Path, pg_database: str) -> AsyncIterator[Gateway]:
    await asyncio.to_thread(upgrade, "learning", pg_database)
    gw = Gateway(make_settings(data_dir, learning_database_url=pg_database))
    async with gw.app.router.lifespan_context(gw.app):
        yield gw
        # Hand every staged event over while each service is still up: the gateway stops
        # services one by one, and a late event would reach one already stopped.
        await drain_events(gw)


@pytest.fixture
async def pg_client(pg_gateway: Gateway) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=pg_gateway, client=("203.0.113.11", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


@pytest.fixture
def pg_tokens(pg_gateway: Gateway) -> Tokens:
    return Tokens(pg_gateway)


def _ctx(gateway: Gateway) -> ServiceContext:
    ctx: ServiceContext = gateway.local_apps["learning"].state.ctx
    assert ctx.db.url.startswith("postgresql")
    return ctx


async def test_content_is_published_on_start_and_a_changed_pack_is_served_at_once(
    pg_gateway: Gateway, pg_client: httpx.AsyncClient, pg_tokens: Tokens, tmp_path: Path
) -> None:
    ctx = _ctx(pg_gateway)
    old = catalog.current(ctx)
    assert old.version_id == catalog.read_pack(catalog.bundled_content_dir()).version_id
    item = numeric_items(old)[0]
    snap = catalog.read_pack(changed_pack(tmp_path, old, item))
    async with ctx.db.transaction() as session:
        assert (await catalog.publish(ctx, session, snap)).created
    async with ctx.db.transaction() as session:
        assert not (await catalog.publish(ctx, session, snap)).created  # same content: no-op
        versions = await session.scalar(select(func.count()).select_from(ContentVersion))
    assert versions == 2
    await drain_events(pg_gateway)
    student = pg_tokens.user("student")
    shown = await pg_client.get(f"/api/v1/items/{item.id}", headers=student.headers)
    assert shown.status_code == 200, shown.text
    assert (shown.json()["content_version"], shown.json()["stem"]) == (snap.version_id, NEW_STEM)
    on_old = await answer(
        pg_client, student, item.id, answer_of(item), content_version=old.version_id
    )
    assert on_old.status_code == 201, on_old.text
    assert on_old.json()["content_version"] == old.version_id and on_old.json()["correct"]


async def test_one_key_sent_twice_at_once_is_recorded_once_with_one_result(
    pg_gateway: Gateway, pg_client: httpx.AsyncClient, pg_tokens: Tokens
) -> None:
    ctx = _ctx(pg_gateway)
    item = numeric_items(curriculum_of(pg_gateway))[0]
    student = pg_tokens.user("student")
    key = f"pg-concurrent-{uuid.uuid4()}"
    responses = await asyncio.gather(
        *(answer(pg_client, student, item.id, answer_of(item), key=key) for _ in range(4))
    )
    assert sorted(r.status_code for r in responses) == [200, 200, 200, 201], [
        r.text for r in responses
    ]
    bodies = [r.json() for r in responses]
    assert all(b == bodies[0] for b in bodies)
    async with ctx.db.transaction() as session:
        recorded = await session.scalar(
            select(func.count()).select_from(Attempt).where(Attempt.student_id == student.id)
        )
        mastery = (
            await session.scalars(select(Mastery).where(Mastery.student_id == student.id))
        ).all()
    assert recorded == 1
    assert [m.attempts for m in mastery] == [1] * len(item.skills)
    conflict = await answer(pg_client, student, item.id, wrong_answer_of(item), key=key)
    assert conflict.status_code == 409, conflict.text
    assert conflict.headers["content-type"].startswith("application/problem+json")


async def test_concurrent_answers_of_one_student_lose_no_mastery_update(
    pg_gateway: Gateway, pg_client: httpx.AsyncClient, pg_tokens: Tokens
) -> None:
    item = numeric_items(curriculum_of(pg_gateway))[0]
    student = pg_tokens.user("student")
    responses = await asyncio.gather(
        *(answer(pg_client, student, item.id, answer_of(item)) for _ in range(5))
    )
    assert [r.status_code for r in responses] == [201] * 5, [r.text for r in responses]
    mastery = await pg_client.get("/api/v1/students/me/mastery", headers=student.headers)
    assert [m["attempts"] for m in mastery.json()] == [5] * len(item.skills)


async def test_offline_sync_records_once_and_reports_duplicates(
    pg_gateway: Gateway, pg_client: httpx.AsyncClient, pg_tokens: Tokens
) -> None:
    item = numeric_items(curriculum_of(pg_gateway))[0]
    student = pg_tokens.user("student")
    start = datetime.now(UTC) - timedelta(hours=2)
    batch = [
        {
            "client_id": f"offline-{n}",
            "item_id": item.id,
            "answer": text,
            "answered_at": (start + timedelta(minutes=n)).isoformat(),
        }
        for n, text in enumerate([wrong_answer_of(item), answer_of(item), answer_of(item)])
    ]
    url = "/api/v1/attempts/sync"
    first = await pg_client.post(url, json={"attempts": batch}, headers=student.headers)
    assert first.status_code == 200, first.text
    both = await asyncio.gather(
        pg_client.post(url, json={"attempts": batch}, headers=student.headers),
        pg_client.post(url, json={"attempts": batch[::-1]}, headers=student.headers),
    )
    assert [r["outcome"] for r in first.json()["results"]] == ["recorded"] * 3
    for again in both:
        assert again.status_code == 200, again.text
        assert [r["outcome"] for r in again.json()["results"]] == ["duplicate"] * 3
    mastery = await pg_client.get("/api/v1/students/me/mastery", headers=student.headers)
    assert [m["attempts"] for m in mastery.json()] == [3] * len(item.skills)


async def test_next_activity_and_dashboard(
    pg_gateway: Gateway, pg_client: httpx.AsyncClient, pg_tokens: Tokens
) -> None:
    curriculum = curriculum_of(pg_gateway)
    student = pg_tokens.user("student")
    enrolled = await pg_client.post(
        "/api/v1/pathways/ks3-catch-up/enrolment", headers=student.headers
    )
    assert enrolled.status_code in (200, 201), enrolled.text
    nxt = await pg_client.get("/api/v1/students/me/next", headers=student.headers)
    assert nxt.status_code == 200, nxt.text
    skill = nxt.json()["skill_id"]
    assert curriculum.skills[skill].prerequisites == []
    item = next(i for i in numeric_items(curriculum) if i.skills == [skill])
    for _ in range(12):
        done = await answer(pg_client, student, item.id, answer_of(item), duration_ms=20_000)
        assert done.status_code == 201, done.text
    after = (await pg_client.get("/api/v1/students/me/next", headers=student.headers)).json()
    assert after["skill_id"] != skill
    reviews = await pg_client.get("/api/v1/students/me/reviews", headers=student.headers)
    assert [r["skill_id"] for r in reviews.json()] == [skill]
    board = await pg_client.get("/api/v1/students/me/dashboard", headers=student.headers)
    assert board.status_code == 200, board.text
    body = board.json()
    assert body["attempts"] == 12 and body["streak_days"] == 1
    assert body["time_spent_ms"] == 240_000 and body["recent"][0]["item_id"] == item.id


async def test_teacher_overview_and_admin_analytics(
    pg_gateway: Gateway, pg_client: httpx.AsyncClient, pg_tokens: Tokens
) -> None:
    item = numeric_items(curriculum_of(pg_gateway))[0]
    teacher, good, stuck = (
        pg_tokens.user("teacher"),
        pg_tokens.user("student"),
        pg_tokens.user("student"),
    )
    class_id = str(uuid.uuid4())
    payload = {
        "class_id": class_id,
        "teacher_id": teacher.id,
        "student_ids": [good.id, stuck.id],
        "change": "joined",
        "at": datetime.now(UTC).isoformat(),
    }
    await pg_gateway.runtime.bus.publish(
        Event(type=CLASS_MEMBERSHIP_CHANGED, source="identity", payload=payload)
    )
    await drain_events(pg_gateway)
    await pg_tokens.teach_class(teacher, class_id)
    await answer(pg_client, good, item.id, answer_of(item))
    for _ in range(3):
        await answer(pg_client, stuck, item.id, wrong_answer_of(item))
    due = (datetime.now(UTC) + timedelta(days=7)).isoformat()
    assigned = await pg_client.post(
        f"/api/v1/teaching/classes/{class_id}/assignments",
        json={"title": "Homework", "target_kind": "items", "target_ids": [item.id], "due_at": due},
        headers={**teacher.headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert assigned.status_code == 201, assigned.text
    overview = await pg_client.get(
        f"/api/v1/teaching/classes/{class_id}/overview", headers=teacher.headers
    )
    assert overview.status_code == 200, overview.text
    body = overview.json()
    assert {s["student_id"] for s in body["students"]} == {good.id, stuck.id}
    assert {s["student_id"] for s in body["stuck"]} == {stuck.id}
    mine = await pg_client.get("/api/v1/students/me/assignments", headers=good.headers)
    assert mine.status_code == 200, mine.text
    assert mine.json()[0]["complete"] is True

    admin = pg_tokens.user("admin")
    analytics = await pg_client.get("/api/v1/admin/analytics/learning", headers=admin.headers)
    assert analytics.status_code == 200, analytics.text
    stats = analytics.json()
    assert stats["attempts"] == 4 and stats["active_students"] == 2
    [row] = [r for r in stats["items"] if r["id"] == item.id]
    assert row["solve_rate"] == 0.25


async def test_export_of_a_student_on_postgres(
    pg_gateway: Gateway, pg_client: httpx.AsyncClient, pg_tokens: Tokens
) -> None:
    ctx = _ctx(pg_gateway)
    item = numeric_items(curriculum_of(pg_gateway))[0]
    student, parent = pg_tokens.user("student"), pg_tokens.user("parent")
    await answer(pg_client, student, item.id, answer_of(item))
    await pg_tokens.relate(parent, student, "parent")
    note = await pg_client.post(
        f"/api/v1/students/{student.id}/feedback",
        json={"body": "Lovely work."},
        headers={**parent.headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert note.status_code == 201, note.text
    async with ctx.db.transaction() as session:
        data = await export.learning_part(session, student.id)
        written = await export.learning_part(session, parent.id)
    assert [a["item_id"] for a in data["attempts"]] == [item.id]
    assert data["attempts"][0]["answered_at"].endswith("+00:00")
    assert [n["body"] for n in data["feedback_about_me"]] == ["Lovely work."]
    assert [n["student_id"] for n in written["feedback_written"]] == [student.id]


async def test_parent_teacher_and_service_reads(
    pg_gateway: Gateway, pg_client: httpx.AsyncClient, pg_tokens: Tokens
) -> None:
    """The remaining read routes, each with data, so every query runs on PostgreSQL."""
    curriculum = curriculum_of(pg_gateway)
    item = numeric_items(curriculum)[0]
    student, parent, teacher = (
        pg_tokens.user("student"),
        pg_tokens.user("parent"),
        pg_tokens.user("teacher"),
    )
    await pg_gateway.runtime.bus.publish(
        Event(
            type="parent_link.changed",
            source="identity",
            payload={
                "parent_id": parent.id,
                "child_id": student.id,
                "change": "linked",
                "at": datetime.now(UTC).isoformat(),
            },
        )
    )
    await drain_events(pg_gateway)
    await pg_tokens.relate(parent, student, "parent")
    await pg_tokens.relate(teacher, student, "teacher")
    await answer(pg_client, student, item.id, wrong_answer_of(item))
    await answer(pg_client, student, item.id, answer_of(item))
    note = await pg_client.post(
        f"/api/v1/students/{student.id}/feedback",
        json={"body": "Check signs.", "skill_id": item.skills[0]},
        headers={**teacher.headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert note.status_code == 201, note.text

    notes = await pg_client.get(f"/api/v1/students/{student.id}/feedback", headers=parent.headers)
    assert [n["body"] for n in notes.json()] == ["Check signs."]
    mastery = await pg_client.get(f"/api/v1/students/{student.id}/mastery", headers=teacher.headers)
    assert {m["skill_id"] for m in mastery.json()} == set(item.skills)
    weekly = await pg_client.get(
        f"/api/v1/students/{student.id}/weekly-summary", headers=teacher.headers
    )
    assert weekly.status_code == 200, weekly.text
    children = await pg_client.get("/api/v1/learning/parents/me/children", headers=parent.headers)
    assert children.status_code == 200, children.text
    [child] = children.json()
    assert child["student_id"] == student.id and child["dashboard"]["attempts"] == 2
    pathways = await pg_client.get("/api/v1/pathways", headers=student.headers)
    assert pathways.status_code == 200 and len(pathways.json()) >= 5

    service = pg_tokens.service("tutor")
    context = await pg_client.get(
        f"/api/v1/learning/internal/students/{student.id}/context",
        params={"skills": item.skills[0]},
        headers=service.headers,
    )
    assert context.status_code == 200, context.text
    tutor_item = await pg_client.get(
        f"/api/v1/learning/internal/items/{item.id}", headers=service.headers
    )
    assert tutor_item.status_code == 200, tutor_item.text

"""Every time the platform answers with is RFC 3339 with its UTC offset.

SQLite hands datetimes back without a zone; a response or export that printed them as they
came would read as local time to a client in another zone. This walks the platform as its
users meet it (a student practising and talking to the tutor, a teacher with a class and an
assignment, a parent with a linked child, an admin) and checks every timestamp it is shown.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from mathpath.gateway.app import Gateway
from tests.fixtures.identity import create_user, link_parent, put_in_class
from tests.fixtures.platform import drain_events
from tests.learning.helpers import answer_of, curriculum_of, numeric_items

TUTOR_ITEM = "ks3-alg-011"
_LOOKS_LIKE_A_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _times(value: Any, path: str = "") -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in _times(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [t for i, v in enumerate(value) for t in _times(v, f"{path}[{i}]")]
    if isinstance(value, str) and _LOOKS_LIKE_A_TIME.match(value):
        return [(path, value)]
    return []


async def test_every_timestamp_in_responses_and_exports_has_an_offset(
    client: httpx.AsyncClient, gateway: Gateway
) -> None:
    student = await create_user(client, "student")
    teacher = await create_user(client, "teacher")
    parent = await create_user(client, "parent")
    admin = await create_user(client, "admin")
    class_id = await put_in_class(client, teacher, student)
    await link_parent(client, parent, student)
    item = numeric_items(curriculum_of(gateway))[0]
    hour_ago = (datetime.now(UTC) - timedelta(hours=1)).isoformat()

    seen: dict[str, Any] = {}

    async def call(method: str, url: str, who: Any, key: bool = False, **kwargs: Any) -> Any:
        headers = {**who.headers, "Idempotency-Key": str(uuid.uuid4())} if key else who.headers
        response = await client.request(method, url, headers=headers, **kwargs)
        assert response.status_code < 300, (url, response.status_code, response.text)
        seen[f"{method} {url}"] = response.json()
        return response.json()

    await call(
        "POST",
        "/api/v1/attempts",
        student,
        json={"item_id": item.id, "answer": answer_of(item)},
        key=True,
    )
    entry = {
        "client_id": "offline-0001",
        "item_id": item.id,
        "answer": "0",
        "answered_at": hour_ago,
    }
    await call("POST", "/api/v1/attempts/sync", student, json={"attempts": [entry]})
    due = (datetime.now(UTC) + timedelta(days=7)).isoformat()
    await call(
        "POST",
        f"/api/v1/teaching/classes/{class_id}/assignments",
        teacher,
        json={"title": "Homework", "target_kind": "items", "target_ids": [item.id], "due_at": due},
        key=True,
    )
    await call(
        "POST",
        f"/api/v1/students/{student.id}/feedback",
        parent,
        json={"body": "Well done this week"},
        key=True,
    )
    session = await call("POST", "/api/v1/tutor/sessions", student, json={"item_id": TUTOR_ITEM})
    await call(
        "POST",
        f"/api/v1/tutor/sessions/{session['id']}/messages",
        student,
        json={"text": "can I have a hint"},
    )
    await drain_events(gateway)

    s = student.id
    for url in (
        "/api/v1/me",
        "/api/v1/links",
        f"/api/v1/students/{s}/mastery",
        f"/api/v1/students/{s}/dashboard",
        f"/api/v1/students/{s}/reviews",
        f"/api/v1/students/{s}/assignments",
        f"/api/v1/students/{s}/feedback",
        f"/api/v1/students/{s}/next",
        f"/api/v1/tutor/sessions/{session['id']}",
        f"/api/v1/tutor/students/{s}/sessions",
        "/api/v1/billing/subscription",
        "/api/v1/billing/entitlements/me",
    ):
        await call("GET", url, student)
    for url in (
        "/api/v1/classes",
        f"/api/v1/classes/{class_id}",
        f"/api/v1/teaching/classes/{class_id}/overview",
        f"/api/v1/teaching/classes/{class_id}/assignments",
        f"/api/v1/students/{s}/dashboard",
    ):
        await call("GET", url, teacher)
    await call("GET", "/api/v1/learning/parents/me/children", parent)
    await call("GET", "/api/v1/admin/users", admin)
    await call("GET", f"/api/v1/admin/users/{s}", admin)
    await call("GET", "/api/v1/admin/audit", admin)

    export = await call("POST", "/api/v1/me/export", student)
    await drain_events(gateway)
    body = await call("GET", f"/api/v1/me/export/{export['id']}", student)
    assert body["status"] == "complete"

    found = [(where, t, value) for where, body in seen.items() for t, value in _times(body)]
    assert len(found) > 30  # the walk did reach timestamps in every service
    bad = [(where, t, value) for where, t, value in found if not _RFC3339.match(value)]
    assert bad == [], "\n".join(map(str, bad))

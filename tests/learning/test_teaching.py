"""Teachers' class views, parents' children, erasure and admin analytics through HTTP."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx

from mathpath.contracts.identity_events import (
    PARENT_LINK_CHANGED,
    USER_ERASED,
)
from mathpath.gateway.app import Gateway
from tests.fixtures.learning import Tokens, answer
from tests.learning.helpers import (
    answer_of,
    class_of,
    curriculum_of,
    numeric_items,
    publish,
    wrong_answer_of,
)


async def test_class_overview_shows_mastery_stuck_students_and_assignments(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    item = numeric_items(curriculum_of(gateway))[0]
    teacher, good, stuck = tokens.user("teacher"), tokens.user("student"), tokens.user("student")
    class_id = await class_of(gateway, tokens, teacher, good, stuck)
    await answer(client, good, item.id, answer_of(item))
    for _ in range(3):
        await answer(client, stuck, item.id, wrong_answer_of(item))
    overview = await client.get(
        f"/api/v1/teaching/classes/{class_id}/overview", headers=teacher.headers
    )
    assert overview.status_code == 200, overview.text
    body = overview.json()
    assert {s["student_id"] for s in body["students"]} == {good.id, stuck.id}
    assert [s["student_id"] for s in body["stuck"]] == [stuck.id] * len(item.skills)
    assert body["stuck"][0]["wrong_in_a_row"] == 3
    due = (datetime.now(UTC) + timedelta(days=7)).isoformat()
    created = await client.post(
        f"/api/v1/teaching/classes/{class_id}/assignments",
        json={"title": "Homework", "target_kind": "items", "target_ids": [item.id], "due_at": due},
        headers={**teacher.headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert created.status_code == 201, created.text
    mine = (await client.get("/api/v1/students/me/assignments", headers=good.headers)).json()
    assert mine[0]["complete"] is True and mine[0]["items_attempted"] == 1


async def test_another_teacher_cannot_see_the_class(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    teacher, other = tokens.user("teacher"), tokens.user("teacher")
    class_id = await class_of(gateway, tokens, teacher, tokens.user("student"))
    await tokens.gateway.runtime.cache.set(f"identity:crel:{class_id}:{other.id}", "none", 300)
    response = await client.get(
        f"/api/v1/teaching/classes/{class_id}/overview", headers=other.headers
    )
    assert response.status_code == 403


async def test_assignment_of_unknown_content_is_a_business_error(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    teacher = tokens.user("teacher")
    class_id = await class_of(gateway, tokens, teacher)
    response = await client.post(
        f"/api/v1/teaching/classes/{class_id}/assignments",
        json={
            "title": "x",
            "target_kind": "module",
            "target_ids": ["no-such-module"],
            "due_at": datetime.now(UTC).isoformat(),
        },
        headers={**teacher.headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert response.status_code == 422
    assert response.json()["type"].endswith("unknown-assignment-target")


async def test_parent_sees_linked_child_dashboard(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    item = numeric_items(curriculum_of(gateway))[0]
    parent, child = tokens.user("parent"), tokens.user("student")
    await publish(
        gateway,
        PARENT_LINK_CHANGED,
        {
            "parent_id": parent.id,
            "child_id": child.id,
            "change": "linked",
            "at": datetime.now(UTC).isoformat(),
        },
    )
    await tokens.relate(parent, child, "parent")
    await answer(client, child, item.id, answer_of(item))
    children = await client.get("/api/v1/learning/parents/me/children", headers=parent.headers)
    assert children.status_code == 200, children.text
    [only] = children.json()
    assert only["student_id"] == child.id and only["dashboard"]["attempts"] == 1


async def test_erased_student_leaves_no_learning_data(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    item = numeric_items(curriculum_of(gateway))[0]
    student = tokens.user("student")
    await answer(client, student, item.id, answer_of(item))
    payload = {"request_id": "req-1", "user_id": student.id, "expected_services": ["learning"]}
    await publish(gateway, USER_ERASED, payload)
    await publish(gateway, USER_ERASED, payload)  # re-dispatched: still fine
    board = (await client.get("/api/v1/students/me/dashboard", headers=student.headers)).json()
    assert board["attempts"] == 0 and board["skills"] == []


async def test_admin_analytics_counts_attempts_and_solve_rates(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    item = numeric_items(curriculum_of(gateway))[0]
    a, b = tokens.user("student"), tokens.user("student")
    await answer(client, a, item.id, answer_of(item))
    await answer(client, b, item.id, wrong_answer_of(item))
    admin = tokens.user("admin")
    response = await client.get("/api/v1/admin/analytics/learning", headers=admin.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["attempts"] == 2 and body["active_students"] == 2
    [row] = [r for r in body["items"] if r["id"] == item.id]
    assert row["solve_rate"] == 0.5
    student = await client.get("/api/v1/admin/analytics/learning", headers=a.headers)
    assert student.status_code == 403

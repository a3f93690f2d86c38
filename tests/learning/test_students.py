"""Pathways, the next activity, the dashboard, reviews and feedback notes through HTTP."""

from __future__ import annotations

import uuid

import httpx

from mathpath.gateway.app import Gateway
from mathpath.kit.events import Event
from tests.fixtures.learning import Tokens, answer
from tests.fixtures.platform import drain_events
from tests.learning.helpers import answer_of, curriculum_of, numeric_items


async def test_five_pathways_are_listed(client: httpx.AsyncClient, tokens: Tokens) -> None:
    pathways = (await client.get("/api/v1/pathways", headers=tokens.user("student").headers)).json()
    assert len(pathways) >= 5
    assert all(p["skills"] > 0 for p in pathways)


async def test_enrolling_twice_is_idempotent(client: httpx.AsyncClient, tokens: Tokens) -> None:
    student = tokens.user("student")
    url = "/api/v1/pathways/gcse-higher/enrolment"
    first = await client.post(url, headers=student.headers)
    again = await client.post(url, headers=student.headers)
    assert first.status_code == 201 and again.status_code == 200
    assert again.json() == ["gcse-higher"]
    listed = (await client.get("/api/v1/pathways", headers=student.headers)).json()
    assert [p["id"] for p in listed if p["enrolled"]] == ["gcse-higher"]


async def test_new_student_is_sent_to_a_lesson_with_no_prerequisites(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    student = tokens.user("student")
    await client.post("/api/v1/pathways/ks3-catch-up/enrolment", headers=student.headers)
    nxt = (await client.get("/api/v1/students/me/next", headers=student.headers)).json()
    curriculum = curriculum_of(gateway)
    assert nxt["activity"] in ("lesson", "practice")
    assert curriculum.skills[nxt["skill_id"]].prerequisites == []
    assert curriculum.skills[nxt["skill_id"]].level == "ks3"
    assert nxt["skill_name"] in nxt["reason"] and nxt["pathway_id"] == "ks3-catch-up"


async def test_next_moves_on_once_a_skill_is_mastered(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    curriculum = curriculum_of(gateway)
    student = tokens.user("student")
    await client.post("/api/v1/pathways/ks3-catch-up/enrolment", headers=student.headers)
    first = (await client.get("/api/v1/students/me/next", headers=student.headers)).json()
    skill = first["skill_id"]
    item = next(i for i in numeric_items(curriculum) if i.skills == [skill])
    for _ in range(12):
        await answer(client, student, item.id, answer_of(item))
    mastery = (
        await client.get(f"/api/v1/students/me/mastery?skills={skill}", headers=student.headers)
    ).json()
    assert mastery[0]["mastered"] is True
    after = (await client.get("/api/v1/students/me/next", headers=student.headers)).json()
    assert after["skill_id"] != skill
    reviews = (await client.get("/api/v1/students/me/reviews", headers=student.headers)).json()
    assert [r["skill_id"] for r in reviews] == [skill] and reviews[0]["overdue"] is False


async def test_next_is_for_the_student_only(client: httpx.AsyncClient, tokens: Tokens) -> None:
    student, teacher = tokens.user("student"), tokens.user("teacher")
    await tokens.relate(teacher, student, "teacher")
    response = await client.get(f"/api/v1/students/{student.id}/next", headers=teacher.headers)
    assert response.status_code == 403


async def test_dashboard_shows_activity_streak_and_time(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    item = numeric_items(curriculum_of(gateway))[0]
    student = tokens.user("student")
    await answer(client, student, item.id, answer_of(item), duration_ms=30_000)
    board = (await client.get("/api/v1/students/me/dashboard", headers=student.headers)).json()
    assert board["attempts"] == 1 and board["streak_days"] == 1
    assert board["time_spent_ms"] == 30_000 and board["time_spent_ms_7d"] == 30_000
    assert board["recent"][0]["item_id"] == item.id
    assert {m["module_id"] for m in board["modules"]} == {
        curriculum_of(gateway).item_module[item.id]
    }


async def test_teacher_sees_a_student_of_theirs_but_not_another(
    client: httpx.AsyncClient, tokens: Tokens
) -> None:
    student, other, teacher = tokens.user("student"), tokens.user("student"), tokens.user("teacher")
    await tokens.relate(teacher, student, "teacher")
    await tokens.relate(teacher, other, None)
    ok = await client.get(f"/api/v1/students/{student.id}/dashboard", headers=teacher.headers)
    refused = await client.get(f"/api/v1/students/{other.id}/dashboard", headers=teacher.headers)
    assert ok.status_code == 200 and refused.status_code == 403


async def test_feedback_note_is_stored_once_and_published(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    seen: dict[str, Event] = {}

    async def collect(event: Event) -> None:
        seen[event.id] = event

    gateway.runtime.bus.subscribe("test.feedback", ["feedback.submitted"], collect)
    student, parent = tokens.user("student"), tokens.user("parent")
    await tokens.relate(parent, student, "parent")
    headers = {**parent.headers, "Idempotency-Key": str(uuid.uuid4())}
    url = f"/api/v1/students/{student.id}/feedback"
    body = {"body": "She finds fractions hard; please go slowly."}
    first = await client.post(url, json=body, headers=headers)
    again = await client.post(url, json=body, headers=headers)
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    await drain_events(gateway)
    events = list(seen.values())
    assert len(events) == 1 and events[0].payload["author_role"] == "parent"
    notes = (await client.get(url, headers=student.headers)).json()
    assert [n["body"] for n in notes] == [body["body"]]


async def test_students_cannot_write_feedback_about_themselves(
    client: httpx.AsyncClient, tokens: Tokens
) -> None:
    student = tokens.user("student")
    response = await client.post(
        "/api/v1/students/me/feedback",
        json={"body": "I am great"},
        headers={**student.headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert response.status_code == 403


async def test_progress_of_many_students_answers_only_those_the_caller_may_see(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    item = numeric_items(curriculum_of(gateway))[0]
    ada, bo, other = tokens.user("student"), tokens.user("student"), tokens.user("student")
    teacher = tokens.user("teacher")
    await answer(client, ada, item.id, answer_of(item))
    await client.post("/api/v1/pathways/ks3-catch-up/enrolment", headers=bo.headers)
    for student, relation in ((ada, "teacher"), (bo, "teacher"), (other, None)):
        await tokens.relate(teacher, student, relation)
    params = [("student_id", s.id) for s in (ada, bo, other)]
    response = await client.get("/api/v1/students/progress", params=params, headers=teacher.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["denied"] == [other.id]
    got = {s["student_id"]: s for s in body["students"]}
    assert list(got) == [ada.id, bo.id]
    assert [s["skill_id"] for s in got[ada.id]["skills"]] == sorted(item.skills)
    assert got[bo.id]["skills"] == []
    enrolled = [p["pathway_id"] for p in got[bo.id]["pathways"] if p["enrolled"]]
    assert enrolled == ["ks3-catch-up"]
    assert any(p["started"] for p in got[ada.id]["pathways"])
    # The same as one student's own mastery route.
    single = await client.get(f"/api/v1/students/{ada.id}/mastery", headers=teacher.headers)
    assert single.json() == got[ada.id]["skills"]


async def test_a_student_asking_for_many_gets_only_herself(
    client: httpx.AsyncClient, tokens: Tokens
) -> None:
    ada, bo = tokens.user("student"), tokens.user("student")
    response = await client.get(
        "/api/v1/students/progress",
        params=[("student_id", "me"), ("student_id", bo.id)],
        headers=ada.headers,
    )
    assert response.status_code == 200, response.text
    assert [s["student_id"] for s in response.json()["students"]] == [ada.id]
    assert response.json()["denied"] == [bo.id]

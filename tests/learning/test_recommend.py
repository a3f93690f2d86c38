"""`/students/me/next` follows enrolment, level, assignments and mastery; assignment progress.

Issue 12 item 8: a GCSE Higher student who had mastered quadratics kept being sent to KS3
negative numbers, and a module assignment showed 0 attempted after 20 attempts on its items.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from mathpath.gateway.app import Gateway
from mathpath.learning.recommend import due_words
from tests.fixtures.learning import Actor, Tokens, answer
from tests.learning.helpers import class_of, curriculum_of

QUADRATIC = "gcse-quad-001"  # x^2 - 7x + 10 = 0, skill alg.solve-quadratic-factorising
QUADRATIC_ANSWER = "x = 2 or x = 5"
EXPAND_DOUBLE = "gcse-alg-001"  # expand (x + 6)(x - 2), skill alg.expand-double


async def _next(client: httpx.AsyncClient, student: Actor) -> dict[str, Any]:
    response = await client.get("/api/v1/students/me/next", headers=student.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def _enrol(client: httpx.AsyncClient, student: Actor, pathway: str) -> None:
    response = await client.post(f"/api/v1/pathways/{pathway}/enrolment", headers=student.headers)
    assert response.status_code in (200, 201), response.text


async def _assign(
    client: httpx.AsyncClient,
    teacher: Actor,
    class_id: str,
    title: str,
    kind: str,
    targets: list[str],
    due_in: timedelta,
) -> str:
    response = await client.post(
        f"/api/v1/teaching/classes/{class_id}/assignments",
        json={
            "title": title,
            "target_kind": kind,
            "target_ids": targets,
            "due_at": (datetime.now(UTC) + due_in).isoformat(),
        },
        headers={**teacher.headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert response.status_code == 201, response.text
    assignment_id: str = response.json()["id"]
    return assignment_id


async def test_gcse_higher_student_who_mastered_quadratics_is_not_sent_back_to_ks3(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    curriculum = curriculum_of(gateway)
    student = tokens.user("student")
    await _enrol(client, student, "gcse-higher")
    for _ in range(12):
        done = await answer(client, student, QUADRATIC, QUADRATIC_ANSWER)
        assert done.status_code == 201, done.text
    mastery = await client.get(
        "/api/v1/students/me/mastery?skills=alg.solve-quadratic-factorising",
        headers=student.headers,
    )
    assert mastery.json()[0]["mastered"] is True
    nxt = await _next(client, student)
    assert nxt["skill_id"] != "num.negative-numbers", nxt
    assert curriculum.skills[nxt["skill_id"]].level == "gcse-higher", nxt
    assert nxt["pathway_id"] == "gcse-higher" and nxt["source"] == "pathway"
    assert "GCSE Higher" in nxt["reason"] and nxt["skill_name"] in nxt["reason"]
    # What solving by factorising builds on is shown by mastering it: not offered again.
    assert nxt["skill_id"] not in ("alg.factorise-quadratic", "alg.expand-double")


async def test_new_gcse_higher_student_starts_at_their_level_not_at_ks3(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    curriculum = curriculum_of(gateway)
    student = tokens.user("student")
    await _enrol(client, student, "gcse-higher")
    nxt = await _next(client, student)
    assert curriculum.skills[nxt["skill_id"]].level == "gcse-higher", nxt
    # A KS3 catch-up student still starts at KS3.
    other = tokens.user("student")
    await _enrol(client, other, "ks3-catch-up")
    assert curriculum.skills[(await _next(client, other))["skill_id"]].level == "ks3"


async def test_failing_a_skill_sends_the_student_back_to_its_prerequisite_and_says_why(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    curriculum = curriculum_of(gateway)
    student = tokens.user("student")
    await _enrol(client, student, "gcse-higher")
    for _ in range(4):
        wrong = await answer(client, student, EXPAND_DOUBLE, "x^2 + 1")
        assert wrong.json()["status"] == "incorrect", wrong.text
    nxt = await _next(client, student)
    assert nxt["source"] == "prerequisite", nxt
    assert nxt["skill_id"] in curriculum.skills["alg.expand-double"].prerequisites
    assert nxt["prerequisite_of"] == "alg.expand-double"
    assert curriculum.skills["alg.expand-double"].name in nxt["reason"]
    assert nxt["reason"].startswith("Review") and "0 of 4" in nxt["reason"]


async def test_assigned_work_comes_first_soonest_due_first(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    curriculum = curriculum_of(gateway)
    teacher, student = tokens.user("teacher"), tokens.user("student")
    await _enrol(client, student, "gcse-higher")
    class_id = await class_of(gateway, tokens, teacher, student)
    trig = await _assign(
        client, teacher, class_id, "Trig homework", "module", ["gcse-trigonometry"], timedelta(5)
    )
    probability = await _assign(
        client, teacher, class_id, "Probability", "module", ["gcse-probability"], timedelta(2)
    )
    quick = await _assign(
        client, teacher, class_id, "One question", "items", [QUADRATIC], timedelta(hours=20)
    )
    first = await _next(client, student)
    assert (first["source"], first["assignment_id"]) == ("assignment", quick), first
    assert first["item_id"] == QUADRATIC and "One question" in first["reason"]
    assert "due" in first["reason"] and first["due_at"] is not None
    await answer(client, student, QUADRATIC, QUADRATIC_ANSWER)
    second = await _next(client, student)
    assert second["assignment_id"] == probability, second
    assert second["skill_id"] in curriculum.modules["gcse-probability"].skills
    assert "Probability" in second["reason"] and "set by your teacher" in second["reason"]
    listed = await client.get("/api/v1/students/me/assignments", headers=student.headers)
    assert [a["assignment"]["id"] for a in listed.json() if not a["complete"]] == [
        probability,
        trig,
    ]


async def test_attempts_on_an_item_of_an_assigned_module_count_as_progress(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    curriculum = curriculum_of(gateway)
    teacher, student = tokens.user("teacher"), tokens.user("student")
    class_id = await class_of(gateway, tokens, teacher, student)
    assignment = await _assign(
        client, teacher, class_id, "Quadratics", "module", ["gcse-quadratics"], timedelta(7)
    )
    for n in range(20):
        text = "x = 1" if n < 5 else QUADRATIC_ANSWER
        done = await answer(client, student, QUADRATIC, text)
        assert done.status_code == 201, done.text
    module_items = [i for i, m in curriculum.item_module.items() if m == "gcse-quadratics"]
    expected = {
        "attempts": 20,
        "correct": 15,
        "items_attempted": 1,
        "items_total": len(module_items),
        "skills_mastered": 1,
        "skills_total": len(curriculum.modules["gcse-quadratics"].skills),
        "complete": False,
    }
    await tokens.relate(teacher, student, "teacher")
    for viewer, path in ((student, "me"), (teacher, student.id)):
        response = await client.get(f"/api/v1/students/{path}/assignments", headers=viewer.headers)
        assert response.status_code == 200, response.text
        [progress] = response.json()
        assert progress["assignment"]["id"] == assignment
        assert {k: progress[k] for k in expected} == expected
    by_class = await client.get(
        f"/api/v1/teaching/classes/{class_id}/assignments/{assignment}/progress",
        headers=teacher.headers,
    )
    assert by_class.status_code == 200, by_class.text
    [row] = by_class.json()["students"]
    assert row["student_id"] == student.id
    assert {k: row[k] for k in expected} == expected


async def test_attempts_on_items_of_assigned_skills_count_as_progress(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    teacher, student = tokens.user("teacher"), tokens.user("student")
    class_id = await class_of(gateway, tokens, teacher, student)
    await _assign(
        client,
        teacher,
        class_id,
        "Factorising",
        "skills",
        ["alg.solve-quadratic-factorising"],
        timedelta(7),
    )
    for _ in range(3):
        await answer(client, student, QUADRATIC, QUADRATIC_ANSWER)
    [progress] = (
        await client.get("/api/v1/students/me/assignments", headers=student.headers)
    ).json()
    assert (progress["attempts"], progress["correct"], progress["items_attempted"]) == (3, 3, 1)
    assert progress["items_total"] == len(
        curriculum_of(gateway).items_by_skill["alg.solve-quadratic-factorising"]
    )


def test_due_dates_are_read_in_words_in_uk_time() -> None:
    now = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)  # a Monday
    assert due_words(now, now) == "due today"
    assert due_words(now + timedelta(days=1), now) == "due tomorrow"
    assert due_words(now + timedelta(days=4), now) == "due Friday"
    assert due_words(now + timedelta(days=10), now) == "due Thursday 19 March"
    assert due_words(now - timedelta(days=1), now) == "overdue (was due yesterday)"
    assert due_words(now - timedelta(days=3), now) == "overdue (was due Friday 6 March)"
    # 23:30 UTC on 1 July is already 2 July in London (BST).
    summer = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert due_words(datetime(2026, 7, 1, 23, 30, tzinfo=UTC), summer) == "due tomorrow"

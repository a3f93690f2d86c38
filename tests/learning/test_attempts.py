"""Practice through HTTP: verdicts, idempotency, mastery, answers hidden from students."""

from __future__ import annotations

import httpx
from sqlalchemy import event

from mathpath.gateway.app import Gateway
from mathpath.kit.events import Event
from mathpath.learning import catalog
from mathpath.learning.content.schema import StaticItem, TemplateItem
from mathpath.learning.curriculum import Curriculum
from tests.fixtures.learning import Tokens, answer
from tests.fixtures.platform import drain_events


def _curriculum(gateway: Gateway) -> Curriculum:
    return catalog.current(gateway.local_apps["learning"].state.ctx)


def _numeric_item(curriculum: Curriculum) -> StaticItem:
    for item in curriculum.items.values():
        if isinstance(item, StaticItem) and item.answer and item.answer.kind == "numeric":
            if item.answer.units is None and item.answer.form == "any":
                return item
    raise AssertionError("the bundled pack has no plain numeric item")


async def test_correct_answer_is_correct_and_raises_mastery(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    item = _numeric_item(_curriculum(gateway))
    assert item.answer is not None
    student = tokens.user("student")
    response = await answer(client, student, item.id, item.answer.value)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "correct" and body["correct"] is True
    assert {m["skill_id"] for m in body["mastery"]} == set(item.skills)
    assert all(m["p_known"] > m["previous"] for m in body["mastery"])


async def test_wrong_answer_lowers_mastery_estimate(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    item = _numeric_item(_curriculum(gateway))
    assert item.answer is not None
    student = tokens.user("student")
    wrong = str(int(float(item.answer.value)) + 1000)
    body = (await answer(client, student, item.id, wrong)).json()
    assert body["status"] == "incorrect"
    # One wrong answer: the posterior drops below the prior before the learning transition.
    for m in body["mastery"]:
        assert m["p_known"] < 0.5


async def test_same_idempotency_key_records_once_and_replays_result(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    item = _numeric_item(_curriculum(gateway))
    assert item.answer is not None
    student = tokens.user("student")
    first = await answer(client, student, item.id, item.answer.value, key="retry-key-0001")
    again = await answer(client, student, item.id, item.answer.value, key="retry-key-0001")
    assert first.status_code == 201 and again.status_code == 200
    assert again.json() == first.json()
    mastery = await client.get("/api/v1/students/me/mastery", headers=student.headers)
    assert [m["attempts"] for m in mastery.json()] == [1] * len(item.skills)


async def test_reused_key_with_another_answer_is_conflict(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    item = _numeric_item(_curriculum(gateway))
    student = tokens.user("student")
    await answer(client, student, item.id, "1", key="retry-key-0002")
    response = await answer(client, student, item.id, "2", key="retry-key-0002")
    assert response.status_code == 409
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_attempt_without_idempotency_key_is_refused(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    item = _numeric_item(_curriculum(gateway))
    student = tokens.user("student")
    response = await client.post(
        "/api/v1/attempts", json={"item_id": item.id, "answer": "1"}, headers=student.headers
    )
    assert response.status_code == 422
    assert response.json()["type"].endswith("idempotency-key-required")


async def test_unknown_item_is_not_found(client: httpx.AsyncClient, tokens: Tokens) -> None:
    response = await answer(client, tokens.user("student"), "no-such-item", "1")
    assert response.status_code == 404


async def test_teacher_cannot_submit_attempts(client: httpx.AsyncClient, tokens: Tokens) -> None:
    response = await answer(client, tokens.user("teacher"), "anything", "1")
    assert response.status_code == 403


async def test_unauthenticated_attempt_is_401(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/attempts", json={"item_id": "x", "answer": "1"})
    assert response.status_code == 401


async def test_template_item_checks_against_its_seeded_instance(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    curriculum = _curriculum(gateway)
    template = next(i for i in curriculum.items.values() if isinstance(i, TemplateItem))
    student = tokens.user("student")
    shown = (await client.get(f"/api/v1/items/{template.id}", headers=student.headers)).json()
    assert shown["parametric"] is True and shown["seed"] is not None
    service = tokens.service()
    full = await client.get(
        f"/api/v1/learning/internal/items/{template.id}",
        params={"seed": shown["seed"]},
        headers=service.headers,
    )
    assert full.status_code == 200
    tutor_view = full.json()
    assert tutor_view["stem"] == shown["stem"]
    if tutor_view["answer"] is None:
        part = tutor_view["parts"][0]
        fields = {"seed": shown["seed"], "part": part["label"]}
        value = part["answer"]["value"]
    else:
        fields = {"seed": shown["seed"]}
        value = tutor_view["answer"]["value"]
    response = await answer(client, student, template.id, value, **fields)
    assert response.json()["status"] == "correct", response.text


async def test_template_attempt_without_seed_is_a_business_error(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    curriculum = _curriculum(gateway)
    template = next(i for i in curriculum.items.values() if isinstance(i, TemplateItem))
    response = await answer(client, tokens.user("student"), template.id, "1")
    assert response.status_code == 422
    assert response.json()["type"].endswith("seed-required")


async def test_student_item_view_never_contains_the_answer_or_hints(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    item = _numeric_item(_curriculum(gateway))
    shown = (
        await client.get(f"/api/v1/items/{item.id}", headers=tokens.user("student").headers)
    ).json()
    assert not {"answer", "solution", "hints"} & set(shown)
    assert item.hints[0] not in str(shown)


async def test_tutor_item_route_refuses_students(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    item = _numeric_item(_curriculum(gateway))
    response = await client.get(
        f"/api/v1/learning/internal/items/{item.id}", headers=tokens.user("student").headers
    )
    assert response.status_code == 403


async def test_attempt_publishes_attempt_recorded_and_mastery_updated(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    seen: dict[str, str] = {}

    async def collect(event: Event) -> None:
        seen[event.id] = event.type  # delivery is at least once: count distinct events

    gateway.runtime.bus.subscribe("test.learning", ["attempt.recorded", "mastery.updated"], collect)
    item = _numeric_item(_curriculum(gateway))
    assert item.answer is not None
    await answer(client, tokens.user("student"), item.id, item.answer.value)
    await drain_events(gateway)
    assert sorted(seen.values()) == ["attempt.recorded", "mastery.updated"]


async def test_an_attempt_runs_few_sql_statements(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    """The attempt path's statement budget (benchmarks/learning_attempt_cost measures it):
    lock-and-read the ability (one upsert), parameters, mastery with review cards (one
    join), the attempt with its result (one insert), the model's writes (one flush), and the
    two events. The outbox relay runs in the background and is not counted."""
    item = _numeric_item(_curriculum(gateway))
    assert item.answer is not None
    student = tokens.user("student")
    engine = gateway.local_apps["learning"].state.ctx.db.engine.sync_engine
    statements: list[str] = []

    def count(_conn: object, _cursor: object, sql: str, *_rest: object) -> None:
        if not (sql.lstrip().upper().startswith(("UPDATE", "SELECT")) and "outbox" in sql):
            statements.append(sql)

    await answer(client, student, item.id, item.answer.value)  # the student's rows now exist
    event.listen(engine, "before_cursor_execute", count)
    try:
        response = await answer(client, student, item.id, "123456")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 201, response.text
    assert len(statements) <= 8, "\n".join(statements)
    assert sum("INSERT INTO attempts" in s for s in statements) == 1
    assert not any(s.lstrip().upper().startswith("UPDATE attempts".upper()) for s in statements)


async def test_a_misconception_is_named_on_a_curriculum_item(
    client: httpx.AsyncClient, tokens: Tokens
) -> None:
    # Solve x^2 - 7x + 10 = 0: the brackets' signs carried into the roots.
    body = (
        await answer(client, tokens.user("student"), "gcse-quad-001", "x = -2 or x = -5")
    ).json()
    assert (body["status"], body["misconception"]) == ("incorrect", "zero-product-sign")
    assert "signs swap" in body["feedback"]


async def test_correct_working_sent_as_the_answer_is_told_so_with_the_next_step(
    client: httpx.AsyncClient, tokens: Tokens
) -> None:
    body = (await answer(client, tokens.user("student"), "gcse-quad-001", "(x-2)(x-5) = 0")).json()
    assert (body["status"], body["reason"]) == ("incorrect", "working_not_final")
    assert "correct working" in body["feedback"] and "bracket" in body["feedback"]
    assert "not right" not in body["feedback"]


async def test_one_of_two_solutions_is_partial_and_an_amount_in_words_is_an_answer(
    client: httpx.AsyncClient, tokens: Tokens
) -> None:
    student = tokens.user("student")
    partial = (await answer(client, student, "gcse-quad-001", "x = 5")).json()
    assert (partial["status"], partial["reason"]) == ("incorrect", "partial:1/2")
    assert "one more" in partial["feedback"]
    # A lamp costs £42 after a 30% reduction: the price before was £60.
    for words in ("£60", "60 pounds", "sixty"):
        assert (await answer(client, student, "gcse-prop-001", words)).json()["correct"], words


# About 600 levels of LaTeX groups in 1,801 characters (under the 2,000 the API accepts):
# enough to exhaust Python's recursion limit in a translator that does not bound its depth.
DEEP_LATEX = "x" + "^{" * 600 + "x" + "}" * 600


async def test_answer_nested_too_deeply_is_refused_with_a_problem(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    item = _numeric_item(_curriculum(gateway))
    student = tokens.user("student")
    for text in (DEEP_LATEX, "\\sqrt{" * 280 + "x" + "}" * 280, "(" * 60 + "1" + ")" * 60):
        response = await answer(client, student, item.id, text)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["type"].endswith("/answer-too-deep")
        assert "too many" in response.json()["detail"]
    mastery = await client.get("/api/v1/students/me/mastery", headers=student.headers)
    assert mastery.json() == []  # nothing was recorded

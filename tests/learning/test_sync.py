"""Offline sync: idempotent by client id, order-independent mastery, per-attempt results."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from mathpath.gateway.app import Gateway
from tests.fixtures.learning import Actor, Tokens
from tests.learning.helpers import answer_of, curriculum_of, numeric_items, wrong_answer_of


def _batch(item_id: str, answers: list[str], start: datetime) -> list[dict[str, object]]:
    return [
        {
            "client_id": f"client-{n:04d}",
            "item_id": item_id,
            "answer": text,
            "answered_at": (start + timedelta(minutes=n)).isoformat(),
        }
        for n, text in enumerate(answers)
    ]


async def _sync(client: httpx.AsyncClient, who: Actor, batch: list[dict[str, object]]) -> dict:
    response = await client.post(
        "/api/v1/attempts/sync", json={"attempts": batch}, headers=who.headers
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_resent_batch_reports_duplicates_and_records_nothing_more(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    item = numeric_items(curriculum_of(gateway))[0]
    student = tokens.user("student")
    batch = _batch(
        item.id, [answer_of(item), wrong_answer_of(item)], datetime.now(UTC) - timedelta(hours=1)
    )
    first = await _sync(client, student, batch)
    again = await _sync(client, student, batch)
    assert [r["outcome"] for r in first["results"]] == ["recorded", "recorded"]
    assert [r["outcome"] for r in again["results"]] == ["duplicate", "duplicate"]
    mastery = (await client.get("/api/v1/students/me/mastery", headers=student.headers)).json()
    assert all(m["attempts"] == 2 for m in mastery)


async def test_mastery_does_not_depend_on_upload_order(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    item = numeric_items(curriculum_of(gateway))[0]
    right, wrong = answer_of(item), wrong_answer_of(item)
    batch = _batch(
        item.id, [wrong, wrong, right, right, wrong, right], datetime.now(UTC) - timedelta(hours=1)
    )
    in_order, shuffled = tokens.user("student"), tokens.user("student")
    a = await _sync(client, in_order, batch)
    b_late = await _sync(client, shuffled, batch[3:])
    b = await _sync(client, shuffled, batch[:3])
    verdicts_a = [r["attempt"]["status"] for r in a["results"]]
    verdicts_b = [r["attempt"]["status"] for r in b["results"] + b_late["results"]]
    assert sorted(verdicts_a) == sorted(verdicts_b), (verdicts_a, verdicts_b)
    assert [m["p_known"] for m in a["mastery"]] == [m["p_known"] for m in b["mastery"]]


async def test_one_bad_attempt_does_not_reject_the_batch(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    item = numeric_items(curriculum_of(gateway))[0]
    batch = _batch(item.id, [answer_of(item)], datetime.now(UTC) - timedelta(hours=1))
    batch.append({**batch[0], "client_id": "client-bad-1", "item_id": "no-such-item"})
    result = await _sync(client, tokens.user("student"), batch)
    assert [r["outcome"] for r in result["results"]] == ["recorded", "rejected"]
    assert "no-such-item" in result["results"][1]["error"]

"""Offline sync: idempotent by client id, order-independent mastery, per-attempt results."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select

from mathpath.gateway.app import Gateway
from mathpath.learning import attempts
from mathpath.learning.content.schema import StaticItem
from mathpath.learning.models import Ability, Mastery, ReviewCard
from mathpath.learning.timeutil import aware
from tests.fixtures.learning import Actor, Tokens, answer
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


# --- the whole model (mastery, ability, review cards) after syncs equals online answering ---

DAY = timedelta(days=1)
# (item index, correct, hints used, tutor help): one skill mastered early, then reviewed.
SCRIPT = [
    (0, True, 0, False), (0, True, 0, False), (1, False, 0, False), (0, True, 0, False),
    (1, True, 1, False), (1, True, 0, True), (0, True, 0, False), (1, True, 0, False),
    (0, False, 0, False), (1, True, 0, False), (0, True, 2, False), (1, True, 0, False),
    (0, True, 0, False), (1, False, 0, False),
]  # fmt: skip


def _two_items(gateway: Gateway) -> list[StaticItem]:
    items = numeric_items(curriculum_of(gateway))
    first = items[0]
    second = next(i for i in items if set(i.skills).isdisjoint(first.skills))
    return [first, second]


def _entries(items: list[StaticItem]) -> list[dict[str, object]]:
    start = datetime.now(UTC) - timedelta(hours=1) - DAY * (len(SCRIPT) - 1)
    out = []
    for n, (index, right, hints, tutor) in enumerate(SCRIPT):
        item = items[index]
        out.append(
            {
                "client_id": f"model-{n:04d}",
                "item_id": item.id,
                "answer": answer_of(item) if right else wrong_answer_of(item),
                "hints_used": hints,
                "tutor_help": tutor,
                "answered_at": (start + DAY * n).isoformat(),
            }
        )
    return out


async def _model(gateway: Gateway, student_id: str) -> dict[str, object]:
    """Everything the student's model stores, exactly (no rounding)."""
    ctx = gateway.local_apps["learning"].state.ctx
    async with ctx.db.transaction() as session:
        mastery = await session.scalars(select(Mastery).where(Mastery.student_id == student_id))
        ability = await session.get(Ability, student_id)
        cards = await session.scalars(select(ReviewCard).where(ReviewCard.student_id == student_id))
        return {
            "mastery": {
                m.skill_id: (
                    m.p_known,
                    m.attempts,
                    m.correct,
                    m.mastered_at and aware(m.mastered_at),
                    m.last_attempt_at and aware(m.last_attempt_at),
                )
                for m in mastery
            },
            "ability": None if ability is None else (ability.ability, ability.answers),
            "cards": {c.skill_id: (aware(c.due), c.card) for c in cards},
        }


class _Clock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.at: datetime | None = None
        monkeypatch.setattr(attempts, "utcnow", lambda: self.at or datetime.now(UTC))


async def _online(
    client: httpx.AsyncClient, who: Actor, clock: _Clock, entries: list[dict[str, object]]
) -> None:
    for entry in entries:
        clock.at = datetime.fromisoformat(str(entry["answered_at"]))
        body = {k: v for k, v in entry.items() if k not in ("client_id", "answered_at")}
        response = await answer(
            client, who, str(body.pop("item_id")), str(body.pop("answer")), **body
        )
        assert response.status_code == 201, response.text
    clock.at = None


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> _Clock:
    return _Clock(monkeypatch)


async def test_sync_in_any_order_and_split_gives_the_online_model(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens, clock: _Clock
) -> None:
    entries = _entries(_two_items(gateway))
    online = tokens.user("student")
    await _online(client, online, clock, entries)
    expected = await _model(gateway, online.id)
    assert expected["cards"] and expected["ability"] is not None, expected
    # A card was reviewed after the answer that created it (its id is that answer's time).
    reviewed = [
        card
        for _due, card in expected["cards"].values()
        if datetime.fromisoformat(card["last_review"]).timestamp() * 1000 > card["card_id"]
    ]
    assert reviewed, expected["cards"]

    rng = random.Random(20261125)
    for trial in range(3):
        shuffled = entries[:]
        rng.shuffle(shuffled)
        cuts = sorted(rng.sample(range(1, len(shuffled)), trial))
        student = tokens.user("student")
        for start, end in zip([0, *cuts], [*cuts, len(shuffled)], strict=True):
            await _sync(client, student, shuffled[start:end])
        assert await _model(gateway, student.id) == expected, f"trial {trial}, cuts {cuts}"


async def test_replaying_a_synced_batch_changes_nothing(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    entries = _entries(_two_items(gateway))
    student = tokens.user("student")
    await _sync(client, student, entries)
    before = await _model(gateway, student.id)
    again = await _sync(client, student, list(reversed(entries)))
    assert {r["outcome"] for r in again["results"]} == {"duplicate"}
    assert again["mastery"] == []
    assert await _model(gateway, student.id) == before


async def test_offline_answers_older_than_applied_ones_are_folded_in_answer_order(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens, clock: _Clock
) -> None:
    """The rule: the model is the fold of the student's answers in answer-time order, so an
    upload of older answers rebuilds it from the whole history, not from where it stood."""
    entries = _entries(_two_items(gateway))
    reference = tokens.user("student")
    await _online(client, reference, clock, entries)
    late = tokens.user("student")
    await _online(client, late, clock, entries[7:])
    applied = await _model(gateway, late.id)
    result = await _sync(client, late, entries[:7])
    assert [r["outcome"] for r in result["results"]] == ["recorded"] * 7
    rebuilt = await _model(gateway, late.id)
    assert rebuilt != applied
    assert rebuilt == await _model(gateway, reference.id)


async def test_an_answer_nested_too_deeply_is_rejected_and_the_rest_recorded(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    item = numeric_items(curriculum_of(gateway))[0]
    deep = "x" + "^{" * 600 + "x" + "}" * 600  # under the 2,000-character limit
    batch = _batch(
        item.id,
        [answer_of(item), deep, wrong_answer_of(item)],
        datetime.now(UTC) - timedelta(hours=1),
    )
    student = tokens.user("student")
    results = (await _sync(client, student, batch))["results"]
    assert [r["outcome"] for r in results] == ["recorded", "rejected", "recorded"]
    assert "too many" in results[1]["error"]
    mastery = (await client.get("/api/v1/students/me/mastery", headers=student.headers)).json()
    assert mastery and all(m["attempts"] == 2 for m in mastery)

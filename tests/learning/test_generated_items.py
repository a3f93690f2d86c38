"""Items drawn by maths-engine generators (`generator:` in the pack), practised through HTTP."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from mathpath.gateway.app import Gateway
from mathpath.learning import practice, recommend
from mathpath.learning.content.schema import GeneratorItem, StaticItem
from mathpath.learning.curriculum import Curriculum
from mathpath.learning.recommend import StudentState
from mathpath.maths.generators import REGISTRY
from tests.fixtures.identity import create_user
from tests.fixtures.learning import Actor, Tokens, answer
from tests.learning.helpers import curriculum_of

GENERATORS = [
    "linear.one_step",
    "expand.double_bracket",
    "linear.inequality",
    "integrate.power",
    "differentiate.chain",
    "quadratic.formula",
]


def _item(curriculum: Curriculum, generator: str) -> GeneratorItem:
    for item in curriculum.items.values():
        if isinstance(item, GeneratorItem) and item.generator == generator:
            return item
    raise AssertionError(f"the bundled pack has no item from generator {generator}")


def _drawn(item: GeneratorItem, seed: int) -> dict[str, Any]:
    return REGISTRY[item.generator].generate(seed, item.params or None).params


async def _shown(client: httpx.AsyncClient, who: Actor, item_id: str, **params: object) -> dict:
    response = await client.get(f"/api/v1/items/{item_id}", params=params, headers=who.headers)
    assert response.status_code == 200, response.text
    return response.json()


async def _tutor_view(client: httpx.AsyncClient, tokens: Tokens, item_id: str, seed: int) -> dict:
    response = await client.get(
        f"/api/v1/learning/internal/items/{item_id}",
        params={"seed": seed},
        headers=tokens.service().headers,
    )
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("generator", GENERATORS)
async def test_generated_item_shows_the_question_for_its_seed_and_marks_the_right_answer(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens, generator: str
) -> None:
    item = _item(curriculum_of(gateway), generator)
    student = tokens.user("student")
    seed = 12345
    shown = await _shown(client, student, item.id, seed=seed)
    assert (shown["parametric"], shown["seed"]) == (True, seed)
    assert shown["stem"] == REGISTRY[generator].generate(seed, item.params or None).stem
    assert not {"answer", "solution", "hints"} & set(shown)
    full = await _tutor_view(client, tokens, item.id, seed)
    assert full["stem"] == shown["stem"] and full["seed"] == seed
    assert full["answer"]["value"] not in str(shown)
    assert shown["hint_count"] == len(full["hints"]) >= 3

    response = await answer(client, student, item.id, full["answer"]["value"], seed=seed)
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["status"], body["seed"]) == ("correct", seed), body
    assert {m["skill_id"] for m in body["mastery"]} == set(item.skills)
    assert all(m["p_known"] > m["previous"] for m in body["mastery"])


async def test_same_seed_gives_the_same_question_and_a_fresh_view_gets_a_seed(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    item = _item(curriculum_of(gateway), "factorise.quadratic")
    student = tokens.user("student")
    fresh = await _shown(client, student, item.id)
    assert fresh["seed"] is not None
    again = await _shown(client, student, item.id, seed=fresh["seed"])
    assert again["stem"] == fresh["stem"]
    stems = {(await _shown(client, student, item.id, seed=s))["stem"] for s in range(1, 6)}
    assert len(stems) > 1  # the seed really chooses the question


def _inequality_seed(item: GeneratorItem) -> int:
    """A seed whose inequality has a negative coefficient (the sign must flip)."""
    return next(s for s in range(100) if _drawn(item, s)["a"] < 0)


def _wrong(generator: str, item: GeneratorItem, seed: int, right: str) -> tuple[str, str]:
    p = _drawn(item, seed)
    if generator == "expand.double_bracket":
        return f"x^2 + {p['a'] * p['b']}", "missing-middle-terms"
    if generator == "linear.one_step":
        return f"x = {p['a'] * p['r'] - p['a']}", "subtract-coefficient"
    if generator == "linear.inequality":
        flipped = right.replace(">", "#").replace("<", ">").replace("#", "<")
        return flipped, "inequality-not-flipped"
    if generator == "integrate.power":
        return right.replace("C + ", "").replace("C - ", "-"), "missing-constant-of-integration"
    raise AssertionError(generator)


@pytest.mark.parametrize(
    "generator",
    ["expand.double_bracket", "linear.one_step", "linear.inequality", "integrate.power"],
)
async def test_wrong_answer_on_a_generated_item_names_the_misconception(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens, generator: str
) -> None:
    item = _item(curriculum_of(gateway), generator)
    seed = _inequality_seed(item) if generator == "linear.inequality" else 7
    right = (await _tutor_view(client, tokens, item.id, seed))["answer"]["value"]
    wrong, expected = _wrong(generator, item, seed, right)
    student = tokens.user("student")
    response = await answer(client, student, item.id, wrong, seed=seed)
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["status"], body["misconception"]) == ("incorrect", expected), body
    assert body["feedback"]
    assert all(m["p_known"] < m["previous"] for m in body["mastery"])


async def test_generated_attempt_without_seed_is_a_clear_problem(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    item = _item(curriculum_of(gateway), "linear.two_step")
    response = await answer(client, tokens.user("student"), item.id, "x = 1")
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["type"].endswith("seed-required") and item.id in problem["detail"]


async def test_offline_sync_accepts_generated_attempts(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    item = _item(curriculum_of(gateway), "expand.single_bracket")
    right = (await _tutor_view(client, tokens, item.id, 99))["answer"]["value"]
    at = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    entries = [
        {"client_id": "gen-sync-0001", "item_id": item.id, "seed": 99, "answer": right},
        {"client_id": "gen-sync-0002", "item_id": item.id, "seed": 99, "answer": "x"},
        {"client_id": "gen-sync-0003", "item_id": item.id, "answer": right},
    ]
    student = tokens.user("student")
    response = await client.post(
        "/api/v1/attempts/sync",
        json={"attempts": [{**e, "answered_at": at} for e in entries]},
        headers=student.headers,
    )
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["outcome"] for r in results] == ["recorded", "recorded", "rejected"]
    assert [r["attempt"]["status"] for r in results[:2]] == ["correct", "incorrect"]
    assert "seed" in results[2]["error"]


def test_recommender_may_pick_a_generated_item_with_a_seed(gateway: Gateway) -> None:
    curriculum = curriculum_of(gateway)
    item = _item(curriculum, "linear.one_step")
    skill = item.skills[0]
    others = {i for i in curriculum.items_by_skill[skill] if i != item.id}
    state = StudentState(
        mastery={}, params={}, ability=0.0, due=[], recent_items=others, pathways=[]
    )
    picked, success = recommend.pick_item(curriculum, state, skill, exam_focus=False)
    assert picked is not None and success is not None
    assert isinstance(curriculum.items[picked], GeneratorItem)
    seed = recommend.seed_for(curriculum, picked)
    assert seed is not None and 0 <= seed < 2**31
    static = next(i for i in others if isinstance(curriculum.items[i], StaticItem))
    assert recommend.seed_for(curriculum, static) is None


async def test_next_activity_gives_a_seed_for_a_parametric_item(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    student = tokens.user("student")
    response = await client.get("/api/v1/students/me/next", headers=student.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    curriculum = curriculum_of(gateway)
    assert body["item_id"] is not None, body
    parametric = practice.is_parametric(curriculum.items[body["item_id"]])
    assert (body["seed"] is not None) == parametric, body


async def test_tutor_starts_a_session_on_a_generated_item_with_its_seed(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    item = _item(curriculum_of(gateway), "linear.two_step")
    student = await create_user(client, "student")
    shown = await _shown(client, Actor(student.id, student.token), item.id, seed=4242)
    started = await client.post(
        "/api/v1/tutor/sessions",
        json={"item_id": item.id, "seed": 4242},
        headers={**student.headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert started.status_code == 201, started.text
    assert started.json()["stem"] == shown["stem"]
    # Without the seed the tutor cannot know which instance the student saw: learning's
    # 422 seed-required problem reaches the student as it is.
    missing = await client.post(
        "/api/v1/tutor/sessions", json={"item_id": item.id}, headers=student.headers
    )
    assert missing.status_code == 422, missing.text
    assert missing.headers["content-type"].startswith("application/problem+json")
    assert missing.json()["type"].endswith("/seed-required")

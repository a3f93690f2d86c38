"""Online A/B tests of tutor configurations: stable assignment, arms that behave as
configured, and outcomes read back by arm."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator

import httpx
import pytest

from mathpath.gateway.app import Gateway
from mathpath.kit.service import Runtime
from mathpath.kit.settings import Settings
from mathpath.tutor.app import SETTINGS_KEY
from mathpath.tutor.config import TutorSettings
from mathpath.tutor.core.items import TutorItem
from mathpath.tutor.experiments import Arm, assign, outcomes
from tests.fixtures.identity import create_user
from tests.fixtures.platform import drain_events
from tests.fixtures.tutor import CONTENT_DIR

ARMS = {"ladder": Arm(policy="ladder"), "concept-first": Arm(policy="concept-first")}
ITEM_ID = "gcse-quad-001"


def test_a_student_always_gets_the_same_arm() -> None:
    first = [assign("exp-1", ARMS, f"student-{i}") for i in range(50)]
    again = [assign("exp-1", ARMS, f"student-{i}") for i in range(50)]
    assert first == again
    # Another experiment splits the same students afresh.
    assert first != [assign("exp-2", ARMS, f"student-{i}") for i in range(50)]


def test_arms_get_students_in_proportion_to_their_weights() -> None:
    arms = {"a": Arm(weight=3), "b": Arm(weight=1)}
    counts = Counter(assign("weights", arms, f"s{i}") for i in range(4000))
    assert 0.72 < counts["a"] / 4000 < 0.78


def test_outcomes_count_solves_after_hints_and_hints_per_solve() -> None:
    sessions = [
        {"id": "1", "arm": "a", "student_id": "s1", "solved": True},
        {"id": "2", "arm": "a", "student_id": "s1", "solved": False},
        {"id": "3", "arm": "b", "student_id": "s2", "solved": True},
    ]
    turns = [
        {"session_id": "1", "kind": "hint", "cost_usd": 0.0},
        {"session_id": "1", "kind": "hint", "cost_usd": 0.0},
        {"session_id": "1", "kind": "confirm", "cost_usd": 0.0},
        {"session_id": "2", "kind": "hint", "cost_usd": 0.0},
        {"session_id": "3", "kind": "confirm", "cost_usd": 0.0},
    ]
    a, b = outcomes(sessions, turns)
    assert (a.arm, a.students, a.sessions, a.solved) == ("a", 1, 2, 1)
    assert (a.sessions_with_hints, a.solved_after_hints, a.hints_per_solve) == (2, 1, 2.0)
    assert (b.solved, b.sessions_with_hints, b.hints_per_solve) == (1, 0, 0.0)


@pytest.fixture
async def experiment_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    runtime = Runtime(settings)
    runtime.extras[SETTINGS_KEY] = TutorSettings(
        content_dir=CONTENT_DIR, experiment="first-hint-2026-12", experiment_arms=ARMS
    )
    gateway = Gateway(settings, runtime)
    async with gateway.app.router.lifespan_context(gateway.app):
        transport = httpx.ASGITransport(app=gateway, client=("203.0.113.8", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield c
        await drain_events(gateway)


async def _say(client: httpx.AsyncClient, headers: dict[str, str], sid: str, text: str) -> dict:
    r = await client.post(
        f"/api/v1/tutor/sessions/{sid}/messages", json={"text": text}, headers=headers
    )
    assert r.status_code == 200, r.text
    return r.json()


async def test_each_arm_runs_its_policy_and_outcomes_are_reported_by_arm(
    experiment_client: httpx.AsyncClient, pack_items: dict[str, TutorItem]
) -> None:
    client = experiment_client
    students = []
    while (
        min(Counter(assign("first-hint-2026-12", ARMS, s.id) for s in students).values(), default=0)
        < 2
        or len({assign("first-hint-2026-12", ARMS, s.id) for s in students}) < 2
    ):  # two students in each arm
        students.append(await create_user(client, "student"))
        assert len(students) <= 24
    arms = {s.id: assign("first-hint-2026-12", ARMS, s.id) for s in students}
    first_rungs: dict[str, int] = {}
    for student in students:
        for _ in range(2):  # a second session stays in the student's arm
            r = await client.post(
                "/api/v1/tutor/sessions", json={"item_id": ITEM_ID}, headers=student.headers
            )
            assert r.status_code == 201, r.text
            sid = r.json()["id"]
            first_rungs.setdefault(
                student.id, (await _say(client, student.headers, sid, "a hint please"))["rung"]
            )
            await _say(client, student.headers, sid, pack_items[ITEM_ID].answer)
    for student in students:
        # The ladder starts at the guiding question; concept-first at the concept rung.
        assert first_rungs[student.id] == (2 if arms[student.id] == "concept-first" else 1)

    admin = await create_user(client, "admin")
    r = await client.get("/api/v1/tutor/experiments/first-hint-2026-12", headers=admin.headers)
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["active"] is True
    by_arm = {a["arm"]: a for a in report["arms"]}
    for arm, row in by_arm.items():
        mine = [s for s in students if arms[s.id] == arm]
        assert (row["students"], row["sessions"], row["solved"]) == (
            len(mine),
            2 * len(mine),
            2 * len(mine),
        )
        assert row["solved_after_hints"] == row["sessions_with_hints"] == 2 * len(mine)
        assert row["hints_per_solve"] == 1.0

    student = students[0]
    denied = await client.get(
        "/api/v1/tutor/experiments/first-hint-2026-12", headers=student.headers
    )
    assert denied.status_code == 403

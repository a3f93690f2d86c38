"""A user's data export through the gateway, assembled from every service's part.

Identity's other tests start identity alone; these start the whole platform, as a user
meets it: sign up, practise, talk to the tutor, ask for the export, download it.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from structlog.testing import capture_logs

from mathpath.access import export as access_export
from mathpath.billing import export as billing_export
from mathpath.contracts.identity_client import IdentityClient
from mathpath.contracts.identity_events import USER_EXPORT_CONTRIBUTED
from mathpath.gateway.app import Gateway
from mathpath.identity import privacy
from mathpath.identity.config import IdentityConfig
from mathpath.identity.models import PrivacyRequest
from mathpath.identity.retention import run_retention
from mathpath.kit.clock import utcnow
from mathpath.kit.runtime import Runtime
from mathpath.kit.settings import Settings
from tests.fixtures.identity import TestUser, create_user, identity_ctx
from tests.fixtures.platform import drain_events
from tests.learning.helpers import answer_of, curriculum_of, numeric_items

TUTOR_ITEM = "ks3-alg-011"  # a static item of the shipped content pack
EXTRAS_KEY = "test.extras"


@pytest.fixture
def platform_extras() -> dict[str, Any]:
    return {}


@pytest.fixture
async def gateway(settings: Settings, platform_extras: dict[str, Any]) -> AsyncIterator[Gateway]:
    """The whole platform (identity's conftest starts identity alone)."""
    runtime = Runtime(settings)
    runtime.extras.update(platform_extras)
    gw = Gateway(settings, runtime)
    async with gw.app.router.lifespan_context(gw.app):
        yield gw
        await drain_events(gw)  # nothing staged left for a service already stopped


async def _practise_and_tutor(
    client: httpx.AsyncClient, gateway: Gateway, student: TestUser
) -> tuple[str, str]:
    item = numeric_items(curriculum_of(gateway))[0]
    attempt = await client.post(
        "/api/v1/attempts",
        json={"item_id": item.id, "answer": answer_of(item)},
        headers={**student.headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert attempt.status_code == 201, attempt.text
    started = await client.post(
        "/api/v1/tutor/sessions", json={"item_id": TUTOR_ITEM}, headers=student.headers
    )
    assert started.status_code == 201, started.text
    session_id = str(started.json()["id"])
    said = await client.post(
        f"/api/v1/tutor/sessions/{session_id}/messages",
        json={"text": "can I have a hint"},
        headers=student.headers,
    )
    assert said.status_code == 200, said.text
    await drain_events(gateway)
    return item.id, session_id


async def _export(client: httpx.AsyncClient, user: TestUser, request_id: str) -> dict[str, Any]:
    response = await client.get(f"/api/v1/me/export/{request_id}", headers=user.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_the_export_holds_every_services_part(
    client: httpx.AsyncClient, gateway: Gateway
) -> None:
    student = await create_user(client, "student")
    item_id, session_id = await _practise_and_tutor(client, gateway, student)

    started = await client.post("/api/v1/me/export", headers=student.headers)
    assert started.status_code == 202, started.text
    assert started.json()["status"] == "pending"
    await drain_events(gateway)
    body = await _export(client, student, started.json()["id"])

    assert body["status"] == "complete", body["answered"]
    archive = body["archive"]
    assert set(archive) == {"identity", "learning", "tutor", "billing"}
    assert archive["identity"]["profile"]["email"] == student.email
    learning = archive["learning"]
    assert learning["user_id"] == student.id
    assert [(a["item_id"], a["correct"]) for a in learning["attempts"]] == [(item_id, True)]
    assert learning["mastery"] and learning["ability"]["answers"] == 1
    tutor = archive["tutor"]
    assert [s["id"] for s in tutor["sessions"]] == [session_id]
    assert [t["message"] for t in tutor["sessions"][0]["turns"]] == ["can I have a hint"]
    billing = archive["billing"]
    assert billing["user_id"] == student.id and billing["entitlements"]["plan"] == "free"
    assert billing["subscriptions"] == [] and billing["payments"] == []


@pytest.mark.parametrize(
    "platform_extras", [{"identity.config": IdentityConfig(privacy_redispatch_s=0)}]
)
async def test_a_service_that_does_not_answer_leaves_the_export_pending_and_partial(
    client: httpx.AsyncClient, gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What identity does without an answer: no time-out. The request stays ``pending``, the
    download shows the parts received so far, and the retention job re-sends the request
    (every ``privacy_redispatch_s``); services that already answered answer again, identity
    keeps their first part, and the one that was down completes the export."""
    answers: list[str] = []
    contribute = IdentityClient.contribute_export

    async def counted(
        self: IdentityClient, request_id: str, data: dict[str, Any], *, bearer: str
    ) -> None:
        answers.append(str(data["format"]).split(".")[1])  # mathpath.<service>.export/1
        await contribute(self, request_id, data, bearer=bearer)

    async def billing_is_down(*_args: object) -> dict[str, Any]:
        raise ConnectionError("billing's database is unreachable")

    monkeypatch.setattr(IdentityClient, "contribute_export", counted)
    student = await create_user(client, "student")
    await _practise_and_tutor(client, gateway, student)
    with monkeypatch.context() as down:
        down.setattr(billing_export, "billing_part", billing_is_down)
        request_id = (await client.post("/api/v1/me/export", headers=student.headers)).json()["id"]
        await drain_events(gateway)
    first = await _export(client, student, request_id)
    assert first["status"] == "pending"
    assert first["expected"] == ["learning", "tutor", "billing"]
    assert first["answered"] == ["identity", "learning", "tutor"]
    assert set(first["archive"]) == {"identity", "learning", "tutor"}
    assert sorted(answers) == ["learning", "tutor"]

    # Billing is back; one more practice answer; identity's retention job re-dispatches.
    item = numeric_items(curriculum_of(gateway))[1]
    more = await client.post(
        "/api/v1/attempts",
        json={"item_id": item.id, "answer": answer_of(item)},
        headers={**student.headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert more.status_code == 201, more.text
    report = await run_retention(identity_ctx(client))
    assert report.privacy_redispatched == 1
    await drain_events(gateway)
    done = await _export(client, student, request_id)
    assert sorted(answers) == [
        "billing",
        "learning",
        "learning",
        "tutor",
        "tutor",
    ]
    assert done["status"] == "complete"
    assert done["archive"]["billing"]["user_id"] == student.id
    # The first part of each service is kept: the later attempt is not in this export.
    assert done["archive"]["learning"] == first["archive"]["learning"]
    assert len(done["archive"]["learning"]["attempts"]) == 1
    # Parts go to identity over HTTP: no copy of the user's data stays in a service's outbox.
    for name in ("learning", "tutor", "billing"):
        ctx = gateway.local_apps[name].state.ctx
        async with ctx.db.transaction() as session:
            staged = await session.scalar(
                select(func.count())
                .select_from(ctx.outbox.outbox)
                .where(ctx.outbox.outbox.c.event_type == USER_EXPORT_CONTRIBUTED)
            )
        assert staged == 0, name


async def test_answers_arriving_together_are_all_kept(
    client: httpx.AsyncClient, gateway: Gateway
) -> None:
    """Services answer at the same moment (over HTTP, or several identity consumers): each
    answer is kept, none overwrites another's."""
    ctx = identity_ctx(client)
    services = ["learning", "tutor", "billing", "s4", "s5", "s6"]
    async with ctx.db.transaction() as session:
        row = PrivacyRequest(
            id=str(uuid.uuid4()),
            kind="export",
            user_id=str(uuid.uuid4()),
            requested_by=None,
            status="pending",
            expected=services,
            answers={},
            created_at=utcnow(),
            last_dispatched_at=utcnow(),
        )
        session.add(row)

    async def answer_as(service: str) -> None:
        async with ctx.db.transaction() as session:
            await privacy.record_answer(session, row.id, service, {"from": service})

    await asyncio.gather(*(answer_as(s) for s in services))
    async with ctx.db.transaction() as session:
        stored = await session.get(PrivacyRequest, row.id)
        assert stored is not None
        assert sorted(stored.answers) == sorted(services) and stored.status == "complete"


async def test_an_answer_to_a_request_identity_no_longer_holds_is_dropped(
    client: httpx.AsyncClient, gateway: Gateway
) -> None:
    ctx = gateway.local_apps["learning"].state.ctx
    # No exception (a retry could not make identity know the request), but a warning.
    with capture_logs() as logs:
        await access_export.deliver(ctx, str(uuid.uuid4()), {"format": "x"})
    assert [e["service"] for e in logs if e["event"] == "export_request_unknown"] == ["learning"]

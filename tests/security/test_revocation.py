"""Tokens of erased and disabled users are refused at once, by every service and the
gateway, while they are still within their lifetime (issue 14: an erased user's token still
wrote attempts and opened tutor sessions)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from mathpath.gateway.app import Gateway
from mathpath.identity.admin import set_status
from mathpath.identity.app import create_app as create_identity
from mathpath.kit.ids import new_id
from mathpath.kit.runtime import Runtime
from mathpath.kit.settings import Settings
from mathpath.learning.app import create_app as create_learning
from mathpath.learning.models import Attempt
from mathpath.tutor.models import TutorSession
from tests.fixtures.identity import PASSWORD, TestUser, create_user, erase_account, sign_in
from tests.fixtures.platform import make_settings
from tests.fixtures.servers import REDIS_URL
from tests.local_server import served

ITEM_ID = "gcse-quad-001"


async def write_attempt(client: httpx.AsyncClient, headers: dict[str, str]) -> httpx.Response:
    return await client.post(
        "/api/v1/attempts",
        json={"item_id": ITEM_ID, "answer": "5, 2"},
        headers=headers | {"Idempotency-Key": new_id()},
    )


async def open_session(client: httpx.AsyncClient, headers: dict[str, str]) -> httpx.Response:
    return await client.post(
        "/api/v1/tutor/sessions",
        json={"item_id": ITEM_ID},
        headers=headers | {"Idempotency-Key": new_id()},
    )


async def rows_of(gateway: Gateway, user_id: str) -> tuple[int, int]:
    counts = []
    for service, model in (("learning", Attempt), ("tutor", TutorSession)):
        async with gateway.local_apps[service].state.ctx.db.transaction() as session:
            counts.append(
                await session.scalar(
                    select(func.count()).select_from(model).where(model.student_id == user_id)
                )
            )
    return counts[0] or 0, counts[1] or 0


async def assert_refused_everywhere(
    gateway: Gateway, client: httpx.AsyncClient, user: TestUser
) -> None:
    """Through the gateway, and sent to each service directly (as another service or a
    proxied gateway would): 401 problem+json, and nothing written."""
    direct = {
        name: gateway.runtime.directory.client(name) for name in ("learning", "tutor", "billing")
    }
    calls: list[tuple[str, Callable[[], Awaitable[httpx.Response]]]] = [
        ("gateway attempts", lambda: write_attempt(client, user.headers)),
        ("gateway tutor", lambda: open_session(client, user.headers)),
        ("learning attempts", lambda: write_attempt(direct["learning"], user.headers)),
        ("tutor sessions", lambda: open_session(direct["tutor"], user.headers)),
        (
            "billing entitlements",
            lambda: direct["billing"].get("/api/v1/billing/entitlements/me", headers=user.headers),
        ),
    ]
    for name, call in calls:
        response = await call()
        assert response.status_code == 401, (name, response.status_code, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
    assert await rows_of(gateway, user.id) == (0, 0)


async def test_an_erased_users_valid_token_is_refused_at_once(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    user = await create_user(client)
    assert (await client.get("/api/v1/billing/entitlements/me", headers=user.headers)).is_success
    assert (await erase_account(client, user)).status_code == 202
    # No event relayed yet, no waiting: the token is refused from the commit on.
    await assert_refused_everywhere(gateway, client, user)


async def test_a_disabled_users_valid_token_is_refused_and_stays_refused_after_re_enabling(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    user = await create_user(client)
    admin = await create_user(client, "admin")
    assert (await write_attempt(client, user.headers)).status_code == 201
    disabled = await client.put(
        f"/api/v1/admin/users/{user.id}/status",
        json={"status": "disabled", "reason": "reported by the school"},
        headers=admin.headers,
    )
    assert disabled.status_code == 200, disabled.text
    before = await rows_of(gateway, user.id)
    for response in (
        await write_attempt(client, user.headers),
        await open_session(client, user.headers),
        await write_attempt(gateway.runtime.directory.client("learning"), user.headers),
        await open_session(gateway.runtime.directory.client("tutor"), user.headers),
    ):
        assert response.status_code == 401, response.text
    assert await rows_of(gateway, user.id) == before
    enabled = await client.put(
        f"/api/v1/admin/users/{user.id}/status",
        json={"status": "active", "reason": "cleared"},
        headers=admin.headers,
    )
    assert enabled.status_code == 200
    # The token issued before the disabling stays refused; a new sign-in works at once.
    assert (await write_attempt(client, user.headers)).status_code == 401
    fresh = await sign_in(client, user.email, user.password)
    headers = {"Authorization": f"Bearer {fresh['access_token']}"}
    assert (await write_attempt(client, headers)).status_code == 201
    assert (await open_session(client, headers)).status_code == 201


async def _register(identity: httpx.AsyncClient, email: str) -> dict[str, str]:
    registered = await identity.post(
        "/api/v1/auth/register",
        json={
            "email": email,
            "password": PASSWORD,
            "display_name": "Sam",
            "role": "student",
            "date_of_birth": "2010-03-14",
            "accept_terms": True,
            "accept_privacy": True,
        },
    )
    assert registered.status_code == 202, registered.text
    tokens = await identity.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD})
    assert tokens.status_code == 200, tokens.text
    body: dict[str, str] = tokens.json()
    return {"user_id": body["user_id"], "Authorization": f"Bearer {body['access_token']}"}


@asynccontextmanager
async def learning_process(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """Learning in a runtime of its own (a process of its own in production)."""
    runtime = Runtime(settings)
    app = create_learning(runtime)
    async with app.router.lifespan_context(app):
        await runtime.start_bus()
        transport = httpx.ASGITransport(app=app)
        try:
            async with httpx.AsyncClient(transport=transport, base_url="http://learning") as c:
                yield c
        finally:
            await app.state.ctx.drop_process_groups()
            await runtime.aclose()


async def refused_within(client: httpx.AsyncClient, headers: dict[str, str], s: float) -> bool:
    """Poll a read-only route until the token is refused (the event crosses Redis)."""
    deadline = time.monotonic() + s
    while time.monotonic() < deadline:
        answer = await client.get("/api/v1/students/me/next", headers=headers)
        if answer.status_code == 401:
            return True
        assert answer.status_code == 200, answer.text
        await asyncio.sleep(0.1)
    return False


@pytest.mark.redis
@pytest.mark.integration
async def test_revocations_reach_a_separate_process_over_redis_and_survive_its_restart(
    data_dir: Path, redis_client: Any, redis_prefix: str
) -> None:
    redis = {
        "redis_url": REDIS_URL,
        "event_bus": "redis",
        "cache_backend": "redis",
        "redis_stream_prefix": redis_prefix,
    }
    identity_runtime = Runtime(make_settings(data_dir, **redis))
    identity_app = create_identity(identity_runtime)
    try:
        async with served(identity_app) as identity_url:
            await identity_runtime.start_bus()  # after start-up: its groups exist by then
            learning_settings = make_settings(data_dir, identity_url=identity_url, **redis)
            async with (
                httpx.AsyncClient(base_url=identity_url) as identity,
                learning_process(learning_settings) as learning,
            ):
                erased = await _register(identity, f"erased-{new_id()}@example.org")
                disabled = await _register(identity, f"disabled-{new_id()}@example.org")
                for user in (erased, disabled):
                    headers = {"Authorization": user["Authorization"]}
                    assert (await write_attempt(learning, headers)).status_code == 201
                gone = await identity.request(
                    "DELETE",
                    "/api/v1/me",
                    json={"password": PASSWORD},
                    headers={"Authorization": erased["Authorization"]},
                )
                assert gone.status_code == 202, gone.text
                ctx = identity_app.state.ctx
                async with ctx.db.transaction() as session:
                    await set_status(
                        session, ctx, "an-admin", disabled["user_id"], "disabled", "a test"
                    )
                for user in (erased, disabled):
                    headers = {"Authorization": user["Authorization"]}
                    assert await refused_within(learning, headers, 10.0), user
                    key = new_id()
                    refused = await learning.post(
                        "/api/v1/attempts",
                        json={"item_id": ITEM_ID, "answer": "5, 2"},
                        headers=headers | {"Idempotency-Key": key},
                    )
                    assert refused.status_code == 401
            # A learning process started after the revocations knows them from its first
            # request: they are loaded from identity, not only heard as events.
            async with learning_process(learning_settings) as restarted:
                for user in (erased, disabled):
                    headers = {"Authorization": user["Authorization"]}
                    answer = await write_attempt(restarted, headers)
                    assert answer.status_code == 401, answer.text
                    assert answer.headers["content-type"].startswith("application/problem+json")
    finally:
        await identity_runtime.aclose()
        keys = [k async for k in redis_client.scan_iter(match=f"{redis_prefix}*")]
        if keys:
            await redis_client.delete(*keys)

"""User profiles: the same reads from the SQL store (the users table) and the Firestore one
(Google's emulator), and identity keeping the Firestore profiles current from its events
when the settings choose it (registration, a new display name, a role change, erasure)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from mathpath.gateway.app import Gateway
from mathpath.identity.config import IdentityConfig
from mathpath.identity.models import User
from mathpath.identity.profiles import (
    FirestoreProfileStore,
    Profile,
    ProfileStore,
    SqlProfileStore,
    profile_of,
)
from mathpath.kit.db import Database
from mathpath.kit.firestore import firestore_client
from mathpath.kit.settings import Settings
from tests.fixtures.identity import create_user, erase_account, identity_only_gateway
from tests.fixtures.platform import drain_events, make_settings

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
firestore_marks = [pytest.mark.firestore, pytest.mark.integration]


def user(n: int, role: str = "student", **overrides: object) -> User:
    values: dict[str, object] = {
        "id": f"user-{n:03d}", "email": f"u{n}@example.org", "display_name": f"User {n}",
        "role": role, "status": "active", "created_at": T0, "updated_at": T0,
    }  # fmt: skip
    values.update(overrides)
    return User(**values)


@pytest.fixture(params=["sqlite", pytest.param("firestore", marks=firestore_marks)])
def backend(request: pytest.FixtureRequest) -> tuple[str, str]:
    if request.param == "sqlite":
        # A copy of the migrated database the platform's tests start from.
        return "sqlite", make_settings(request.getfixturevalue("data_dir")).database_url("identity")
    host = request.getfixturevalue("firestore_emulator")
    return "firestore", f"{host}|{request.getfixturevalue('firestore_project')}"


@pytest.fixture
async def profiles(
    backend: tuple[str, str],
) -> AsyncIterator[tuple[ProfileStore, Callable[[User], Awaitable[None]]]]:
    """A store and how a user's account reaches it: a users row, or the row's profile
    written to Firestore as identity's event handler writes it."""
    kind, where = backend
    if kind == "firestore":
        host, project = where.split("|")
        client = firestore_client(project, emulator_host=host)
        store = FirestoreProfileStore(client)

        async def put(u: User) -> None:
            profile = profile_of(u)
            if profile is None:
                await store.erase(u.id)
            else:
                await store.put(profile)

        try:
            yield store, put
        finally:
            client.close()
        return
    database = Database(where)
    try:
        async with database.sessionmaker() as session:

            async def add(u: User) -> None:
                await session.merge(u)
                await session.flush()

            yield SqlProfileStore(session), add
            await session.rollback()
    finally:
        await database.engine.dispose()


async def test_a_profile_reads_back_and_profiles_are_found_by_role(
    profiles: tuple[ProfileStore, Callable[[User], Awaitable[None]]],
) -> None:
    store, put = profiles
    assert await store.get("user-001") is None
    for n, role in [(1, "student"), (2, "teacher"), (3, "student"), (4, "parent")]:
        await put(user(n, role))
    assert await store.get("user-002") == Profile("user-002", "User 2", "teacher", T0, T0)
    assert [p.user_id for p in await store.with_role("student")] == ["user-001", "user-003"]
    assert [p.user_id for p in await store.with_role("student", limit=1)] == ["user-001"]
    assert await store.with_role("admin") == []


async def test_an_erased_account_has_no_profile(
    profiles: tuple[ProfileStore, Callable[[User], Awaitable[None]]],
) -> None:
    store, put = profiles
    await put(user(1))
    await put(user(1, email=None, display_name="", status="erased", updated_at=T0 + timedelta(1)))
    assert await store.get("user-001") is None
    assert await store.with_role("student") == []


@pytest.mark.parametrize(
    "backend", [pytest.param("firestore", marks=firestore_marks)], indirect=True
)
async def test_an_older_row_never_replaces_a_newer_profile(
    profiles: tuple[ProfileStore, Callable[[User], Awaitable[None]]],
) -> None:
    store, _ = profiles
    assert isinstance(store, FirestoreProfileStore)
    newer = Profile("user-001", "Sam", "teacher", T0, T0 + timedelta(minutes=5))
    assert await store.put(newer)
    assert not await store.put(Profile("user-001", "Old name", "student", T0, T0))
    assert await store.get("user-001") == newer


@pytest.fixture
async def firestore_client_gateway(
    settings: Settings, firestore_emulator: str, firestore_project: str
) -> AsyncIterator[httpx.AsyncClient]:
    config = IdentityConfig(
        password_hash_profile="fast", profile_store="firestore",
        firestore_project=firestore_project, firestore_emulator_host=firestore_emulator,
    )  # fmt: skip
    async with identity_only_gateway(settings, {"identity.config": config}) as gw:
        transport = httpx.ASGITransport(app=gw, client=("203.0.113.31", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield c
        await drain_events(gw)


@pytest.mark.firestore
@pytest.mark.integration
async def test_identity_keeps_the_firestore_profiles_current(
    firestore_client_gateway: httpx.AsyncClient, firestore_emulator: str, firestore_project: str
) -> None:
    client = firestore_client_gateway
    gateway = client._transport.app  # type: ignore[attr-defined]
    assert isinstance(gateway, Gateway)
    fs = firestore_client(firestore_project, emulator_host=firestore_emulator)
    store = FirestoreProfileStore(fs)
    try:
        admin = await create_user(client, "admin")
        sam = await create_user(client, display_name="Sam")
        await drain_events(gateway)
        found = await store.get(sam.id)
        assert found is not None and (found.display_name, found.role) == ("Sam", "student")

        renamed = await client.patch(
            "/api/v1/me", json={"display_name": "Sam K"}, headers=sam.headers
        )
        assert renamed.status_code == 200
        promoted = await client.put(
            f"/api/v1/admin/users/{sam.id}/role",
            json={"role": "teacher", "reason": "school office"}, headers=admin.headers,
        )  # fmt: skip
        assert promoted.status_code == 200
        await drain_events(gateway)
        found = await store.get(sam.id)
        assert found is not None and (found.display_name, found.role) == ("Sam K", "teacher")
        assert sam.id in [p.user_id for p in await store.with_role("teacher")]

        sam = await create_user(client, display_name="Sam")  # a new account to erase
        asked = await erase_account(client, sam)  # with the password, as DELETE /me asks
        assert asked.status_code == 202
        await drain_events(gateway)
        assert await store.get(sam.id) is None
    finally:
        fs.close()

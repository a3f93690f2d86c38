"""Registration, sign-in, /me, refresh rotation and sign-out through the gateway."""

from __future__ import annotations

import time

import httpx
import pytest
from argon2 import PasswordHasher

from mathpath.identity.state import state_of
from tests.fixtures.identity import PASSWORD, create_user, identity_ctx, sign_in


async def test_registered_student_signs_in_and_sees_themselves(client: httpx.AsyncClient) -> None:
    user = await create_user(client, role="student", display_name="Ada")
    me = await client.get("/api/v1/me", headers=user.headers)
    assert me.status_code == 200
    body = me.json()
    assert body["id"] == user.id
    assert body["email"] == user.email
    assert body["role"] == "student"
    assert body["display_name"] == "Ada"
    assert body["status"] == "active"
    assert body["email_verified"] is False


async def test_me_without_token_is_401_problem(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_wrong_password_and_unknown_email_answer_alike(client: httpx.AsyncClient) -> None:
    user = await create_user(client)
    wrong = await client.post(
        "/api/v1/auth/token", json={"email": user.email, "password": "not-the-password-1"}
    )
    unknown = await client.post(
        "/api/v1/auth/token",
        json={"email": "nobody-here@example.org", "password": "not-the-password-1"},
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]
    assert wrong.json()["type"] == unknown.json()["type"]


async def test_registering_a_taken_email_answers_like_a_new_one(
    client: httpx.AsyncClient,
) -> None:
    user = await create_user(client)
    again = await client.post(
        "/api/v1/auth/register",
        json={
            "email": user.email,
            "password": "another-Strong-pass-99",
            "display_name": "Impostor",
            "role": "teacher",
            "accept_terms": True,
            "accept_privacy": True,
        },
    )
    assert again.status_code == 202
    # The account is unchanged: the original password still works, role still student.
    tokens = await sign_in(client, user.email, PASSWORD)
    assert tokens["roles"] == ["student"]


async def test_weak_password_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/register",
        json={
            "email": "weak@example.org",
            "password": "password123",
            "display_name": "Weak",
            "role": "teacher",
            "accept_terms": True,
            "accept_privacy": True,
        },
    )
    assert response.status_code == 422
    assert response.json()["type"].endswith("/weak-password")


async def test_registration_needs_terms_and_privacy_consent(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/register",
        json={
            "email": "noconsent@example.org",
            "password": PASSWORD,
            "display_name": "No",
            "role": "teacher",
        },
    )
    assert response.status_code == 422
    assert response.json()["type"].endswith("/consent-required")


async def test_refresh_rotates_and_old_token_stops_working(client: httpx.AsyncClient) -> None:
    user = await create_user(client)
    first = await client.post("/api/v1/auth/refresh", json={"refresh_token": user.refresh_token})
    assert first.status_code == 200
    new_refresh = first.json()["refresh_token"]
    assert new_refresh != user.refresh_token
    me = await client.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {first.json()['access_token']}"}
    )
    assert me.status_code == 200


async def test_reused_refresh_token_revokes_family(client: httpx.AsyncClient) -> None:
    user = await create_user(client)
    rotated = await client.post("/api/v1/auth/refresh", json={"refresh_token": user.refresh_token})
    assert rotated.status_code == 200
    newest = rotated.json()["refresh_token"]
    # The thief (or the victim) presents the already-used token...
    replay = await client.post("/api/v1/auth/refresh", json={"refresh_token": user.refresh_token})
    assert replay.status_code == 401
    # ...and the whole family is gone, including the newest token.
    after = await client.post("/api/v1/auth/refresh", json={"refresh_token": newest})
    assert after.status_code == 401


async def test_logout_ends_the_session(client: httpx.AsyncClient) -> None:
    user = await create_user(client)
    out = await client.post("/api/v1/auth/logout", json={"refresh_token": user.refresh_token})
    assert out.status_code == 204
    again = await client.post("/api/v1/auth/refresh", json={"refresh_token": user.refresh_token})
    assert again.status_code == 401


async def test_other_sessions_survive_one_logout(client: httpx.AsyncClient) -> None:
    user = await create_user(client)
    second = await sign_in(client, user.email)
    await client.post("/api/v1/auth/logout", json={"refresh_token": user.refresh_token})
    still = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"]}
    )
    assert still.status_code == 200


class CountingHasher(PasswordHasher):
    """The test profile's hasher, counting the hashes it makes."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.hashes = 0

    def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
        self.hashes += 1
        return super().hash(password, salt=salt)


async def test_registering_a_taken_email_costs_the_same_work(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The answer was the same, but a taken address answered in 18 ms and a new one in
    # 273 ms: the password hash was skipped. Both must do it.
    hasher = CountingHasher()
    monkeypatch.setattr(state_of(identity_ctx(client)), "hasher", hasher)
    body = {
        "email": f"timing-{time.time_ns()}@example.org",
        "password": PASSWORD,
        "display_name": "Sam",
        "role": "teacher",
        "accept_terms": True,
        "accept_privacy": True,
    }
    first = await client.post("/api/v1/auth/register", json=body)
    assert (first.status_code, hasher.hashes) == (202, 1)
    again = await client.post("/api/v1/auth/register", json=body)
    assert (again.status_code, hasher.hashes) == (202, 2)
    assert again.json() == first.json()

"""Administration: role changes and account status, with an audit entry for each."""

from __future__ import annotations

import httpx

from tests.fixtures.identity import create_user


async def test_admin_changes_a_role_and_it_is_audited(client: httpx.AsyncClient) -> None:
    admin = await create_user(client, "admin")
    user = await create_user(client)
    changed = await client.put(
        f"/api/v1/admin/users/{user.id}/role",
        json={"role": "teacher", "reason": "verified by the school office"},
        headers=admin.headers,
    )
    assert changed.status_code == 200
    assert changed.json()["role"] == "teacher"
    # The old session (with the old role) is over.
    stale = await client.post("/api/v1/auth/refresh", json={"refresh_token": user.refresh_token})
    assert stale.status_code == 401
    audit = await client.get(
        "/api/v1/admin/audit", params={"target_id": user.id}, headers=admin.headers
    )
    entries = [e for e in audit.json() if e["action"] == "user.role_changed"]
    assert len(entries) == 1
    assert entries[0]["actor_id"] == admin.id
    assert entries[0]["detail"]["new_role"] == "teacher"
    assert entries[0]["detail"]["reason"] == "verified by the school office"


async def test_disabled_account_cannot_sign_in(client: httpx.AsyncClient) -> None:
    admin = await create_user(client, "admin")
    user = await create_user(client)
    response = await client.put(
        f"/api/v1/admin/users/{user.id}/status",
        json={"status": "disabled", "reason": "abuse report 12"},
        headers=admin.headers,
    )
    assert response.status_code == 200
    signin = await client.post(
        "/api/v1/auth/token", json={"email": user.email, "password": user.password}
    )
    assert signin.status_code == 403
    assert (await client.get("/api/v1/me", headers=user.headers)).status_code == 401


async def test_admin_cannot_change_own_role(client: httpx.AsyncClient) -> None:
    admin = await create_user(client, "admin")
    response = await client.put(
        f"/api/v1/admin/users/{admin.id}/role",
        json={"role": "student", "reason": "oops"},
        headers=admin.headers,
    )
    assert response.status_code == 422


async def test_reading_users_is_audited(client: httpx.AsyncClient) -> None:
    admin = await create_user(client, "admin")
    target = await create_user(client, display_name="Findable Person")
    found = await client.get("/api/v1/admin/users", params={"q": "findable"}, headers=admin.headers)
    assert [u["id"] for u in found.json()["items"]] == [target.id]
    audit = await client.get("/api/v1/admin/audit", headers=admin.headers)
    assert any(e["action"] == "admin.list_users" for e in audit.json())

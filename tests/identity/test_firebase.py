"""Firebase Authentication against the real Auth emulator (started and stopped here).

Needs ``npm install`` in ``tools/firebase`` (firebase-tools) and Java. The emulator's
tokens are unsigned: they are accepted only when the emulator is configured, and a real
configuration refuses them.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from mathpath.identity.adapters.external import FirebaseProvider
from mathpath.identity.config import IdentityConfig
from mathpath.identity.errors import ExternalTokenRejected
from mathpath.kit.settings import Settings
from tests.fixtures.identity import identity_only_gateway
from tests.local_server import free_port

pytestmark = pytest.mark.integration

PROJECT = "demo-mathpath"
TOOLS = Path(__file__).resolve().parents[2] / "tools" / "firebase"
FIREBASE_BIN = TOOLS / "node_modules" / ".bin" / "firebase"


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not FIREBASE_BIN.exists() or shutil.which("java") is None:
        pytest.skip("firebase-tools (npm install in tools/firebase) or Java is missing")
    port = free_port()
    folder = tmp_path_factory.mktemp("firebase")
    config = folder / "firebase.json"
    config.write_text(
        json.dumps(
            {
                "emulators": {
                    "auth": {"host": "127.0.0.1", "port": port},
                    "ui": {"enabled": False},
                    "hub": {"port": free_port()},
                    "logging": {"port": free_port()},
                    "singleProjectMode": True,
                }
            }
        )
    )
    env = {**os.environ, "FIREBASE_CLI_DISABLE_UPDATE_CHECK": "true", "CI": "true"}
    process = subprocess.Popen(
        [
            str(FIREBASE_BIN),
            "emulators:start",
            "--only",
            "auth",
            "--project",
            PROJECT,
            "--config",
            str(config),
        ],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    host = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(host, timeout=2).status_code < 500:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the Firebase Auth emulator did not start")
            time.sleep(1)
        yield host
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def emulator_token(host: str, email: str, claims: dict[str, Any] | None = None) -> str:
    base = f"{host}/identitytoolkit.googleapis.com/v1"
    signup = httpx.post(
        f"{base}/accounts:signUp?key=fake-api-key",
        json={"email": email, "password": "emulated-pass-123", "returnSecureToken": True},
        timeout=10,
    )
    signup.raise_for_status()
    if claims:
        update = httpx.post(
            f"{base}/projects/{PROJECT}/accounts:update",
            json={"localId": signup.json()["localId"], "customAttributes": json.dumps(claims)},
            headers={"Authorization": "Bearer owner"},
            timeout=10,
        )
        update.raise_for_status()
    signin = httpx.post(
        f"{base}/accounts:signInWithPassword?key=fake-api-key",
        json={"email": email, "password": "emulated-pass-123", "returnSecureToken": True},
        timeout=10,
    )
    signin.raise_for_status()
    return str(signin.json()["idToken"])


@pytest.fixture
async def fb_client(settings: Settings, emulator: str) -> AsyncIterator[httpx.AsyncClient]:
    async with identity_only_gateway(
        settings,
        {
            "identity.config": IdentityConfig(
                firebase_project_id=PROJECT,
                firebase_emulator_host=emulator.removeprefix("http://"),
            )
        },
    ) as gateway:
        transport = httpx.ASGITransport(app=gateway, client=("203.0.113.11", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield c


async def firebase_sign_in(client: httpx.AsyncClient, token: str) -> httpx.Response:
    return await client.post(
        "/api/v1/auth/firebase",
        json={"id_token": token, "accept_terms": True, "accept_privacy": True},
    )


async def test_emulator_user_gets_a_local_account(
    fb_client: httpx.AsyncClient, emulator: str
) -> None:
    token = emulator_token(emulator, "fb-student@example.org")
    first = await firebase_sign_in(fb_client, token)
    assert first.status_code == 200, first.text
    me = await fb_client.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {first.json()['access_token']}"}
    )
    assert me.json()["email"] == "fb-student@example.org"
    assert me.json()["role"] == "student"
    again = await firebase_sign_in(
        fb_client, emulator_token_again(emulator, "fb-student@example.org")
    )
    assert again.json()["user_id"] == first.json()["user_id"]


def emulator_token_again(host: str, email: str) -> str:
    signin = httpx.post(
        f"{host}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=fake-api-key",
        json={"email": email, "password": "emulated-pass-123", "returnSecureToken": True},
        timeout=10,
    )
    signin.raise_for_status()
    return str(signin.json()["idToken"])


async def test_custom_claims_map_to_roles_but_never_admin(
    fb_client: httpx.AsyncClient, emulator: str
) -> None:
    teacher = await firebase_sign_in(
        fb_client, emulator_token(emulator, "fb-teacher@example.org", {"role": "teacher"})
    )
    assert teacher.json()["roles"] == ["teacher"]
    admin = await firebase_sign_in(
        fb_client, emulator_token(emulator, "fb-admin@example.org", {"role": "admin"})
    )
    assert admin.json()["roles"] == ["student"]


async def test_emulator_tokens_are_refused_without_the_emulator(emulator: str) -> None:
    token = emulator_token(emulator, "fb-real@example.org")
    async with httpx.AsyncClient() as http:
        provider = FirebaseProvider(PROJECT, http, emulator=False)
        with pytest.raises(ExternalTokenRejected):
            await provider.verify(token)


async def test_emulator_mode_still_checks_the_project(emulator: str) -> None:
    token = emulator_token(emulator, "fb-other@example.org")
    async with httpx.AsyncClient() as http:
        provider = FirebaseProvider("demo-another-project", http, emulator=True)
        with pytest.raises(ExternalTokenRejected):
            await provider.verify(token)

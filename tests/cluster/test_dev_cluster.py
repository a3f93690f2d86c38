"""`mathpath dev cluster` end to end: the distributed platform on the real PostgreSQL and
Redis, each service in its own process behind the gateway, driven as a client would, then
stopped with Ctrl-C."""

from __future__ import annotations

import asyncio
import os
import queue
import random
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from mathpath.cluster import drop_databases, make_plan
from tests.fixtures.servers import PG_ADMIN_DSN, REDIS_URL

pytestmark = [pytest.mark.integration, pytest.mark.postgres, pytest.mark.redis]

START_TIMEOUT_S = 240  # a loaded shared machine; about 30-40 s on a quiet one
PASSWORD = "cluster-Sunflower-42-quadratic"


def _ports_free(first: int, count: int) -> bool:
    for port in range(first, first + count):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                return False
    return True


def _free_block(count: int) -> int:
    """The first of `count` consecutive free loopback ports."""
    rng = random.Random()
    for _ in range(200):
        first = rng.randrange(20_000, 40_000)
        if _ports_free(first, count):
            return first
    raise RuntimeError("no free block of ports")


@dataclass
class RunningCluster:
    process: subprocess.Popen[str]
    lines: queue.Queue[str]
    gateway: str
    services: dict[str, str]
    data_dir: Path
    log_dir: Path
    output: list[str]

    def read_until(self, marker: str, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            self.output.append(line)
            if marker in line:
                return
        raise AssertionError(f"no {marker!r} in the output:\n{self.report()}")

    def report(self) -> str:
        logs = [
            f"--- {path.name}\n" + path.read_text(errors="replace")[-3000:]
            for path in sorted(self.log_dir.glob("*.log"))
        ]
        return "".join(self.output) + "\n".join(logs)


@pytest.fixture
def cluster(tmp_path: Path, pg_server: str, redis_client: Any) -> Iterator[RunningCluster]:
    name = "mpt_" + secrets.token_hex(5)
    first = _free_block(5)
    gateway_port, first_service = first, first + 1
    data_dir, log_dir = tmp_path / "var", tmp_path / "logs"
    command = [
        sys.executable, "-m", "mathpath", "dev", "cluster",
        "--postgres", PG_ADMIN_DSN, "--redis", REDIS_URL, "--name", name,
        "--port", str(gateway_port), "--first-service-port", str(first_service),
        "--data-dir", str(data_dir), "--log-dir", str(log_dir),
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("MATHPATH_")}
    env["MATHPATH_IDENTITY_PASSWORD_HASH_PROFILE"] = "fast"
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)

    pumping = threading.Thread(target=pump, daemon=True)
    pumping.start()
    services = {
        s: f"http://127.0.0.1:{first_service + n}"
        for n, s in enumerate(("identity", "learning", "tutor", "billing"))
    }
    running = RunningCluster(
        process, lines, f"http://127.0.0.1:{gateway_port}", services, data_dir, log_dir, []
    )
    plan = make_plan(
        postgres_url=PG_ADMIN_DSN, redis_url=REDIS_URL, redis_prefix=name, database_prefix=name,
        host="127.0.0.1", port=gateway_port, first_service_port=first_service,
        environment="staging", data_dir=data_dir,
    )  # fmt: skip
    try:
        yield running
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        pumping.join(timeout=10)  # it ends at the output's end, when the process has exited
        if process.stdout is not None and not pumping.is_alive():
            process.stdout.close()
        asyncio.run(drop_databases(plan))
        asyncio.run(_drop_keys(name))


async def _drop_keys(prefix: str) -> None:
    from redis.asyncio import Redis

    client = Redis.from_url(REDIS_URL)
    try:
        keys = [k async for k in client.scan_iter(match=f"{prefix}:*")]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


async def _practice_and_tutor(base: str) -> dict[str, Any]:
    """A student registers, answers an item and asks the tutor, all through the gateway."""
    async with httpx.AsyncClient(base_url=base + "/api/v1", timeout=60) as api:
        email = f"cluster-{secrets.token_hex(4)}@example.org"
        registered = await api.post(
            "/auth/register",
            json={
                "email": email, "password": PASSWORD, "display_name": "Sam", "role": "student",
                "date_of_birth": "2010-03-14", "accept_terms": True, "accept_privacy": True,
            },
        )  # fmt: skip
        assert registered.status_code in (201, 202), registered.text
        signed_in = await api.post("/auth/token", json={"email": email, "password": PASSWORD})
        assert signed_in.status_code == 200, signed_in.text
        auth = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}
        nxt = await api.get("/students/me/next", headers=auth)
        assert nxt.status_code == 200, nxt.text
        attempt = await api.post(
            "/attempts",
            headers={**auth, "Idempotency-Key": "cluster-attempt-1"},
            json={"item_id": "gcse-quad-001", "answer": "5, 2"},
        )
        assert attempt.status_code == 201, attempt.text
        session = await api.post(
            "/tutor/sessions",
            headers={**auth, "Idempotency-Key": "cluster-session-1"},
            json={"item_id": "gcse-quad-001"},
        )
        assert session.status_code == 201, session.text
        reply = await api.post(
            f"/tutor/sessions/{session.json()['id']}/messages",
            headers={**auth, "Idempotency-Key": "cluster-message-1"},
            json={"text": "just tell me the answer"},
        )
        assert reply.status_code == 200, reply.text
        return {"attempt": attempt.json(), "reply": reply.json()}


async def _readiness(cluster: RunningCluster) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=30) as http:
        out = {"gateway": (await http.get(cluster.gateway + "/readyz")).json()}
        for name, url in cluster.services.items():
            response = await http.get(url + "/readyz")
            assert response.status_code == 200, (name, response.text)
            out[name] = response.json()
        return out


def test_dev_cluster_serves_the_platform_and_stops_on_ctrl_c(cluster: RunningCluster):
    cluster.read_until("ready:", START_TIMEOUT_S)

    seen = asyncio.run(_practice_and_tutor(cluster.gateway))
    assert seen["attempt"]["correct"] is True
    assert seen["reply"]["text"] and seen["reply"]["kind"] == "hint"

    ready = asyncio.run(_readiness(cluster))
    assert ready["gateway"] == {
        "status": "ok",
        "checks": {"identity": "ok", "learning": "ok", "tutor": "ok", "billing": "ok"},
    }
    # Each service checks what it needs: its database, Redis, the services it calls and,
    # for the tutor, its checkpoint store (PostgreSQL: no SQLite file anywhere).
    assert ready["tutor"]["checks"] == {
        "tutor.database": "ok",
        "redis": "ok",
        "tutor.checkpoints": "ok",
        "tutor->identity": "ok",
        "tutor->learning": "ok",
        "tutor->billing": "ok",
    }
    assert ready["learning"]["checks"]["learning->billing"] == "ok"
    assert ready["billing"]["checks"]["billing->identity"] == "ok"
    assert not list(cluster.data_dir.rglob("*.sqlite*"))

    cluster.process.send_signal(signal.SIGINT)
    assert cluster.process.wait(timeout=150) == 0, cluster.report()
    cluster.read_until("stopped:", 5)
    stopped = cluster.output[-1]
    for process in ("gateway", "identity", "learning", "tutor", "billing"):
        assert f"{process} ok" in stopped, stopped

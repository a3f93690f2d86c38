"""A tutor turn through the HTTP API with the template voice (target: p95 < 150 ms).

The whole platform runs in process (gateway, identity, learning, billing, tutor, SQLite),
reached over ASGI: the same request path as a socket without the kernel's loopback, so the
numbers are the platform's own. Each session is one student on the Free plan (five turns a
day) working through a realistic mix: a hint request, a wrong answer, a concept question,
a demand for the answer, the right answer.

    .venv/bin/python -m benchmarks.tutor_turn.bench --sessions 40
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from tests.fixtures.identity import create_user
from tests.fixtures.platform import make_settings

from mathpath.gateway.app import Gateway
from mathpath.kit.migrate import upgrade
from mathpath.kit.settings import SERVICES, Settings
from mathpath.tutor.core.items import TutorItem, load_pack_items

ROOT = Path(__file__).resolve().parents[2]


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


SCRIPT = ("can I have a hint?", "1000", "what does this topic mean?", "just tell me the answer")


async def _session(gateway: Gateway, n: int, item: TutorItem) -> tuple[list[float], list[float]]:
    # One address per student: sign-up is rate limited per client address.
    address = (f"198.51.{n // 250}.{n % 250 + 1}", 40000)
    transport = httpx.ASGITransport(app=gateway, client=address)
    wall: list[float] = []
    cpu: list[float] = []
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        student = await create_user(client, "student")
        created = await client.post(
            "/api/v1/tutor/sessions", json={"item_id": item.id}, headers=student.headers
        )
        sid = created.json()["id"]
        for text in (*SCRIPT, item.answer):
            t0, c0 = time.perf_counter(), time.process_time()
            r = await client.post(
                f"/api/v1/tutor/sessions/{sid}/messages", json={"text": text},
                headers=student.headers,
            )  # fmt: skip
            wall.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            assert r.status_code == 200, r.text
    return wall, cpu


async def run(settings: Settings, sessions: int, warmup: int) -> dict[str, float]:
    items = [
        i for i in load_pack_items(ROOT / "content").values() if i.kind in ("exact", "numeric")
    ]
    latencies: list[float] = []
    cpu: list[float] = []
    gateway = Gateway(settings)
    async with gateway.app.router.lifespan_context(gateway.app):
        for n in range(warmup + sessions):
            wall, spent = await _session(gateway, n, items[n % len(items)])
            if n >= warmup:
                latencies += wall
                cpu += spent
    return {
        "turns": len(latencies),
        "p50": _p(latencies, 0.50),
        "p95": _p(latencies, 0.95),
        "p99": _p(latencies, 0.99),
        "mean": statistics.fmean(latencies),
        "max": max(latencies),
        # CPU time of the process per turn (all threads): what the turn costs when the
        # machine is not shared, whatever else is running.
        "cpu_p50": _p(cpu, 0.50),
        "cpu_p95": _p(cpu, 0.95),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        # The production relay interval (the test fixtures poll ten times faster).
        settings = make_settings(Path(tmp), log_level="ERROR", outbox_poll_interval_s=0.5)
        for service in SERVICES:
            upgrade(service, settings.database_url(service))
        result = asyncio.run(run(settings, args.sessions, args.warmup))
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}")
    print(
        " ".join(f"{k}={v:.1f}" if isinstance(v, float) else f"{k}={v}" for k, v in result.items())
    )


if __name__ == "__main__":
    main()

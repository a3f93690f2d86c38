"""The practice loop at N students against the embedded platform, served as `make run` does.

    .venv/bin/python benchmarks/practice_loop/run.py [--students 200] [--seconds 60]
        [--think 2.0] [--port 8791]

1. A scratch data folder is migrated (`mathpath db upgrade`) and the whole platform is served
   by `mathpath serve` (the gateway with every service in one process, SQLite in WAL mode,
   the in-process bus), one uvicorn worker, as `make run` does.
2. `--students` students register and sign in through the gateway. Each student is a client
   of its own loopback address (127.0.1.x), as each student is a device of its own: the
   gateway's rate limits are per address.
3. For `--seconds`, every student runs the practice loop: `GET /api/v1/students/me/next`,
   then `POST /api/v1/attempts` on the item it recommends (70 % right answers, the rest a
   wrong one), then thinks for an exponentially distributed time of mean `--think` seconds.
4. Reported: requests, throughput, failures and the median, p90, p99 and max latency of each
   route, plus the load average before and after.

The only setting changed from `make run` is `MATHPATH_IDENTITY_PASSWORD_HASH_PROFILE=fast`:
it makes the set-up (200 registrations) quicker and touches neither measured route. The
server and this load generator share the machine's cores. No data set is needed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from mathpath.learning import catalog, practice
from mathpath.learning.content.schema import StaticItem

ROOT = Path(__file__).resolve().parents[2]
MATHPATH = Path(sys.executable).parent / "mathpath"
PASSWORD = "practice-Loop-Sunflower-42"
WRONG = "123456"


@dataclass
class Route:
    latencies: list[float] = field(default_factory=list)
    failures: dict[int, int] = field(default_factory=dict)

    def record(self, ms: float, status: int, ok: int) -> None:
        self.latencies.append(ms)
        if status != ok:
            self.failures[status] = self.failures.get(status, 0) + 1


async def timed(
    route: Route, ok: int, request: Coroutine[Any, Any, httpx.Response]
) -> httpx.Response | None:
    """Send `request`, recording its latency and status (0: the connection failed)."""
    start = time.perf_counter()
    try:
        response = await request
    except httpx.TransportError:
        route.record((time.perf_counter() - start) * 1000, 0, ok)
        return None
    route.record((time.perf_counter() - start) * 1000, response.status_code, ok)
    return response


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def answers() -> tuple[dict[tuple[str, int | None], str], list[str]]:
    """The right answer of each static item, and their ids (for 'lesson' or 'done')."""
    snap = catalog.read_pack(catalog.bundled_content_dir())
    curriculum = snap.curriculum()
    right: dict[tuple[str, int | None], str] = {}
    for item in curriculum.items.values():
        if isinstance(item, StaticItem) and item.answer is not None:
            right[(item.id, None)] = item.answer.value
    return right, sorted(i for i, _ in right)


def right_answer(item_id: str, seed: int | None, known: dict[tuple[str, int | None], str]) -> str:
    if (item_id, seed) in known:
        return known[(item_id, seed)]
    snap_items = _curriculum_items()
    item = snap_items.get(item_id)
    if item is None:
        return WRONG
    try:
        target = practice.target(item, seed, None)
    except Exception:  # multi-part: answer its first part
        parts = getattr(item, "parts", None) or []
        if not parts:
            return WRONG
        target = practice.target(item, seed, parts[0].id)
    known[(item_id, seed)] = target.answer.value
    return target.answer.value


_ITEMS: dict[str, object] = {}


def _curriculum_items() -> dict[str, object]:
    if not _ITEMS:
        snap = catalog.read_pack(catalog.bundled_content_dir())
        _ITEMS.update(snap.curriculum().items)
    return _ITEMS  # type: ignore[return-value]


def client_for(n: int, base_url: str) -> httpx.AsyncClient:
    address = f"127.0.{1 + n // 250}.{1 + n % 250}"
    # Idle connections are dropped before uvicorn's 5 s keep-alive closes them under us.
    limits = httpx.Limits(keepalive_expiry=3)
    transport = httpx.AsyncHTTPTransport(local_address=address, limits=limits)
    return httpx.AsyncClient(transport=transport, base_url=base_url, timeout=60)


async def _post_retrying(
    http: httpx.AsyncClient, path: str, body: dict[str, object]
) -> httpx.Response:
    """Set-up only: a 503 (busy) is sent again after its Retry-After, as a client would."""
    for _ in range(30):
        response = await http.post(path, json=body)
        if response.status_code != 503:
            return response
        SETUP_RETRIES.append(path)
        await asyncio.sleep(float(response.headers.get("retry-after", "1")))
    return response


SETUP_RETRIES: list[str] = []


async def sign_up(http: httpx.AsyncClient, n: int, run: str) -> str:
    email = f"student{n}-{run}@example.org"
    body: dict[str, object] = {
        "email": email,
        "password": PASSWORD,
        "display_name": f"Student {n}",
        "role": "student",
        "date_of_birth": "2010-03-14",
        "accept_terms": True,
        "accept_privacy": True,
    }
    response = await _post_retrying(http, "/api/v1/auth/register", body)
    if response.status_code not in (201, 202):
        raise RuntimeError(f"register: {response.status_code} {response.text[:300]}")
    credentials: dict[str, object] = {"email": email, "password": PASSWORD}
    response = await _post_retrying(http, "/api/v1/auth/token", credentials)
    if response.status_code != 200:
        raise RuntimeError(f"token: {response.status_code} {response.text[:300]}")
    return str(response.json()["access_token"])


async def student_loop(
    http: httpx.AsyncClient,
    token: str,
    deadline: float,
    think: float,
    rng: random.Random,
    routes: dict[str, Route],
    known: dict[tuple[str, int | None], str],
    fallback: list[str],
) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    await asyncio.sleep(rng.uniform(0, think))  # students do not all start at once
    while time.perf_counter() < deadline:
        response = await timed(
            routes["next"], 200, http.get("/api/v1/students/me/next", headers=auth)
        )
        item_id, seed = rng.choice(fallback), None
        if response is not None and response.status_code == 200 and response.json().get("item_id"):
            body = response.json()
            item_id, seed = body["item_id"], body.get("seed")
        answer = right_answer(item_id, seed, known) if rng.random() < 0.7 else WRONG
        payload = {"item_id": item_id, "answer": answer, "seed": seed}
        headers = {**auth, "Idempotency-Key": str(uuid.uuid4())}
        await timed(
            routes["attempts"], 201, http.post("/api/v1/attempts", json=payload, headers=headers)
        )
        await asyncio.sleep(rng.expovariate(1 / think) if think > 0 else 0)


def summary(name: str, route: Route, seconds: float) -> dict[str, object]:
    lat = route.latencies
    return {
        "route": name,
        "requests": len(lat),
        "per_s": round(len(lat) / seconds, 1),
        "p50_ms": round(statistics.median(lat), 1) if lat else None,
        "p90_ms": round(pct(lat, 0.90), 1) if lat else None,
        "p99_ms": round(pct(lat, 0.99), 1) if lat else None,
        "max_ms": round(max(lat), 1) if lat else None,
        "failures": route.failures,
    }


async def wait_ready(base_url: str, server: subprocess.Popen[bytes]) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=5) as http:
        for _ in range(600):
            if server.poll() is not None:
                raise RuntimeError(f"the server stopped (exit {server.returncode})")
            try:
                if (await http.get("/readyz")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError("the server did not become ready")


async def drive(args: argparse.Namespace, base_url: str) -> dict[str, object]:
    known, fallback = answers()
    run = uuid.uuid4().hex[:8]
    clients = [client_for(n, base_url) for n in range(args.students)]
    try:
        # One at a time by default: signing in needs two connections of identity's pool at
        # once (the request's and the throttle's own), so concurrent sign-ins can exhaust a
        # pool of two.
        sem = asyncio.Semaphore(args.signup_concurrency)

        async def one(n: int) -> str:
            async with sem:
                return await sign_up(clients[n], n, run)

        tokens = await asyncio.gather(*(one(n) for n in range(args.students)))
        routes = {"next": Route(), "attempts": Route()}
        load_before = os.getloadavg()
        started = time.perf_counter()
        deadline = started + args.seconds
        await asyncio.gather(
            *(
                student_loop(
                    clients[n],
                    tokens[n],
                    deadline,
                    args.think,
                    random.Random(n),
                    routes,
                    known,
                    fallback,
                )
                for n in range(args.students)
            )
        )
        elapsed = time.perf_counter() - started
        return {
            "students": args.students,
            "seconds": round(elapsed, 1),
            "think_s": args.think,
            "setup_503_retries": len(SETUP_RETRIES),
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in os.getloadavg()],
            "routes": [summary(name, route, elapsed) for name, route in routes.items()],
        }
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=2.0)
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--signup-concurrency", type=int, default=1)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="mp-practice-"))
    env = {
        **os.environ,
        "MATHPATH_DATA_DIR": str(folder / "var"),
        "MATHPATH_LOG_LEVEL": "WARNING",
        "MATHPATH_IDENTITY_PASSWORD_HASH_PROFILE": "fast",
    }
    try:
        subprocess.run([str(MATHPATH), "db", "upgrade"], env=env, cwd=ROOT, check=True)
        server = subprocess.Popen(
            [str(MATHPATH), "serve", "--port", str(args.port)], env=env, cwd=ROOT
        )
        try:
            base_url = f"http://127.0.0.1:{args.port}"
            asyncio.run(wait_ready(base_url, server))
            result = asyncio.run(drive(args, base_url))
        finally:
            server.terminate()
            server.wait(timeout=60)
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        print(json.dumps({"commit": commit, **result}, indent=2))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Attempt submission and recommendation latency through HTTP (uvicorn, one worker, SQLite).

    .venv/bin/python benchmarks/learning_http/run.py [--seconds 20] [--rate 25]

1. open loop: 50 students answering on average every 2 s (Poisson arrivals, `--rate` per
   second in total) for `--seconds`; median and 99th percentile latency of
   `POST /api/v1/attempts`;
2. saturation: `--concurrency` clients in a closed loop on attempts, then on a bare route
   that reads one row through the same database layer, in the same run;
3. `GET /api/v1/students/me/next` for a student with 10,000 attempts over the curriculum's
   skills (sequential requests, median and p95).

The server and this load generator share the machine's 2 cores. No data set is needed; the
bundled content pack is published into a scratch database.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm

from mathpath.access import AUDIENCE, ISSUER
from mathpath.kit.ids import new_id

ROOT = Path(__file__).resolve().parents[2]
PORT = 8765
KID = "bench"
FAILURES: list[int] = []  # statuses of attempts that were not recorded (201)


def token(key: Ed25519PrivateKey, user_id: str) -> str:
    now = int(time.time())
    claims = {
        "sub": user_id,
        "roles": ["student"],
        "iss": ISSUER,
        "aud": AUDIENCE,
        "iat": now,
        "nbf": now,
        "exp": now + 3600,
        "amr": ["pwd"],
    }
    return jwt.encode(claims, key, algorithm="EdDSA", headers={"kid": KID})


async def prepare(data_dir: Path, heavy_student: str, history: int) -> list[tuple[str, str]]:
    """Migrate, publish the bundled pack, give one student a long history; returns items."""
    os.environ["MATHPATH_DATA_DIR"] = str(data_dir)
    from mathpath.kit.migrate import upgrade
    from mathpath.kit.settings import Settings
    from mathpath.learning import catalog
    from mathpath.learning.app import create_app
    from mathpath.learning.content.schema import StaticItem
    from mathpath.learning.models import Attempt, Mastery

    # Alembic runs its own event loop: migrate from a worker thread.
    await asyncio.to_thread(upgrade, "learning", Settings().database_url("learning"))
    ctx = create_app().state.ctx
    snap = catalog.read_pack(catalog.bundled_content_dir())
    curriculum = snap.curriculum()
    async with ctx.db.transaction() as session:
        await catalog.publish(ctx, session, snap)
    items = [
        (i.id, i.answer.value)
        for i in curriculum.items.values()
        if isinstance(i, StaticItem) and i.answer is not None and i.answer.kind == "numeric"
    ]
    rng = random.Random(7)
    skills = list(curriculum.skills)
    start = datetime.now(UTC) - timedelta(days=200)
    async with ctx.db.transaction() as session:
        for n in range(history):
            skill = skills[n % len(skills)]
            item_ids = curriculum.items_by_skill.get(skill) or [items[0][0]]
            correct = rng.random() < 0.7
            session.add(
                Attempt(
                    id=new_id(),
                    student_id=heavy_student,
                    idempotency_key=f"seed-{n}",
                    request_hash="",
                    content_version_id=curriculum.version_id,
                    item_id=item_ids[n % len(item_ids)],
                    seed=None,
                    part=None,
                    skills=[skill],
                    answer="1",
                    status="correct" if correct else "incorrect",
                    correct=correct,
                    misconception=None,
                    hints_used=0,
                    hints_available=3,
                    saw_solution=False,
                    tutor_help=False,
                    duration_ms=20_000,
                    answered_at=start + timedelta(minutes=n * 20),
                    recorded_at=start,
                    offline=False,
                    result={},
                )
            )
        for n, skill in enumerate(skills):
            session.add(
                Mastery(
                    student_id=heavy_student,
                    skill_id=skill,
                    p_known=0.3 + 0.65 * (n % 10) / 10,
                    attempts=100,
                    correct=70,
                    mastered_at=None,
                    last_attempt_at=start,
                )
            )
    await ctx.db.dispose()
    return items


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def submit(http: httpx.AsyncClient, bearer: str, item: tuple[str, str], right: bool) -> float:
    body = {"item_id": item[0], "answer": item[1] if right else "123456"}
    headers = {"Authorization": f"Bearer {bearer}", "Idempotency-Key": str(uuid.uuid4())}
    start = time.perf_counter()
    response = await http.post("/api/v1/attempts", json=body, headers=headers)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 201:
        FAILURES.append(response.status_code)
    return elapsed


async def open_loop(http, tokens, items, rate: float, seconds: float) -> list[float]:  # type: ignore[no-untyped-def]
    rng = random.Random(1)
    tasks = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        tasks.append(
            asyncio.create_task(
                submit(http, rng.choice(tokens), rng.choice(items), rng.random() < 0.7)
            )
        )
        await asyncio.sleep(rng.expovariate(rate))
    return list(await asyncio.gather(*tasks))


async def closed_loop(call, concurrency: int, seconds: float) -> float:  # type: ignore[no-untyped-def]
    done = 0
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            await call()
            done += 1

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return done / (time.perf_counter() - start)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rate", type=float, default=25)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--history", type=int, default=10_000)
    args = parser.parse_args()
    key = Ed25519PrivateKey.generate()
    jwk = json.loads(OKPAlgorithm.to_jwk(key.public_key()))
    jwk.update({"kid": KID, "alg": "EdDSA", "use": "sig"})
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "var"
        (Path(tmp) / "jwks.json").write_text(json.dumps({"keys": [jwk]}))
        heavy = "heavy-student"
        items = await prepare(data_dir, heavy, args.history)
        env = {
            **os.environ,
            "MATHPATH_DATA_DIR": str(data_dir),
            "BENCH_JWKS": str(Path(tmp) / "jwks.json"),
            "MATHPATH_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
            # Not running: tokens are verified with the preloaded key, never fetched.
            "MATHPATH_IDENTITY_URL": "http://127.0.0.1:9",
            "MATHPATH_BILLING_URL": "http://127.0.0.1:9",
        }
        server = subprocess.Popen(  # noqa: ASYNC220 - started once, before any timing
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "benchmarks.learning_http.server:create",
                "--port",
                str(PORT),
                "--log-level",
                "warning",
                "--no-access-log",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            async with httpx.AsyncClient(
                base_url=f"http://127.0.0.1:{PORT}",
                timeout=30,
                limits=httpx.Limits(max_connections=200),
            ) as http:
                for _ in range(200):
                    try:
                        if (await http.get("/readyz")).status_code == 200:
                            break
                    except httpx.TransportError:
                        pass
                    await asyncio.sleep(0.2)
                tokens = [token(key, f"student-{n}") for n in range(50)]
                for n in range(20):  # warm up
                    await submit(http, tokens[n % 50], items[n % len(items)], True)
                FAILURES.clear()
                lat = await open_loop(http, tokens, items, args.rate, args.seconds)
                print(f"open loop failures: {len(FAILURES)} {sorted(set(FAILURES))}")
                print(
                    f"open loop {len(lat)} attempts at {args.rate}/s: "
                    f"median {statistics.median(lat):.1f} ms, p99 {pct(lat, 0.99):.1f} ms, "
                    f"max {max(lat):.1f} ms"
                )
                rng = random.Random(2)

                async def attempt() -> None:
                    await submit(http, rng.choice(tokens), rng.choice(items), rng.random() < 0.7)

                async def bare() -> None:
                    r = await http.get("/api/v1/learning/bench/one-row")
                    r.raise_for_status()

                FAILURES.clear()
                sat = await closed_loop(attempt, args.concurrency, 10)
                print(f"saturation failures: {len(FAILURES)} {sorted(set(FAILURES))}")
                floor = await closed_loop(bare, args.concurrency, 10)
                print(
                    f"saturation ({args.concurrency} clients): attempts {sat:.0f}/s, "
                    f"bare one-row route {floor:.0f}/s"
                )
                heavy_token = token(key, heavy)
                times = []
                for _ in range(100):
                    start = time.perf_counter()
                    r = await http.get(
                        "/api/v1/students/me/next",
                        headers={"Authorization": f"Bearer {heavy_token}"},
                    )
                    r.raise_for_status()
                    times.append((time.perf_counter() - start) * 1000)
                print(
                    f"next ({args.history} attempts, {len(items)} numeric items): median "
                    f"{statistics.median(times):.1f} ms, p95 {pct(times, 0.95):.1f} ms; "
                    f"reason: {r.json()['reason']}"
                )
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    asyncio.run(main())

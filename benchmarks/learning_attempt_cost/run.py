"""What one online attempt costs the learning service: SQL statements and CPU time.

    .venv/bin/python benchmarks/learning_attempt_cost/run.py [--attempts 300] [--students 20]

The learning app runs in this process (ASGI, no socket, SQLite in a scratch folder, the
bundled content pack). After a warm-up, `--attempts` sequential `POST /api/v1/attempts`
(numeric static items, 70% right, spread over `--students` students) are sent; a SQLAlchemy
`before_cursor_execute` listener counts the statements each one runs, and
`time.process_time()` over the loop gives CPU time per attempt (this process: HTTP, auth,
checking, ORM, SQLite; the maths worker processes are not counted, and these checks stay
in-process). Counts are exact on any machine; CPU time varies with the machine, not its load.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm
from sqlalchemy import event

from mathpath.access import AUDIENCE, ISSUER

KID = "bench"


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


def kind(statement: str) -> str:
    """A short label: verb and table (SELECT attempts, INSERT mastery, UPDATE abilities...)."""
    text = " ".join(statement.split())
    verb = text.split(" ", 1)[0].upper()
    table = re.search(r"\b(?:FROM|INTO|UPDATE)\s+\"?(\w+)", text, re.I)
    return f"{verb} {table.group(1) if table else ''}".strip()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--attempts", type=int, default=300)
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--history", type=int, default=2000, help="answers before each sync")
    parser.add_argument("--syncs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["MATHPATH_DATA_DIR"] = str(Path(tmp) / "var")
        os.environ.setdefault("MATHPATH_LOG_LEVEL", "WARNING")
        # Not running: tokens are verified with the preloaded key, never fetched.
        os.environ["MATHPATH_IDENTITY_URL"] = "http://127.0.0.1:9"
        os.environ["MATHPATH_BILLING_URL"] = "http://127.0.0.1:9"
        from mathpath.access import token_verifier
        from mathpath.kit.migrate import upgrade
        from mathpath.kit.settings import Settings
        from mathpath.learning import catalog
        from mathpath.learning.app import create_app
        from mathpath.learning.content.schema import StaticItem

        await asyncio.to_thread(upgrade, "learning", Settings().database_url("learning"))
        app = create_app()
        ctx = app.state.ctx
        key = Ed25519PrivateKey.generate()
        jwk = json.loads(OKPAlgorithm.to_jwk(key.public_key()))
        jwk.update({"kid": KID, "alg": "EdDSA", "use": "sig"})
        token_verifier(ctx.runtime).load({"keys": [jwk]})
        async with app.router.lifespan_context(app):
            curriculum = catalog.current(ctx)
            items = [
                (i.id, i.answer.value)
                for i in curriculum.items.values()
                if isinstance(i, StaticItem)
                and i.answer is not None
                and i.answer.kind == "numeric"
                and i.answer.units is None
            ][:40]
            bearers = [token(key, str(uuid.uuid4())) for _ in range(args.students)]
            statements: list[str] = []

            def count(_conn: Any, _cursor: Any, sql: str, *_rest: Any) -> None:
                statements.append(sql)

            event.listen(ctx.db.engine.sync_engine, "before_cursor_execute", count)
            rng = random.Random(7)
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:

                async def one() -> int:
                    item_id, value = rng.choice(items)
                    body = {"item_id": item_id, "answer": value if rng.random() < 0.7 else "999"}
                    headers = {
                        "Authorization": f"Bearer {rng.choice(bearers)}",
                        "Idempotency-Key": str(uuid.uuid4()),
                    }
                    before = len(statements)
                    response = await http.post("/api/v1/attempts", json=body, headers=headers)
                    assert response.status_code == 201, response.text
                    return len(statements) - before

                for _ in range(args.warmup):
                    await one()
                mark = len(statements)
                cpu = time.process_time()
                wall = time.perf_counter()
                counts = [await one() for _ in range(args.attempts)]
                cpu = time.process_time() - cpu
                wall = time.perf_counter() - wall
                end = len(statements)
                kinds = Counter(kind(s) for s in statements[mark:end])
                sync_counts, sync_cpu = await syncs(ctx, http, key, items, args, statements)
    print(f"attempts: {args.attempts} over {args.students} students (after {args.warmup} warm-up)")
    print(
        f"SQL statements per attempt: mean {statistics.mean(counts):.2f}, "
        f"min {min(counts)}, max {max(counts)}"
    )
    print(f"CPU time per attempt: {cpu / args.attempts * 1000:.2f} ms (process_time)")
    print(f"(wall time per attempt, for reference only: {wall / args.attempts * 1000:.2f} ms)")
    for label, n in kinds.most_common():
        print(f"  {n / args.attempts:6.2f}  {label}")
    print(
        f"offline sync of 5 answers older than a history of {args.history} answers "
        f"(rebuild of the model), {args.syncs} syncs: {statistics.mean(sync_counts):.1f} "
        f"statements, {sync_cpu / args.syncs * 1000:.1f} ms CPU per sync"
    )


async def syncs(  # type: ignore[no-untyped-def]
    ctx, http, key, items, args, statements: list[str]
) -> tuple[list[int], float]:
    """Each sync brings answers older than the student's whole history: a full rebuild."""
    from datetime import UTC, datetime, timedelta

    from mathpath.kit.ids import new_id
    from mathpath.learning.models import Attempt

    student = str(uuid.uuid4())
    bearer = token(key, student)
    start = datetime.now(UTC) - timedelta(days=400)
    rng = random.Random(3)
    async with ctx.db.transaction() as session:
        for n in range(args.history):
            item_id = items[n % len(items)][0]
            correct = rng.random() < 0.7
            session.add(
                Attempt(
                    id=new_id(), student_id=student, idempotency_key=f"h-{n}", request_hash="",
                    content_version_id="bench", item_id=item_id, seed=None, part=None,
                    skills=list(ctx_skills(ctx, item_id)), answer="1",
                    status="correct" if correct else "incorrect", correct=correct,
                    misconception=None, hints_used=0, hints_available=3, saw_solution=False,
                    tutor_help=False, duration_ms=None, recorded_at=start, offline=False,
                    answered_at=start + timedelta(days=10, minutes=n), result={},
                )
            )  # fmt: skip
    counts: list[int] = []
    cpu = time.process_time()
    for n in range(args.syncs):
        batch = [
            {
                "client_id": f"sync-{n}-{m}",
                "item_id": items[m][0],
                "answer": items[m][1],
                "answered_at": (start + timedelta(days=n, minutes=m)).isoformat(),
            }
            for m in range(5)
        ]
        before = len(statements)
        response = await http.post(
            "/api/v1/attempts/sync",
            json={"attempts": batch},
            headers={"Authorization": f"Bearer {bearer}"},
        )
        assert response.status_code == 200, response.text
        counts.append(len(statements) - before)
    return counts, time.process_time() - cpu


def ctx_skills(ctx: Any, item_id: str) -> list[str]:
    from mathpath.learning import catalog

    return list(catalog.current(ctx).items[item_id].skills)


if __name__ == "__main__":
    asyncio.run(main())

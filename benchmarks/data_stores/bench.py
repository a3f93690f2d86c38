# ruff: noqa: B023 - each lambda is awaited within its own loop iteration
"""Each document-store adapter against its SQL counterpart: latency (p50/p95) of the main
operations, and for the tutor's vector index the recall@10 against exact search.

    .venv/bin/python -m benchmarks.data_stores.bench [--rounds 200] [--pg postgresql://...]

Servers: SQLite files in a temporary folder; PostgreSQL at 127.0.0.1:5432 (a throwaway
database, dropped afterwards); MongoDB-wire: SecantusDB's `secantusd-py`; Firestore:
Google's emulator (Java); Pinecone: the adapter over HTTP against the tests' local fake of
its data-plane API (brute force: it says what the adapter and HTTP cost, not what
Pinecone's service costs, and its recall is exact by construction). pgvector is measured
in benchmarks/tutor_search.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import secrets
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy.ext.asyncio import AsyncSession
from tests.fixtures.documents import firestore_emulator_at, secantus_server
from tests.local_server import served
from tests.tutor.fake_pinecone import API_KEY, FakePineconeIndex

from mathpath.identity.models import User
from mathpath.identity.profiles import FirestoreProfileStore, SqlProfileStore, profile_of
from mathpath.kit.db import Database
from mathpath.kit.firestore import firestore_client
from mathpath.kit.migrate import upgrade
from mathpath.kit.mongo import mongo_database
from mathpath.learning import catalog
from mathpath.learning.documents.firestore import FirestoreProgressStore
from mathpath.learning.documents.mongo import (
    MongoAttemptEventLog,
    MongoContentVersionStore,
    MongoFeedbackNoteStore,
    setup_learning_collections,
)
from mathpath.learning.documents.ports import AttemptEvent, Note, SkillProgress
from mathpath.learning.documents.sql import (
    SqlAttemptEventLog,
    SqlContentVersionStore,
    SqlFeedbackNoteStore,
    SqlProgressStore,
)
from mathpath.learning.models import Attempt, Mastery
from mathpath.tutor.evaluation.retrieval import recall_at
from mathpath.tutor.retrieval.embedders import HashingEmbedder
from mathpath.tutor.retrieval.exact import ExactVectorIndex
from mathpath.tutor.retrieval.hybrid import HybridRetriever
from mathpath.tutor.retrieval.lexical import Fts5LexicalIndex
from mathpath.tutor.retrieval.passages import Filters, curriculum_passages
from mathpath.tutor.retrieval.pinecone_index import PineconeVectorIndex

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "evals" / "tutor" / "retrieval.jsonl"
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
Rows = list[dict[str, Any]]


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def timed(fn: Callable[[int], Awaitable[Any]], rounds: int) -> tuple[float, float]:
    """p50 and p95 wall time of `fn(i)` in milliseconds, after 5 warm-up calls."""
    for i in range(5):
        await fn(-1 - i)
    times = []
    for i in range(rounds):
        start = time.perf_counter()
        await fn(i)
        times.append((time.perf_counter() - start) * 1000)
    return _p(times, 0.5), _p(times, 0.95)


@dataclass
class Backends:
    sql: dict[str, tuple[str, str]]  # "SQLite" / "PostgreSQL" -> (learning, identity) URLs
    mongo: str  # base URL
    firestore: str  # emulator host


@asynccontextmanager
async def sql_session(url: str) -> AsyncIterator[AsyncSession]:
    """A session whose writes are committed (as a request's would be) at each flush."""
    database = Database(url)
    try:
        async with database.sessionmaker() as session:
            yield session
    finally:
        await database.engine.dispose()


def note(i: int, student: str) -> Note:
    return Note(
        id=f"n-{secrets.token_hex(6)}",
        idempotency_key=f"k-{secrets.token_hex(6)}",
        student_id=student,
        author_id="teacher-1",
        author_role="teacher",
        body="Watch the signs when you collect like terms.",
        skill_id="alg.solve-linear",
        created_at=T0 + timedelta(seconds=i),
    )


def attempt(i: int, student: str) -> AttemptEvent:
    return AttemptEvent(
        attempt_id=f"a-{secrets.token_hex(8)}",
        student_id=student,
        item_id=f"item-{i % 40}",
        skills=("alg.solve-linear",),
        status="correct" if i % 3 else "incorrect",
        correct=bool(i % 3),
        misconception=None,
        hints_used=i % 2,
        answered_at=T0 + timedelta(minutes=21 * i),
    )


def _attempt_row(e: AttemptEvent) -> Attempt:
    return Attempt(
        id=e.attempt_id,
        student_id=e.student_id,
        idempotency_key=e.attempt_id,
        request_hash="0" * 64,
        content_version_id="v",
        item_id=e.item_id,
        seed=None,
        part=None,
        skills=list(e.skills),
        answer="x",
        status=e.status,
        correct=e.correct,
        misconception=None,
        hints_used=e.hints_used,
        hints_available=3,
        saw_solution=False,
        tutor_help=False,
        duration_ms=1000,
        answered_at=e.answered_at,
        recorded_at=e.answered_at,
        offline=False,
        result={},
    )


async def bench_learning(b: Backends, rounds: int, rows: Rows) -> None:
    snap = catalog.read_pack(catalog.bundled_content_dir())
    window = (T0, T0 + timedelta(days=30))
    for name, (url, _) in b.sql.items():
        async with sql_session(url) as s:
            content = SqlContentVersionStore(s)
            start = time.perf_counter()
            version = await content.insert(snap, T0)
            await s.commit()
            publish = (time.perf_counter() - start) * 1000
            p50, p95 = await timed(lambda _i: content.load(version), max(10, rounds // 10))
            rows.append(
                _row(
                    "content version",
                    "load the curriculum",
                    name,
                    p50,
                    p95,
                    f"publish once: {publish:.0f} ms",
                )
            )
            notes = SqlFeedbackNoteStore(s)

            async def add_sql(i: int, notes: SqlFeedbackNoteStore = notes, s: Any = s) -> None:
                await notes.add(note(i, f"stu-{i % 50}"))
                await s.commit()

            rows.append(_row("feedback note", "add (commit)", name, *await timed(add_sql, rounds)))
            p50, p95 = await timed(lambda i: notes.for_student(f"stu-{i % 50}", 20), rounds)
            rows.append(_row("feedback note", "newest 20 of a student", name, p50, p95))
            log = SqlAttemptEventLog(s)
            s.add_all(_attempt_row(attempt(i, f"stu-{i % 20}")) for i in range(2000))
            await s.commit()
            p50, p95 = await timed(lambda i: log.between(f"stu-{i % 20}", *window), rounds)
            rows.append(_row("attempt log", "a student's 30 days (~100 attempts)", name, p50, p95))
            p50, p95 = await timed(lambda i: log.daily_counts(f"stu-{i % 20}", *window), rounds)
            rows.append(_row("attempt log", "attempts per day over 30 days", name, p50, p95))
    client, db = mongo_database(f"{b.mongo}/bench_{secrets.token_hex(4)}", "x")
    try:
        await setup_learning_collections(db)
        mcontent = MongoContentVersionStore(db)
        start = time.perf_counter()
        mversion = await mcontent.insert(snap, T0)
        publish = (time.perf_counter() - start) * 1000
        p50, p95 = await timed(lambda _i: mcontent.load(mversion), max(10, rounds // 10))
        rows.append(
            _row(
                "content version",
                "load the curriculum",
                "MongoDB (SecantusDB)",
                p50,
                p95,
                f"publish once: {publish:.0f} ms",
            )
        )
        mnotes = MongoFeedbackNoteStore(db)
        p50, p95 = await timed(lambda i: mnotes.add(note(i, f"stu-{i % 50}")), rounds)
        rows.append(_row("feedback note", "add (commit)", "MongoDB (SecantusDB)", p50, p95))
        p50, p95 = await timed(lambda i: mnotes.for_student(f"stu-{i % 50}", 20), rounds)
        rows.append(
            _row("feedback note", "newest 20 of a student", "MongoDB (SecantusDB)", p50, p95)
        )
        mlog = MongoAttemptEventLog(db)
        p50, p95 = await timed(lambda i: mlog.append(attempt(i, f"stu-{i % 20}")), rounds)
        rows.append(
            _row("attempt log", "append one event (feed)", "MongoDB (SecantusDB)", p50, p95)
        )
        for i in range(2000 - rounds):
            await mlog.append(attempt(i, f"stu-{i % 20}"))
        p50, p95 = await timed(lambda i: mlog.between(f"stu-{i % 20}", *window), rounds)
        rows.append(
            _row(
                "attempt log",
                "a student's 30 days (~100 attempts)",
                "MongoDB (SecantusDB)",
                p50,
                p95,
            )
        )
        p50, p95 = await timed(lambda i: mlog.daily_counts(f"stu-{i % 20}", *window), rounds)
        rows.append(
            _row("attempt log", "attempts per day over 30 days", "MongoDB (SecantusDB)", p50, p95)
        )
    finally:
        await client.close()


async def bench_firestore(b: Backends, rounds: int, rows: Rows) -> None:
    skills = [f"skill.s{k}" for k in range(30)]
    users = [
        User(
            id=f"user-{i:04d}",
            email=f"u{i}@example.org",
            display_name=f"User {i}",
            role="teacher" if i % 10 == 0 else "student",
            status="active",
            created_at=T0,
            updated_at=T0,
        )
        for i in range(200)
    ]
    for name, (url, identity_url) in b.sql.items():
        async with sql_session(identity_url) as s:
            s.add_all(users)
            await s.commit()
            profiles = SqlProfileStore(s)
            s.expunge_all()  # every get below reads the row (not the session's identity map)

            async def get_fresh(i: int, profiles: SqlProfileStore = profiles, s: Any = s) -> None:
                s.expunge_all()
                await profiles.get(f"user-{i % 200:04d}")

            rows.append(_row("profile", "get one", name, *await timed(get_fresh, rounds)))
            p50, p95 = await timed(lambda _i: profiles.with_role("teacher"), rounds)
            rows.append(_row("profile", "all teachers (20)", name, p50, p95))
        async with sql_session(url) as s:
            s.add_all(
                Mastery(
                    student_id=f"stu-{i}",
                    skill_id=k,
                    p_known=0.5,
                    attempts=3,
                    correct=2,
                    mastered_at=T0 if (i + j) % 4 == 0 else None,
                    last_attempt_at=T0,
                )
                for i in range(100)
                for j, k in enumerate(skills)
            )
            await s.commit()
            progress = SqlProgressStore(s)
            p50, p95 = await timed(lambda i: progress.get(f"stu-{i % 100}"), rounds)
            rows.append(_row("progress snapshot", "a student's 30 skills", name, p50, p95))
            p50, p95 = await timed(lambda i: progress.mastered_by(skills[i % 30]), rounds)
            rows.append(
                _row("progress snapshot", "who mastered a skill (25 of 100)", name, p50, p95)
            )
    fs = firestore_client(f"demo-bench-{secrets.token_hex(4)}", emulator_host=b.firestore)
    try:
        fprofiles = FirestoreProfileStore(fs)

        async def put_profile(i: int) -> None:
            profile = profile_of(users[i % 200])
            assert profile is not None
            await fprofiles.put(profile)

        p50, p95 = await timed(put_profile, rounds)
        rows.append(
            _row("profile", "put one (transaction, feed)", "Firestore (emulator)", p50, p95)
        )
        p50, p95 = await timed(lambda i: fprofiles.get(f"user-{i % 200:04d}"), rounds)
        rows.append(_row("profile", "get one", "Firestore (emulator)", p50, p95))
        p50, p95 = await timed(lambda _i: fprofiles.with_role("teacher"), rounds)
        rows.append(_row("profile", "all teachers (20)", "Firestore (emulator)", p50, p95))
        fprogress = FirestoreProgressStore(fs)
        for i in range(100):
            await fprogress.apply(
                f"seed-{i}",
                f"stu-{i}",
                [SkillProgress(k, 0.5, (i + j) % 4 == 0) for j, k in enumerate(skills)],
                T0,
            )

        async def apply(i: int) -> None:
            await fprogress.apply(
                f"e{i}",
                f"stu-{i % 100}",
                [SkillProgress(skills[i % 30], 0.6, False)],
                T0 + timedelta(seconds=i + 10),
            )

        p50, p95 = await timed(apply, rounds)
        rows.append(
            _row(
                "progress snapshot",
                "apply one event (transaction, feed)",
                "Firestore (emulator)",
                p50,
                p95,
            )
        )
        p50, p95 = await timed(lambda i: fprogress.get(f"stu-{i % 100}"), rounds)
        rows.append(
            _row("progress snapshot", "a student's 30 skills", "Firestore (emulator)", p50, p95)
        )
        p50, p95 = await timed(lambda i: fprogress.mastered_by(skills[(i % 15) * 2 + 1]), rounds)
        rows.append(
            _row(
                "progress snapshot",
                "who mastered a skill (25 of 100)",
                "Firestore (emulator)",
                p50,
                p95,
            )
        )
    finally:
        fs.close()


async def bench_vectors(rounds: int, rows: Rows) -> dict[str, float]:
    embedder = HashingEmbedder()
    passages = curriculum_passages(ROOT / "content")
    vectors = embedder.embed([f"{p.title}\n{p.text}" for p in passages])
    labelled = [json.loads(line) for line in QUERIES.read_text().splitlines() if line]
    queries = embedder.embed([r["query"] for r in labelled])
    exact = ExactVectorIndex(embedder.dimension)
    await exact.upsert(passages, vectors)
    fake = FakePineconeIndex(embedder.dimension)
    quality: dict[str, float] = {}
    async with served(fake.app) as host:
        pc = PineconeVectorIndex(host, API_KEY, embedder.dimension)
        await pc.setup()
        try:
            start = time.perf_counter()
            await pc.upsert(passages, vectors)
            upsert_s = time.perf_counter() - start
            filters = Filters(levels=("ks3",), audiences=("student",))
            for name, index in (
                ("exact, in process", exact),
                ("Pinecone (adapter + local fake)", pc),
            ):
                p50, p95 = await timed(
                    lambda i, ix=index: ix.search(queries[i % len(queries)], 10), rounds
                )
                rows.append(_row("vector index", "top 10", name, p50, p95))
                p50, p95 = await timed(
                    lambda i, ix=index: ix.search(queries[i % len(queries)], 10, filters), rounds
                )
                rows.append(_row("vector index", "top 10, level filter", name, p50, p95))
            p50, p95 = await timed(
                lambda i: pc.hybrid_search(
                    queries[i % len(queries)], labelled[i % len(labelled)]["query"], 10
                ),
                rounds,
            )
            rows.append(
                _row(
                    "vector index",
                    "top 10, sparse-dense query",
                    "Pinecone (adapter + local fake)",
                    p50,
                    p95,
                    f"upsert {len(passages)} passages: {upsert_s:.1f} s",
                )
            )
            found = total = 0
            for q in queries:
                truth = {pid for pid, _ in await exact.search(q, 10)}
                found += len(truth & {pid for pid, _ in await pc.search(q, 10)})
                total += len(truth)
            quality["pinecone recall@10 vs exact"] = found / total
            by_id = {p.id: p for p in passages}
            rrf = HybridRetriever(embedder, exact, Fts5LexicalIndex(), dense_weight=0.3)
            await rrf.add_embedded(passages, vectors)
            sums = {
                "dense": 0.0,
                "sparse-dense (Pinecone, alpha 0.5)": 0.0,
                "RRF: FTS5 + dense (embedded default)": 0.0,
            }
            for row, q in zip(labelled, queries, strict=True):
                relevant = set(row["relevant_sources"])
                n = sum(1 for p in passages if p.source in relevant)
                dense = [by_id[pid] for pid, _ in await pc.search(q, 5)]
                hybrid = [by_id[pid] for pid, _ in await pc.hybrid_search(q, row["query"], 5)]
                fused = [h.passage for h in await rrf.search(row["query"], 5)]
                sums["dense"] += recall_at(dense, relevant, 5, n)
                sums["sparse-dense (Pinecone, alpha 0.5)"] += recall_at(hybrid, relevant, 5, n)
                sums["RRF: FTS5 + dense (embedded default)"] += recall_at(fused, relevant, 5, n)
            for key, value in sums.items():
                quality[f"recall@5 {key}"] = value / len(labelled)
        finally:
            await pc.aclose()
    return quality


def _commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    )
    return done.stdout.strip()


def _row(
    store: str, op: str, adapter: str, p50: float, p95: float, note: str = ""
) -> dict[str, Any]:
    print(
        f"{store:18} {op:40} {adapter:32} p50 {p50:7.2f} ms  p95 {p95:7.2f} ms  {note}", flush=True
    )
    return {
        "store": store,
        "operation": op,
        "adapter": adapter,
        "p50_ms": p50,
        "p95_ms": p95,
        "note": note,
    }


async def _pg_database(admin: str, stack: AsyncExitStack) -> str:
    name = "mathpath_bench_" + secrets.token_hex(4)
    conn = await asyncpg.connect(admin)
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()

    async def drop() -> None:
        c = await asyncpg.connect(admin)
        await c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await c.close()

    stack.push_async_callback(drop)
    return f"postgresql+asyncpg://{admin.split('://', 1)[1].rsplit('/', 1)[0]}/{name}"


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument(
        "--only", choices=["learning", "firestore", "vectors"], action="append", default=None
    )
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("last_run.json"))
    args = parser.parse_args()
    rows: Rows = []
    commit = await asyncio.to_thread(_commit)
    print(
        f"{platform.node()} {platform.python_version()} cores={os.cpu_count()} commit={commit}"
        f" load={os.getloadavg()} {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )
    with tempfile.TemporaryDirectory(prefix="mp-bench-") as tmp:
        folder = Path(tmp)
        (folder / "mongo").mkdir()
        (folder / "fs").mkdir()
        async with AsyncExitStack() as stack:
            lite = {
                s: f"sqlite+aiosqlite:///{folder / f'{s}.sqlite'}" for s in ("learning", "identity")
            }
            pg = {s: await _pg_database(args.pg, stack) for s in ("learning", "identity")}
            for service in ("learning", "identity"):
                await asyncio.to_thread(upgrade, service, lite[service])
                await asyncio.to_thread(upgrade, service, pg[service])
            sql = {
                "SQLite": (lite["learning"], lite["identity"]),
                "PostgreSQL": (pg["learning"], pg["identity"]),
            }
            mongo = stack.enter_context(secantus_server(folder / "mongo"))
            firestore = stack.enter_context(firestore_emulator_at(folder / "fs"))
            backends = Backends(sql, mongo, firestore)
            only = set(args.only or ["learning", "firestore", "vectors"])
            quality: dict[str, float] = {}
            if "learning" in only:
                await bench_learning(backends, args.rounds, rows)
            if "firestore" in only:
                await bench_firestore(backends, args.rounds, rows)
            if "vectors" in only:
                quality = await bench_vectors(args.rounds, rows)
    for key, value in quality.items():
        print(f"{key}: {value:.3f}")
    args.out.write_text(json.dumps({"commit": commit, "rows": rows, "quality": quality}, indent=1))


if __name__ == "__main__":
    asyncio.run(main())

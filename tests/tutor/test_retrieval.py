from pathlib import Path

import numpy as np
import pytest

from mathpath.tutor.config import TutorSettings
from mathpath.tutor.engine import TutorEngine
from mathpath.tutor.retrieval.embedders import HashingEmbedder
from mathpath.tutor.retrieval.exact import ExactVectorIndex
from mathpath.tutor.retrieval.hybrid import HybridRetriever, reciprocal_rank_fusion
from mathpath.tutor.retrieval.lexical import Fts5LexicalIndex, fts_query
from mathpath.tutor.retrieval.passages import Filters, Passage
from tests.fixtures.tutor import CONTENT_DIR


def test_rrf_rewards_agreement_between_rankings() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "c", "a"]])
    assert fused[0] == "b"
    assert set(fused) == {"a", "b", "c"}


def test_hashing_embedder_gives_unit_vectors_and_similar_texts_closer() -> None:
    e = HashingEmbedder()
    v = e.embed(
        ["the discriminant of a quadratic", "discriminant of quadratics", "ratio of sweets"]
    )
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > v[0] @ v[2]


def test_student_text_cannot_inject_fts_syntax() -> None:
    assert fts_query('x2" OR body:* NEAR(') == '"x2" OR "or" OR "body" OR "near"'


async def _retriever(passages: list[Passage]) -> HybridRetriever:
    e = HashingEmbedder()
    r = HybridRetriever(e, ExactVectorIndex(e.dimension), Fts5LexicalIndex())
    await r.add(passages)
    return r


async def test_filters_apply_to_both_rankings() -> None:
    r = await _retriever(
        [
            Passage("p1", "complete the square of a quadratic", skills=("alg.q",), level="alevel"),
            Passage("p2", "complete the square for circles", skills=("geo.c",), level="alevel"),
            Passage("p3", "square numbers", skills=("num.sq",), level="ks3", kind="worked_example"),
        ]
    )
    hits = await r.search("complete the square", 5, Filters(skills=("geo.c",)))
    assert [h.passage.id for h in hits] == ["p2"]
    hits = await r.search("square", 5, Filters(kinds=("worked_example",)))
    assert [h.passage.id for h in hits] == ["p3"]


async def test_a_students_feedback_note_is_only_found_for_that_student() -> None:
    r = await _retriever(
        [
            Passage(
                "n1", "remember to check negative signs", kind="feedback", meta={"student_id": "s1"}
            ),
        ]
    )
    assert [
        h.passage.id for h in await r.search("negative signs", 3, Filters(student_id="s1"))
    ] == ["n1"]
    assert await r.search("negative signs", 3, Filters(student_id="s2")) == []


async def test_updated_passages_replace_the_old_text_and_removed_ones_vanish() -> None:
    r = await _retriever([Passage("p1", "old text about fractions")])
    await r.add([Passage("p1", "new text about vectors")])
    assert [h.passage.id for h in await r.search("vectors", 3, mode="lexical")] == ["p1"]
    assert await r.search("fractions", 3, mode="lexical") == []
    await r.remove(["p1"])
    assert await r.search("vectors", 3) == []


async def test_curriculum_search_finds_the_right_lesson(retriever: HybridRetriever) -> None:
    hits = await retriever.search("how do I find the nth term of a sequence", 3)
    assert any("nth term" in h.passage.title for h in hits)


async def test_a_students_note_never_appears_in_an_unfiltered_search() -> None:
    r = await _retriever(
        [
            Passage(
                "n1", "remember to check negative signs", kind="feedback", meta={"student_id": "s1"}
            ),
            Passage("p1", "negative signs in brackets"),
        ]
    )
    assert [h.passage.id for h in await r.search("negative signs", 5)] == ["p1"]
    assert [
        h.passage.id for h in await r.search("negative signs", 5, Filters(kinds=("feedback",)))
    ] == []


async def test_a_postgresql_index_without_a_postgresql_url_stops_the_start(
    tmp_path: Path,
) -> None:
    settings = TutorSettings(content_dir=CONTENT_DIR, vector_index="pgvector")
    with pytest.raises(ValueError, match="MATHPATH_TUTOR_RETRIEVAL_URL"):
        await TutorEngine.start(settings, tmp_path)
    # The embedded default needs no server.
    engine = await TutorEngine.start(TutorSettings(content_dir=CONTENT_DIR), tmp_path)
    try:
        retriever = await engine.retriever()
        assert isinstance(retriever.vectors, ExactVectorIndex)
        assert isinstance(retriever.lexical, Fts5LexicalIndex)
    finally:
        await engine.aclose()

"""The OpenAI-compatible embeddings adapter against a local fake of the embeddings HTTP API."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import numpy as np
import pytest

from mathpath.tutor.config import TutorSettings
from mathpath.tutor.engine import make_embedder
from mathpath.tutor.retrieval.api_embedder import EmbeddingError, OpenAICompatibleEmbedder, _vector
from mathpath.tutor.retrieval.embedders import HashingEmbedder
from mathpath.tutor.retrieval.exact import ExactVectorIndex
from mathpath.tutor.retrieval.hybrid import HybridRetriever
from mathpath.tutor.retrieval.lexical import Fts5LexicalIndex
from mathpath.tutor.retrieval.passages import Passage
from tests.tutor.fake_openai_embeddings import API_KEY, EmbeddingScript, fake_embeddings_server


@pytest.fixture
def script() -> EmbeddingScript:
    return EmbeddingScript()


@pytest.fixture
def base_url(script: EmbeddingScript) -> Iterator[str]:
    with fake_embeddings_server(script) as url:
        yield url


_OPEN: list[OpenAICompatibleEmbedder] = []


@pytest.fixture(autouse=True)
def _close_clients() -> Iterator[None]:
    yield
    while _OPEN:
        _OPEN.pop().close()


def _embedder(
    base_url: str, model: str = "text-embedding-3-small", **kwargs: object
) -> OpenAICompatibleEmbedder:
    options: dict[str, object] = {"api_key": API_KEY, "backoff_s": 0.0, **kwargs}
    embedder = OpenAICompatibleEmbedder(model, base_url=base_url, **options)  # type: ignore[arg-type]
    _OPEN.append(embedder)
    return embedder


def test_batches_keep_the_order_of_the_texts(base_url: str, script: EmbeddingScript) -> None:
    texts = [f"text number {i} about {'fractions' if i % 2 else 'vectors'}" for i in range(7)]
    embedder = _embedder(base_url, batch_size=3)

    vectors = embedder.embed(texts)

    expected = HashingEmbedder(1536).embed(texts)
    assert vectors.shape == (7, 1536)
    assert np.allclose(vectors, expected, atol=1e-5)
    assert [len(r["input"]) for r in script.requests] == [3, 3, 1]
    assert embedder.usage.requests == 3
    assert embedder.usage.prompt_tokens == sum(len(t.split()) for t in texts)


def test_dimension_is_learned_from_the_first_answer_or_asked_for(base_url: str) -> None:
    assert _embedder(base_url).dimension == 1536

    short = _embedder(base_url, dimension=256)
    vectors = short.embed(["solve 2x + 3 = 11"])
    assert short.dimension == 256
    assert vectors.shape == (1, 256)
    assert np.isclose(np.linalg.norm(vectors[0]), 1.0, atol=1e-5)


def test_overload_is_retried_then_succeeds(base_url: str, script: EmbeddingScript) -> None:
    script.fail_statuses = [503, 429]
    embedder = _embedder(base_url, max_retries=2)

    vectors = embedder.embed(["gradient of a straight line"])

    assert vectors.shape == (1, 1536)
    assert len(script.requests) == 3


def test_persistent_failure_raises_after_the_retries(
    base_url: str, script: EmbeddingScript
) -> None:
    script.fail_statuses = [500, 500, 500, 500]
    embedder = _embedder(base_url, max_retries=1)

    with pytest.raises(EmbeddingError, match="after 2 tries: HTTP 500"):
        embedder.embed(["anything"])
    assert len(script.requests) == 2


def test_client_errors_are_not_retried(base_url: str, script: EmbeddingScript) -> None:
    with pytest.raises(EmbeddingError, match="Incorrect API key"):
        _embedder(base_url, api_key="wrong").embed(["x"])

    unknown = _embedder(base_url, model="no-such-model")
    with pytest.raises(EmbeddingError, match="does not exist"):
        unknown.embed(["x"])
    assert len(script.requests) == 1  # the unknown model, asked once


def test_an_unreachable_server_is_an_embedding_error() -> None:
    embedder = _embedder("http://127.0.0.1:9/v1", max_retries=1)
    with pytest.raises(EmbeddingError, match="ConnectError"):
        embedder.embed(["x"])


def test_base64_vectors_decode_as_little_endian_float32() -> None:
    raw = np.array([0.5, -0.25, 1.0], dtype="<f4")
    assert _vector(base64.b64encode(raw.tobytes()).decode()) == [0.5, -0.25, 1.0]
    with pytest.raises(ValueError):
        _vector([])


async def test_dense_retrieval_through_the_api_embedder(base_url: str) -> None:
    embedder = _embedder(base_url)
    retriever = HybridRetriever(embedder, ExactVectorIndex(embedder.dimension), Fts5LexicalIndex())
    await retriever.add(
        [
            Passage("disc", "The discriminant b^2 - 4ac tells how many roots a quadratic has."),
            Passage("ratio", "Share an amount in a given ratio by finding one part first."),
        ]
    )

    hits = await retriever.search("how many roots does my quadratic have", k=1, mode="dense")

    assert [h.passage.id for h in hits] == ["disc"]


async def test_hybrid_search_survives_an_embeddings_outage(
    base_url: str, script: EmbeddingScript
) -> None:
    embedder = _embedder(base_url, max_retries=0)
    retriever = HybridRetriever(embedder, ExactVectorIndex(embedder.dimension), Fts5LexicalIndex())
    await retriever.add([Passage("disc", "The discriminant tells how many roots there are.")])
    script.fail_statuses = [503, 503]

    hits = await retriever.search("discriminant roots", k=1)

    assert [h.passage.id for h in hits] == ["disc"]  # the lexical ranking alone
    with pytest.raises(EmbeddingError):
        await retriever.search("discriminant roots", k=1, mode="dense")


def test_settings_select_the_api_embedder(base_url: str) -> None:
    settings = TutorSettings(
        embedder="api",
        embedding_base_url=base_url,
        embedding_api_key=API_KEY,
        embedding_dimension=128,
    )
    embedder = make_embedder(settings.embedder, settings)
    assert isinstance(embedder, OpenAICompatibleEmbedder)
    _OPEN.append(embedder)

    assert embedder.embed(["completing the square"]).shape == (1, 128)
    assert embedder.name == "api:text-embedding-3-small"

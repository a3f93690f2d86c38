"""An `Embedder` over an embeddings HTTP API in OpenAI's shape (`POST {base}/embeddings`).

That one shape covers OpenAI itself, Mistral (`https://api.mistral.ai/v1`), and local or
self-hosted servers that speak it: Ollama (`http://localhost:11434/v1`), vLLM, llama.cpp's
server, text-embeddings-inference. Texts go in batches; each request has a timeout and is
retried on 429/5xx/connection errors with a short backoff; token use is counted. The
vectors are L2-normalised here, since not every server returns unit vectors.

The dimension is the configured one when given (OpenAI's `dimensions` parameter shortens
text-embedding-3 vectors), otherwise learned from the first response; a response whose
vectors do not all have that dimension is refused, since an index cannot mix them.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx
import numpy as np

from mathpath.tutor.retrieval.ports import Vectors

RETRYABLE_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504})


class EmbeddingError(RuntimeError):
    """The provider could not embed the texts (after retries) or answered nonsense."""


@dataclass
class EmbeddingUsage:
    requests: int = 0
    prompt_tokens: int = 0


class OpenAICompatibleEmbedder:
    def __init__(
        self,
        model: str,
        *,
        base_url: str = "https://api.openai.com/v1",
        api_key: str = "",
        dimension: int | None = None,
        batch_size: int = 64,
        timeout_s: float = 10.0,
        max_retries: int = 2,
        backoff_s: float = 0.25,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.model = model
        self.name = f"api:{model}"
        self._requested_dimension = dimension
        self._dimension = dimension
        self.batch_size = batch_size
        self.max_retries = max_retries
        self.backoff_s = backoff_s
        self.usage = EmbeddingUsage()
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers=headers,
            timeout=timeout_s,
            transport=transport,
        )

    @property
    def dimension(self) -> int:
        if self._dimension is None:
            self.embed(["dimension probe"])
        assert self._dimension is not None
        return self._dimension

    def close(self) -> None:
        self._client.close()

    def embed(self, texts: Sequence[str]) -> Vectors:
        rows: list[Vectors] = []
        for start in range(0, len(texts), self.batch_size):
            rows.append(self._embed_batch(list(texts[start : start + self.batch_size])))
        if not rows:
            return np.zeros((0, self._dimension or 0), dtype=np.float32)
        vectors = np.vstack(rows).astype(np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        result: Vectors = vectors / norms
        return result

    def _embed_batch(self, texts: list[str]) -> Vectors:
        body: dict[str, object] = {"model": self.model, "input": texts, "encoding_format": "float"}
        if self._requested_dimension is not None:
            body["dimensions"] = self._requested_dimension
        payload = self._post(body)
        try:
            data = sorted(payload["data"], key=lambda item: int(item["index"]))
            vectors = [_vector(item["embedding"]) for item in data]
        except (KeyError, TypeError, ValueError) as exc:
            raise EmbeddingError(f"malformed embeddings response: {exc}") from exc
        if len(vectors) != len(texts):
            raise EmbeddingError(f"asked for {len(texts)} embeddings, got {len(vectors)}")
        dimensions = {len(v) for v in vectors}
        if self._dimension is None and len(dimensions) == 1:
            self._dimension = dimensions.pop()
            dimensions = {self._dimension}
        if dimensions != {self._dimension}:
            raise EmbeddingError(
                f"expected vectors of dimension {self._dimension}, got {sorted(dimensions)}"
            )
        usage = payload.get("usage") or {}
        self.usage.requests += 1
        self.usage.prompt_tokens += int(usage.get("prompt_tokens", 0) or 0)
        return np.asarray(vectors, dtype=np.float32)

    def _post(self, body: dict[str, object]) -> dict[str, Any]:
        last: str = ""
        for attempt in range(self.max_retries + 1):
            if attempt:
                time.sleep(self.backoff_s * 2 ** (attempt - 1))
            try:
                response = self._client.post("/embeddings", json=body)
            except httpx.TransportError as exc:  # includes timeouts
                last = f"{type(exc).__name__}: {exc}"
                continue
            if response.status_code in RETRYABLE_STATUS:
                last = f"HTTP {response.status_code}"
                continue
            if response.is_error:
                raise EmbeddingError(f"HTTP {response.status_code}: {_message(response)}")
            payload = response.json()
            if not isinstance(payload, dict):
                raise EmbeddingError("malformed embeddings response: not an object")
            return payload
        raise EmbeddingError(
            f"embeddings request failed after {self.max_retries + 1} tries: {last}"
        )


def _vector(raw: object) -> list[float]:
    if isinstance(raw, str):  # encoding_format "base64": little-endian float32
        decoded: list[float] = np.frombuffer(base64.b64decode(raw), dtype="<f4").tolist()
        return decoded
    if not isinstance(raw, list) or not raw:
        raise ValueError("embedding is not a non-empty list")
    return [float(x) for x in raw]


def _message(response: httpx.Response) -> str:
    try:
        error = response.json().get("error", {})
        return str(error.get("message", ""))[:200] or response.reason_phrase
    except ValueError:
        return response.reason_phrase

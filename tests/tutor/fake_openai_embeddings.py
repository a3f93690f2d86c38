"""A fake of OpenAI's embeddings HTTP API (`POST /v1/embeddings`) on 127.0.0.1.

Faithful to the parts an adapter relies on: bearer authentication (401 `invalid_api_key`),
`input` as a string or a list of strings (400 when empty or over 2,048 entries),
`encoding_format` float or base64 (little-endian float32), `dimensions` shortening the
vector and renormalising it, `data[].index`, `usage.prompt_tokens`, and error bodies of the
shape `{"error": {"message", "type", "code"}}`. The vectors come from the model-free hashing
embedder, so similar texts get similar vectors. Scripted failures: a queue of HTTP statuses
answered before normal service resumes.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from mathpath.tutor.retrieval.embedders import HashingEmbedder
from tests.local_server import served_in_thread

NATIVE_DIMENSIONS = {"text-embedding-3-small": 1536, "text-embedding-3-large": 3072}
API_KEY = "sk-test-embeddings"


@dataclass
class EmbeddingScript:
    fail_statuses: list[int] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)


def _error(status: int, message: str, kind: str, code: str | None) -> JSONResponse:
    body = {"error": {"message": message, "type": kind, "param": None, "code": code}}
    return JSONResponse(body, status_code=status)


def build_app(script: EmbeddingScript) -> FastAPI:
    app = FastAPI()

    @app.post("/v1/embeddings")
    async def embeddings(request: Request) -> JSONResponse:
        if request.headers.get("authorization") != f"Bearer {API_KEY}":
            return _error(401, "Incorrect API key provided.", "invalid_request_error",
                          "invalid_api_key")  # fmt: skip
        body = await request.json()
        script.requests.append(body)
        if script.fail_statuses:
            status = script.fail_statuses.pop(0)
            return _error(status, "The server is overloaded.", "server_error", None)
        model = body.get("model")
        if model not in NATIVE_DIMENSIONS:
            return _error(404, f"The model `{model}` does not exist.", "invalid_request_error",
                          "model_not_found")  # fmt: skip
        texts = body.get("input")
        if isinstance(texts, str):
            texts = [texts]
        if not isinstance(texts, list) or not texts or len(texts) > 2048:
            return _error(400, "'input' must be a non-empty array of at most 2048 strings.",
                          "invalid_request_error", None)  # fmt: skip
        native = NATIVE_DIMENSIONS[model]
        dimensions = int(body.get("dimensions") or native)
        vectors = HashingEmbedder(native).embed([str(t) for t in texts])[:, :dimensions]
        vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        as_base64 = body.get("encoding_format") == "base64"
        data = [
            {
                "object": "embedding",
                "index": i,
                "embedding": base64.b64encode(v.astype("<f4").tobytes()).decode()
                if as_base64
                else [float(x) for x in v],
            }
            for i, v in enumerate(vectors)
        ]
        tokens = sum(len(str(t).split()) for t in texts)
        return JSONResponse(
            {
                "object": "list",
                "data": data,
                "model": model,
                "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
            }
        )

    return app


@contextmanager
def fake_embeddings_server(script: EmbeddingScript) -> Iterator[str]:
    """Serve `script` in a thread (the adapter is synchronous) and yield the base URL."""
    with served_in_thread(build_app(script)) as url:
        yield f"{url}/v1"

"""The managed `VectorIndex`: a Pinecone serverless index over its data-plane REST API.

Each passage is one record: its dense vector, a sparse vector of its words (for Pinecone's
sparse-dense hybrid queries, on an index made with the `dotproduct` metric) and the filter
fields as metadata. Pinecone has no null metadata, so a passage that belongs to nobody has
`owner: ""` and a student's own passage (a feedback note) has `owner: <student id>`; every
query filters on it, as the SQL adapters do on `student_id`.

The client is httpx against the documented API (version 2025-04: `/vectors/upsert`,
`/query`, `/vectors/delete`, `/vectors/list`, `/describe_index_stats`), retried on 429 and
5xx (every call here is idempotent: an upsert overwrites by id, a delete of a missing id is
no error).
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

import httpx
import numpy as np

from mathpath.tutor.retrieval.passages import Filters, Passage
from mathpath.tutor.retrieval.ports import DimensionMismatch, Vectors, check_dimension

__all__ = ["PineconeError", "PineconeVectorIndex", "pinecone_filter", "sparse_vector"]

API_VERSION = "2025-04"
UPSERT_BATCH = 100  # Pinecone's advice; its limit is 1000 records or 2 MB per request
DELETE_BATCH = 1000
RETRIED = frozenset({429, 500, 502, 503, 504})

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    "a an and are as at be by do does for from how i in is it its of on or so that the this "
    "to was what when where which why with you your me my can".split()
)
_SUFFIXES = ("ising", "izing", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s")


class PineconeError(RuntimeError):
    """Pinecone refused a request (the status, gRPC code and message it gave)."""

    def __init__(self, status: int, code: int | None, message: str) -> None:
        super().__init__(f"Pinecone answered {status}: {message}")
        self.status = status
        self.code = code


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def sparse_vector(text: str) -> dict[str, list[Any]] | None:
    """The text's words (stemmed, stop words dropped) hashed to uint32 indices, each
    weighted by a saturated term frequency, L2-normalised so a sparse dot product lies in
    [0, 1] like the dense cosine. None for a text with no words (Pinecone refuses an empty
    sparse vector)."""
    counts = Counter(_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP)
    if not counts:
        return None
    weights: dict[int, float] = {}
    for term, tf in counts.items():
        index = int.from_bytes(hashlib.blake2b(term.encode(), digest_size=4).digest(), "little")
        weights[index] = weights.get(index, 0.0) + tf * 2.2 / (tf + 1.2)
    norm = float(np.sqrt(sum(w * w for w in weights.values())))
    indices = sorted(weights)
    return {"indices": indices, "values": [weights[i] / norm for i in indices]}


def pinecone_filter(filters: Filters | None) -> dict[str, Any]:
    """`Filters` in Pinecone's filter language. A student's own passages only ever match
    that student's filter; no filter at all matches only passages that belong to nobody."""
    f = filters or Filters()
    owners = ["", f.student_id] if f.student_id else [""]
    clauses: list[dict[str, Any]] = [{"owner": {"$in": owners}}]
    for field, values in (
        ("skills", f.skills), ("level", f.levels), ("kind", f.kinds), ("audience", f.audiences),
    ):  # fmt: skip
        if values:
            clauses.append({field: {"$in": list(values)}})
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _metadata(p: Passage) -> dict[str, Any]:
    return {
        "skills": list(p.skills),
        "level": p.level,
        "kind": p.kind,
        "audience": p.audience,
        "owner": str(p.meta.get("student_id") or ""),
    }


class PineconeVectorIndex:
    """Records in one namespace of one index (`host` is the index's own data-plane URL,
    as the Pinecone console or `describe_index` shows it)."""

    def __init__(
        self, host: str, api_key: str, dimension: int, *, namespace: str = "tutor",
        timeout_s: float = 10.0, attempts: int = 3,
    ) -> None:  # fmt: skip
        if not host or not api_key:
            raise ValueError("a Pinecone index needs its host and an API key")
        base = host if host.startswith(("http://", "https://")) else f"https://{host}"
        self.dimension = dimension
        self.namespace = namespace
        self.attempts = max(1, attempts)
        self.client = httpx.AsyncClient(
            base_url=base.rstrip("/"),
            headers={"Api-Key": api_key, "X-Pinecone-API-Version": API_VERSION},
            timeout=timeout_s,
        )

    async def _call(
        self, method: str, path: str, *, json: Any = None, params: Any = None
    ) -> dict[str, Any]:
        for attempt in range(self.attempts):
            last = attempt == self.attempts - 1
            try:
                response = await self.client.request(method, path, json=json, params=params)
            except httpx.TransportError:
                if last:
                    raise
            else:
                if response.status_code < 400:
                    body: dict[str, Any] = response.json() if response.content else {}
                    return body
                if response.status_code not in RETRIED or last:
                    raise _error(response)
            await asyncio.sleep(0.2 * 2**attempt)
        raise AssertionError("unreachable")  # the last attempt returns or raises

    async def setup(self) -> None:
        """Refuse an index made for vectors of another dimension (another embedder)."""
        stats = await self._call("POST", "/describe_index_stats", json={})
        stored = int(stats.get("dimension") or 0)
        if stored != self.dimension:
            raise DimensionMismatch(
                f"the Pinecone index holds {stored}-dimensional vectors but the embedder makes"
                f" {self.dimension}: configure another index"
            )

    def _check(self, vectors: Vectors, rows: int | None = None) -> None:
        check_dimension(vectors, self.dimension, rows)

    async def upsert(self, passages: Sequence[Passage], vectors: Vectors) -> None:
        if not passages:
            return
        vectors = np.asarray(vectors, dtype=np.float32).reshape(len(passages), -1)
        self._check(vectors, len(passages))
        records = []
        for p, v in zip(passages, vectors, strict=True):
            record: dict[str, Any] = {"id": p.id, "values": v.tolist(), "metadata": _metadata(p)}
            sparse = sparse_vector(f"{p.title}\n{p.text}")
            if sparse is not None:
                record["sparseValues"] = sparse
            records.append(record)
        for i in range(0, len(records), UPSERT_BATCH):
            batch = records[i : i + UPSERT_BATCH]
            await self._call(
                "POST", "/vectors/upsert", json={"vectors": batch, "namespace": self.namespace}
            )

    async def delete(self, passage_ids: Sequence[str]) -> None:
        ids = sorted(set(passage_ids))
        for i in range(0, len(ids), DELETE_BATCH):
            await self._call(
                "POST",
                "/vectors/delete",
                json={"ids": ids[i : i + DELETE_BATCH], "namespace": self.namespace},
            )

    async def search(
        self, vector: Vectors, k: int, filters: Filters | None = None
    ) -> list[tuple[str, float]]:
        query = np.asarray(vector, dtype=np.float32).reshape(-1)
        self._check(query)
        return await self._query({"vector": query.tolist()}, k, filters)

    async def hybrid_search(
        self, vector: Vectors, text: str, k: int, filters: Filters | None = None,
        alpha: float = 0.5,
    ) -> list[tuple[str, float]]:  # fmt: skip
        """One sparse-dense query: score = alpha * dense + (1 - alpha) * sparse (Pinecone
        has no weight parameter, so the query's two parts are scaled instead)."""
        if not 0.0 <= alpha <= 1.0:
            raise ValueError("alpha must be between 0 and 1")
        query = np.asarray(vector, dtype=np.float32).reshape(-1)
        self._check(query)
        body: dict[str, Any] = {"vector": (query * alpha).tolist()}
        sparse = sparse_vector(text)
        if sparse is not None and alpha < 1.0:
            body["sparseVector"] = {
                "indices": sparse["indices"],
                "values": [v * (1.0 - alpha) for v in sparse["values"]],
            }
        return await self._query(body, k, filters)

    async def _query(
        self, body: dict[str, Any], k: int, filters: Filters | None
    ) -> list[tuple[str, float]]:
        if k <= 0:
            return []
        answer = await self._call(
            "POST",
            "/query",
            json={
                **body,
                "topK": min(k, 10_000),
                "filter": pinecone_filter(filters),
                "namespace": self.namespace,
                "includeValues": False,
                "includeMetadata": False,
            },
        )
        return [(str(m["id"]), float(m["score"])) for m in answer.get("matches", [])]

    async def stored_ids(self) -> set[str]:
        ids: set[str] = set()
        token: str | None = None
        while True:
            params = {"namespace": self.namespace, "limit": 100}
            if token:
                params["paginationToken"] = token
            page = await self._call("GET", "/vectors/list", params=params)
            ids |= {str(v["id"]) for v in page.get("vectors", [])}
            token = (page.get("pagination") or {}).get("next")
            if not token:
                return ids

    async def count(self) -> int:
        stats = await self._call("POST", "/describe_index_stats", json={})
        return int((stats.get("namespaces") or {}).get(self.namespace, {}).get("vectorCount", 0))

    async def aclose(self) -> None:
        await self.client.aclose()


def _error(response: httpx.Response) -> PineconeError:
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    code = body.get("code")
    message = str(body.get("message") or response.text[:200] or response.reason_phrase)
    return PineconeError(response.status_code, code if isinstance(code, int) else None, message)

"""A local fake of one Pinecone index's data-plane HTTP API (API version 2025-04), served on
127.0.0.1 for the Pinecone adapter's tests.

It speaks Pinecone's wire format: the `Api-Key` header (401 without the right one), JSON
bodies in camelCase (`topK`, `sparseVector`, `includeMetadata`, `upsertedCount`), errors as
`{"code": <gRPC code>, "message": ..., "details": []}` with the matching HTTP status, and
Pinecone's limits (1000 records and 2 MB per upsert, topK up to 10000, 1000 ids per delete
or fetch, 100 ids per list page, 40 KB of metadata per record, sparse values only on a
`dotproduct` index). It answers exactly, by brute force, which is what an index with
perfect recall would answer: the adapter's tests compare against it as ground truth.

Routes: POST /vectors/upsert, POST /query, POST /vectors/delete, GET /vectors/fetch,
GET /vectors/list, POST /describe_index_stats. Metadata filters: `$eq $ne $gt $gte $lt
$lte $in $nin $exists $and $or`, a bare value meaning `$eq`; on a list-of-strings field
`$eq`/`$in` match when any element does and `$ne`/`$nin` when none does.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

API_KEY = "pcsk_fake_0123456789abcdef"
MAX_UPSERT = 1000
MAX_REQUEST_BYTES = 2 * 1024 * 1024
MAX_TOP_K = 10_000
MAX_IDS = 1000
MAX_METADATA_BYTES = 40 * 1024
LIST_PAGE = 100

# gRPC status codes, as Pinecone puts them in its error bodies.
INVALID_ARGUMENT, NOT_FOUND, UNAUTHENTICATED = 3, 5, 16
_HTTP = {INVALID_ARGUMENT: 400, NOT_FOUND: 404, UNAUTHENTICATED: 401}


class PineconeError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _error(code: int, message: str) -> JSONResponse:
    return JSONResponse(
        {"code": code, "message": message, "details": []}, status_code=_HTTP.get(code, 500)
    )


@dataclass
class Record:
    id: str
    values: list[float]
    sparse: dict[int, float] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    vector: Any = None  # `values` as float32, for scoring

    def __post_init__(self) -> None:
        self.vector = np.asarray(self.values, dtype=np.float32)

    def wire(self, *, values: bool = True, metadata: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "values": self.values if values else []}
        if values and self.sparse:
            indices = sorted(self.sparse)
            out["sparseValues"] = {"indices": indices, "values": [self.sparse[i] for i in indices]}
        if metadata and self.metadata:
            out["metadata"] = self.metadata
        return out


def _metadata_value_ok(value: Any) -> bool:
    if isinstance(value, bool | str):
        return True
    if isinstance(value, int | float):
        return math.isfinite(value)
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_OPERATORS = frozenset({"$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin"})


def _compare(op: str, have: Any, want: Any) -> bool:
    if op not in _OPERATORS:
        raise PineconeError(INVALID_ARGUMENT, f"unknown filter operator {op}")
    if op in ("$gt", "$gte", "$lt", "$lte"):
        if not _number(want):
            raise PineconeError(INVALID_ARGUMENT, f"{op} takes a number")
        if not _number(have):
            return False
        return {
            "$gt": have > want, "$gte": have >= want, "$lt": have < want, "$lte": have <= want
        }[op]  # fmt: skip
    elements = have if isinstance(have, list) else [have]
    if op == "$eq":
        return have is not None and want in elements
    if op == "$ne":
        return have is None or want not in elements
    if not isinstance(want, list):
        raise PineconeError(INVALID_ARGUMENT, f"{op} takes an array")
    if op == "$in":
        return have is not None and any(w in elements for w in want)
    return have is None or not any(w in elements for w in want)  # $nin


def matches(metadata: dict[str, Any], flt: dict[str, Any]) -> bool:
    """Pinecone's metadata filter language over one record's metadata."""
    if not isinstance(flt, dict):
        raise PineconeError(INVALID_ARGUMENT, "filter must be an object")
    for key, cond in flt.items():
        if key in ("$and", "$or"):
            if not isinstance(cond, list) or not cond:
                raise PineconeError(INVALID_ARGUMENT, f"{key} takes a non-empty array")
            results = [matches(metadata, c) for c in cond]
            if not (all(results) if key == "$and" else any(results)):
                return False
            continue
        if key.startswith("$"):
            raise PineconeError(INVALID_ARGUMENT, f"unknown filter operator {key}")
        have = metadata.get(key)
        ops = cond if isinstance(cond, dict) else {"$eq": cond}
        for op, want in ops.items():
            if op == "$exists":
                if not isinstance(want, bool):
                    raise PineconeError(INVALID_ARGUMENT, "$exists takes a boolean")
                if (key in metadata) != want:
                    return False
            elif not _compare(op, have, want):
                return False
    return True


def _sparse(body: Any, where: str) -> dict[int, float]:
    if not isinstance(body, dict):
        raise PineconeError(INVALID_ARGUMENT, f"{where} must be an object")
    indices, values = body.get("indices"), body.get("values")
    if not isinstance(indices, list) or not isinstance(values, list):
        raise PineconeError(INVALID_ARGUMENT, f"{where} needs indices and values")
    if len(indices) != len(values):
        raise PineconeError(
            INVALID_ARGUMENT, f"{where}: indices and values must have the same length"
        )
    if not indices:
        raise PineconeError(INVALID_ARGUMENT, f"{where} must have at least one value")
    if len(set(indices)) != len(indices):
        raise PineconeError(INVALID_ARGUMENT, f"{where}: indices must be unique")
    out: dict[int, float] = {}
    for i, v in zip(indices, values, strict=True):
        if not isinstance(i, int) or isinstance(i, bool) or not 0 <= i < 2**32:
            raise PineconeError(INVALID_ARGUMENT, f"{where}: indices are uint32")
        if not _number(v):
            raise PineconeError(INVALID_ARGUMENT, f"{where}: values are numbers")
        out[i] = float(v)
    return out


class FakePineconeIndex:
    """One serverless index (`dimension`, `metric`) with namespaces; `requests` counts calls
    by route so tests can see what the adapter sent."""

    def __init__(self, dimension: int, metric: str = "dotproduct") -> None:
        self.dimension = dimension
        self.metric = metric
        self.namespaces: dict[str, dict[str, Record]] = {}
        self.requests: dict[str, int] = {}
        self.fail_next: list[int] = []  # HTTP statuses to answer before serving normally
        self.app = Starlette(
            routes=[
                Route("/vectors/upsert", self._route(self.upsert), methods=["POST"]),
                Route("/query", self._route(self.query), methods=["POST"]),
                Route("/vectors/delete", self._route(self.delete), methods=["POST"]),
                Route("/vectors/fetch", self._route(self.fetch), methods=["GET"]),
                Route("/vectors/list", self._route(self.list_ids), methods=["GET"]),
                Route("/describe_index_stats", self._route(self.stats), methods=["POST", "GET"]),
            ]
        )

    def _route(self, handler: Any) -> Any:
        async def endpoint(request: Request) -> Response:
            name = request.url.path
            self.requests[name] = self.requests.get(name, 0) + 1
            if request.headers.get("api-key") != API_KEY:
                return _error(UNAUTHENTICATED, "Invalid API Key")
            if self.fail_next:
                status = self.fail_next.pop(0)
                return JSONResponse({"code": 14, "message": "unavailable", "details": []}, status)
            raw = await request.body()
            if len(raw) > MAX_REQUEST_BYTES:
                return _error(INVALID_ARGUMENT, "Request size exceeds the 2MB limit")
            try:
                body = json.loads(raw) if raw else {}
                if not isinstance(body, dict):
                    raise PineconeError(INVALID_ARGUMENT, "body must be a JSON object")
                return JSONResponse(handler(body, request))
            except json.JSONDecodeError:
                return _error(INVALID_ARGUMENT, "Invalid JSON body")
            except PineconeError as e:
                return _error(e.code, e.message)

        return endpoint

    def _ns(self, body: dict[str, Any]) -> dict[str, Record]:
        return self.namespaces.setdefault(str(body.get("namespace", "")), {})

    def _dense(self, values: Any, where: str) -> list[float]:
        if not isinstance(values, list) or not all(_number(v) for v in values):
            raise PineconeError(INVALID_ARGUMENT, f"{where} must be an array of numbers")
        if len(values) != self.dimension:
            raise PineconeError(
                INVALID_ARGUMENT,
                f"Vector dimension {len(values)} does not match the dimension of the index"
                f" {self.dimension}",
            )
        return [float(v) for v in values]

    def upsert(self, body: dict[str, Any], _request: Request) -> dict[str, Any]:
        vectors = body.get("vectors")
        if not isinstance(vectors, list) or not vectors:
            raise PineconeError(INVALID_ARGUMENT, "vectors must be a non-empty array")
        if len(vectors) > MAX_UPSERT:
            raise PineconeError(INVALID_ARGUMENT, f"at most {MAX_UPSERT} vectors per upsert")
        records = []
        for v in vectors:
            rid = v.get("id") if isinstance(v, dict) else None
            if not isinstance(rid, str) or not rid or len(rid) > 512:
                raise PineconeError(INVALID_ARGUMENT, "each vector needs an id of 1-512 chars")
            values = self._dense(v.get("values"), f"vector {rid}: values")
            if self.metric == "cosine" and not any(values):
                raise PineconeError(
                    INVALID_ARGUMENT, "Dense vectors must contain at least one non-zero value"
                )
            sparse: dict[int, float] = {}
            if v.get("sparseValues") is not None:
                if self.metric != "dotproduct":
                    raise PineconeError(
                        INVALID_ARGUMENT, "Sparse values are supported only for dotproduct"
                    )
                sparse = _sparse(v["sparseValues"], f"vector {rid}: sparseValues")
            metadata = v.get("metadata") or {}
            if not isinstance(metadata, dict) or not all(
                _metadata_value_ok(x) for x in metadata.values()
            ):
                raise PineconeError(
                    INVALID_ARGUMENT,
                    f"vector {rid}: metadata values must be strings, numbers, booleans or"
                    " lists of strings",
                )
            if len(json.dumps(metadata).encode()) > MAX_METADATA_BYTES:
                raise PineconeError(INVALID_ARGUMENT, f"vector {rid}: metadata exceeds 40KB")
            records.append(Record(rid, values, sparse, metadata))
        ns = self._ns(body)
        for r in records:
            ns[r.id] = r
        return {"upsertedCount": len(records)}

    def _scores(
        self, pool: list[Record], dense: list[float], sparse: dict[int, float]
    ) -> list[float]:
        """Scores as Pinecone computes them, in float32 (so they match its precision)."""
        matrix = np.stack([r.vector for r in pool])
        query = np.asarray(dense, dtype=np.float32)
        dots = matrix @ query
        if self.metric == "cosine":
            norms = np.linalg.norm(matrix, axis=1) * np.linalg.norm(query)
            dots = np.divide(dots, norms, out=np.zeros_like(dots), where=norms > 0)
            return [float(x) for x in dots]
        return [
            float(d) + sum(w * r.sparse.get(i, 0.0) for i, w in sparse.items())
            for d, r in zip(dots, pool, strict=True)
        ]

    def query(self, body: dict[str, Any], _request: Request) -> dict[str, Any]:
        top_k = body.get("topK")
        if not isinstance(top_k, int) or isinstance(top_k, bool) or not 1 <= top_k <= MAX_TOP_K:
            raise PineconeError(INVALID_ARGUMENT, f"topK must be an integer in 1..{MAX_TOP_K}")
        ns = self._ns(body)
        if ("vector" in body) == ("id" in body):
            raise PineconeError(INVALID_ARGUMENT, "exactly one of vector or id is required")
        if "id" in body:
            found = ns.get(str(body["id"]))
            dense = found.values if found else [0.0] * self.dimension
            sparse = dict(found.sparse) if found else {}
        else:
            dense = self._dense(body["vector"], "vector")
            sparse = {}
        if body.get("sparseVector") is not None:
            if self.metric != "dotproduct":
                raise PineconeError(
                    INVALID_ARGUMENT, "Sparse vectors can be queried only on a dotproduct index"
                )
            sparse = _sparse(body["sparseVector"], "sparseVector")
        flt = body.get("filter")
        pool = [r for r in ns.values() if flt is None or matches(r.metadata, flt)]
        scores = self._scores(pool, dense, sparse) if pool else []
        scored = sorted(zip(scores, pool, strict=True), key=lambda x: (-x[0], x[1].id))
        include_values = bool(body.get("includeValues", False))
        include_metadata = bool(body.get("includeMetadata", False))
        matches_out = []
        for score, r in scored[:top_k]:
            m = r.wire(values=include_values, metadata=include_metadata)
            m["score"] = score
            matches_out.append(m)
        return {
            "matches": matches_out,
            "namespace": str(body.get("namespace", "")),
            "usage": {"readUnits": max(1, len(ns) // 1000)},
        }

    def delete(self, body: dict[str, Any], _request: Request) -> dict[str, Any]:
        ns = self._ns(body)
        ids, flt = body.get("ids"), body.get("filter")
        if body.get("deleteAll"):
            if ids or flt:
                raise PineconeError(INVALID_ARGUMENT, "deleteAll takes no ids and no filter")
            ns.clear()
            return {}
        if ids is not None:
            if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                raise PineconeError(INVALID_ARGUMENT, "ids must be an array of strings")
            if len(ids) > MAX_IDS:
                raise PineconeError(INVALID_ARGUMENT, f"at most {MAX_IDS} ids per delete")
            for i in ids:
                ns.pop(i, None)  # deleting an id that is not there is not an error
            return {}
        if flt is not None:
            for rid in [r.id for r in ns.values() if matches(r.metadata, flt)]:
                del ns[rid]
            return {}
        raise PineconeError(INVALID_ARGUMENT, "one of ids, deleteAll or filter is required")

    def fetch(self, _body: dict[str, Any], request: Request) -> dict[str, Any]:
        ids = request.query_params.getlist("ids")
        if not ids:
            raise PineconeError(INVALID_ARGUMENT, "ids is required")
        if len(ids) > MAX_IDS:
            raise PineconeError(INVALID_ARGUMENT, f"at most {MAX_IDS} ids per fetch")
        namespace = request.query_params.get("namespace", "")
        ns = self.namespaces.get(namespace, {})
        return {
            "vectors": {i: ns[i].wire() for i in ids if i in ns},
            "namespace": namespace,
            "usage": {"readUnits": 1},
        }

    def list_ids(self, _body: dict[str, Any], request: Request) -> dict[str, Any]:
        params = request.query_params
        namespace = params.get("namespace", "")
        try:
            limit = int(params.get("limit", LIST_PAGE))
        except ValueError:
            raise PineconeError(INVALID_ARGUMENT, "limit must be an integer") from None
        if not 1 <= limit <= LIST_PAGE:
            raise PineconeError(INVALID_ARGUMENT, f"limit must be in 1..{LIST_PAGE}")
        prefix = params.get("prefix", "")
        after = params.get("paginationToken", "")
        ids = sorted(
            i for i in self.namespaces.get(namespace, {}) if i.startswith(prefix) and i > after
        )
        page = ids[:limit]
        out: dict[str, Any] = {
            "vectors": [{"id": i} for i in page],
            "namespace": namespace,
            "usage": {"readUnits": 1},
        }
        if len(ids) > limit:
            out["pagination"] = {"next": page[-1]}
        return out

    def stats(self, body: dict[str, Any], _request: Request) -> dict[str, Any]:
        flt = body.get("filter")
        counts = {
            name: sum(1 for r in ns.values() if flt is None or matches(r.metadata, flt))
            for name, ns in self.namespaces.items()
            if ns
        }
        return {
            "namespaces": {name: {"vectorCount": n} for name, n in counts.items()},
            "dimension": self.dimension,
            "indexFullness": 0.0,
            "totalVectorCount": sum(counts.values()),
            "metric": self.metric,
            "vectorType": "dense",
        }

"""Hybrid retrieval: lexical and dense rankings fused by reciprocal rank (RRF)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import structlog

from mathpath.tutor.retrieval.passages import Filters, Passage
from mathpath.tutor.retrieval.ports import Embedder, LexicalIndex, VectorIndex, Vectors

log = structlog.get_logger(__name__)

RRF_K = 60
Mode = Literal["lexical", "dense", "hybrid"]


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[str]], k: int = RRF_K, weights: Sequence[float] | None = None
) -> list[str]:
    scores: dict[str, float] = {}
    for i, ranking in enumerate(rankings):
        weight = weights[i] if weights is not None else 1.0
        for rank, pid in enumerate(ranking):
            scores[pid] = scores.get(pid, 0.0) + weight / (k + rank + 1)
    return sorted(scores, key=lambda pid: (-scores[pid], pid))


class HybridRetriever:
    def __init__(
        self, embedder: Embedder, vectors: VectorIndex, lexical: LexicalIndex,
        dense_weight: float = 1.0,
    ) -> None:  # fmt: skip
        self.embedder = embedder
        self.dense_weight = dense_weight
        self.vectors = vectors
        self.lexical = lexical
        self.passages: dict[str, Passage] = {}

    async def add(self, passages: Sequence[Passage]) -> None:
        if not passages:
            return
        embedded = await asyncio.to_thread(self.embedder.embed, [_doc(p) for p in passages])
        await self.vectors.upsert(passages, embedded)
        await self.lexical.upsert(passages)
        self.passages.update({p.id: p for p in passages})

    async def add_embedded(self, passages: Sequence[Passage], vectors: Vectors) -> None:
        """Add passages whose vectors were computed already (by the same embedder)."""
        await self.vectors.upsert(passages, vectors)
        await self.lexical.upsert(passages)
        self.passages.update({p.id: p for p in passages})

    async def remove(self, passage_ids: Sequence[str]) -> None:
        await self.vectors.delete(passage_ids)
        await self.lexical.delete(passage_ids)
        for pid in passage_ids:
            self.passages.pop(pid, None)

    async def search(
        self,
        query: str,
        k: int = 5,
        filters: Filters | None = None,
        mode: Mode = "hybrid",
        exclude: Sequence[str] = (),
    ) -> list[Hit]:
        depth = k * 4 + len(exclude)
        rankings: list[list[str]] = []
        weights: list[float] = []
        if mode in ("lexical", "hybrid"):
            rankings.append([pid for pid, _ in await self.lexical.search(query, depth, filters)])
            weights.append(1.0)
        if mode in ("dense", "hybrid"):
            dense = await self._dense_ranking(query, depth, filters, required=mode == "dense")
            if dense is not None:
                rankings.append(dense)
                weights.append(self.dense_weight)
        fused = reciprocal_rank_fusion(rankings, weights=weights)
        skip = set(exclude)
        hits = [
            Hit(self.passages[pid], 1.0 / (i + 1))
            for i, pid in enumerate(p for p in fused if p not in skip and p in self.passages)
        ]
        return hits[:k]

    async def _dense_ranking(
        self, query: str, depth: int, filters: Filters | None, *, required: bool
    ) -> list[str] | None:
        """The vector ranking; in hybrid mode an embedder that fails (a provider outage)
        leaves the lexical ranking alone instead of failing the search."""
        try:
            # Off the event loop: a local model takes milliseconds, an API a round trip.
            vector = (await asyncio.to_thread(self.embedder.embed, [query]))[0]
        except Exception:
            if required:
                raise
            log.warning("retrieval.dense_failed", embedder=self.embedder.name, exc_info=True)
            return None
        return [pid for pid, _ in await self.vectors.search(vector, depth, filters)]


def _doc(passage: Passage) -> str:
    return f"{passage.title}\n{passage.text}"

"""The embedded `VectorIndex`: exact cosine search over vectors held beside the passages."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from mathpath.tutor.retrieval.passages import Filters, Passage
from mathpath.tutor.retrieval.ports import Vectors


class ExactVectorIndex:
    def __init__(self, dimension: int) -> None:
        self.dimension = dimension
        self._ids: list[str] = []
        self._passages: dict[str, Passage] = {}
        self._matrix: Vectors = np.zeros((0, dimension), dtype=np.float32)

    def __len__(self) -> int:
        return len(self._ids)

    async def upsert(self, passages: Sequence[Passage], vectors: Vectors) -> None:
        await self.delete([p.id for p in passages])
        self._ids += [p.id for p in passages]
        self._passages.update({p.id: p for p in passages})
        self._matrix = np.vstack([self._matrix, vectors.astype(np.float32)])

    async def delete(self, passage_ids: Sequence[str]) -> None:
        gone = set(passage_ids) & set(self._passages)
        if not gone:
            return
        keep = [i for i, pid in enumerate(self._ids) if pid not in gone]
        self._ids = [self._ids[i] for i in keep]
        self._matrix = self._matrix[keep]
        for pid in gone:
            del self._passages[pid]

    async def search(
        self, vector: Vectors, k: int, filters: Filters | None = None
    ) -> list[tuple[str, float]]:
        if not self._ids:
            return []
        scores = self._matrix @ vector.reshape(-1).astype(np.float32)
        order = np.argsort(-scores)
        hits: list[tuple[str, float]] = []
        for index in order:
            pid = self._ids[int(index)]
            if self._passages[pid].matches(filters):
                hits.append((pid, float(scores[int(index)])))
                if len(hits) == k:
                    break
        return hits

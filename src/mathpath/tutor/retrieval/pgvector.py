"""The distributed `VectorIndex`: PostgreSQL with pgvector, an HNSW index (cosine), and the
metadata filters as SQL predicates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import asyncpg  # type: ignore[import-untyped]

from mathpath.tutor.retrieval.passages import Filters, Passage
from mathpath.tutor.retrieval.ports import Vectors


def _literal(vector: Any) -> str:
    return "[" + ",".join(f"{float(x):.7g}" for x in vector) + "]"


def asyncpg_dsn(url: str) -> str:
    scheme, rest = url.split("://", 1)
    return f"postgresql://{rest}" if scheme.startswith("postgres") else url


class PgVectorIndex:
    def __init__(self, pool: asyncpg.Pool, dimension: int, *, ef_search: int = 100) -> None:
        self.pool = pool
        self.dimension = dimension
        self.ef_search = ef_search

    @classmethod
    async def connect(cls, url: str, dimension: int) -> PgVectorIndex:
        pool = await asyncpg.create_pool(asyncpg_dsn(url), min_size=1, max_size=4)
        index = cls(pool, dimension)
        await index.setup()
        return index

    async def setup(self) -> None:
        async with self.pool.acquire() as conn:
            await conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
            await conn.execute(
                "CREATE TABLE IF NOT EXISTS tutor_passage_vectors ("
                " id text PRIMARY KEY,"
                f" embedding vector({self.dimension}) NOT NULL,"
                " skills text[] NOT NULL DEFAULT '{}',"
                " level text NOT NULL DEFAULT '', kind text NOT NULL DEFAULT '',"
                " audience text NOT NULL DEFAULT '', student_id text)"
            )
            await conn.execute(
                "CREATE INDEX IF NOT EXISTS tutor_passage_vectors_hnsw ON tutor_passage_vectors"
                " USING hnsw (embedding vector_cosine_ops)"
            )

    async def upsert(self, passages: Sequence[Passage], vectors: Vectors) -> None:
        rows = [
            (
                p.id,
                _literal(v),
                list(p.skills),
                p.level,
                p.kind,
                p.audience,
                p.meta.get("student_id"),
            )
            for p, v in zip(passages, vectors, strict=True)
        ]
        async with self.pool.acquire() as conn:
            await conn.executemany(
                "INSERT INTO tutor_passage_vectors"
                " (id, embedding, skills, level, kind, audience, student_id)"
                " VALUES ($1, $2::vector, $3, $4, $5, $6, $7)"
                " ON CONFLICT (id) DO UPDATE SET embedding = EXCLUDED.embedding,"
                " skills = EXCLUDED.skills, level = EXCLUDED.level, kind = EXCLUDED.kind,"
                " audience = EXCLUDED.audience, student_id = EXCLUDED.student_id",
                rows,
            )

    async def delete(self, passage_ids: Sequence[str]) -> None:
        async with self.pool.acquire() as conn:
            await conn.execute(
                "DELETE FROM tutor_passage_vectors WHERE id = ANY($1::text[])", list(passage_ids)
            )

    async def search(
        self, vector: Vectors, k: int, filters: Filters | None = None
    ) -> list[tuple[str, float]]:
        f = filters or Filters()
        async with self.pool.acquire() as conn, conn.transaction():
            # The HNSW search keeps ef_search candidates before filtering: widen it so
            # filtered searches still fill k results.
            await conn.execute(f"SET LOCAL hnsw.ef_search = {int(self.ef_search)}")
            rows = await conn.fetch(
                "SELECT id, 1 - (embedding <=> $1::vector) AS score FROM tutor_passage_vectors"
                " WHERE (cardinality($2::text[]) = 0 OR skills && $2::text[])"
                " AND (cardinality($3::text[]) = 0 OR level = ANY($3::text[]))"
                " AND (cardinality($4::text[]) = 0 OR kind = ANY($4::text[]))"
                " AND (cardinality($5::text[]) = 0 OR audience = ANY($5::text[]))"
                " AND (student_id IS NULL OR student_id = $6)"
                " ORDER BY embedding <=> $1::vector LIMIT $7",
                _literal(vector.reshape(-1)), list(f.skills), list(f.levels), list(f.kinds),
                list(f.audiences), f.student_id, k,
            )  # fmt: skip
        return [(str(r["id"]), float(r["score"])) for r in rows]

    async def aclose(self) -> None:
        await self.pool.close()

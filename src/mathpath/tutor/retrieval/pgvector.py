"""The distributed `VectorIndex`: PostgreSQL with pgvector, an HNSW index (cosine), and the
metadata filters as SQL predicates. (Table names are checked identifiers, `pg.table_name`:
the SQL built with them takes every value as a parameter.)"""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg  # type: ignore[import-untyped]
import numpy as np

from mathpath.tutor.retrieval.passages import Filters, Passage
from mathpath.tutor.retrieval.pg import (
    PgPassageTable,
    filter_args,
    filter_sql,
    open_pool,
)
from mathpath.tutor.retrieval.ports import DimensionMismatch, Vectors, check_dimension

__all__ = ["PgVectorIndex"]


class PgVectorIndex(PgPassageTable):
    """Vectors with their passages' filter columns in one table. `ef_search` is how many
    candidates an HNSW scan keeps; with pgvector >= 0.8 a filtered search goes on scanning
    (`hnsw.iterative_scan`) until it has k matches, so selective filters still fill k."""

    def __init__(
        self, pool: asyncpg.Pool, dimension: int, *, table: str = "tutor_passage_vectors",
        ef_search: int = 100,
    ) -> None:  # fmt: skip
        super().__init__(pool, table)
        self.dimension = dimension
        self.ef_search = int(ef_search)
        self.iterative_scan = False

    @classmethod
    async def connect(
        cls, url: str, dimension: int, *, table: str = "tutor_passage_vectors",
        ef_search: int = 100, server_settings: dict[str, str] | None = None,
    ) -> PgVectorIndex:  # fmt: skip
        """`server_settings` go to every connection (`{"enable_seqscan": "off"}` makes even
        a small table's search use HNSW, where the planner would rather scan and sort)."""
        pool = await open_pool(url, server_settings=server_settings)
        index = cls(pool, dimension, table=table, ef_search=ef_search)
        await index._adopt_pool()
        return index

    async def setup(self) -> None:
        """Create the table and its HNSW index if missing; refuse a table built for vectors
        of another dimension (another embedder) instead of failing at the first insert."""
        t = self.table
        async with self.pool.acquire() as conn:
            await conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
            await conn.execute(
                f"CREATE TABLE IF NOT EXISTS {t} ("
                " id text PRIMARY KEY,"
                f" embedding vector({self.dimension}) NOT NULL,"
                " skills text[] NOT NULL DEFAULT '{}',"
                " level text NOT NULL DEFAULT '', kind text NOT NULL DEFAULT '',"
                " audience text NOT NULL DEFAULT '', student_id text)"
            )
            stored = await conn.fetchval(
                "SELECT a.atttypmod FROM pg_attribute a"
                " WHERE a.attrelid = $1::regclass AND a.attname = 'embedding'",
                t,
            )
            if stored != self.dimension:
                raise DimensionMismatch(
                    f"table {t} holds {stored}-dimensional vectors but the embedder makes"
                    f" {self.dimension}: configure another table or drop this one"
                )
            await conn.execute(
                f"CREATE INDEX IF NOT EXISTS {t}_hnsw ON {t}"
                " USING hnsw (embedding vector_cosine_ops)"
            )
            version = await conn.fetchval(
                "SELECT extversion FROM pg_extension WHERE extname = 'vector'"
            )
        self.iterative_scan = _version(str(version)) >= (0, 8)

    def _check(self, vectors: Vectors, rows: int | None = None) -> None:
        check_dimension(vectors, self.dimension, rows)

    async def upsert(self, passages: Sequence[Passage], vectors: Vectors) -> None:
        if not passages:
            return
        self._check(vectors.reshape(len(passages), -1), len(passages))
        # Rows in id order: two concurrent upserts lock shared rows in the same order, so
        # they wait for each other instead of deadlocking.
        rows = sorted(
            (
                p.id, np.asarray(v, dtype=np.float32), list(p.skills), p.level, p.kind,
                p.audience, p.meta.get("student_id"),
            )
            for p, v in zip(passages, vectors, strict=True)
        )  # fmt: skip
        t = self.table
        async with self.pool.acquire() as conn:
            # An unchanged row is not written again (no dead tuple, no HNSW insert).
            await conn.executemany(
                f"INSERT INTO {t} AS t (id, embedding, skills, level, kind, audience, student_id)"  # noqa: S608
                " VALUES ($1, $2, $3, $4, $5, $6, $7)"
                " ON CONFLICT (id) DO UPDATE SET embedding = EXCLUDED.embedding,"
                " skills = EXCLUDED.skills, level = EXCLUDED.level, kind = EXCLUDED.kind,"
                " audience = EXCLUDED.audience, student_id = EXCLUDED.student_id"
                " WHERE (t.embedding, t.skills, t.level, t.kind, t.audience, t.student_id)"
                " IS DISTINCT FROM (EXCLUDED.embedding, EXCLUDED.skills, EXCLUDED.level,"
                " EXCLUDED.kind, EXCLUDED.audience, EXCLUDED.student_id)",
                rows,
            )

    async def search(
        self, vector: Vectors, k: int, filters: Filters | None = None
    ) -> list[tuple[str, float]]:
        query = np.asarray(vector, dtype=np.float32).reshape(-1)
        self._check(query)
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(f"SET LOCAL hnsw.ef_search = {min(max(self.ef_search, k), 1000)}")
            if self.iterative_scan:
                await conn.execute("SET LOCAL hnsw.iterative_scan = strict_order")
            rows = await conn.fetch(
                f"SELECT id, 1 - (embedding <=> $1) AS score FROM {self.table}"  # noqa: S608
                f" WHERE {filter_sql(3)} ORDER BY embedding <=> $1 LIMIT $2",
                query, k, *filter_args(filters),
            )  # fmt: skip
        return [(str(r["id"]), float(r["score"])) for r in rows]


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".")[:2] if part.isdigit())

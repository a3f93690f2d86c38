"""The distributed `LexicalIndex`: PostgreSQL full-text search (a stored `tsvector` with a
GIN index, English stemming and stop words), with the metadata filters as SQL predicates.

It answers as the embedded SQLite FTS5 index does: any of the query's words may match (an
OR query, ranked), and the student's text is only ever words, never query syntax."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg  # type: ignore[import-untyped]

from mathpath.tutor.retrieval.lexical import fts_query
from mathpath.tutor.retrieval.passages import Filters, Passage
from mathpath.tutor.retrieval.pg import (
    PgPassageTable,
    filter_args,
    filter_sql,
    open_pool,
)

__all__ = ["PgLexicalIndex"]

# plainto_tsquery reads the text as plain words (stemmed, stop words dropped) and joins them
# with AND; its output holds only quoted lexemes and `&`, so turning `&` into `|` gives
# the OR query, with no way for the text to inject tsquery syntax.
_QUERY = "SELECT replace(plainto_tsquery('english', $1)::text, ' & ', ' | ')::tsquery AS q"


class PgLexicalIndex(PgPassageTable):
    def __init__(self, pool: asyncpg.Pool, *, table: str = "tutor_passage_text") -> None:
        super().__init__(pool, table)

    @classmethod
    async def connect(cls, url: str, *, table: str = "tutor_passage_text") -> PgLexicalIndex:
        pool = await open_pool(url, vector=False)
        index = cls(pool, table=table)
        await index._adopt_pool()
        return index

    async def setup(self) -> None:
        t = self.table
        async with self.pool.acquire() as conn:
            await conn.execute(
                f"CREATE TABLE IF NOT EXISTS {t} ("
                " id text PRIMARY KEY, title text NOT NULL DEFAULT '',"
                " body text NOT NULL DEFAULT '', source text NOT NULL DEFAULT '',"
                " skills text[] NOT NULL DEFAULT '{}',"
                " level text NOT NULL DEFAULT '', kind text NOT NULL DEFAULT '',"
                " audience text NOT NULL DEFAULT '', student_id text,"
                " document tsvector GENERATED ALWAYS AS ("
                " setweight(to_tsvector('english', title), 'A')"
                " || setweight(to_tsvector('english', body), 'B')) STORED)"
            )
            await conn.execute(
                f"CREATE INDEX IF NOT EXISTS {t}_document ON {t} USING gin (document)"
            )

    async def upsert(self, passages: Sequence[Passage]) -> None:
        if not passages:
            return
        rows = sorted(
            (
                p.id, p.title, p.text, p.source, list(p.skills), p.level, p.kind, p.audience,
                p.meta.get("student_id"),
            )
            for p in passages
        )  # fmt: skip
        async with self.pool.acquire() as conn:
            await conn.executemany(
                f"INSERT INTO {self.table} AS t"  # noqa: S608
                " (id, title, body, source, skills, level, kind, audience, student_id)"
                " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
                " ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body,"
                " source = EXCLUDED.source, skills = EXCLUDED.skills, level = EXCLUDED.level,"
                " kind = EXCLUDED.kind, audience = EXCLUDED.audience,"
                " student_id = EXCLUDED.student_id"
                " WHERE (t.title, t.body, t.source, t.skills, t.level, t.kind, t.audience,"
                " t.student_id) IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.body,"
                " EXCLUDED.source, EXCLUDED.skills, EXCLUDED.level, EXCLUDED.kind,"
                " EXCLUDED.audience, EXCLUDED.student_id)",
                rows,
            )

    async def stored(self, kinds: Sequence[str]) -> list[Passage]:
        """The stored passages of these kinds (feedback notes outlive a restart here)."""
        async with self.pool.acquire() as conn:
            rows = await conn.fetch(
                "SELECT id, title, body, source, skills, level, kind, audience, student_id"  # noqa: S608
                f" FROM {self.table} WHERE kind = ANY($1::text[]) ORDER BY id",
                list(kinds),
            )
        return [
            Passage(
                id=r["id"], text=r["body"], title=r["title"], skills=tuple(r["skills"]),
                level=r["level"], kind=r["kind"], audience=r["audience"], source=r["source"],
                meta={"student_id": r["student_id"]} if r["student_id"] is not None else {},
            )
            for r in rows
        ]  # fmt: skip

    async def search(
        self, query: str, k: int, filters: Filters | None = None
    ) -> list[tuple[str, float]]:
        if not fts_query(query):
            return []
        async with self.pool.acquire() as conn:
            rows = await conn.fetch(
                f"WITH query AS ({_QUERY}) SELECT id, ts_rank(document, q, 1) AS score"  # noqa: S608
                f" FROM {self.table}, query WHERE document @@ q AND {filter_sql(3)}"
                " ORDER BY score DESC, id LIMIT $2",
                query, k, *filter_args(filters),
            )  # fmt: skip
        return [(str(r["id"]), float(r["score"])) for r in rows]

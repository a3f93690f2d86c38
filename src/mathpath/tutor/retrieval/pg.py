"""What the PostgreSQL retrieval adapters share: the asyncpg pool, the `vector` type's
binary codec and the metadata filters as SQL predicates."""

from __future__ import annotations

import re
import struct
from collections.abc import Sequence
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import numpy as np

from mathpath.tutor.retrieval.passages import Filters
from mathpath.tutor.retrieval.ports import Vectors

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_HEADER = struct.Struct(">HH")


def filter_sql(first: int) -> str:
    """The metadata filters over the columns every adapter's table has, as parameters
    `$first` .. `$first+4` (bound by `filter_args`)."""
    a, b, c, d, e = (f"${first + i}" for i in range(5))
    return (
        f"(cardinality({a}::text[]) = 0 OR skills && {a}::text[])"
        f" AND (cardinality({b}::text[]) = 0 OR level = ANY({b}::text[]))"
        f" AND (cardinality({c}::text[]) = 0 OR kind = ANY({c}::text[]))"
        f" AND (cardinality({d}::text[]) = 0 OR audience = ANY({d}::text[]))"
        f" AND (student_id IS NULL OR student_id = {e}::text)"
    )


def filter_args(filters: Filters | None) -> list[Any]:
    """A student's own passages (feedback notes) only ever match that student's filter; no
    filter at all matches only passages that belong to nobody."""
    f = filters or Filters()
    return [list(f.skills), list(f.levels), list(f.kinds), list(f.audiences), f.student_id]


def table_name(name: str) -> str:
    if not _IDENTIFIER.match(name):
        raise ValueError(f"not a plain table name: {name!r}")
    return name


def asyncpg_dsn(url: str) -> str:
    """`postgresql+asyncpg://…` (SQLAlchemy's spelling) as asyncpg reads it."""
    scheme, rest = url.split("://", 1)
    return f"postgresql://{rest}" if scheme.startswith("postgres") else url


def encode_vector(vector: Any) -> bytes:
    values = np.asarray(vector, dtype=">f4").reshape(-1)
    return _HEADER.pack(values.shape[0], 0) + values.tobytes()


def decode_vector(data: bytes) -> Vectors:
    dim, _ = _HEADER.unpack_from(data)
    return np.frombuffer(data, dtype=">f4", count=dim, offset=_HEADER.size).astype(np.float32)


async def register_vector(conn: asyncpg.Connection) -> None:
    """Send vectors in pgvector's binary format (exact float32, no text round trip)."""
    schema = await conn.fetchval(
        "SELECT n.nspname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
        " WHERE t.typname = 'vector'"
    )
    if schema is not None:
        await conn.set_type_codec(
            "vector", schema=schema, encoder=encode_vector, decoder=decode_vector,
            format="binary",
        )  # fmt: skip


async def open_pool(
    url: str, *, vector: bool = True, max_size: int = 4,
    server_settings: dict[str, str] | None = None,
) -> asyncpg.Pool:  # fmt: skip
    """A pool on `url`; with `vector`, the pgvector extension is created first (it needs
    the right to, once per database) so every connection gets the vector codec."""
    dsn = asyncpg_dsn(url)
    if vector:
        conn = await asyncpg.connect(dsn)
        try:
            await conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
        except (asyncpg.UniqueViolationError, asyncpg.DuplicateObjectError):
            pass  # another process created it at the same moment
        finally:
            await conn.close()
    return await asyncpg.create_pool(
        dsn, min_size=1, max_size=max_size, init=register_vector if vector else None,
        server_settings=server_settings,
    )  # fmt: skip


class PgPassageTable:
    """What both PostgreSQL indexes do with their table of passages (one row per passage
    id): delete by id, list the ids, and close the pool when they opened it themselves."""

    def __init__(self, pool: asyncpg.Pool, table: str) -> None:
        self.pool = pool
        self.table = table_name(table)
        self._owns_pool = False

    async def setup(self) -> None:
        raise NotImplementedError

    async def _adopt_pool(self) -> None:
        """For `connect`: this index opened the pool, so it sets up and closes it."""
        self._owns_pool = True
        try:
            await self.setup()
        except BaseException:
            await self.pool.close()
            raise

    async def delete(self, passage_ids: Sequence[str]) -> None:
        async with self.pool.acquire() as conn:
            await conn.execute(
                f"DELETE FROM {self.table} WHERE id = ANY($1::text[])",  # noqa: S608
                sorted(passage_ids),
            )

    async def stored_ids(self) -> set[str]:
        async with self.pool.acquire() as conn:
            return {str(r["id"]) for r in await conn.fetch(f"SELECT id FROM {self.table}")}  # noqa: S608

    async def aclose(self) -> None:
        if self._owns_pool:
            await self.pool.close()

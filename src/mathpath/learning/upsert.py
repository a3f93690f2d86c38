"""Insert-or-ignore for the two databases the service runs on (SQLite, PostgreSQL).

Used where concurrent requests may create the same row: the insert itself decides who wins,
with no savepoint (pysqlite's SAVEPOINT outside BEGIN would commit early) and no error.
On SQLite the insert also takes the write lock first, so the read-modify-write that follows
in the same transaction cannot interleave with another writer's.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


async def insert_ignore(
    session: AsyncSession, model: Any, keys: list[str], rows: list[dict[str, Any]]
) -> int:
    """Insert rows unless their `keys` already exist; returns how many were inserted."""
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    module: Any = postgresql if dialect == "postgresql" else sqlite
    statement = module.insert(model).values(rows).on_conflict_do_nothing(index_elements=keys)
    result = await session.execute(statement)
    return int(getattr(result, "rowcount", 0) or 0)

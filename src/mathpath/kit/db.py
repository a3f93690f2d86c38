"""Databases: one per service, SQLAlchemy 2 async, SQLite (WAL) by default, PostgreSQL by URL.

The request owns the transaction: :meth:`Database.session` is used as a FastAPI dependency
with ``scope="function"`` so it commits *before* the response is sent (a write is durable
before the API answers 2xx) and rolls back on any error. Services only ``flush()``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, MetaData, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import NullPool
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always read back timezone-aware, in UTC, on every database.

    SQLite keeps no zone and hands back naive datetimes; every API response and export would
    then print times without an offset (not RFC 3339). Every service's timestamp columns use
    this type, so what is read is right wherever it is shown. A naive value written is taken
    to be UTC already (every stored time is).
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def new_metadata() -> MetaData:
    return MetaData(naming_convention=NAMING_CONVENTION)


def declarative_base_for(service: str) -> type[DeclarativeBase]:
    """A fresh declarative base with its own metadata: one per service database."""

    class Base(DeclarativeBase):
        metadata = new_metadata()

    Base.__name__ = f"{service.capitalize()}Base"
    return Base


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def create_engine(
    url: str,
    *,
    busy_timeout_ms: int = 5000,
    pool_size: int = 10,
    pool_timeout_s: float = 15.0,
    echo: bool = False,
) -> AsyncEngine:
    """An async engine tuned by measurement (see ``benchmarks/db_layer``).

    SQLite: WAL journal, ``synchronous=NORMAL`` (durable across process crashes in WAL mode),
    a busy timeout instead of instant ``database is locked`` errors, foreign keys on.
    """
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        file_backed = bool(database and database != ":memory:")
        engine = create_async_engine(
            url,
            echo=echo,
            connect_args={"timeout": busy_timeout_ms / 1000},
            poolclass=None if file_backed else NullPool,
            # A request that waits this long for a connection fails loudly instead of hanging.
            **(
                {"pool_size": pool_size, "max_overflow": 0, "pool_timeout": pool_timeout_s}
                if file_backed
                else {}
            ),
        )

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_async_engine(
        url,
        echo=echo,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_timeout=pool_timeout_s,
        pool_pre_ping=True,
    )


class Database:
    """One service's database: the engine, a session factory and a readiness check."""

    def __init__(
        self,
        url: str,
        *,
        busy_timeout_ms: int = 5000,
        pool_size: int = 10,
        pool_timeout_s: float = 15.0,
        echo: bool = False,
    ) -> None:
        self.url = url
        self.engine = create_engine(
            url,
            busy_timeout_ms=busy_timeout_ms,
            pool_size=pool_size,
            pool_timeout_s=pool_timeout_s,
            echo=echo,
        )
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session whose work is committed on success and rolled back on error."""
        async with self.sessionmaker() as session:
            try:
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise

    async def session(self) -> AsyncIterator[AsyncSession]:
        """FastAPI dependency form of :meth:`transaction` (use with ``scope="function"``)."""
        async with self.transaction() as session:
            yield session

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def create_all(self, metadata: MetaData) -> None:
        """Create tables directly (tests and throwaway databases; production uses Alembic)."""
        async with self.engine.begin() as conn:
            await conn.run_sync(metadata.create_all)

    async def dispose(self) -> None:
        await self.engine.dispose()


async def insert_ignore(
    session: AsyncSession, model: Any, keys: list[str], rows: list[dict[str, Any]]
) -> int:
    """Insert rows unless their ``keys`` already exist; returns how many were inserted.

    For rows concurrent requests may create alike: the insert itself decides who wins, with
    no savepoint (pysqlite's SAVEPOINT outside BEGIN would commit early) and no error. On
    SQLite the insert also takes the write lock first, so the read-modify-write that follows
    in the same transaction cannot interleave with another writer's.
    """
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    module: Any = postgresql if dialect == "postgresql" else sqlite
    statement = module.insert(model).values(rows).on_conflict_do_nothing(index_elements=keys)
    result = await session.execute(statement)
    return int(getattr(result, "rowcount", 0) or 0)

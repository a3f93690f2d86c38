"""Transactional outbox and idempotent consumption.

A service writes its events into its own ``outbox`` table in the same transaction as the
change (:func:`record_event`), so a rolled-back change publishes nothing. The relay
publishes unpublished rows and then marks them; a crash between the two re-publishes, and
consumers apply each event once through :func:`handle_once`, which records the event id in
``processed_events`` inside the handler's own transaction.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import structlog
from sqlalchemy import (
    JSON,
    Column,
    Integer,
    MetaData,
    String,
    Table,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.kit.clock import utcnow
from mathpath.kit.db import Database, UTCDateTime
from mathpath.kit.events import Event, EventBus

log = structlog.get_logger("mathpath.outbox")


@dataclass(frozen=True)
class OutboxTables:
    outbox: Table
    processed: Table


def define_outbox_tables(metadata: MetaData) -> OutboxTables:
    """Add ``outbox`` and ``processed_events`` to a service's metadata."""
    outbox = Table(
        "outbox",
        metadata,
        Column("seq", Integer, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False, unique=True),
        Column("event_type", String(100), nullable=False),
        Column("source", String(40), nullable=False),
        Column("occurred_at", UTCDateTime(), nullable=False),
        Column("payload", JSON, nullable=False),
        Column("published_at", UTCDateTime(), nullable=True, index=True),
        Column("attempts", Integer, nullable=False, default=0),
    )
    processed = Table(
        "processed_events",
        metadata,
        Column("event_id", String(36), primary_key=True),
        Column("consumer", String(100), primary_key=True),
        Column("processed_at", UTCDateTime(), nullable=False),
    )
    return OutboxTables(outbox=outbox, processed=processed)


async def record_event(session: AsyncSession, tables: OutboxTables, event: Event) -> Event:
    """Stage ``event`` in the outbox inside the caller's transaction."""
    await session.execute(
        insert(tables.outbox).values(
            event_id=event.id,
            event_type=event.type,
            source=event.source,
            occurred_at=event.occurred_at,
            payload=event.payload,
            attempts=0,
        )
    )
    return event


def _row_to_event(row: Any) -> Event:
    occurred: datetime = row.occurred_at
    return Event(
        id=row.event_id,
        type=row.event_type,
        source=row.source,
        occurred_at=occurred,
        payload=row.payload,
    )


class OutboxRelay:
    """Moves staged events from a service's outbox to the bus, at least once."""

    def __init__(
        self,
        db: Database,
        tables: OutboxTables,
        bus: EventBus,
        *,
        batch_size: int = 100,
        poll_interval_s: float = 0.5,
    ) -> None:
        self.db = db
        self.tables = tables
        self.bus = bus
        self.batch_size = batch_size
        self.poll_interval_s = poll_interval_s
        self._task: asyncio.Task[None] | None = None
        self._wakeup = asyncio.Event()
        # One batch at a time: a manual relay_once (shutdown, tests) waits for the background
        # loop's batch instead of reading and publishing the same rows beside it.
        self._batch_lock = asyncio.Lock()

    async def relay_once(self) -> int:
        """Publish one batch of unpublished events; returns how many were published."""
        async with self._batch_lock:
            return await self._relay_batch()

    async def _relay_batch(self) -> int:
        outbox = self.tables.outbox
        async with self.db.transaction() as session:
            rows = (
                await session.execute(
                    select(outbox)
                    .where(outbox.c.published_at.is_(None))
                    .order_by(outbox.c.seq)
                    .limit(self.batch_size)
                )
            ).all()
        published: list[int] = []
        failed: int | None = None
        for row in rows:
            event = _row_to_event(row)
            try:
                await self.bus.publish(event)
            except Exception as exc:
                log.warning(
                    "outbox_publish_failed",
                    event_id=event.id,
                    event_type=event.type,
                    error_type=type(exc).__name__,
                )
                failed = row.seq
                break  # keep order: retry this one before anything after it
            published.append(row.seq)
        if published or failed is not None:
            await self.mark_published(published, failed=failed)
        return len(published)

    async def mark_published(self, published: list[int], *, failed: int | None = None) -> None:
        """Mark a batch published in one short write transaction (not one per event: on
        SQLite each is a turn of the database's single write lock that requests wait for).
        A crash before it republishes the batch; consumers apply each event id once."""
        outbox = self.tables.outbox
        async with self.db.transaction() as session:
            if published:
                await session.execute(
                    update(outbox).where(outbox.c.seq.in_(published)).values(published_at=utcnow())
                )
            if failed is not None:
                await session.execute(
                    update(outbox)
                    .where(outbox.c.seq == failed)
                    .values(attempts=outbox.c.attempts + 1)
                )

    def notify(self) -> None:
        """Wake the relay now (after a commit) instead of waiting for the next poll."""
        self._wakeup.set()

    async def run_forever(self) -> None:
        while True:
            try:
                while await self.relay_once() == self.batch_size:
                    pass
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the next poll retries
                log.warning("outbox_relay_failed", error_type=type(exc).__name__)
            try:
                await asyncio.wait_for(self._wakeup.wait(), timeout=self.poll_interval_s)
            except TimeoutError:
                pass
            self._wakeup.clear()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self.run_forever())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None


async def handle_once(
    db: Database,
    tables: OutboxTables,
    consumer: str,
    event: Event,
    apply: Callable[[AsyncSession, Event], Awaitable[None]],
) -> bool:
    """Apply ``event`` for ``consumer`` exactly once; returns False for a duplicate.

    The processed-event marker and the handler's writes commit together, so a crash in
    between leaves neither and the redelivered event is applied then.
    """
    processed = tables.processed
    async with db.transaction() as session:
        seen = await session.scalar(
            select(processed.c.event_id).where(
                processed.c.event_id == event.id, processed.c.consumer == consumer
            )
        )
        if seen is not None:
            return False
        try:
            await session.execute(
                insert(processed).values(
                    event_id=event.id, consumer=consumer, processed_at=utcnow()
                )
            )
        except IntegrityError:
            return False  # a concurrent delivery won the race
        await apply(session, event)
    return True


async def purge_outbox(session: AsyncSession, tables: OutboxTables, older_than: datetime) -> int:
    """Delete events published, and processed-event records made, before ``older_than``
    (a retention job's step: both only grow otherwise). Unpublished events are kept."""
    outbox, processed = tables.outbox, tables.processed
    published = await session.execute(
        delete(outbox).where(outbox.c.published_at.is_not(None), outbox.c.published_at < older_than)
    )
    seen = await session.execute(delete(processed).where(processed.c.processed_at < older_than))
    return sum(int(getattr(r, "rowcount", 0) or 0) for r in (published, seen))

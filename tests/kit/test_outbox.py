"""The outbox loses nothing and the consumer applies each event once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, func, insert, select
from sqlalchemy import event as sa_event
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.kit.db import Database, new_metadata
from mathpath.kit.events import Event, InMemoryBus
from mathpath.kit.outbox import OutboxRelay, OutboxTables, define_outbox_tables, handle_once
from mathpath.kit.outbox import record_event as stage


class CrashAfterPublish(Exception):
    pass


class Setup:
    def __init__(self, db: Database, tables: OutboxTables, applied: Table) -> None:
        self.db, self.tables, self.applied = db, tables, applied


@pytest.fixture
async def setup(tmp_path: Path) -> AsyncIterator[Setup]:
    metadata: MetaData = new_metadata()
    tables = define_outbox_tables(metadata)
    applied = Table(
        "applied", metadata, Column("n", Integer, primary_key=True), Column("event_id", String(36))
    )
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'outbox.sqlite'}")
    await db.create_all(metadata)
    yield Setup(db, tables, applied)
    await db.dispose()


async def _count(db: Database, table: Table) -> int:
    async with db.transaction() as session:
        return int(await session.scalar(select(func.count()).select_from(table)) or 0)


async def test_rolled_back_change_publishes_nothing(setup: Setup):
    bus = InMemoryBus()
    received: list[Event] = []

    async def handler(event: Event) -> None:
        received.append(event)

    bus.subscribe("g", ["thing.done"], handler)
    with pytest.raises(RuntimeError):
        async with setup.db.transaction() as session:
            await stage(session, setup.tables, Event(type="thing.done", source="t"))
            raise RuntimeError("the change fails")
    relay = OutboxRelay(setup.db, setup.tables, bus)
    assert await relay.relay_once() == 0
    assert received == []


async def test_relay_crash_between_publish_and_mark_republishes_and_handler_applies_once(
    setup: Setup,
):
    bus = InMemoryBus()
    deliveries: list[str] = []

    async def apply(session: AsyncSession, event: Event) -> None:
        await session.execute(insert(setup.applied).values(event_id=event.id))

    async def handler(event: Event) -> None:
        deliveries.append(event.id)
        await handle_once(setup.db, setup.tables, "consumer", event, apply)

    bus.subscribe("g", ["thing.done"], handler)
    async with setup.db.transaction() as session:
        event = await stage(session, setup.tables, Event(type="thing.done", source="t"))

    class CrashingRelay(OutboxRelay):
        async def mark_published(self, published: list[int], *, failed: int | None = None) -> None:
            raise CrashAfterPublish

    with pytest.raises(CrashAfterPublish):
        await CrashingRelay(setup.db, setup.tables, bus).relay_once()
    # A new relay (the process restarted) publishes the same event again.
    assert await OutboxRelay(setup.db, setup.tables, bus).relay_once() == 1
    assert await OutboxRelay(setup.db, setup.tables, bus).relay_once() == 0
    assert deliveries == [event.id, event.id]
    assert await _count(setup.db, setup.applied) == 1


async def test_a_relayed_batch_is_marked_in_one_write(setup: Setup):
    """On SQLite each write transaction is a turn of the one write lock that requests queue
    for: a batch of events costs the relay one, not one per event."""
    bus = InMemoryBus()
    async with setup.db.transaction() as session:
        for _ in range(5):
            await stage(session, setup.tables, Event(type="thing.done", source="t"))
    writes: list[str] = []

    def count_writes(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("UPDATE"):
            writes.append(statement)

    sa_event.listen(setup.db.engine.sync_engine, "before_cursor_execute", count_writes)
    assert await OutboxRelay(setup.db, setup.tables, bus).relay_once() == 5
    assert len(writes) == 1
    assert await OutboxRelay(setup.db, setup.tables, bus).relay_once() == 0


async def test_a_failed_publish_keeps_order_and_counts_the_attempt(setup: Setup):
    published: list[str] = []

    class FlakyBus(InMemoryBus):
        async def publish(self, event: Event) -> None:
            if len(published) == 2:
                published.append("failed")
                raise ConnectionError("bus down")
            published.append(event.id)

    async with setup.db.transaction() as session:
        events = [
            await stage(session, setup.tables, Event(type="thing.done", source="t"))
            for _ in range(4)
        ]
    assert await OutboxRelay(setup.db, setup.tables, FlakyBus()).relay_once() == 2
    outbox = setup.tables.outbox
    async with setup.db.transaction() as session:
        rows = (await session.execute(select(outbox).order_by(outbox.c.seq))).all()
    assert [r.published_at is not None for r in rows] == [True, True, False, False]
    assert [r.attempts for r in rows] == [0, 0, 1, 0]
    assert await OutboxRelay(setup.db, setup.tables, InMemoryBus()).relay_once() == 2
    assert published[:2] == [events[0].id, events[1].id]


async def test_handler_failure_leaves_no_processed_marker(setup: Setup):
    event = Event(type="thing.done", source="t")

    async def failing(session: AsyncSession, _event: Event) -> None:
        await session.execute(insert(setup.applied).values(event_id=_event.id))
        raise ValueError("handler bug")

    async def working(session: AsyncSession, _event: Event) -> None:
        await session.execute(insert(setup.applied).values(event_id=_event.id))

    with pytest.raises(ValueError):
        await handle_once(setup.db, setup.tables, "c", event, failing)
    assert await _count(setup.db, setup.applied) == 0
    assert await handle_once(setup.db, setup.tables, "c", event, working) is True
    assert await handle_once(setup.db, setup.tables, "c", event, working) is False
    assert await _count(setup.db, setup.applied) == 1


async def test_in_memory_bus_retries_then_dead_letters():
    bus = InMemoryBus(max_attempts=3, retry_delay_s=0)
    attempts: list[int] = []

    async def flaky(event: Event) -> None:
        attempts.append(1)
        raise RuntimeError("down")

    bus.subscribe("g", ["x"], flaky)
    await bus.start()
    await bus.publish(Event(type="x", source="t"))
    await bus.drain()
    await bus.stop()
    assert len(attempts) == 3
    assert [(g, e.type) for g, e, _ in bus.dead_letters] == [("g", "x")]

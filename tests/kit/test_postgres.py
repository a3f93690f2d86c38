"""The PostgreSQL path: every service's migrations, and the kit's transaction and outbox."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from mathpath.kit.db import Database
from mathpath.kit.events import Event, InMemoryBus
from mathpath.kit.migrate import upgrade
from mathpath.kit.outbox import OutboxRelay, record_event
from mathpath.kit.settings import SERVICES
from tests.kit.sample_service import OUTBOX, Base

pytestmark = [pytest.mark.postgres, pytest.mark.integration]


@pytest.mark.parametrize("service", SERVICES)
async def test_service_migrations_apply_on_postgres(pg_database: str, service: str):
    await asyncio.to_thread(upgrade, service, pg_database)
    db = Database(pg_database)
    try:
        async with db.transaction() as session:
            tables = set(
                (
                    await session.scalars(
                        text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                    )
                ).all()
            )
        assert {"outbox", "processed_events", f"alembic_version_{service}"} <= tables
    finally:
        await db.dispose()


async def test_transaction_and_outbox_on_postgres(pg_database: str):
    db = Database(pg_database)
    try:
        await db.create_all(Base.metadata)
        with pytest.raises(RuntimeError):
            async with db.transaction() as session:
                await record_event(session, OUTBOX, Event(type="a", source="s"))
                raise RuntimeError
        async with db.transaction() as session:
            await record_event(session, OUTBOX, Event(type="b", source="s"))
        bus = InMemoryBus()
        seen: list[str] = []

        async def handler(event: Event) -> None:
            seen.append(event.type)

        bus.subscribe("g", ["a", "b"], handler)
        assert await OutboxRelay(db, OUTBOX, bus).relay_once() == 1
        assert seen == ["b"]
        await db.ping()
    finally:
        await db.dispose()

"""Provider webhooks: verify, store the raw event keyed by its id, acknowledge, process.

Processing reads the stored record, never the request, so a failure is retried from the
store (by the periodic sweep) and nothing is lost; a duplicate delivery is a no-op; the
effects are idempotent (ledger keyed by provider entry id, snapshots ordered), so replays
in any order converge.
"""

from __future__ import annotations

from collections.abc import Mapping

import structlog
from sqlalchemy.exc import IntegrityError

from mathpath.billing import repository as repo
from mathpath.billing.deps import Billing
from mathpath.billing.models import WebhookEvent
from mathpath.billing.subscriptions import apply_snapshot, record_movement
from mathpath.kit import clock
from mathpath.kit.ids import new_id

log = structlog.get_logger("mathpath.billing.webhooks")


async def receive(
    billing: Billing, provider_name: str, body: bytes, headers: Mapping[str, str]
) -> tuple[str, bool]:
    """Verify and store one delivery; returns (stored event id, is it new)."""
    provider = billing.provider(provider_name)
    verified = await provider.verify_webhook(body, headers)
    async with billing.db.transaction() as session:
        found = await repo.webhook_event(session, provider_name, verified.provider_event_id)
        if found is not None:
            return found.id, False
        event = WebhookEvent(
            id=new_id(),
            provider=provider_name,
            provider_event_id=verified.provider_event_id,
            event_type=verified.event_type,
            payload=verified.body,
            received_at=clock.utcnow(),
            attempts=0,
        )
        session.add(event)
        try:
            await session.flush()
        except IntegrityError:
            await session.rollback()
            async with billing.db.transaction() as again:
                raced = await repo.webhook_event(again, provider_name, verified.provider_event_id)
                assert raced is not None
                return raced.id, False
    return event.id, True


async def process(billing: Billing, event_id: str) -> bool:
    """Apply one stored event; returns True once it is processed (now or before)."""
    async with billing.db.transaction() as session:
        event = await session.get(WebhookEvent, event_id)
        if event is None:
            return False
        if event.processed_at is not None:
            return True
        provider_name, event_type, body = event.provider, event.event_type, event.payload
    try:
        # Outside any transaction: an adapter may re-read the object from the provider.
        effects = await billing.provider(provider_name).interpret(event_type, body)
        async with billing.db.transaction() as session:
            # Row lock (PostgreSQL): a concurrent delivery of the same event waits, then
            # sees it processed. SQLite serialises writers anyway.
            event = await session.get(WebhookEvent, event_id, with_for_update=True)
            assert event is not None
            if event.processed_at is not None:
                return True
            for snapshot in effects.snapshots:
                await apply_snapshot(session, billing, provider_name, snapshot)
            for movement in effects.movements:
                await record_movement(session, provider_name, movement)
            event.processed_at = clock.utcnow()
            event.attempts += 1
    except Exception as exc:
        log.warning(
            "webhook_processing_failed",
            provider=provider_name,
            event_type=event_type,
            error_type=type(exc).__name__,
        )
        async with billing.db.transaction() as session:
            failed = await session.get(WebhookEvent, event_id)
            if failed is not None:
                failed.attempts += 1
                failed.last_error = type(exc).__name__[:200]
        return False
    return True


async def process_pending(billing: Billing, *, limit: int = 200) -> int:
    """Retry stored events not yet processed (oldest first); returns how many succeeded."""
    async with billing.db.transaction() as session:
        ids = await repo.pending_webhook_ids(session, billing.settings.webhook_max_attempts, limit)
    done = 0
    for event_id in ids:
        if await process(billing, event_id):
            done += 1
    return done

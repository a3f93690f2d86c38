"""The periodic sweep: what must happen even when no request or webhook arrives."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import structlog
from sqlalchemy import select

from mathpath.billing.deps import Billing
from mathpath.billing.events import cancel_for_erased_payers
from mathpath.billing.models import Subscription
from mathpath.billing.providers.sandbox import SandboxProvider
from mathpath.billing.subscriptions import apply_snapshot, expire_lapsed, record_movement
from mathpath.billing.webhooks import process_pending
from mathpath.kit import clock

log = structlog.get_logger("mathpath.billing.sweep")

# How long after a period boundary to wait for the provider's webhook before asking it,
# and how often to ask again about the same subscription.
OVERDUE_AFTER = timedelta(minutes=15)
REASK_EVERY = timedelta(minutes=30)


async def refresh_overdue(billing: Billing) -> int:
    """Re-read running subscriptions whose period ended without news from the provider
    (a lost renewal webhook), recording any payment we missed."""
    now = clock.utcnow()
    async with billing.db.transaction() as session:
        rows = list(
            await session.scalars(
                select(Subscription).where(
                    Subscription.status.in_(("trialing", "active", "past_due")),
                    Subscription.provider_subscription_id.is_not(None),
                    Subscription.current_period_end < now - OVERDUE_AFTER,
                    Subscription.updated_at < now - REASK_EVERY,
                )
            )
        )
    refreshed = 0
    for sub in rows:
        provider = billing.providers.get(sub.provider)
        if provider is None or sub.provider_subscription_id is None:
            continue
        snapshot = await provider.fetch_subscription(sub.provider_subscription_id)
        movements = await provider.list_movements(sub.provider_subscription_id)
        async with billing.db.transaction() as session:
            await apply_snapshot(session, billing, sub.provider, snapshot)
            for movement in movements:
                await record_movement(session, sub.provider, movement)
            row = await session.get(Subscription, sub.id)
            if row is not None:
                row.updated_at = clock.utcnow()  # asked now: not again before REASK_EVERY
        refreshed += 1
    return refreshed


async def sweep_once(billing: Billing) -> None:
    """Redeliver sandbox events, retry unprocessed webhooks, ask about overdue renewals,
    expire lapsed subscriptions and stop billing erased payers."""
    sandbox = billing.providers.get("sandbox")
    if isinstance(sandbox, SandboxProvider):
        await sandbox.flush_events()
    await process_pending(billing)
    await refresh_overdue(billing)
    async with billing.db.transaction() as session:
        await expire_lapsed(session, billing)
    await cancel_for_erased_payers(billing)


async def sweep_forever(billing: Billing) -> None:
    while True:
        await asyncio.sleep(billing.settings.webhook_retry_interval_s)
        try:
            await sweep_once(billing)
        except Exception as exc:  # the next sweep retries
            log.warning("billing_sweep_failed", error_type=type(exc).__name__)

"""Every query of the billing service."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.billing.models import (
    Checkout,
    LedgerEntry,
    Subscription,
    SubscriptionMember,
    TrialUse,
    WebhookEvent,
)


async def subscription(session: AsyncSession, subscription_id: str) -> Subscription | None:
    return await session.get(Subscription, subscription_id)


async def subscription_by_provider_id(
    session: AsyncSession, provider: str, provider_subscription_id: str
) -> Subscription | None:
    result = await session.scalar(
        select(Subscription).where(
            Subscription.provider == provider,
            Subscription.provider_subscription_id == provider_subscription_id,
        )
    )
    return result


async def members(session: AsyncSession, subscription_id: str) -> list[str]:
    rows = await session.scalars(
        select(SubscriptionMember.user_id)
        .where(SubscriptionMember.subscription_id == subscription_id)
        .order_by(SubscriptionMember.user_id)
    )
    return list(rows)


async def subscriptions_covering(session: AsyncSession, user_id: str) -> list[Subscription]:
    """Subscriptions that cover ``user_id`` as a member or as the payer, newest first."""
    member_of = select(SubscriptionMember.subscription_id).where(
        SubscriptionMember.user_id == user_id
    )
    rows = await session.scalars(
        select(Subscription)
        .where(or_(Subscription.id.in_(member_of), Subscription.payer_user_id == user_id))
        .order_by(Subscription.created_at.desc(), Subscription.id.desc())
    )
    return list(rows)


async def checkout_by_key(
    session: AsyncSession, payer_user_id: str, idempotency_key: str
) -> Checkout | None:
    result = await session.scalar(
        select(Checkout).where(
            Checkout.payer_user_id == payer_user_id, Checkout.idempotency_key == idempotency_key
        )
    )
    return result


async def trial_used_by(session: AsyncSession, user_ids: Sequence[str]) -> list[str]:
    rows = await session.scalars(select(TrialUse.user_id).where(TrialUse.user_id.in_(user_ids)))
    return list(rows)


async def add_trial_uses(
    session: AsyncSession, user_ids: Sequence[str], subscription_id: str, when: datetime
) -> None:
    for user_id in user_ids:
        if await session.get(TrialUse, user_id) is None:
            session.add(TrialUse(user_id=user_id, subscription_id=subscription_id, used_at=when))
    await session.flush()


async def add_ledger_entry(session: AsyncSession, entry: LedgerEntry) -> bool:
    """Insert ``entry`` unless the provider's entry id is already recorded."""
    existing = await session.scalar(
        select(LedgerEntry.id).where(
            LedgerEntry.provider == entry.provider,
            LedgerEntry.provider_entry_id == entry.provider_entry_id,
        )
    )
    if existing is not None:
        return False
    try:
        async with session.begin_nested():
            session.add(entry)
            await session.flush()
    except IntegrityError:
        return False  # a concurrent delivery recorded it first
    return True


async def ledger_for(
    session: AsyncSession, provider: str, provider_subscription_id: str
) -> list[LedgerEntry]:
    rows = await session.scalars(
        select(LedgerEntry)
        .where(
            LedgerEntry.provider == provider,
            LedgerEntry.provider_subscription_id == provider_subscription_id,
        )
        .order_by(LedgerEntry.occurred_at, LedgerEntry.provider_entry_id)
    )
    return list(rows)


async def webhook_event(
    session: AsyncSession, provider: str, provider_event_id: str
) -> WebhookEvent | None:
    result = await session.scalar(
        select(WebhookEvent).where(
            WebhookEvent.provider == provider, WebhookEvent.provider_event_id == provider_event_id
        )
    )
    return result


async def pending_webhook_ids(session: AsyncSession, max_attempts: int, limit: int) -> list[str]:
    rows = await session.scalars(
        select(WebhookEvent.id)
        .where(WebhookEvent.processed_at.is_(None), WebhookEvent.attempts < max_attempts)
        .order_by(WebhookEvent.received_at, WebhookEvent.id)
        .limit(limit)
    )
    return list(rows)


async def lapsed_candidates(session: AsyncSession) -> list[Subscription]:
    rows = await session.scalars(select(Subscription).where(Subscription.status == "canceled"))
    return list(rows)

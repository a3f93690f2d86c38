"""Right of access: billing's part of a user's data export.

Answers identity's ``user.export_requested`` through identity's contribute route: the
subscriptions the user pays for or is covered by (with who else they cover), the checkouts
the user started, the one Premium trial if used, the payments and refunds recorded for the
subscriptions the user pays for, and the entitlements in force now. There is no card data to
give: every provider is a hosted checkout, and we keep only the provider's ids. A covered
child sees their subscription and entitlements but not the payer's payments. Identity keeps
the first answer per service, so answering a re-dispatched request again is harmless.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.access import export as access_export
from mathpath.billing import repository as repo
from mathpath.billing.deps import Billing
from mathpath.billing.models import Checkout, LedgerEntry, Subscription, TrialUse
from mathpath.billing.subscriptions import entitlements_for
from mathpath.kit.events import Event
from mathpath.kit.service import ServiceContext

FORMAT = "mathpath.billing.export/1"


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return (value if value.tzinfo is not None else value.replace(tzinfo=UTC)).isoformat()


def _subscription(sub: Subscription, user_id: str, members: list[str]) -> dict[str, Any]:
    return {
        "id": sub.id,
        "role": "payer" if sub.payer_user_id == user_id else "covered",
        "plan": sub.plan,
        "interval": sub.interval,
        "family": sub.family,
        "status": sub.status,
        "cancel_at_period_end": sub.cancel_at_period_end,
        "provider": sub.provider,
        "provider_subscription_id": sub.provider_subscription_id,
        "provider_customer_id": sub.provider_customer_id if sub.payer_user_id == user_id else None,
        "trial_end": _iso(sub.trial_end),
        "current_period_start": _iso(sub.current_period_start),
        "current_period_end": _iso(sub.current_period_end),
        "covers": members,
        "created_at": _iso(sub.created_at),
    }


def _payment(entry: LedgerEntry, subscription_id: str) -> dict[str, Any]:
    return {
        "subscription_id": subscription_id,
        "kind": entry.kind,
        "amount_minor": entry.amount_minor,
        "currency": entry.currency,
        "provider": entry.provider,
        "provider_entry_id": entry.provider_entry_id,
        "occurred_at": _iso(entry.occurred_at),
    }


async def billing_part(session: AsyncSession, billing: Billing, user_id: str) -> dict[str, Any]:
    subscriptions = await repo.subscriptions_covering(session, user_id)
    payments: list[dict[str, Any]] = []
    subs_out: list[dict[str, Any]] = []
    for sub in reversed(subscriptions):  # oldest first
        subs_out.append(_subscription(sub, user_id, await repo.members(session, sub.id)))
        if sub.payer_user_id == user_id and sub.provider_subscription_id:
            ledger = await repo.ledger_for(session, sub.provider, sub.provider_subscription_id)
            payments.extend(_payment(e, sub.id) for e in ledger)
    # Queries of this use case only (the repository's are keyed for the API's routes).
    checkouts = await session.scalars(
        select(Checkout)
        .where(Checkout.payer_user_id == user_id)
        .order_by(Checkout.created_at, Checkout.id)
    )
    trial = await session.get(TrialUse, user_id)
    entitlements = await entitlements_for(session, billing, user_id)
    return {
        "format": FORMAT,
        "user_id": user_id,
        "subscriptions": subs_out,
        "payments": payments,
        "checkouts": [
            {
                "id": c.id,
                "subscription_id": c.subscription_id,
                "provider": c.provider,
                "trial_days": c.trial_days,
                "created_at": _iso(c.created_at),
            }
            for c in checkouts
        ],
        "trial": (
            {"subscription_id": trial.subscription_id, "used_at": _iso(trial.used_at)}
            if trial is not None
            else None
        ),
        "entitlements": entitlements.model_dump(mode="json"),
    }


def export_handler(ctx: ServiceContext) -> Callable[[AsyncSession, Event], Awaitable[None]]:
    """Consumer of ``user.export_requested``: answer with billing's part."""

    async def part(session: AsyncSession, user_id: str) -> dict[str, Any]:
        billing = ctx.state["billing"]
        assert isinstance(billing, Billing)
        return await billing_part(session, billing, user_id)

    return access_export.export_handler(ctx, part)

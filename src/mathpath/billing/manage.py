"""Managing a subscription: cancel at period end, resume, change plan, portal, reconcile.

Each change is made at the provider, and the provider's answer is applied through the same
path as its webhooks (which arrive later and are then no-ops).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.billing import repository as repo
from mathpath.billing.catalog import CURRENCY, PLANS, Interval, PlanCode
from mathpath.billing.deps import Billing
from mathpath.billing.models import Subscription
from mathpath.billing.schemas import (
    ChangePlanIn,
    LedgerEntryOut,
    ReconcileOut,
    SubscriptionOut,
)
from mathpath.billing.subscriptions import apply_snapshot, coverage_of, record_movement
from mathpath.kit import clock
from mathpath.kit.errors import BusinessRuleViolation, Conflict


class SubscriptionNotLive(Conflict):
    type_slug = "subscription-not-live"
    title = "The subscription is not running"


def _require_live(sub: Subscription) -> str:
    if sub.provider_subscription_id is None or sub.status in ("incomplete", "expired"):
        raise SubscriptionNotLive(f"The subscription is {sub.status}.")
    return sub.provider_subscription_id


async def to_out(session: AsyncSession, billing: Billing, sub: Subscription) -> SubscriptionOut:
    return SubscriptionOut(
        id=sub.id,
        payer_user_id=sub.payer_user_id,
        member_user_ids=await repo.members(session, sub.id),
        plan=sub.plan,
        interval=sub.interval,
        family=sub.family,
        provider=sub.provider,
        status=sub.status,
        entitled=coverage_of(billing, sub, clock.utcnow()).entitled,
        cancel_at_period_end=sub.cancel_at_period_end,
        trial_end=sub.trial_end,
        current_period_end=sub.current_period_end,
        past_due_since=sub.past_due_since,
    )


async def set_cancel(
    session: AsyncSession, billing: Billing, sub: Subscription, *, cancel: bool
) -> Subscription:
    provider_id = _require_live(sub)
    if not cancel and sub.status != "canceled":
        raise SubscriptionNotLive("Only a subscription canceled at period end can resume.")
    snap = await billing.provider(sub.provider).set_cancel_at_period_end(provider_id, cancel)
    return await apply_snapshot(session, billing, sub.provider, snap) or sub


async def change_plan(
    session: AsyncSession, billing: Billing, sub: Subscription, body: ChangePlanIn
) -> Subscription:
    provider_id = _require_live(sub)
    if (body.plan, body.interval) == (sub.plan, sub.interval):
        raise BusinessRuleViolation("The subscription is already on this plan.")
    amount = PLANS[PlanCode(body.plan)].price_minor(Interval(body.interval), family=sub.family)
    snap = await billing.provider(sub.provider).change_plan(
        provider_id, plan=body.plan, interval=body.interval, family=sub.family, amount_minor=amount
    )
    return await apply_snapshot(session, billing, sub.provider, snap) or sub


async def portal_url(billing: Billing, sub: Subscription) -> str:
    if sub.provider_customer_id is None:
        raise SubscriptionNotLive("The checkout has not completed yet.")
    return_url = f"{billing.public_base_url.rstrip('/')}/billing"
    return await billing.provider(sub.provider).portal_url(sub.provider_customer_id, return_url)


async def reconcile(session: AsyncSession, billing: Billing, sub: Subscription) -> ReconcileOut:
    """Re-read the subscription and its payments from the provider; add what is missing.

    The ledger is append-only, so a payment the provider lost track of is reported as an
    imbalance rather than deleted."""
    provider_id = _require_live(sub) if sub.status != "expired" else sub.provider_subscription_id
    if provider_id is None:
        raise SubscriptionNotLive("The checkout never completed.")
    provider = billing.provider(sub.provider)
    snapshot = await provider.fetch_subscription(provider_id)
    movements = await provider.list_movements(provider_id)
    await apply_snapshot(session, billing, sub.provider, snapshot)
    added = 0
    for movement in movements:
        if await record_movement(session, sub.provider, movement):
            added += 1
    ledger = await repo.ledger_for(session, sub.provider, provider_id)
    ours = sum(e.amount_minor for e in ledger if e.currency == CURRENCY)
    theirs = sum(m.amount_minor for m in movements if m.currency == CURRENCY)
    return ReconcileOut(
        subscription_id=sub.id,
        status=sub.status,
        entries_added=added,
        ledger_total_minor=ours,
        provider_total_minor=theirs,
        balanced=ours == theirs,
        ledger=[
            LedgerEntryOut(
                provider_entry_id=e.provider_entry_id,
                kind=e.kind,
                amount_minor=e.amount_minor,
                currency=e.currency,
                occurred_at=e.occurred_at,
            )
            for e in ledger
        ],
    )

"""Applying provider snapshots through the state machine, and deriving entitlements."""

from __future__ import annotations

from datetime import datetime

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.billing import repository as repo
from mathpath.billing import state
from mathpath.billing.catalog import PLANS, PlanCode, upgrade_from
from mathpath.billing.deps import Billing
from mathpath.billing.models import LedgerEntry, Subscription
from mathpath.billing.providers.base import MoneyMovement, SubscriptionSnapshot
from mathpath.contracts.billing_client import Entitlements
from mathpath.contracts.billing_events import SUBSCRIPTION_CHANGED, SubscriptionChanged
from mathpath.kit import clock
from mathpath.kit.ids import new_id

log = structlog.get_logger("mathpath.billing")

_TRACKED = (
    "plan",
    "interval",
    "status",
    "cancel_at_period_end",
    "trial_end",
    "current_period_end",
)


async def publish_change(
    session: AsyncSession, billing: Billing, sub: Subscription, previous_status: str | None
) -> None:
    payload = SubscriptionChanged(
        subscription_id=sub.id,
        payer_user_id=sub.payer_user_id,
        member_user_ids=await repo.members(session, sub.id),
        plan=sub.plan,
        interval=sub.interval,
        family=sub.family,
        status=sub.status,
        previous_status=previous_status,
        cancel_at_period_end=sub.cancel_at_period_end,
        current_period_end=sub.current_period_end,
    )
    await billing.emit(session, SUBSCRIPTION_CHANGED, payload.model_dump(mode="json"))


async def apply_snapshot(
    session: AsyncSession, billing: Billing, provider: str, snap: SubscriptionSnapshot
) -> Subscription | None:
    """Bring our subscription in line with a provider snapshot, if it is not older than
    the last one applied. Returns None for a subscription we never created."""
    sub = await repo.subscription_by_provider_id(session, provider, snap.provider_subscription_id)
    if sub is None and snap.reference:
        sub = await repo.subscription(session, snap.reference)
        if sub is not None and sub.provider != provider:
            sub = None
    if sub is None:
        log.warning("snapshot_for_unknown_subscription", provider=provider)
        return None
    if snap.trial_end is not None:
        # Recorded from any copy, stale or not, so replay order cannot lose a used trial.
        covered = [sub.payer_user_id, *await repo.members(session, sub.id)]
        await repo.add_trial_uses(session, covered, sub.id, clock.utcnow())
    if sub.source_as_of is not None and (snap.revision, snap.as_of) < (
        sub.source_revision,
        sub.source_as_of,
    ):
        return sub  # stale: a newer snapshot was applied already
    target = state.target_status(snap.status, snap.cancel_at_period_end)
    if not state.can_move(sub.status, target):
        log.warning("subscription_transition_refused", current=sub.status, target=target)
        return sub
    before = {name: getattr(sub, name) for name in _TRACKED}
    previous_status = sub.status
    sub.provider_subscription_id = snap.provider_subscription_id
    sub.provider_customer_id = snap.customer_id or sub.provider_customer_id
    sub.status = target
    sub.cancel_at_period_end = snap.cancel_at_period_end
    sub.trial_end = snap.trial_end
    sub.current_period_start = snap.current_period_start
    sub.current_period_end = snap.current_period_end
    if snap.plan in PLANS and snap.plan != PlanCode.free:
        sub.plan = snap.plan
    if snap.interval in ("month", "year"):
        sub.interval = snap.interval
    if target == "past_due":
        sub.past_due_since = sub.past_due_since or snap.as_of
    else:
        sub.past_due_since = None
    sub.source_revision, sub.source_as_of = snap.revision, snap.as_of
    sub.updated_at = clock.utcnow()
    await session.flush()
    if {name: getattr(sub, name) for name in _TRACKED} != before:
        await publish_change(session, billing, sub, previous_status)
    return sub


async def record_movement(session: AsyncSession, provider: str, move: MoneyMovement) -> bool:
    return await repo.add_ledger_entry(
        session,
        LedgerEntry(
            id=new_id(),
            provider=provider,
            provider_entry_id=move.provider_entry_id,
            kind=move.kind,
            provider_subscription_id=move.provider_subscription_id,
            amount_minor=move.amount_minor,
            currency=move.currency,
            occurred_at=move.occurred_at,
            recorded_at=clock.utcnow(),
        ),
    )


def coverage_of(billing: Billing, sub: Subscription, now: datetime) -> state.Coverage:
    return state.coverage(
        status=sub.status,
        trial_end=sub.trial_end,
        current_period_end=sub.current_period_end,
        past_due_since=sub.past_due_since,
        now=now,
        grace=billing.grace,
        renewal_leeway=billing.renewal_leeway,
    )


async def entitlements_for(session: AsyncSession, billing: Billing, user_id: str) -> Entitlements:
    """The best plan among the subscriptions covering ``user_id`` now (Free otherwise)."""
    now = clock.utcnow()
    best: tuple[int, Subscription, datetime | None] | None = None
    for sub in await repo.subscriptions_covering(session, user_id):
        cover = coverage_of(billing, sub, now)
        if not cover.entitled:
            continue
        rank = PLANS[PlanCode(sub.plan)].rank
        if best is None or rank > best[0]:
            best = (rank, sub, cover.until)
    plan = PLANS[PlanCode(best[1].plan)] if best else PLANS[PlanCode.free]
    upgrade = upgrade_from(plan.code)
    return Entitlements(
        user_id=user_id,
        plan=plan.code.value,
        subscription_id=best[1].id if best else None,
        subscription_status=best[1].status if best else None,
        tutor_turns_per_day=plan.limits.tutor_turns_per_day,
        max_pathways=plan.limits.max_pathways,
        llm_voice=plan.limits.llm_voice,
        parent_weekly_reports=plan.limits.parent_weekly_reports,
        teacher_classes=plan.limits.teacher_classes,
        upgrade_plan=upgrade.value if upgrade else None,
        valid_until=best[2] if best else None,
    )


async def expire_lapsed(session: AsyncSession, billing: Billing) -> int:
    """Mark canceled subscriptions whose period has ended as expired (and announce it),
    for providers whose end-of-period event is late or never comes."""
    now = clock.utcnow()
    expired = 0
    for sub in await repo.lapsed_candidates(session):
        if sub.current_period_end is not None and sub.current_period_end <= now:
            sub.status, sub.updated_at = "expired", now
            await session.flush()
            await publish_change(session, billing, sub, "canceled")
            expired += 1
    return expired

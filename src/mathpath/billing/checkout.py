"""Starting a checkout: idempotent per payer and key, hosted by the provider."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.billing import repository as repo
from mathpath.billing.catalog import CURRENCY, FAMILY_MAX_CHILDREN, PLANS, TRIAL_PLAN, PlanCode
from mathpath.billing.catalog import Interval as IntervalCode
from mathpath.billing.deps import Billing
from mathpath.billing.models import Checkout, Subscription, SubscriptionMember
from mathpath.billing.providers.base import CheckoutRequest
from mathpath.billing.schemas import CheckoutIn, CheckoutOut
from mathpath.billing.subscriptions import coverage_of
from mathpath.kit import clock
from mathpath.kit.errors import BusinessRuleViolation, Conflict
from mathpath.kit.ids import new_id


class IdempotencyKeyReused(Conflict):
    type_slug = "idempotency-key-reused"
    title = "This Idempotency-Key was used for a different request"


class AlreadySubscribed(Conflict):
    type_slug = "already-subscribed"
    title = "Already covered by a plan at least this good"


class TrialAlreadyUsed(Conflict):
    type_slug = "trial-already-used"
    title = "The free trial has been used on this account"


def _fingerprint(body: CheckoutIn, members: list[str], provider: str) -> str:
    canonical = body.model_dump(mode="json") | {"for_user_ids": members, "provider": provider}
    return hashlib.sha256(json.dumps(canonical, sort_keys=True).encode()).hexdigest()


def _out(checkout: Checkout, amount: int) -> CheckoutOut:
    return CheckoutOut(
        checkout_id=checkout.id,
        subscription_id=checkout.subscription_id,
        provider=checkout.provider,
        redirect_url=checkout.redirect_url,
        amount_minor=amount,
        currency=CURRENCY,
        trial_days=checkout.trial_days,
    )


def covered_users(payer_user_id: str, body: CheckoutIn) -> list[str]:
    members = sorted(set(body.for_user_ids or [payer_user_id]))
    limit = FAMILY_MAX_CHILDREN if body.family else 1
    if len(members) > limit:
        raise BusinessRuleViolation(
            f"This plan covers at most {limit} account(s); choose the family option "
            "to cover several children."
            if not body.family
            else f"A family plan covers at most {FAMILY_MAX_CHILDREN} children.",
            extra={"max_accounts": limit},
        )
    return members


async def start_checkout(
    session: AsyncSession,
    billing: Billing,
    *,
    payer_user_id: str,
    idempotency_key: str,
    body: CheckoutIn,
    members: list[str],
) -> CheckoutOut:
    """``members`` must already be authorised (the payer, or children linked to them)."""
    provider_name = body.provider or billing.settings.providers[0]
    provider = billing.provider(provider_name)
    plan = PLANS[PlanCode(body.plan)]
    amount = plan.price_minor(IntervalCode(body.interval), family=body.family)
    fingerprint = _fingerprint(body, members, provider_name)

    existing = await repo.checkout_by_key(session, payer_user_id, idempotency_key)
    if existing is not None:
        if existing.request_fingerprint != fingerprint:
            raise IdempotencyKeyReused()
        return _out(existing, amount)

    now = clock.utcnow()
    for user_id in members:
        for sub in await repo.subscriptions_covering(session, user_id):
            other = PLANS[PlanCode(sub.plan)]
            if coverage_of(billing, sub, now).entitled and other.rank >= plan.rank:
                raise AlreadySubscribed(
                    f"An account is already covered by {other.name}; change that plan instead.",
                    extra={"subscription_id": sub.id, "user_id": user_id},
                )
    trial_days = 0
    if body.trial:
        if plan.code is not TRIAL_PLAN:
            raise BusinessRuleViolation(f"The trial is for {PLANS[TRIAL_PLAN].name} only.")
        if await repo.trial_used_by(session, [payer_user_id, *members]):
            raise TrialAlreadyUsed()
        trial_days = billing.settings.trial_days

    reference = new_id()
    base = billing.public_base_url.rstrip("/")
    # The provider is called before this transaction writes anything, so an embedded
    # provider sharing the database never waits on our write lock.
    session_out = await provider.create_checkout(
        CheckoutRequest(
            reference=reference,
            payer_user_id=payer_user_id,
            plan=plan.code.value,
            interval=body.interval,
            family=body.family,
            amount_minor=amount,
            currency=CURRENCY,
            trial_days=trial_days,
            success_url=f"{base}/billing/return?subscription={reference}",
            cancel_url=f"{base}/billing/return?canceled=1",
        )
    )
    session.add(
        Subscription(
            id=reference,
            payer_user_id=payer_user_id,
            plan=plan.code.value,
            interval=body.interval,
            family=body.family,
            provider=provider_name,
            status="incomplete",
            cancel_at_period_end=False,
            source_revision=0,
            created_at=now,
            updated_at=now,
        )
    )
    await session.flush()
    for user_id in members:
        session.add(SubscriptionMember(subscription_id=reference, user_id=user_id))
    checkout = Checkout(
        id=new_id(),
        payer_user_id=payer_user_id,
        idempotency_key=idempotency_key,
        request_fingerprint=fingerprint,
        subscription_id=reference,
        provider=provider_name,
        provider_session_id=session_out.provider_session_id,
        redirect_url=session_out.redirect_url,
        trial_days=trial_days,
        created_at=now,
    )
    session.add(checkout)
    try:
        await session.flush()
    except IntegrityError as exc:
        # The same key raced in from a retry: the client should retry and get the winner's
        # answer from the idempotency record.
        raise IdempotencyKeyReused(
            "A request with this Idempotency-Key is in progress; retry shortly."
        ) from exc
    return _out(checkout, amount)

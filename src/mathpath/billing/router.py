"""The billing API: plans, checkout, subscriptions and entitlements (HTTP only)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from mathpath.access import AdminOnly, AnyUser, CanViewStudent, Public
from mathpath.billing import repository as repo
from mathpath.billing.catalog import (
    CURRENCY,
    FAMILY_MAX_CHILDREN,
    PLANS,
    TRIAL_PLAN,
    Interval,
)
from mathpath.billing.checkout import (
    AlreadySubscribed,
    IdempotencyKeyReused,
    TrialAlreadyUsed,
    covered_users,
    start_checkout,
)
from mathpath.billing.dependencies import BillingDep, PayerSubscription, check_may_cover
from mathpath.billing.manage import (
    SubscriptionNotLive,
    change_plan,
    portal_url,
    reconcile,
    set_cancel,
    to_out,
)
from mathpath.billing.providers.base import ProviderError
from mathpath.billing.schemas import (
    ChangePlanIn,
    CheckoutIn,
    CheckoutOut,
    PlanOut,
    PortalOut,
    PriceOut,
    ReconcileOut,
    SubscriptionOut,
    SubscriptionsOut,
)
from mathpath.billing.subscriptions import entitlements_for
from mathpath.contracts.billing_client import Entitlements
from mathpath.kit.errors import (
    BusinessRuleViolation,
    Forbidden,
    NotFound,
    Unauthorized,
    error_responses,
)
from mathpath.kit.service import IdempotencyKeyHeader, SessionDep

router = APIRouter(tags=["billing"])

IdempotencyKey = IdempotencyKeyHeader


@router.get("/api/v1/billing/plans", summary="Plans, prices and what each includes")
async def list_plans(_: Public, billing: BillingDep) -> list[PlanOut]:
    out = []
    for plan in sorted(PLANS.values(), key=lambda p: p.rank):
        prices = [
            PriceOut(
                interval=interval.value,
                family=family,
                amount_minor=plan.price_minor(interval, family=family),
                currency=CURRENCY,
            )
            for interval in Interval
            for family in (False, True)
            if plan.purchasable
        ]
        out.append(
            PlanOut(
                code=plan.code.value,
                name=plan.name,
                tutor_turns_per_day=plan.limits.tutor_turns_per_day,
                max_pathways=plan.limits.max_pathways,
                llm_voice=plan.limits.llm_voice,
                parent_weekly_reports=plan.limits.parent_weekly_reports,
                teacher_classes=plan.limits.teacher_classes,
                prices=prices,
                trial_days=billing.settings.trial_days if plan.code is TRIAL_PLAN else 0,
                family_max_children=FAMILY_MAX_CHILDREN if plan.purchasable else 0,
            )
        )
    return out


@router.post(
    "/api/v1/billing/checkout",
    summary="Start a hosted checkout; returns where to send the buyer",
    status_code=201,
    responses=error_responses(
        Unauthorized,
        Forbidden,
        AlreadySubscribed,
        IdempotencyKeyReused,
        TrialAlreadyUsed,
        BusinessRuleViolation,
        ProviderError,
    ),
)
async def checkout(
    principal: AnyUser,
    body: CheckoutIn,
    idempotency_key: IdempotencyKey,
    request: Request,
    session: SessionDep,
    billing: BillingDep,
) -> CheckoutOut:
    members = covered_users(principal.user_id, body)
    await check_may_cover(request, principal, members)
    return await start_checkout(
        session,
        billing,
        payer_user_id=principal.user_id,
        idempotency_key=idempotency_key,
        body=body,
        members=members,
    )


@router.get(
    "/api/v1/billing/subscription",
    summary="Subscriptions the caller pays for or is covered by",
    responses=error_responses(Unauthorized),
)
async def my_subscriptions(
    principal: AnyUser, session: SessionDep, billing: BillingDep
) -> SubscriptionsOut:
    subs = await repo.subscriptions_covering(session, principal.user_id)
    return SubscriptionsOut(subscriptions=[await to_out(session, billing, s) for s in subs])


_MANAGE_ERRORS = error_responses(Unauthorized, Forbidden, NotFound, SubscriptionNotLive)


@router.post(
    "/api/v1/billing/subscriptions/{subscription_id}/cancel",
    summary="Cancel at the end of the paid period",
    responses=_MANAGE_ERRORS,
)
async def cancel(
    _: AnyUser, sub: PayerSubscription, session: SessionDep, billing: BillingDep
) -> SubscriptionOut:
    return await to_out(session, billing, await set_cancel(session, billing, sub, cancel=True))


@router.post(
    "/api/v1/billing/subscriptions/{subscription_id}/resume",
    summary="Undo a cancellation before the period ends",
    responses=_MANAGE_ERRORS,
)
async def resume(
    _: AnyUser, sub: PayerSubscription, session: SessionDep, billing: BillingDep
) -> SubscriptionOut:
    return await to_out(session, billing, await set_cancel(session, billing, sub, cancel=False))


@router.post(
    "/api/v1/billing/subscriptions/{subscription_id}/change-plan",
    summary="Move to another plan or interval",
    responses=error_responses(
        Unauthorized, Forbidden, NotFound, SubscriptionNotLive, BusinessRuleViolation
    ),
)
async def change(
    _: AnyUser,
    sub: PayerSubscription,
    body: ChangePlanIn,
    session: SessionDep,
    billing: BillingDep,
) -> SubscriptionOut:
    return await to_out(session, billing, await change_plan(session, billing, sub, body))


@router.get(
    "/api/v1/billing/subscriptions/{subscription_id}/portal",
    summary="A link to the provider's customer portal (payment method, invoices)",
    responses=_MANAGE_ERRORS,
)
async def portal(_: AnyUser, sub: PayerSubscription, billing: BillingDep) -> PortalOut:
    return PortalOut(url=await portal_url(billing, sub))


@router.post(
    "/api/v1/billing/subscriptions/{subscription_id}/reconcile",
    summary="Re-read a subscription and its payments from the provider (administrators)",
    responses=_MANAGE_ERRORS,
)
async def reconcile_one(
    _: AdminOnly, subscription_id: str, session: SessionDep, billing: BillingDep
) -> ReconcileOut:
    sub = await repo.subscription(session, subscription_id)
    if sub is None:
        raise NotFound("No such subscription.")
    return await reconcile(session, billing, sub)


@router.get(
    "/api/v1/billing/entitlements/me",
    summary="What the caller's plan includes",
    responses=error_responses(Unauthorized),
)
async def my_entitlements(
    principal: AnyUser, session: SessionDep, billing: BillingDep
) -> Entitlements:
    return await entitlements_for(session, billing, principal.user_id)


@router.get(
    "/api/v1/billing/entitlements/{student_id}",
    summary="What a user's plan includes (self, teacher, parent, admin or a service)",
    responses=error_responses(Unauthorized, Forbidden),
)
async def entitlements(
    scope: CanViewStudent, session: SessionDep, billing: BillingDep
) -> Entitlements:
    return await entitlements_for(session, billing, scope.student_id)

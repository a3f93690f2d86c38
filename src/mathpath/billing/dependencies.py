"""Loading and checking in dependencies: the billing singletons, the caller's subscription,
and the accounts a checkout may cover."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from mathpath.access import AnyUser, Principal, identity_client
from mathpath.billing import repository as repo
from mathpath.billing.deps import Billing
from mathpath.billing.models import Subscription
from mathpath.kit.errors import Forbidden, NotFound
from mathpath.kit.service import ContextDep, SessionDep


def get_billing(ctx: ContextDep) -> Billing:
    billing: Billing = ctx.state["billing"]
    return billing


BillingDep = Annotated[Billing, Depends(get_billing)]


async def payer_subscription(
    principal: AnyUser,
    session: SessionDep,
    subscription_id: Annotated[str, Path(max_length=36)],
) -> Subscription:
    """A subscription the caller pays for; members see 403, everyone else 404."""
    sub = await repo.subscription(session, subscription_id)
    if sub is None:
        raise NotFound("No such subscription.")
    if sub.payer_user_id == principal.user_id:
        return sub
    if principal.user_id in await repo.members(session, sub.id):
        raise Forbidden("Only the account that pays for this subscription can change it.")
    raise NotFound("No such subscription.")


PayerSubscription = Annotated[Subscription, Depends(payer_subscription)]


async def check_may_cover(request: Request, principal: Principal, user_ids: list[str]) -> None:
    """A checkout may cover the payer and the payer's linked children, nobody else."""
    client = identity_client(request.app.state.ctx.runtime)
    for user_id in user_ids:
        if user_id == principal.user_id:
            continue
        relations = await client.relations(
            user_id, viewer_id=principal.user_id, bearer=principal.token
        )
        if "parent" not in relations:
            raise Forbidden("A plan can only be bought for yourself or your linked children.")

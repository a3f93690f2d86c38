"""Events billing consumes: ``user.erased``.

Erasure keeps the payments ledger (accounting records must be kept, and it names only
provider ids) but removes who was covered and pseudonymises who paid. A live subscription
whose payer was erased is cancelled at period end by the sweep (the provider cannot be
called from inside the handler's transaction). Idempotent by user id, as identity
re-dispatches pending erasures.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.billing.deps import Billing
from mathpath.billing.export import export_handler
from mathpath.billing.manage import set_cancel
from mathpath.billing.models import Checkout, Subscription, SubscriptionMember, TrialUse
from mathpath.contracts.identity_events import (
    USER_ERASED,
    USER_ERASURE_CONFIRMED,
    USER_EXPORT_REQUESTED,
    UserErased,
    UserErasureConfirmed,
)
from mathpath.kit.events import Event
from mathpath.kit.service import ServiceContext

NAME = "billing"
ERASED_PREFIX = "erased-"


def pseudonym(user_id: str) -> str:
    return ERASED_PREFIX + hashlib.sha256(user_id.encode()).hexdigest()[:29]


def erasure_handler(ctx: ServiceContext) -> Callable[[AsyncSession, Event], Awaitable[None]]:
    async def apply(session: AsyncSession, event: Event) -> None:
        erased = UserErased.model_validate(event.payload)
        user_id, alias = erased.user_id, pseudonym(erased.user_id)
        await session.execute(
            delete(SubscriptionMember).where(SubscriptionMember.user_id == user_id)
        )
        await session.execute(delete(TrialUse).where(TrialUse.user_id == user_id))
        await session.execute(
            update(Subscription)
            .where(Subscription.payer_user_id == user_id)
            .values(payer_user_id=alias)
        )
        await session.execute(
            update(Checkout).where(Checkout.payer_user_id == user_id).values(payer_user_id=alias)
        )
        confirmed = UserErasureConfirmed(
            request_id=erased.request_id, user_id=user_id, service=NAME
        )
        await ctx.emit(session, USER_ERASURE_CONFIRMED, confirmed.model_dump(mode="json"))

    return apply


async def cancel_for_erased_payers(billing: Billing) -> int:
    """Cancel at period end every live subscription whose payer has been erased."""
    async with billing.db.transaction() as session:
        ids = list(
            await session.scalars(
                select(Subscription.id).where(
                    Subscription.payer_user_id.startswith(ERASED_PREFIX),
                    Subscription.status.in_(("trialing", "active", "past_due")),
                    Subscription.cancel_at_period_end.is_(False),
                )
            )
        )
    done = 0
    for sub_id in ids:
        async with billing.db.transaction() as session:
            sub = await session.get(Subscription, sub_id)
            if sub is not None and sub.status in ("trialing", "active", "past_due"):
                await set_cancel(session, billing, sub, cancel=True)
                done += 1
    return done


async def subscribe(ctx: ServiceContext) -> None:
    ctx.on([USER_ERASED], "erasure", erasure_handler(ctx))
    ctx.on([USER_EXPORT_REQUESTED], "export", export_handler(ctx))

"""Refusing an account's access tokens at once, everywhere.

Access tokens are verified locally by every service and the gateway, so a token stays
usable until it expires unless they are told. When an account is erased or disabled, its
role changes or its password is reset, :func:`revoke_access` records "refuse this user's
tokens issued before now" in ``access_revocations`` and publishes ``user.access_revoked`` in
the same transaction. Each process keeps the live entries in memory
(:mod:`mathpath.access.revocation`): loaded from :func:`live` (``GET
/api/v1/identity/revocations``) at its first verification, so a restarted process knows, and
fed by the event after. This process applies an entry the moment the change commits.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event as sa_event
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.access import revocation_list
from mathpath.contracts.identity_events import USER_ACCESS_REVOKED, UserAccessRevoked
from mathpath.identity.models import AccessRevocation
from mathpath.identity.state import state_of
from mathpath.identity.times import aware
from mathpath.kit.clock import utcnow
from mathpath.kit.db import insert_ignore
from mathpath.kit.service import ServiceContext

# An entry outlives the tokens it refuses by this much (clock leeway of the verifiers).
MARGIN_S = 60


async def revoke_access(
    session: AsyncSession, ctx: ServiceContext, user_id: str, reason: str
) -> UserAccessRevoked:
    now = utcnow()
    expires_at = now + timedelta(seconds=state_of(ctx).config.access_ttl_s + MARGIN_S)
    values = {"not_before": now, "reason": reason, "expires_at": expires_at}
    await insert_ignore(session, AccessRevocation, ["user_id"], [{"user_id": user_id, **values}])
    await session.execute(
        update(AccessRevocation).where(AccessRevocation.user_id == user_id).values(**values)
    )
    revoked = UserAccessRevoked(
        user_id=user_id,
        not_before=now.timestamp(),
        expires_at=expires_at.timestamp(),
        reason=reason,
    )
    await ctx.emit(session, USER_ACCESS_REVOKED, revoked.model_dump(mode="json"))
    revocations = revocation_list(ctx.runtime)
    sa_event.listen(
        session.sync_session, "after_commit", lambda _s: revocations.apply(revoked), once=True
    )
    return revoked


async def live(session: AsyncSession) -> list[UserAccessRevoked]:
    rows = (
        await session.scalars(
            select(AccessRevocation).where(AccessRevocation.expires_at > utcnow())
        )
    ).all()
    return [
        UserAccessRevoked(
            user_id=row.user_id,
            not_before=aware(row.not_before).timestamp(),
            expires_at=aware(row.expires_at).timestamp(),
            reason=row.reason,
        )
        for row in rows
    ]

"""Sign-in through an outside provider: the local user is created on first sight."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.contracts.identity_events import (
    USER_REGISTERED,
    USER_ROLE_CHANGED,
    UserRegistered,
    UserRoleChanged,
)
from mathpath.identity import audit, repository
from mathpath.identity.adapters.external import ExternalIdentityClaims
from mathpath.identity.errors import ConsentRequired
from mathpath.identity.models import Consent, ExternalIdentity, User
from mathpath.identity.sessions import IssuedTokens, ensure_active, issue
from mathpath.identity.state import IdentityState
from mathpath.kit.clock import utcnow
from mathpath.kit.errors import Conflict
from mathpath.kit.ids import new_id
from mathpath.kit.service import ServiceContext


async def sign_in_external(
    session: AsyncSession,
    ctx: ServiceContext,
    state: IdentityState,
    claims: ExternalIdentityClaims,
    *,
    accept_terms: bool,
    accept_privacy: bool,
) -> IssuedTokens:
    user = await repository.user_by_external(session, claims.provider, claims.subject)
    if user is None:
        user = await _first_sight(session, ctx, state, claims, accept_terms, accept_privacy)
    else:
        ensure_active(user)
        await _sync_role(session, ctx, user, claims)
    return await issue(session, state, user, amr=["ext"])


async def _first_sight(
    session: AsyncSession,
    ctx: ServiceContext,
    state: IdentityState,
    claims: ExternalIdentityClaims,
    accept_terms: bool,
    accept_privacy: bool,
) -> User:
    now = utcnow()
    existing = await repository.user_by_email(session, claims.email) if claims.email else None
    if existing is not None:
        # Joining a provider identity to an account needs both sides to vouch for the email;
        # otherwise whoever controls the provider account could take over the local one.
        if not (claims.email_verified and existing.email_verified_at is not None):
            raise Conflict("An account already uses this email. Sign in with your password first.")
        ensure_active(existing)
        session.add(
            ExternalIdentity(
                id=new_id(),
                provider=claims.provider,
                subject=claims.subject,
                user_id=existing.id,
                created_at=now,
            )
        )
        await audit.record(
            session,
            "external.linked",
            actor_id=existing.id,
            target_id=existing.id,
            provider=claims.provider,
        )
        return existing
    if not (accept_terms and accept_privacy):
        raise ConsentRequired("Accept the terms of use and the privacy policy to continue.")
    user = User(
        id=new_id(),
        email=claims.email,
        display_name=claims.display_name or (claims.email or "").split("@")[0],
        role=claims.role,
        status="active",
        password_hash=None,
        email_verified_at=now if claims.email_verified else None,
        created_at=now,
        updated_at=now,
    )
    session.add(user)
    await session.flush()
    session.add(
        ExternalIdentity(
            id=new_id(),
            provider=claims.provider,
            subject=claims.subject,
            user_id=user.id,
            created_at=now,
        )
    )
    for kind, version in (
        ("terms", state.config.terms_version),
        ("privacy", state.config.privacy_version),
    ):
        session.add(
            Consent(
                id=new_id(),
                user_id=user.id,
                kind=kind,
                version=version,
                granted=True,
                granted_by=user.id,
                created_at=now,
            )
        )
    payload = UserRegistered(user_id=user.id, role=claims.role, provider=claims.provider)
    await ctx.emit(session, USER_REGISTERED, payload.model_dump(mode="json"))
    return user


async def _sync_role(
    session: AsyncSession, ctx: ServiceContext, user: User, claims: ExternalIdentityClaims
) -> None:
    """The provider's claims decide the role, except that nothing outside demotes or makes
    an administrator."""
    if user.role == "admin" or user.role == claims.role:
        return
    old = user.role
    user.role = claims.role
    user.updated_at = utcnow()
    await audit.record(
        session,
        "user.role_changed",
        actor_id=None,
        target_id=user.id,
        old_role=old,
        new_role=claims.role,
        reason=f"claims from {claims.provider}",
    )
    event = UserRoleChanged(
        user_id=user.id,
        old_role=old,
        new_role=claims.role,
        changed_by=claims.provider,
    )
    await ctx.emit(session, USER_ROLE_CHANGED, event.model_dump(mode="json"))

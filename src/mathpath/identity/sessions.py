"""Sign-in, access and refresh tokens, rotation with theft detection, sign-out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.identity import mfa, repository, throttle
from mathpath.identity.crypto import (
    digest,
    hash_password_async,
    new_secret_token,
    verify_password_async,
)
from mathpath.identity.errors import (
    AccountNotActive,
    BadCredentials,
    BadSecondFactor,
    InvalidRefreshToken,
    MfaRequired,
    ReauthenticationRequired,
)
from mathpath.identity.models import RefreshToken, User
from mathpath.identity.state import IdentityState
from mathpath.identity.times import aware
from mathpath.kit.clock import utcnow
from mathpath.kit.db import Database
from mathpath.kit.ids import new_id


@dataclass(frozen=True)
class IssuedTokens:
    access_token: str
    expires_in: int
    refresh_token: str | None
    user: User
    # Admins without a second factor get a token that only lets them enrol one.
    mfa_enrolment_required: bool = False


async def access_token(
    state: IdentityState, *, subject: str, roles: list[str], amr: list[str], service: bool = False
) -> str:
    issued = utcnow().timestamp()
    now = int(issued)
    claims: dict[str, Any] = {
        "iss": state.config.issuer,
        "aud": state.config.audience,
        "sub": subject,
        "roles": roles,
        "amr": amr,
        # Milliseconds kept: a revocation refuses tokens issued before it, and a sign-in
        # in the same second after it must still count as after (RFC 7519 allows fractions).
        "iat": round(issued, 3),
        "nbf": now,
        "exp": now + state.config.access_ttl_s,
        "jti": new_id(),
    }
    if service:
        claims["svc"] = True
    signer = await state.keys.signer()
    return signer.sign(claims)


async def issue(
    session: AsyncSession,
    state: IdentityState,
    user: User,
    *,
    amr: list[str],
    family_id: str | None = None,
) -> IssuedTokens:
    now = utcnow()
    raw = "rt_" + new_secret_token(32)
    session.add(
        RefreshToken(
            id=new_id(),
            family_id=family_id or new_id(),
            user_id=user.id,
            token_hash=digest(raw),
            amr=",".join(amr),
            created_at=now,
            expires_at=now + timedelta(seconds=state.config.refresh_ttl_s),
        )
    )
    user.last_sign_in_at = now
    await session.flush()
    token = await access_token(state, subject=user.id, roles=[user.role], amr=amr)
    return IssuedTokens(
        access_token=token,
        expires_in=state.config.access_ttl_s,
        refresh_token=raw,
        user=user,
        mfa_enrolment_required=user.role == "admin" and user.mfa_enabled_at is None,
    )


def ensure_active(user: User) -> None:
    if user.status == "pending_consent":
        raise AccountNotActive(
            "This account is waiting for a parent or guardian to give consent.",
            extra={"status": user.status},
        )
    if user.status != "active":
        raise AccountNotActive("This account is not active.", extra={"status": user.status})


async def sign_in(
    session: AsyncSession,
    db: Database,
    state: IdentityState,
    *,
    email: str,
    password: str,
    address: str,
    totp_code: str | None,
    recovery_code: str | None,
) -> IssuedTokens:
    keys = throttle.Keys.of(state.secret_key, email, address)
    # A short read of its own: no connection is held while the password is hashed.
    async with db.transaction() as read:
        await throttle.check_not_locked(read, keys)
        found = await repository.user_by_email(read, email)
        user_id, stored = (found.id, found.password_hash) if found else (None, None)
    if not await verify_password_async(state.hasher, stored, password):
        await _count_failure(session, db, state, keys)
        raise BadCredentials("Email or password is incorrect.")
    user = await repository.user_by_id(session, user_id or "")
    if user is None or user.password_hash != stored:
        raise BadCredentials("Email or password is incorrect.")  # erased or changed meanwhile
    ensure_active(user)
    amr = ["pwd"]
    if user.mfa_enabled_at is not None:
        if not totp_code and not recovery_code:
            raise MfaRequired("Enter the 6-digit code from your authenticator app.")
        ok = (
            mfa.accept_totp(state, user, totp_code)
            if totp_code
            else await mfa.use_recovery_code(session, user, recovery_code or "")
        )
        if not ok:
            await _count_failure(session, db, state, keys)
            raise BadSecondFactor("That code is not valid.")
        amr.append("mfa")
    await throttle.record_success(session, keys)
    if state.hasher.check_needs_rehash(user.password_hash or ""):
        user.password_hash = await hash_password_async(state.hasher, password)
    return await issue(session, state, user, amr=amr)


async def _count_failure(
    session: AsyncSession, db: Database, state: IdentityState, keys: throttle.Keys
) -> None:
    """Count a failed sign-in, which must outlive this failing request. The request's own
    work is rolled back first (it fails anyway), so it holds no connection of the pool while
    the counter's transaction takes one: one request never holds two."""
    await session.rollback()
    await throttle.record_failure(db, state.config, keys)


async def reauthenticate(
    session: AsyncSession,
    db: Database,
    state: IdentityState,
    user: User,
    *,
    password: str | None,
    issued_at: float,
    address: str,
) -> None:
    """Before an irreversible action (erasing the account): the current password, or, for
    an account without one (school SSO, Firebase), a sign-in within ``reauth_max_age_s``.
    A stolen access token alone is not enough. Wrong passwords count like failed sign-ins."""
    if user.password_hash is None:
        if utcnow().timestamp() - issued_at <= state.config.reauth_max_age_s:
            return
        raise ReauthenticationRequired(
            "Sign in again, then repeat this within a few minutes.",
            extra={"reauth_max_age_s": state.config.reauth_max_age_s},
        )
    if not password:
        raise ReauthenticationRequired("Give your current password to confirm it is you.")
    keys = throttle.Keys.of(state.secret_key, user.email or user.id, address)
    await throttle.check_not_locked(session, keys)
    if not await verify_password_async(state.hasher, user.password_hash, password):
        await _count_failure(session, db, state, keys)
        raise ReauthenticationRequired("That password is not right.")


async def refresh(
    session: AsyncSession, db: Database, state: IdentityState, raw: str
) -> IssuedTokens:
    row = await repository.refresh_by_hash(session, digest(raw))
    now = utcnow()
    if row is None:
        raise InvalidRefreshToken("This refresh token is not valid.")
    family_id = row.family_id
    if (
        row.used_at is not None
        or row.revoked_at is not None
        or await repository.family_revoked(session, family_id)
    ):
        # A used token presented again means two parties hold the family: end it for both.
        await _end_family(session, db, family_id, now)
        raise InvalidRefreshToken("This session has ended. Sign in again.")
    if aware(row.expires_at) <= now:
        raise InvalidRefreshToken("This session has expired. Sign in again.")
    user = await repository.user_by_id(session, row.user_id)
    if user is None or user.status != "active":
        raise InvalidRefreshToken("This account cannot sign in.")
    # Conditional update: of concurrent uses of one token exactly one wins the rotation (the
    # database serialises the writes: PostgreSQL's row lock, SQLite's write lock).
    claimed = await session.execute(
        update(RefreshToken)
        .where(
            RefreshToken.id == row.id,
            RefreshToken.used_at.is_(None),
            RefreshToken.revoked_at.is_(None),
        )
        .values(used_at=now)
    )
    if getattr(claimed, "rowcount", 0) != 1:
        # Used by another request at the same moment: that is reuse too.
        await _end_family(session, db, family_id, now)
        raise InvalidRefreshToken("This session has ended. Sign in again.")
    return await issue(session, state, user, amr=row.amr.split(","), family_id=family_id)


async def _end_family(session: AsyncSession, db: Database, family_id: str, at: datetime) -> None:
    """Revoke a family for good although this request fails: the request's work is rolled
    back first, so the revocation's transaction is the only connection it holds."""
    await session.rollback()
    async with db.transaction() as revoking:
        await repository.revoke_family(revoking, family_id, at)


async def sign_out(session: AsyncSession, raw: str) -> None:
    row = await repository.refresh_by_hash(session, digest(raw))
    if row is not None:
        await repository.revoke_family(session, row.family_id, utcnow())

"""Accounts: registration with consent, email verification, password reset, parental consent.

Responses never reveal whether an email is registered: registering a taken address and
asking to reset an unknown one answer exactly like the successful cases (the owner of a
taken address gets an email saying someone tried), and take the same time (the password is
hashed either way).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.contracts.identity_events import (
    PARENT_LINK_CHANGED,
    USER_REGISTERED,
    ParentLinkChanged,
    UserRegistered,
)
from mathpath.identity import audit, repository
from mathpath.identity.adapters.email import Email
from mathpath.identity.crypto import digest, hash_password_async, new_secret_token
from mathpath.identity.errors import ConsentRequired, InvalidOneTimeToken
from mathpath.identity.models import Consent, OneTimeToken, ParentLink, User
from mathpath.identity.passwords import check_password
from mathpath.identity.relationships import invalidate_student
from mathpath.identity.revocations import revoke_access
from mathpath.identity.state import IdentityState
from mathpath.identity.times import aware
from mathpath.kit.clock import utcnow
from mathpath.kit.errors import BusinessRuleViolation, Forbidden
from mathpath.kit.ids import new_id
from mathpath.kit.service import ServiceContext

DIGITAL_CONSENT_AGE = 13  # UK GDPR Article 8 / Data Protection Act 2018 s.9


@dataclass(frozen=True)
class Registration:
    email: str
    password: str
    display_name: str
    role: str
    date_of_birth: date | None
    accept_terms: bool
    accept_privacy: bool
    marketing_opt_in: bool
    parent_email: str | None


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


async def create_one_time_token(
    session: AsyncSession,
    user_id: str,
    purpose: str,
    ttl_s: int,
    data: dict[str, Any] | None = None,
) -> str:
    raw = new_secret_token(32)
    now = utcnow()
    session.add(
        OneTimeToken(
            id=new_id(),
            user_id=user_id,
            purpose=purpose,
            token_hash=digest(raw),
            data=data or {},
            created_at=now,
            expires_at=now + timedelta(seconds=ttl_s),
        )
    )
    await session.flush()
    return raw


async def consume_one_time_token(session: AsyncSession, raw: str, purpose: str) -> OneTimeToken:
    row = await repository.one_time_token(session, digest(raw), purpose)
    now = utcnow()
    if row is None or row.used_at is not None or aware(row.expires_at) <= now:
        raise InvalidOneTimeToken("This link is not valid or has expired.")
    claimed = await session.execute(
        update(OneTimeToken)
        .where(OneTimeToken.id == row.id, OneTimeToken.used_at.is_(None))
        .values(used_at=now)
    )
    if getattr(claimed, "rowcount", 0) != 1:
        raise InvalidOneTimeToken("This link has already been used.")
    return row


async def register(
    session: AsyncSession, ctx: ServiceContext, state: IdentityState, form: Registration
) -> None:
    config = state.config
    if form.role not in ("student", "teacher", "parent"):
        raise BusinessRuleViolation("Choose student, teacher or parent.")
    if not (form.accept_terms and form.accept_privacy):
        raise ConsentRequired("Accept the terms of use and the privacy policy to continue.")
    under_13 = False
    today = utcnow().date()
    if form.role == "student":
        if form.date_of_birth is None:
            raise BusinessRuleViolation("Students give their date of birth.")
        age = age_on(form.date_of_birth, today)
        if age < 4 or age > 120:
            raise BusinessRuleViolation("That date of birth does not look right.")
        under_13 = age < DIGITAL_CONSENT_AGE
        if under_13 and not form.parent_email:
            raise ConsentRequired(
                "Under 13, a parent or guardian must agree: give their email address."
            )
    check_password(
        form.password,
        user_inputs=[form.email, form.email.split("@")[0], form.display_name, "mathpath"],
        min_length=config.min_password_length,
        min_score=config.min_password_score,
    )
    # The password is hashed whether or not the address is taken: the hash is most of the
    # work, and skipping it would tell by the answer's time who has an account.
    password_hash = await hash_password_async(state.hasher, form.password)
    existing = await repository.user_by_email(session, form.email)
    if existing is not None:
        await state.email.send(
            session,
            Email(
                form.email,
                "Someone tried to create an account with your email",
                "An account already uses this address. If this was you, sign in or reset "
                "your password. If not, you can ignore this email.",
            ),
        )
        return
    now = utcnow()
    user = User(
        id=new_id(),
        email=form.email,
        display_name=form.display_name,
        role=form.role,
        status="pending_consent" if under_13 else "active",
        password_hash=password_hash,
        date_of_birth=form.date_of_birth,
        created_at=now,
        updated_at=now,
    )
    session.add(user)
    await session.flush()
    for kind, version, granted in (
        ("terms", config.terms_version, True),
        ("privacy", config.privacy_version, True),
        # Under-13s get no marketing, whatever the form said (Age Appropriate Design Code).
        ("marketing", "", form.marketing_opt_in and not under_13),
    ):
        session.add(
            Consent(
                id=new_id(),
                user_id=user.id,
                kind=kind,
                version=version,
                granted=granted,
                granted_by=user.id,
                created_at=now,
            )
        )
    verify = await create_one_time_token(session, user.id, "verify_email", config.email_token_ttl_s)
    await state.email.send(
        session,
        Email(form.email, "Confirm your email", f"Your Mathpath email confirmation code: {verify}"),
    )
    if under_13 and form.parent_email:
        consent = await create_one_time_token(
            session,
            user.id,
            "parental_consent",
            config.link_invite_ttl_s,
            {"parent_email": form.parent_email},
        )
        await state.email.send(
            session,
            Email(
                form.parent_email,
                "Your child would like to use Mathpath",
                f"{form.display_name} has asked to join Mathpath. Sign in (or create a "
                f"parent account with this email address) and give consent with this "
                f"code: {consent}",
            ),
        )
    payload = UserRegistered(
        user_id=user.id,
        role=form.role,
        status="pending_consent" if under_13 else "active",
    )
    await ctx.emit(session, USER_REGISTERED, payload.model_dump(mode="json"))


async def verify_email(session: AsyncSession, raw: str) -> None:
    row = await consume_one_time_token(session, raw, "verify_email")
    user = await repository.user_by_id(session, row.user_id)
    if user is None or user.status == "erased":
        raise InvalidOneTimeToken("This link is not valid or has expired.")
    user.email_verified_at = user.email_verified_at or utcnow()


async def request_password_reset(session: AsyncSession, state: IdentityState, email: str) -> None:
    user = await repository.user_by_email(session, email)
    if user is None or user.password_hash is None:
        return
    raw = await create_one_time_token(
        session, user.id, "password_reset", state.config.reset_token_ttl_s
    )
    await state.email.send(
        session,
        Email(email, "Reset your password", f"Your Mathpath password reset code: {raw}"),
    )


async def reset_password(
    session: AsyncSession, ctx: ServiceContext, state: IdentityState, raw: str, password: str
) -> None:
    row = await consume_one_time_token(session, raw, "password_reset")
    user = await repository.user_by_id(session, row.user_id)
    if user is None or user.status == "erased":
        raise InvalidOneTimeToken("This link is not valid or has expired.")
    check_password(
        password,
        user_inputs=[user.email or "", user.display_name],
        min_length=state.config.min_password_length,
        min_score=state.config.min_password_score,
    )
    now = utcnow()
    user.password_hash = await hash_password_async(state.hasher, password)
    # Whoever knew the old password must not keep a session.
    user.email_verified_at = user.email_verified_at or now
    await repository.revoke_user_sessions(session, user.id, now)
    await revoke_access(session, ctx, user.id, "password_reset")
    await audit.record(session, "password.reset", actor_id=user.id, target_id=user.id)


async def give_parental_consent(
    session: AsyncSession, ctx: ServiceContext, parent: User, raw: str
) -> User:
    """A parent (signed in with the address the child gave) consents: the child's account
    becomes active and the parent is linked to the child."""
    row = await repository.one_time_token(session, digest(raw), "parental_consent")
    if row is None or row.data.get("parent_email") != parent.email:
        raise InvalidOneTimeToken("This consent code is not valid for this account.")
    if parent.email_verified_at is None:
        raise Forbidden("Confirm your own email address before giving consent.")
    await consume_one_time_token(session, raw, "parental_consent")
    child = await repository.user_by_id(session, row.user_id)
    if child is None or child.status != "pending_consent":
        raise InvalidOneTimeToken("This consent code is not valid or has expired.")
    now = utcnow()
    child.status = "active"
    child.updated_at = now
    session.add(
        Consent(
            id=new_id(),
            user_id=child.id,
            kind="parental",
            version=ctx_version(ctx),
            granted=True,
            granted_by=parent.id,
            created_at=now,
        )
    )
    if await repository.active_link(session, parent.id, child.id) is None:
        session.add(
            ParentLink(
                id=new_id(),
                parent_id=parent.id,
                child_id=child.id,
                status="active",
                created_at=now,
                expires_at=now,
                accepted_at=now,
            )
        )
    await audit.record(session, "consent.parental", actor_id=parent.id, target_id=child.id)
    event = ParentLinkChanged(parent_id=parent.id, child_id=child.id, change="linked", at=now)
    await ctx.emit(session, PARENT_LINK_CHANGED, event.model_dump(mode="json"))
    await invalidate_student(ctx, child.id)
    return child


def ctx_version(ctx: ServiceContext) -> str:
    from mathpath.identity.state import state_of

    return state_of(ctx).config.privacy_version


async def bootstrap_admin(
    session: AsyncSession, state: IdentityState, email: str, password: str, display_name: str
) -> User:
    """Create an administrator (the CLI's ``identity create-admin``; never over HTTP)."""
    check_password(
        password,
        user_inputs=[email, display_name],
        min_length=state.config.min_password_length,
        min_score=state.config.min_password_score,
    )
    if await repository.user_by_email(session, email) is not None:
        raise BusinessRuleViolation("An account already uses this email.")
    now = utcnow()
    user = User(
        id=new_id(),
        email=email,
        display_name=display_name,
        role="admin",
        status="active",
        password_hash=await hash_password_async(state.hasher, password),
        email_verified_at=now,
        created_at=now,
        updated_at=now,
    )
    session.add(user)
    await session.flush()
    await audit.record(session, "admin.bootstrap", actor_id=None, target_id=user.id)
    return user

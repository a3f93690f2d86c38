"""Second factor: TOTP (RFC 6238) with replay protection, and one-time recovery codes."""

from __future__ import annotations

import hmac
import secrets
import time

import pyotp
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.identity import repository
from mathpath.identity.crypto import decrypt, digest, encrypt
from mathpath.identity.errors import AlreadyDone, BadSecondFactor
from mathpath.identity.models import RecoveryCode, User
from mathpath.identity.state import IdentityState
from mathpath.kit.clock import utcnow
from mathpath.kit.errors import BusinessRuleViolation
from mathpath.kit.ids import new_id

ISSUER_NAME = "Mathpath"
RECOVERY_CODES = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud, typed by hand


def accept_totp(state: IdentityState, user: User, code: str | None) -> bool:
    """True for a current code (one step of clock drift either way) not used before."""
    if not code or user.mfa_secret is None:
        return False
    code = code.strip().replace(" ", "")
    totp = pyotp.TOTP(decrypt(state.secret_key, user.mfa_secret))
    now_step = int(time.time()) // totp.interval
    for step in (now_step - 1, now_step, now_step + 1):
        if step <= user.mfa_last_step:
            continue
        if hmac.compare_digest(totp.at(step * totp.interval), code):
            user.mfa_last_step = step
            return True
    return False


def _normalise(code: str) -> str:
    return code.strip().lower().replace("-", "").replace(" ", "")


async def use_recovery_code(session: AsyncSession, user: User, code: str) -> bool:
    wanted = digest(_normalise(code))
    for row in await repository.unused_recovery_codes(session, user.id):
        if hmac.compare_digest(row.code_hash, wanted):
            row.used_at = utcnow()
            return True
    return False


async def start_enrolment(
    session: AsyncSession, state: IdentityState, user: User
) -> tuple[str, str]:
    if user.mfa_enabled_at is not None:
        raise AlreadyDone("Two-step sign-in is already on.")
    secret = pyotp.random_base32()
    user.mfa_secret = encrypt(state.secret_key, secret)
    user.mfa_last_step = 0
    await session.flush()
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email or user.id, issuer_name=ISSUER_NAME)
    return secret, uri


async def confirm_enrolment(
    session: AsyncSession, state: IdentityState, user: User, code: str
) -> list[str]:
    if user.mfa_enabled_at is not None:
        raise AlreadyDone("Two-step sign-in is already on.")
    if user.mfa_secret is None:
        raise BusinessRuleViolation("Start enrolment first.")
    if not accept_totp(state, user, code):
        raise BadSecondFactor("That code is not valid. Check your device's clock.")
    user.mfa_enabled_at = utcnow()
    return await new_recovery_codes(session, user)


async def new_recovery_codes(session: AsyncSession, user: User) -> list[str]:
    await repository.delete_recovery_codes(session, user.id)
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        session.add(RecoveryCode(id=new_id(), user_id=user.id, code_hash=digest(raw)))
    await session.flush()
    return codes


async def disable(session: AsyncSession, state: IdentityState, user: User, code: str) -> None:
    if user.role == "admin":
        raise BusinessRuleViolation("Administrators must keep two-step sign-in on.")
    if user.mfa_enabled_at is None:
        raise AlreadyDone("Two-step sign-in is already off.")
    if not (accept_totp(state, user, code) or await use_recovery_code(session, user, code)):
        raise BadSecondFactor("That code is not valid.")
    user.mfa_enabled_at = None
    user.mfa_secret = None
    await repository.delete_recovery_codes(session, user.id)

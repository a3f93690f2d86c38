"""Failed sign-in throttling with bounded lockouts.

Three counters per attempt: the (account, address) pair, the account on its own, and the
address on its own. The pair locks first, so an attacker at one address only locks
themselves out; the account-wide counter needs many more failures (from many addresses) and
its lockout is capped at ``max_lockout_s``, so nobody can keep a victim out for long. Unknown
emails are counted exactly like known ones, so lockouts reveal nothing about who has an
account.

Keys hold no email or address in the clear: each part is a keyed digest (HMAC of the
deployment secret), so the table says nothing about who tried to sign in, and an erasure
finds and deletes the account's rows by the digest of its email (:func:`forget_email`).

Reads and the success reset run in the request's transaction; a failure is written in a
transaction of its own (the failed request rolls back), opened only once the request holds
no connection, so one sign-in never holds two connections of the pool.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, or_
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.identity.config import IdentityConfig
from mathpath.identity.models import SignInThrottle
from mathpath.identity.times import aware
from mathpath.kit.clock import utcnow
from mathpath.kit.db import Database, insert_ignore
from mathpath.kit.errors import TooManyRequests


class SignInLocked(TooManyRequests):
    type_slug = "sign-in-locked"
    title = "Too many failed sign-ins"


def _tag(secret: str, kind: str, value: str) -> str:
    mac = hmac.new(secret.encode(), f"throttle:{kind}:{value}".encode(), hashlib.sha256)
    return mac.hexdigest()[:32]


@dataclass(frozen=True)
class Keys:
    pair: str
    account: str
    address: str

    @classmethod
    def of(cls, secret: str, email: str, address: str) -> Keys:
        account = _tag(secret, "email", email)
        where = _tag(secret, "addr", address)
        return cls(
            pair=f"pair:{account}:{where}", account=f"acct:{account}", address=f"addr:{where}"
        )


def _thresholds(config: IdentityConfig, keys: Keys) -> dict[str, int]:
    return {
        keys.pair: config.account_failures_before_lock,
        keys.account: config.account_failures_before_lock * 10,
        keys.address: config.address_failures_before_lock,
    }


async def check_not_locked(session: AsyncSession, keys: Keys) -> None:
    now = utcnow()
    for key in (keys.pair, keys.account, keys.address):
        row = await session.get(SignInThrottle, key)
        if row is not None and row.locked_until is not None and aware(row.locked_until) > now:
            wait = max(1, math.ceil((aware(row.locked_until) - now).total_seconds()))
            raise SignInLocked(
                f"Too many failed sign-ins. Try again in {wait} seconds.",
                extra={"retry_after_s": wait},
            )


async def record_failure(db: Database, config: IdentityConfig, keys: Keys) -> None:
    """Count a failure in a transaction of its own (call it holding no other connection)."""
    now = utcnow()
    window = timedelta(seconds=config.throttle_window_s)
    async with db.transaction() as session:
        # Concurrent failures share the address's row: create it if need be, then count under
        # the row's lock (SQLite's write lock), keys in one order so no two requests deadlock.
        for key, threshold in sorted(_thresholds(config, keys).items()):
            await insert_ignore(
                session,
                SignInThrottle,
                ["key"],
                [{"key": key, "failures": 0, "window_started_at": now, "lockouts": 0}],
            )
            row = await session.get(
                SignInThrottle, key, with_for_update=True, populate_existing=True
            )
            assert row is not None
            if aware(row.window_started_at) + window < now:
                row.failures = 0
                row.window_started_at = now
            row.failures += 1
            if row.failures >= threshold:
                row.lockouts += 1
                seconds = min(
                    config.base_lockout_s * 2 ** min(row.lockouts - 1, 20), config.max_lockout_s
                )
                row.locked_until = now + timedelta(seconds=seconds)
                row.failures = 0
                row.window_started_at = now


async def record_success(session: AsyncSession, keys: Keys) -> None:
    await session.execute(
        delete(SignInThrottle).where(SignInThrottle.key.in_([keys.pair, keys.account]))
    )


async def forget_email(session: AsyncSession, secret: str, email: str) -> None:
    """Delete every counter kept for ``email`` (erasure)."""
    account = _tag(secret, "email", email)
    await session.execute(
        delete(SignInThrottle).where(
            or_(
                SignInThrottle.key == f"acct:{account}",
                SignInThrottle.key.startswith(f"pair:{account}:", autoescape=True),
            )
        )
    )

"""Failed sign-in throttling with bounded lockouts.

Three counters per attempt: the (account, address) pair, the account on its own, and the
address on its own. The pair locks first, so an attacker at one address only locks
themselves out; the account-wide counter needs many more failures (from many addresses) and
its lockout is capped at ``max_lockout_s``, so nobody can keep a victim out for long. Unknown
emails are counted exactly like known ones, so lockouts reveal nothing about who has an
account. Counters are written in their own transaction: the failed request rolls back.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete

from mathpath.identity.config import IdentityConfig
from mathpath.identity.models import SignInThrottle
from mathpath.identity.times import aware
from mathpath.kit.clock import utcnow
from mathpath.kit.db import Database
from mathpath.kit.errors import TooManyRequests


class SignInLocked(TooManyRequests):
    type_slug = "sign-in-locked"
    title = "Too many failed sign-ins"


@dataclass(frozen=True)
class Keys:
    pair: str
    account: str
    address: str

    @classmethod
    def of(cls, email: str, address: str) -> Keys:
        return cls(
            pair=f"pair:{email}|{address}", account=f"acct:{email}", address=f"addr:{address}"
        )


def _thresholds(config: IdentityConfig, keys: Keys) -> dict[str, int]:
    return {
        keys.pair: config.account_failures_before_lock,
        keys.account: config.account_failures_before_lock * 10,
        keys.address: config.address_failures_before_lock,
    }


async def check_not_locked(db: Database, keys: Keys) -> None:
    now = utcnow()
    async with db.transaction() as session:
        for key in (keys.pair, keys.account, keys.address):
            row = await session.get(SignInThrottle, key)
            if row is not None and row.locked_until is not None and aware(row.locked_until) > now:
                wait = max(1, math.ceil((aware(row.locked_until) - now).total_seconds()))
                raise SignInLocked(
                    f"Too many failed sign-ins. Try again in {wait} seconds.",
                    extra={"retry_after_s": wait},
                )


async def record_failure(db: Database, config: IdentityConfig, keys: Keys) -> None:
    now = utcnow()
    window = timedelta(seconds=config.throttle_window_s)
    async with db.transaction() as session:
        for key, threshold in _thresholds(config, keys).items():
            row = await session.get(SignInThrottle, key)
            if row is None:
                row = SignInThrottle(key=key, failures=0, window_started_at=now, lockouts=0)
                session.add(row)
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


async def record_success(db: Database, keys: Keys) -> None:
    async with db.transaction() as session:
        await session.execute(
            delete(SignInThrottle).where(SignInThrottle.key.in_([keys.pair, keys.account]))
        )

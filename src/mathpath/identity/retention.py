"""Retention: delete what is past its purpose, and re-drive unfinished privacy requests.

Run by ``mathpath identity retention`` (a cron job / Kubernetes CronJob) or
:func:`run_retention` from a scheduler in process.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, or_
from sqlalchemy.engine import CursorResult

from mathpath.identity import privacy
from mathpath.identity.models import (
    AuditEntry,
    EmailMessage,
    OneTimeToken,
    ParentLink,
    RefreshToken,
    SignInThrottle,
    User,
)
from mathpath.identity.state import state_of
from mathpath.kit.clock import utcnow
from mathpath.kit.service import ServiceContext


@dataclass(frozen=True)
class RetentionReport:
    refresh_tokens: int
    one_time_tokens: int
    invitations: int
    throttle_rows: int
    emails: int
    audit_entries: int
    unconsented_accounts: int
    privacy_redispatched: int


def _count(result: object) -> int:
    return int(result.rowcount) if isinstance(result, CursorResult) else 0


async def run_retention(ctx: ServiceContext) -> RetentionReport:
    state = state_of(ctx)
    config = state.config
    now = utcnow()
    # A revoked family's rows are kept a day so a replay is still recognised as theft.
    grace = now - timedelta(days=1)
    async with ctx.db.transaction() as session:
        refresh = await session.execute(
            delete(RefreshToken).where(
                or_(RefreshToken.expires_at < now, RefreshToken.revoked_at < grace)
            )
        )
        tokens = await session.execute(
            delete(OneTimeToken).where(
                or_(OneTimeToken.expires_at < now, OneTimeToken.used_at < grace)
            )
        )
        invitations = await session.execute(
            delete(ParentLink).where(
                ParentLink.status.in_(["pending", "revoked"]), ParentLink.expires_at < now
            )
        )
        throttle = await session.execute(
            delete(SignInThrottle).where(
                SignInThrottle.window_started_at
                < now - timedelta(seconds=config.throttle_window_s + config.max_lockout_s)
            )
        )
        emails = await session.execute(
            delete(EmailMessage).where(
                EmailMessage.created_at < now - timedelta(days=config.email_outbox_retention_days)
            )
        )
        audits = await session.execute(
            delete(AuditEntry).where(
                AuditEntry.created_at < now - timedelta(days=config.audit_retention_days)
            )
        )
        # A child's account that never got parental consent must not be kept.
        unconsented = await session.execute(
            delete(User).where(
                User.status == "pending_consent",
                User.created_at < now - timedelta(seconds=config.link_invite_ttl_s),
            )
        )
        redispatched = await privacy.redispatch_pending(session, ctx, state)
    return RetentionReport(
        refresh_tokens=_count(refresh),
        one_time_tokens=_count(tokens),
        invitations=_count(invitations),
        throttle_rows=_count(throttle),
        emails=_count(emails),
        audit_entries=_count(audits),
        unconsented_accounts=_count(unconsented),
        privacy_redispatched=redispatched,
    )

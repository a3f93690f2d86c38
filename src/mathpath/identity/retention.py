"""Retention: delete what is past its purpose, and re-drive unfinished privacy requests.

Run by ``mathpath identity retention`` (a cron job / Kubernetes CronJob) or
:func:`run_retention` from a scheduler in process.

Every table of identity's database has a rule in :data:`TABLE_RULES` (a test keeps the list
complete): what it holds, and when it goes. Whatever belongs to an account also goes when
the account is erased (:func:`mathpath.identity.privacy.erase_identity_data`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, or_, select
from sqlalchemy.engine import CursorResult

from mathpath.identity import privacy
from mathpath.identity.models import (
    OUTBOX,
    AccessRevocation,
    AuditEntry,
    EmailMessage,
    OneTimeToken,
    ParentLink,
    PrivacyRequest,
    RecoveryCode,
    RefreshToken,
    SigningKey,
    SignInThrottle,
    User,
)
from mathpath.identity.state import state_of
from mathpath.kit.clock import utcnow
from mathpath.kit.outbox import purge_outbox
from mathpath.kit.service import ServiceContext

TABLE_RULES: dict[str, str] = {
    "users": "while the account lives; erasure anonymises the row (id kept, status erased); "
    "an under-13 account without parental consent goes after link_invite_ttl_s",
    "external_identities": "while the account lives; erased with it",
    "recovery_codes": "while unused; a used code goes after a day; erased with the account",
    "refresh_tokens": "until expiry; a revoked family a day after its revocation (so a replay "
    "is still recognised as theft); erased with the account",
    "one_time_tokens": "until expiry, a used one a day after use; erased with the account",
    "sign_in_throttle": "throttle_window_s + max_lockout_s after its window started; keys are "
    "keyed digests, and an erased account's rows are deleted by its email's digest",
    "signing_keys": "while signing, then published key_overlap_s after retirement, deleted a "
    "day after that",
    "email_outbox": "email_outbox_retention_days; erased with the account",
    "classes": "while the class exists; an erased teacher's classes are archived (no personal "
    "data: a name and a join code)",
    "class_memberships": "while the student is in the class; erased with the account",
    "parent_links": "while linked; pending or revoked invitations after they expire; erased "
    "with either account",
    "consents": "while the account lives (the record of what was agreed); erased with it",
    "audit_log": "audit_retention_days",
    "privacy_requests": "an export (its archive holds every service's data) "
    "export_retention_days after it was asked for, and at once when the account is erased; an "
    "erasure request (ids and confirmations only) is kept as the record that it was done",
    "access_revocations": "until every token it refuses has expired (access_ttl_s + a minute)",
    "outbox": "event_retention_days after publication (payloads hold ids, not personal data)",
    "processed_events": "event_retention_days after processing",
}


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
    exports: int = 0
    revocations: int = 0
    recovery_codes: int = 0
    signing_keys: int = 0
    events: int = 0


def _count(result: object) -> int:
    return int(result.rowcount) if isinstance(result, CursorResult) else 0


async def run_retention(ctx: ServiceContext) -> RetentionReport:
    state = state_of(ctx)
    config = state.config
    now = utcnow()
    # A revoked family's rows are kept a day so a replay is still recognised as theft.
    grace = now - timedelta(days=1)
    async with ctx.db.transaction() as session:
        ended_families = select(RefreshToken.family_id).where(RefreshToken.revoked_at < grace)
        refresh = await session.execute(
            delete(RefreshToken).where(
                or_(RefreshToken.expires_at < now, RefreshToken.family_id.in_(ended_families))
            )
        )
        tokens = await session.execute(
            delete(OneTimeToken).where(
                or_(OneTimeToken.expires_at < now, OneTimeToken.used_at < grace)
            )
        )
        codes = await session.execute(delete(RecoveryCode).where(RecoveryCode.used_at < grace))
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
        keys = await session.execute(
            delete(SigningKey).where(
                SigningKey.retired_at < grace - timedelta(seconds=config.key_overlap_s)
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
        exports = await session.execute(
            delete(PrivacyRequest).where(
                PrivacyRequest.kind == "export",
                PrivacyRequest.created_at < now - timedelta(days=config.export_retention_days),
            )
        )
        revocations = await session.execute(
            delete(AccessRevocation).where(AccessRevocation.expires_at < now)
        )
        # A child's account that never got parental consent must not be kept.
        unconsented = await session.execute(
            delete(User).where(
                User.status == "pending_consent",
                User.created_at < now - timedelta(seconds=config.link_invite_ttl_s),
            )
        )
        events = await purge_outbox(
            session, OUTBOX, now - timedelta(days=config.event_retention_days)
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
        exports=_count(exports),
        revocations=_count(revocations),
        recovery_codes=_count(codes),
        signing_keys=_count(keys),
        events=events,
    )

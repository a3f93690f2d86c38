"""SQLAlchemy models of the identity service (its own database).

Secrets are never stored in the clear: passwords as argon2id hashes, refresh, email and
invitation tokens as SHA-256 digests, TOTP secrets and private signing keys encrypted with a
key derived from ``MATHPATH_SECRET_KEY``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from mathpath.kit.db import UTCDateTime, new_metadata
from mathpath.kit.outbox import define_outbox_tables


class Base(DeclarativeBase):
    """Identity's declarative base (a class statement, so mypy can type the models)."""

    metadata = new_metadata()


OUTBOX = define_outbox_tables(Base.metadata)

TS = UTCDateTime()


class User(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # Lower-cased; NULL once the account is erased (the row stays, anonymised).
    email: Mapped[str | None] = mapped_column(String(320), unique=True, nullable=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str] = mapped_column(String(20), index=True)
    # active | pending_consent | disabled | erased
    status: Mapped[str] = mapped_column(String(20), default="active")
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    date_of_birth: Mapped[date | None] = mapped_column(Date, nullable=True)
    email_verified_at: Mapped[datetime | None] = mapped_column(TS, nullable=True)
    mfa_secret: Mapped[str | None] = mapped_column(String(400), nullable=True)
    mfa_enabled_at: Mapped[datetime | None] = mapped_column(TS, nullable=True)
    # Last TOTP time step accepted, so a code cannot be replayed within its window.
    mfa_last_step: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(TS)
    updated_at: Mapped[datetime] = mapped_column(TS)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(TS, nullable=True)
    erased_at: Mapped[datetime | None] = mapped_column(TS, nullable=True)


class ExternalIdentity(Base):
    """A user known to an outside provider (Firebase, an OIDC issuer) by that provider's id."""

    __tablename__ = "external_identities"
    __table_args__ = (UniqueConstraint("provider", "subject"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    provider: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(TS)


class RecoveryCode(Base):
    __tablename__ = "recovery_codes"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(TS, nullable=True)


class RefreshToken(Base):
    """One refresh token of a session family; rotation adds a row and marks the old used."""

    __tablename__ = "refresh_tokens"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    family_id: Mapped[str] = mapped_column(String(36), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    amr: Mapped[str] = mapped_column(String(40), default="pwd")
    created_at: Mapped[datetime] = mapped_column(TS)
    expires_at: Mapped[datetime] = mapped_column(TS, index=True)
    used_at: Mapped[datetime | None] = mapped_column(TS, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(TS, nullable=True)


class OneTimeToken(Base):
    """Single-use, expiring tokens sent by email: verification, reset, parental consent."""

    __tablename__ = "one_time_tokens"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(30))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(TS)
    expires_at: Mapped[datetime] = mapped_column(TS, index=True)
    used_at: Mapped[datetime | None] = mapped_column(TS, nullable=True)


class SignInThrottle(Base):
    """Failed sign-ins per key (``acct:<email>`` or ``addr:<ip>``) and the lockout they cause."""

    __tablename__ = "sign_in_throttle"

    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_started_at: Mapped[datetime] = mapped_column(TS)
    lockouts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(TS, nullable=True)


class SigningKey(Base):
    __tablename__ = "signing_keys"

    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    algorithm: Mapped[str] = mapped_column(String(20))
    private_pem: Mapped[str] = mapped_column(Text)  # encrypted PKCS#8
    public_jwk: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(TS)
    # No longer used to sign after this; still published until tokens signed by it expired.
    retired_at: Mapped[datetime | None] = mapped_column(TS, nullable=True)


class EmailMessage(Base):
    """The embedded email adapter's outbox (readable in development and tests)."""

    __tablename__ = "email_outbox"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    to_address: Mapped[str] = mapped_column(String(320), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(TS, index=True)


class SchoolClass(Base):
    __tablename__ = "classes"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    teacher_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(TS)
    archived_at: Mapped[datetime | None] = mapped_column(TS, nullable=True)


class ClassMembership(Base):
    __tablename__ = "class_memberships"

    class_id: Mapped[str] = mapped_column(
        ForeignKey("classes.id", ondelete="CASCADE"), primary_key=True
    )
    student_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    joined_at: Mapped[datetime] = mapped_column(TS)


class ParentLink(Base):
    """A parent's link to a child: pending until the invitation is accepted."""

    __tablename__ = "parent_links"
    __table_args__ = (UniqueConstraint("parent_id", "child_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    parent_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    child_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=True
    )
    invite_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending|active|revoked
    created_at: Mapped[datetime] = mapped_column(TS)
    expires_at: Mapped[datetime] = mapped_column(TS)
    accepted_at: Mapped[datetime | None] = mapped_column(TS, nullable=True)


class Consent(Base):
    """What a user (or a parent for them) agreed to, and when: append-only."""

    __tablename__ = "consents"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # terms|privacy|marketing|parental
    version: Mapped[str] = mapped_column(String(40), default="")
    granted: Mapped[bool] = mapped_column(Boolean, default=True)
    granted_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    created_at: Mapped[datetime] = mapped_column(TS)


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    actor_id: Mapped[str | None] = mapped_column(String(36), index=True, nullable=True)
    action: Mapped[str] = mapped_column(String(60), index=True)
    target_id: Mapped[str | None] = mapped_column(String(36), index=True, nullable=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(TS, index=True)


class PrivacyRequest(Base):
    """An export or erasure request and which services have answered it."""

    __tablename__ = "privacy_requests"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # export|erasure
    user_id: Mapped[str] = mapped_column(String(36), index=True)
    requested_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending|complete
    expected: Mapped[list[str]] = mapped_column(JSON, default=list)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(TS, index=True)
    last_dispatched_at: Mapped[datetime] = mapped_column(TS)
    completed_at: Mapped[datetime | None] = mapped_column(TS, nullable=True)


class AccessRevocation(Base):
    """Access tokens of ``user_id`` issued before ``not_before`` are refused everywhere:
    set when an account is erased or disabled, its role changes or its password is reset.
    Every process loads the live rows at start and hears ``user.access_revoked`` after."""

    __tablename__ = "access_revocations"

    user_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    not_before: Mapped[datetime] = mapped_column(TS)
    reason: Mapped[str] = mapped_column(String(30))
    # Every token the entry can refuse has expired by then (not_before + access_ttl_s).
    expires_at: Mapped[datetime] = mapped_column(TS, index=True)

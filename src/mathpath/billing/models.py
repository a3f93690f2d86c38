"""SQLAlchemy models of the billing service (its own database)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from mathpath.billing.timefmt import UTCDateTime
from mathpath.kit.db import new_metadata
from mathpath.kit.outbox import define_outbox_tables


class Base(DeclarativeBase):
    metadata = new_metadata()


OUTBOX = define_outbox_tables(Base.metadata)


class Subscription(Base):
    """Our view of one provider subscription; the provider is the source of truth."""

    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("provider", "provider_subscription_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    payer_user_id: Mapped[str] = mapped_column(String(36), index=True)
    plan: Mapped[str] = mapped_column(String(20))
    interval: Mapped[str] = mapped_column(String(10))
    family: Mapped[bool] = mapped_column(Boolean, default=False)
    provider: Mapped[str] = mapped_column(String(20))
    provider_subscription_id: Mapped[str | None] = mapped_column(String(120), default=None)
    provider_customer_id: Mapped[str | None] = mapped_column(String(120), default=None)
    status: Mapped[str] = mapped_column(String(20), index=True)
    cancel_at_period_end: Mapped[bool] = mapped_column(Boolean, default=False)
    trial_end: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    current_period_start: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    current_period_end: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    past_due_since: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    # Ordering of provider snapshots: an older snapshot never overwrites a newer one.
    source_as_of: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    source_revision: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SubscriptionMember(Base):
    """An account whose entitlements follow a subscription (the child, or the payer)."""

    __tablename__ = "subscription_members"

    subscription_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("subscriptions.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(String(36), primary_key=True, index=True)


class Checkout(Base):
    """A checkout request, idempotent per payer and ``Idempotency-Key``."""

    __tablename__ = "checkouts"
    __table_args__ = (UniqueConstraint("payer_user_id", "idempotency_key"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    payer_user_id: Mapped[str] = mapped_column(String(36))
    idempotency_key: Mapped[str] = mapped_column(String(200))
    request_fingerprint: Mapped[str] = mapped_column(String(64))
    subscription_id: Mapped[str] = mapped_column(String(36), ForeignKey("subscriptions.id"))
    provider: Mapped[str] = mapped_column(String(20))
    provider_session_id: Mapped[str] = mapped_column(String(200))
    redirect_url: Mapped[str] = mapped_column(Text)
    trial_days: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class TrialUse(Base):
    """An account that has had its one Premium trial (as payer or as covered child)."""

    __tablename__ = "trial_uses"

    user_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    subscription_id: Mapped[str] = mapped_column(String(36))
    used_at: Mapped[datetime] = mapped_column(UTCDateTime())


class WebhookEvent(Base):
    """A provider event stored verbatim before it is processed (at least once)."""

    __tablename__ = "webhook_events"
    __table_args__ = (UniqueConstraint("provider", "provider_event_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    provider: Mapped[str] = mapped_column(String(20))
    provider_event_id: Mapped[str] = mapped_column(String(200))
    event_type: Mapped[str] = mapped_column(String(100))
    payload: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(200), default=None)


class LedgerEntry(Base):
    """Append-only money movements as the provider reports them (refunds are negative)."""

    __tablename__ = "ledger_entries"
    __table_args__ = (UniqueConstraint("provider", "provider_entry_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    provider: Mapped[str] = mapped_column(String(20))
    provider_entry_id: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # payment | refund
    provider_subscription_id: Mapped[str | None] = mapped_column(String(120), index=True)
    amount_minor: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SandboxSubscription(Base):
    """Provider-side state of the embedded sandbox provider (what Stripe would hold)."""

    __tablename__ = "sandbox_subscriptions"

    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    session_id: Mapped[str] = mapped_column(String(60), unique=True)
    reference: Mapped[str] = mapped_column(String(36))  # our subscription id
    customer_id: Mapped[str] = mapped_column(String(60))
    plan: Mapped[str] = mapped_column(String(20))
    interval: Mapped[str] = mapped_column(String(10))
    family: Mapped[bool] = mapped_column(Boolean, default=False)
    amount_minor: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    cancel_at_period_end: Mapped[bool] = mapped_column(Boolean, default=False)
    trial_end: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    current_period_start: Mapped[datetime] = mapped_column(UTCDateTime())
    current_period_end: Mapped[datetime] = mapped_column(UTCDateTime())
    revision: Mapped[int] = mapped_column(Integer, default=0)
    invoice_count: Mapped[int] = mapped_column(Integer, default=0)


class SandboxSession(Base):
    """A sandbox hosted-checkout session (the local checkout page)."""

    __tablename__ = "sandbox_sessions"

    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    reference: Mapped[str] = mapped_column(String(36))
    plan: Mapped[str] = mapped_column(String(20))
    interval: Mapped[str] = mapped_column(String(10))
    family: Mapped[bool] = mapped_column(Boolean, default=False)
    amount_minor: Mapped[int] = mapped_column(Integer)
    trial_days: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20))  # open | complete | expired
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SandboxInvoice(Base):
    """A sandbox payment or refund (negative amount), for reconciliation."""

    __tablename__ = "sandbox_invoices"

    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    subscription_id: Mapped[str] = mapped_column(String(60), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # payment | refund
    amount_minor: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SandboxEvent(Base):
    """Every event the sandbox sent, signed body kept so it can be redelivered."""

    __tablename__ = "sandbox_events"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(60), unique=True)
    body: Mapped[str] = mapped_column(Text)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)

"""The payment-provider port and the provider-neutral shapes its adapters return."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol

from mathpath.kit.errors import MathpathError

ProviderStatus = Literal["incomplete", "trialing", "active", "past_due", "ended"]


class InvalidWebhook(MathpathError):
    status = 400
    type_slug = "invalid-webhook"
    title = "The webhook could not be verified"


class ProviderError(MathpathError):
    status = 502
    type_slug = "payment-provider-error"
    title = "The payment provider refused or failed"


@dataclass(frozen=True)
class CheckoutRequest:
    reference: str  # our subscription id, echoed back by the provider in every event
    payer_user_id: str
    plan: str
    interval: str
    family: bool
    amount_minor: int
    currency: str
    trial_days: int
    success_url: str
    cancel_url: str


@dataclass(frozen=True)
class CheckoutSession:
    provider_session_id: str
    redirect_url: str


@dataclass(frozen=True)
class SubscriptionSnapshot:
    """The provider's subscription as of ``as_of``; ``revision`` orders same-time copies."""

    provider_subscription_id: str
    reference: str | None
    customer_id: str | None
    status: ProviderStatus
    plan: str | None
    interval: str | None
    cancel_at_period_end: bool
    trial_end: datetime | None
    current_period_start: datetime | None
    current_period_end: datetime | None
    as_of: datetime
    revision: int = 0


@dataclass(frozen=True)
class MoneyMovement:
    """A payment (positive) or a refund (negative amount) as the provider records it."""

    provider_entry_id: str
    kind: Literal["payment", "refund"]
    provider_subscription_id: str | None
    amount_minor: int
    currency: str
    occurred_at: datetime


@dataclass(frozen=True)
class VerifiedEvent:
    provider_event_id: str
    event_type: str
    body: str


@dataclass(frozen=True)
class EventEffects:
    """What one stored provider event means for us; adapters may re-read the object."""

    snapshots: list[SubscriptionSnapshot] = field(default_factory=list)
    movements: list[MoneyMovement] = field(default_factory=list)


class PaymentProvider(Protocol):
    name: str

    async def create_checkout(self, request: CheckoutRequest) -> CheckoutSession: ...

    async def set_cancel_at_period_end(
        self, provider_subscription_id: str, cancel: bool
    ) -> SubscriptionSnapshot: ...

    async def change_plan(
        self,
        provider_subscription_id: str,
        *,
        plan: str,
        interval: str,
        family: bool,
        amount_minor: int,
    ) -> SubscriptionSnapshot: ...

    async def portal_url(self, customer_id: str, return_url: str) -> str: ...

    async def verify_webhook(self, body: bytes, headers: Mapping[str, str]) -> VerifiedEvent:
        """Check the signature (raise :class:`InvalidWebhook`) and name the event."""

    async def interpret(self, event_type: str, body: str) -> EventEffects: ...

    async def fetch_subscription(self, provider_subscription_id: str) -> SubscriptionSnapshot: ...

    async def list_movements(self, provider_subscription_id: str) -> list[MoneyMovement]: ...

"""Events the billing service publishes (payload contracts)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

SUBSCRIPTION_CHANGED = "subscription.changed"

SubscriptionStatus = Literal["incomplete", "trialing", "active", "past_due", "canceled", "expired"]


class SubscriptionChanged(BaseModel):
    """A subscription's plan, status or period changed.

    ``member_user_ids`` are the accounts whose entitlements follow this subscription (the
    payer's linked children for a family plan); consumers drop cached entitlements of each.
    """

    subscription_id: str
    payer_user_id: str
    member_user_ids: list[str]
    plan: str
    interval: str
    family: bool
    status: SubscriptionStatus
    previous_status: SubscriptionStatus | None
    cancel_at_period_end: bool
    current_period_end: datetime | None

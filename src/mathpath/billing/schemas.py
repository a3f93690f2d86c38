"""Request and response bodies of the billing API."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, StrictBool

from mathpath.billing.config import ProviderName

PaidPlan = Literal["basic", "premium"]
IntervalName = Literal["month", "year"]


class PriceOut(BaseModel):
    interval: IntervalName
    family: bool
    amount_minor: int
    currency: str


class PlanOut(BaseModel):
    code: str
    name: str
    tutor_turns_per_day: int
    max_pathways: int
    llm_voice: bool
    parent_weekly_reports: bool
    teacher_classes: int
    prices: list[PriceOut]
    trial_days: int
    family_max_children: int


class CheckoutIn(BaseModel):
    plan: PaidPlan
    interval: IntervalName = "month"
    provider: ProviderName | None = Field(
        default=None, description="Default: the first provider enabled here."
    )
    for_user_ids: list[str] | None = Field(
        default=None,
        max_length=8,
        description="Who the plan covers: yourself (default) or your linked children.",
    )
    family: bool = False
    trial: StrictBool = Field(
        default=False,
        description=(
            "true to start with the Premium trial (once per account; its length is the plan's "
            "`trial_days`). Only a JSON boolean: a number such as 0 or 14 is refused."
        ),
    )


class CheckoutOut(BaseModel):
    checkout_id: str
    subscription_id: str
    provider: str
    redirect_url: str
    amount_minor: int
    currency: str
    trial_days: int


class SubscriptionOut(BaseModel):
    id: str
    payer_user_id: str
    member_user_ids: list[str]
    plan: str
    interval: str
    family: bool
    provider: str
    status: str
    entitled: bool
    cancel_at_period_end: bool
    trial_end: datetime | None
    current_period_end: datetime | None
    past_due_since: datetime | None


class SubscriptionsOut(BaseModel):
    subscriptions: list[SubscriptionOut]


class ChangePlanIn(BaseModel):
    plan: PaidPlan
    interval: IntervalName


class PortalOut(BaseModel):
    url: str


class LedgerEntryOut(BaseModel):
    provider_entry_id: str
    kind: str
    amount_minor: int
    currency: str
    occurred_at: datetime


class ReconcileOut(BaseModel):
    subscription_id: str
    status: str
    entries_added: int
    ledger_total_minor: int
    provider_total_minor: int
    balanced: bool
    ledger: list[LedgerEntryOut]

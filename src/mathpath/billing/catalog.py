"""Plans, prices and what each plan includes: the one place entitlements are defined.

Prices are GBP in integer minor units (pence). Annual prices are ten times the monthly
price (two months free). A family price covers the payer's linked children up to
``FAMILY_MAX_CHILDREN``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PlanCode(StrEnum):
    free = "free"
    basic = "basic"
    premium = "premium"


class Interval(StrEnum):
    month = "month"
    year = "year"


CURRENCY = "GBP"
FAMILY_MAX_CHILDREN = 4
TRIAL_PLAN = PlanCode.premium
DEFAULT_TRIAL_DAYS = 14


@dataclass(frozen=True)
class PlanLimits:
    tutor_turns_per_day: int
    max_pathways: int
    llm_voice: bool
    parent_weekly_reports: bool
    teacher_classes: int


@dataclass(frozen=True)
class Plan:
    code: PlanCode
    name: str
    rank: int  # higher wins when a user is covered by several subscriptions
    limits: PlanLimits
    monthly_minor: int
    family_monthly_minor: int

    def price_minor(self, interval: Interval, *, family: bool) -> int:
        monthly = self.family_monthly_minor if family else self.monthly_minor
        return monthly * 10 if interval is Interval.year else monthly

    @property
    def purchasable(self) -> bool:
        return self.monthly_minor > 0


PLANS: dict[PlanCode, Plan] = {
    PlanCode.free: Plan(
        code=PlanCode.free,
        name="Free",
        rank=0,
        limits=PlanLimits(
            tutor_turns_per_day=5,
            max_pathways=1,
            llm_voice=False,
            parent_weekly_reports=False,
            teacher_classes=1,
        ),
        monthly_minor=0,
        family_monthly_minor=0,
    ),
    PlanCode.basic: Plan(
        code=PlanCode.basic,
        name="Basic",
        rank=1,
        limits=PlanLimits(
            tutor_turns_per_day=30,
            max_pathways=3,
            llm_voice=False,
            parent_weekly_reports=True,
            teacher_classes=3,
        ),
        monthly_minor=599,
        family_monthly_minor=1199,
    ),
    PlanCode.premium: Plan(
        code=PlanCode.premium,
        name="Premium",
        rank=2,
        limits=PlanLimits(
            # A fair-use ceiling rather than unlimited: every turn costs an LLM call.
            tutor_turns_per_day=200,
            max_pathways=20,
            llm_voice=True,
            parent_weekly_reports=True,
            teacher_classes=20,
        ),
        monthly_minor=1199,
        family_monthly_minor=1999,
    ),
}


def plan(code: PlanCode | str) -> Plan:
    return PLANS[PlanCode(code)]


def upgrade_from(code: PlanCode | str) -> PlanCode | None:
    """The next plan up, suggested when a limit is hit; None on the top plan."""
    current = plan(code)
    higher = sorted((p for p in PLANS.values() if p.rank > current.rank), key=lambda p: p.rank)
    return higher[0].code if higher else None

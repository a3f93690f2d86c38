"""The subscription state machine and the rule for whether a subscription entitles now.

Our statuses: ``incomplete`` (checkout not paid), ``trialing``, ``active``, ``past_due``
(a payment failed; entitled for a grace period), ``canceled`` (cancellation requested:
still entitled until the period ends, can be resumed) and ``expired`` (terminal).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from mathpath.billing.providers.base import ProviderStatus

ALLOWED: dict[str, frozenset[str]] = {
    "incomplete": frozenset({"incomplete", "trialing", "active", "past_due", "expired"}),
    "trialing": frozenset({"trialing", "active", "past_due", "canceled", "expired"}),
    "active": frozenset({"active", "past_due", "canceled", "expired"}),
    "past_due": frozenset({"past_due", "active", "canceled", "expired"}),
    "canceled": frozenset({"canceled", "trialing", "active", "past_due", "expired"}),
    "expired": frozenset({"expired"}),
}


def target_status(provider_status: ProviderStatus, cancel_at_period_end: bool) -> str:
    """Our status for a provider's status and cancellation flag."""
    if provider_status == "ended":
        return "expired"
    if cancel_at_period_end and provider_status in ("trialing", "active"):
        return "canceled"
    return provider_status


def can_move(current: str, target: str) -> bool:
    return target in ALLOWED[current]


@dataclass(frozen=True)
class Coverage:
    """Whether a subscription entitles now, and until when without further news."""

    entitled: bool
    until: datetime | None


def coverage(
    *,
    status: str,
    trial_end: datetime | None,
    current_period_end: datetime | None,
    past_due_since: datetime | None,
    now: datetime,
    grace: timedelta,
    renewal_leeway: timedelta,
) -> Coverage:
    """An active subscription keeps entitling for ``renewal_leeway`` past its period end,
    because the renewal payment's webhook may arrive a little after the boundary; a
    canceled one stops exactly at period end; a past-due one at the end of its grace."""
    until: datetime | None
    if status == "trialing":
        until = trial_end or current_period_end
    elif status == "active":
        until = current_period_end + renewal_leeway if current_period_end else None
    elif status == "canceled":
        until = current_period_end
    elif status == "past_due":
        until = past_due_since + grace if past_due_since else None
    else:
        return Coverage(False, None)
    if until is None:
        return Coverage(False, None)
    return Coverage(now < until, until if now < until else None)

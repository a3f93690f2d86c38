"""The subscription state machine, coverage in time, grace and lapsing without an event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from mathpath.billing import state
from mathpath.billing.catalog import PLANS, Interval, PlanCode, upgrade_from
from mathpath.billing.periods import add_interval
from mathpath.billing.subscriptions import entitlements_for, expire_lapsed
from mathpath.gateway.app import Gateway
from mathpath.kit import clock
from tests.fixtures.billing import (
    billing_of,
    checkout_directly,
    pay_on_sandbox_page,
    sandbox_of,
    subscription_row,
)

T0 = datetime(2026, 1, 31, 12, 0, tzinfo=UTC)
GRACE = timedelta(days=7)
LEEWAY = timedelta(hours=2)


def _cover(status: str, now: datetime, **kw: datetime | None) -> state.Coverage:
    return state.coverage(
        status=status,
        trial_end=kw.get("trial_end"),
        current_period_end=kw.get("period_end"),
        past_due_since=kw.get("past_due_since"),
        now=now,
        grace=GRACE,
        renewal_leeway=LEEWAY,
    )


def test_expired_is_terminal_and_incomplete_cannot_be_canceled() -> None:
    assert not any(state.can_move("expired", s) for s in ("active", "trialing", "canceled"))
    assert not state.can_move("incomplete", "canceled")
    assert state.can_move("canceled", "active")  # resumed before the period ended


def test_cancel_at_period_end_maps_to_canceled_and_ended_to_expired() -> None:
    assert state.target_status("active", True) == "canceled"
    assert state.target_status("trialing", True) == "canceled"
    assert state.target_status("past_due", True) == "past_due"
    assert state.target_status("ended", False) == "expired"


def test_canceled_covers_until_exactly_the_period_end() -> None:
    end = T0 + timedelta(days=30)
    assert _cover("canceled", end - timedelta(seconds=1), period_end=end).entitled
    assert not _cover("canceled", end, period_end=end).entitled


def test_active_allows_a_short_leeway_for_the_renewal_webhook() -> None:
    end = T0 + timedelta(days=30)
    assert _cover("active", end + LEEWAY / 2, period_end=end).entitled
    assert not _cover("active", end + LEEWAY, period_end=end).entitled


def test_past_due_keeps_access_for_the_grace_period_then_downgrades() -> None:
    since = T0
    inside = _cover("past_due", since + GRACE - timedelta(minutes=1), past_due_since=since)
    assert inside.entitled and inside.until == since + GRACE
    assert not _cover("past_due", since + GRACE, past_due_since=since).entitled


def test_prices_are_pence_and_annual_is_discounted() -> None:
    premium = PLANS[PlanCode.premium]
    monthly = premium.price_minor(Interval.month, family=False)
    assert isinstance(monthly, int) and monthly == 1199
    assert premium.price_minor(Interval.year, family=False) == 10 * monthly
    assert premium.price_minor(Interval.month, family=True) > monthly
    assert upgrade_from("free") == "basic" and upgrade_from("premium") is None


def test_monthly_periods_clamp_to_the_end_of_short_months() -> None:
    assert add_interval(T0, "month") == datetime(2026, 2, 28, 12, 0, tzinfo=UTC)
    assert add_interval(T0, "year") == datetime(2027, 1, 31, 12, 0, tzinfo=UTC)


async def test_canceled_subscription_lapses_at_period_end_without_any_event(
    gateway: Gateway, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout = await checkout_directly(gateway, plan="basic")
    provider_id = await pay_on_sandbox_page(client, checkout)
    await sandbox_of(gateway).set_cancel_at_period_end(provider_id, True)
    sub = await subscription_row(gateway, checkout.subscription_id)
    assert sub.status == "canceled" and sub.current_period_end is not None
    billing = billing_of(gateway)

    later = sub.current_period_end + timedelta(seconds=1)
    monkeypatch.setattr(clock, "utcnow", lambda: later)
    async with billing.db.transaction() as session:
        ent = await entitlements_for(session, billing, sub.payer_user_id)
        assert ent.plan == "free"  # the boundary alone ends the plan
        assert await expire_lapsed(session, billing) == 1
    assert (await subscription_row(gateway, checkout.subscription_id)).status == "expired"

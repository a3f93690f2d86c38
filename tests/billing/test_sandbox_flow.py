"""The sandbox provider end to end through the webhook path (no auth involved)."""

from __future__ import annotations

import httpx

from mathpath.billing.subscriptions import entitlements_for
from mathpath.gateway.app import Gateway
from mathpath.kit.events import Event
from tests.fixtures.billing import (
    billing_of,
    checkout_directly,
    ledger_rows,
    pay_on_sandbox_page,
    simulate,
    subscription_row,
)
from tests.fixtures.platform import drain_events


async def test_paying_on_sandbox_page_activates_subscription_and_records_payment(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    checkout = await checkout_directly(gateway, interval="month")
    assert checkout.amount_minor == 1199
    await pay_on_sandbox_page(client, checkout)

    sub = await subscription_row(gateway, checkout.subscription_id)
    assert sub.status == "active"
    assert sub.current_period_end is not None
    rows = await ledger_rows(gateway)
    assert [(kind, amount, cur) for _, kind, amount, cur in rows] == [("payment", 1199, "GBP")]
    async with billing_of(gateway).db.transaction() as session:
        ent = await entitlements_for(session, billing_of(gateway), sub.payer_user_id)
    assert ent.plan == "premium" and ent.llm_voice


async def test_subscription_changes_are_published_through_the_outbox(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    seen: list[Event] = []

    async def record(event: Event) -> None:
        seen.append(event)

    gateway.runtime.bus.subscribe("test.billing", ["subscription.changed"], record)
    checkout = await checkout_directly(gateway)
    provider_id = await pay_on_sandbox_page(client, checkout)
    await simulate(client, provider_id, "payment_failed")
    await drain_events(gateway)

    statuses = [e.payload["status"] for e in seen]
    assert statuses == ["active", "past_due"]
    assert seen[0].payload["subscription_id"] == checkout.subscription_id

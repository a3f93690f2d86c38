"""The Stripe adapter against a local fake of Stripe's HTTP API, through our webhook path."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pytest
import stripe

from mathpath.billing.subscriptions import entitlements_for
from mathpath.billing.sweep import sweep_once
from mathpath.gateway.app import Gateway
from mathpath.kit import clock
from tests.billing.fake_stripe import FakeStripe, sign
from tests.fixtures.billing import billing_of, ledger_rows, subscription_row
from tests.fixtures.identity import TestUser, create_user
from tests.fixtures.platform import drain_events

WEBHOOK = "/api/v1/billing/webhooks/stripe"


def poster(client: httpx.AsyncClient):  # type: ignore[no-untyped-def]
    async def deliver(payload: bytes, headers: dict[str, str]) -> int:
        response = await client.post(WEBHOOK, content=payload, headers=headers)
        return response.status_code

    return deliver


async def _buy(
    client: httpx.AsyncClient, fake: FakeStripe, user: TestUser, **body: object
) -> tuple[str, str]:
    response = await client.post(
        "/api/v1/billing/checkout",
        json={"plan": "premium", "provider": "stripe", **body},
        headers=user.headers | {"Idempotency-Key": "stripe-checkout-1"},
    )
    assert response.status_code == 201, response.text
    url = response.json()["redirect_url"]
    assert url.startswith("https://checkout.stripe.com/c/pay/cs_test_")
    provider_sub = fake.complete_checkout(url.rsplit("/", 1)[1])
    return response.json()["subscription_id"], provider_sub


async def test_stripe_checkout_activates_through_signed_webhooks(
    stripe_gateway: Gateway, stripe_client: httpx.AsyncClient, fake_stripe: FakeStripe
) -> None:
    user = await create_user(stripe_client, "student")
    sub_id, _ = await _buy(stripe_client, fake_stripe, user)
    statuses = await fake_stripe.deliver(poster(stripe_client))
    assert statuses == [200, 200, 200]

    sub = await subscription_row(stripe_gateway, sub_id)
    assert sub.status == "active" and sub.provider == "stripe"
    assert [(k, a, c) for _, k, a, c in await ledger_rows(stripe_gateway)] == [
        ("payment", 1199, "GBP")
    ]
    billing = billing_of(stripe_gateway)
    async with billing.db.transaction() as session:
        assert (await entitlements_for(session, billing, user.id)).plan == "premium"
    # The checkout session asked for subscription mode with our reference on the sub.
    session = next(iter(fake_stripe.sessions.values()))
    assert session["client_reference_id"] == sub_id
    assert session["_subscription_data"]["metadata"]["reference"] == sub_id


async def test_webhook_with_a_wrong_stripe_signature_is_refused(
    stripe_client: httpx.AsyncClient,
) -> None:
    payload = json.dumps({"id": "evt_1", "object": "event", "type": "invoice.paid"}).encode()
    forged = sign(payload, secret="whsec_someone_else")
    response = await stripe_client.post(
        WEBHOOK, content=payload, headers={"Stripe-Signature": forged}
    )
    assert response.status_code == 400
    assert response.json()["type"].endswith("/invalid-webhook")
    # And the header the fake produces is the one the official SDK accepts.
    good = sign(payload)
    event = stripe.Webhook.construct_event(payload.decode(), good, "whsec_fake_0123456789abcdef")
    assert event["id"] == "evt_1"


async def test_out_of_order_and_duplicate_stripe_events_end_in_the_right_state(
    stripe_gateway: Gateway, stripe_client: httpx.AsyncClient, fake_stripe: FakeStripe
) -> None:
    user = await create_user(stripe_client, "student")
    sub_id, provider_sub = await _buy(stripe_client, fake_stripe, user, plan="basic")
    created_events = list(fake_stripe.queue)
    fake_stripe.queue.clear()
    fake_stripe.fail_payment(provider_sub)
    # Stripe delivers the failure first, then the (older) creation events, twice.
    await fake_stripe.deliver(poster(stripe_client))
    fake_stripe.queue = created_events + created_events
    statuses = await fake_stripe.deliver(poster(stripe_client), order=[5, 4, 3, 2, 1, 0])
    assert statuses == [200] * 6

    sub = await subscription_row(stripe_gateway, sub_id)
    assert sub.status == "past_due" and sub.past_due_since is not None
    assert len(await ledger_rows(stripe_gateway)) == 1


async def test_cancel_at_period_end_then_stripe_deletes_it(
    stripe_gateway: Gateway, stripe_client: httpx.AsyncClient, fake_stripe: FakeStripe
) -> None:
    user = await create_user(stripe_client, "student")
    sub_id, provider_sub = await _buy(stripe_client, fake_stripe, user)
    await fake_stripe.deliver(poster(stripe_client))

    canceled = await stripe_client.post(
        f"/api/v1/billing/subscriptions/{sub_id}/cancel", headers=user.headers
    )
    assert canceled.status_code == 200 and canceled.json()["status"] == "canceled"
    assert fake_stripe.subscriptions[provider_sub]["cancel_at_period_end"] is True
    portal = await stripe_client.get(
        f"/api/v1/billing/subscriptions/{sub_id}/portal", headers=user.headers
    )
    assert portal.json()["url"].startswith("https://billing.stripe.com/p/session/")

    fake_stripe.end_period(provider_sub)
    await fake_stripe.deliver(poster(stripe_client))
    await drain_events(stripe_gateway)
    assert (await subscription_row(stripe_gateway, sub_id)).status == "expired"
    me = await stripe_client.get("/api/v1/billing/entitlements/me", headers=user.headers)
    assert me.json()["plan"] == "free"


async def test_reconcile_recovers_a_payment_whose_webhook_was_lost_and_records_refunds(
    stripe_gateway: Gateway, stripe_client: httpx.AsyncClient, fake_stripe: FakeStripe
) -> None:
    user = await create_user(stripe_client, "student")
    admin = await create_user(stripe_client, "admin")
    sub_id, provider_sub = await _buy(stripe_client, fake_stripe, user)
    await fake_stripe.deliver(poster(stripe_client))
    fake_stripe.end_period(provider_sub)
    fake_stripe.queue.clear()  # the renewal's webhooks never arrive
    first_invoice = min(fake_stripe.invoices.values(), key=lambda i: i["created"])
    fake_stripe.refund(first_invoice["id"])
    await fake_stripe.deliver(poster(stripe_client))  # only the refund arrives

    report = await stripe_client.post(
        f"/api/v1/billing/subscriptions/{sub_id}/reconcile", headers=admin.headers
    )
    assert report.status_code == 200, report.text
    body = report.json()
    assert body["entries_added"] == 1
    assert body["balanced"] and body["ledger_total_minor"] == 1199  # two payments, one refund
    kinds = sorted(e["kind"] for e in body["ledger"])
    assert kinds == ["payment", "payment", "refund"]


async def test_sweep_asks_stripe_about_a_renewal_whose_webhooks_were_lost(
    stripe_gateway: Gateway,
    stripe_client: httpx.AsyncClient,
    fake_stripe: FakeStripe,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    user = await create_user(stripe_client, "student")
    sub_id, provider_sub = await _buy(stripe_client, fake_stripe, user)
    await fake_stripe.deliver(poster(stripe_client))
    first_end = (await subscription_row(stripe_gateway, sub_id)).current_period_end
    assert first_end is not None
    fake_stripe.end_period(provider_sub)
    fake_stripe.queue.clear()  # the renewal's webhooks never arrive

    later = first_end + timedelta(hours=3)  # past the 2-hour renewal leeway
    monkeypatch.setattr(clock, "utcnow", lambda: later)
    billing = billing_of(stripe_gateway)
    async with billing.db.transaction() as session:
        # Past the renewal leeway with no news, the plan would lapse...
        assert (await entitlements_for(session, billing, user.id)).plan == "free"
    await sweep_once(billing)
    # ...until the sweep asks Stripe, which renewed it and took the payment.
    sub = await subscription_row(stripe_gateway, sub_id)
    assert sub.current_period_end is not None and sub.current_period_end > later
    assert [k for _, k, _, _ in await ledger_rows(stripe_gateway)] == ["payment", "payment"]
    async with billing.db.transaction() as session:
        assert (await entitlements_for(session, billing, user.id)).plan == "premium"

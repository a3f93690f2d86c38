"""The PayPal adapter against a local fake of PayPal's REST API, through our webhook path."""

from __future__ import annotations

import json

import httpx

from mathpath.gateway.app import Gateway
from tests.billing.fake_paypal import FakePayPal
from tests.fixtures.billing import ledger_rows, subscription_row
from tests.fixtures.identity import TestUser, create_user

WEBHOOK = "/api/v1/billing/webhooks/paypal"


def poster(client: httpx.AsyncClient):  # type: ignore[no-untyped-def]
    async def deliver(payload: bytes, headers: dict[str, str]) -> int:
        response = await client.post(WEBHOOK, content=payload, headers=headers)
        return response.status_code

    return deliver


async def _subscribe(
    client: httpx.AsyncClient, fake: FakePayPal, user: TestUser, **body: object
) -> tuple[str, str]:
    response = await client.post(
        "/api/v1/billing/checkout",
        json={"plan": "premium", "provider": "paypal", **body},
        headers=user.headers | {"Idempotency-Key": "paypal-checkout-1"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["redirect_url"].startswith(
        "https://www.sandbox.paypal.com/webapps/billing/subscriptions?ba_token=BA-"
    )
    (provider_id,) = fake.subscriptions
    fake.approve(provider_id)
    return response.json()["subscription_id"], provider_id


async def test_paypal_approval_activates_and_records_the_sale(
    paypal_gateway: Gateway, paypal_client: httpx.AsyncClient, fake_paypal: FakePayPal
) -> None:
    user = await create_user(paypal_client, "student")
    sub_id, provider_id = await _subscribe(paypal_client, fake_paypal, user)
    assert fake_paypal.subscriptions[provider_id]["custom_id"] == sub_id
    statuses = await fake_paypal.deliver(poster(paypal_client))
    assert statuses == [200, 200, 200]
    assert fake_paypal.verifications == 3

    sub = await subscription_row(paypal_gateway, sub_id)
    assert sub.status == "active" and sub.current_period_end is not None
    assert [(k, a, c) for _, k, a, c in await ledger_rows(paypal_gateway)] == [
        ("payment", 1199, "GBP")
    ]
    me = await paypal_client.get("/api/v1/billing/entitlements/me", headers=user.headers)
    assert me.json()["plan"] == "premium"


async def test_a_tampered_paypal_webhook_fails_verification(
    paypal_gateway: Gateway, paypal_client: httpx.AsyncClient, fake_paypal: FakePayPal
) -> None:
    user = await create_user(paypal_client, "student")
    await _subscribe(paypal_client, fake_paypal, user)
    event = fake_paypal.queue[-1]
    raw = json.dumps(event).encode()
    headers = fake_paypal.headers_for(raw)
    event["resource"]["amount"]["total"] = "0.01"
    tampered = json.dumps(event).encode()
    response = await paypal_client.post(WEBHOOK, content=tampered, headers=headers)
    assert response.status_code == 400
    assert response.json()["type"].endswith("/invalid-webhook")
    missing = await paypal_client.post(WEBHOOK, content=raw)
    assert missing.status_code == 400
    assert await ledger_rows(paypal_gateway) == []


async def test_paypal_events_out_of_order_and_twice_converge(
    paypal_gateway: Gateway, paypal_client: httpx.AsyncClient, fake_paypal: FakePayPal
) -> None:
    user = await create_user(paypal_client, "student")
    sub_id, provider_id = await _subscribe(paypal_client, fake_paypal, user, plan="basic")
    fake_paypal.fail_payment(provider_id)
    events = list(fake_paypal.queue)
    fake_paypal.queue = events + events
    n = len(fake_paypal.queue)
    assert await fake_paypal.deliver(poster(paypal_client), order=list(range(n))[::-1]) == [200] * n
    sub = await subscription_row(paypal_gateway, sub_id)
    assert sub.status == "past_due"
    assert [(k, a) for _, k, a, _ in await ledger_rows(paypal_gateway)] == [("payment", 599)]


async def test_paypal_cancel_keeps_the_paid_period_and_cannot_resume(
    paypal_gateway: Gateway, paypal_client: httpx.AsyncClient, fake_paypal: FakePayPal
) -> None:
    user = await create_user(paypal_client, "student")
    sub_id, provider_id = await _subscribe(paypal_client, fake_paypal, user)
    await fake_paypal.deliver(poster(paypal_client))
    base = f"/api/v1/billing/subscriptions/{sub_id}"
    canceled = await paypal_client.post(f"{base}/cancel", headers=user.headers)
    assert canceled.status_code == 200, canceled.text
    assert canceled.json()["status"] == "canceled" and canceled.json()["entitled"]
    assert fake_paypal.subscriptions[provider_id]["status"] == "CANCELLED"
    resumed = await paypal_client.post(f"{base}/resume", headers=user.headers)
    assert resumed.status_code == 409
    assert resumed.json()["type"].endswith("/paypal-cannot-resume")


async def test_paypal_trial_then_refund_and_reconcile(
    paypal_gateway: Gateway, paypal_client: httpx.AsyncClient, fake_paypal: FakePayPal
) -> None:
    user = await create_user(paypal_client, "student")
    admin = await create_user(paypal_client, "admin")
    sub_id, provider_id = await _subscribe(paypal_client, fake_paypal, user, trial=True)
    await fake_paypal.deliver(poster(paypal_client))
    assert (await subscription_row(paypal_gateway, sub_id)).status == "trialing"

    fake_paypal.renew(provider_id)  # the trial ends and the first payment is taken
    fake_paypal.queue.clear()  # ...but its webhooks are lost
    sale_id = fake_paypal.transactions[provider_id][0]["id"]
    fake_paypal.refund(provider_id, sale_id)
    await fake_paypal.deliver(poster(paypal_client))

    report = await paypal_client.post(
        f"/api/v1/billing/subscriptions/{sub_id}/reconcile", headers=admin.headers
    )
    assert report.status_code == 200, report.text
    body = report.json()
    assert body["status"] == "active" and body["entries_added"] == 1
    assert sorted((e["kind"], e["amount_minor"]) for e in body["ledger"]) == [
        ("payment", 1199),
        ("refund", -1199),
    ]

"""End to end in embedded mode, through the tutor's own API: a Free student hits the tutor
limit, a parent buys Premium for the child on the sandbox's hosted page, the limit lifts,
the subscription is canceled, and at period end the limit returns."""

from __future__ import annotations

import httpx

from mathpath.gateway.app import Gateway
from tests.fixtures.billing import simulate, subscription_row
from tests.fixtures.identity import TestUser, create_user, link_parent
from tests.fixtures.platform import drain_events

ITEM_ID = "ks3-alg-011"  # a static item of the shipped content pack


async def _turn(client: httpx.AsyncClient, student: TestUser, session_id: str) -> httpx.Response:
    return await client.post(
        f"/api/v1/tutor/sessions/{session_id}/messages",
        json={"text": "I don't know where to start"},
        headers=student.headers,
    )


async def test_free_limit_lifts_with_premium_and_returns_after_cancellation(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    parent = await create_user(client, "parent")
    child = await create_user(client, "student")
    await link_parent(client, parent, child)
    started = await client.post(
        "/api/v1/tutor/sessions", json={"item_id": ITEM_ID}, headers=child.headers
    )
    assert started.status_code == 201, started.text
    session_id = started.json()["id"]

    # A Free student uses the day's turns and hits the limit.
    free = await client.get("/api/v1/billing/entitlements/me", headers=child.headers)
    for _ in range(free.json()["tutor_turns_per_day"]):
        assert (await _turn(client, child, session_id)).status_code == 200
    limited = await _turn(client, child, session_id)
    assert limited.status_code == 402
    assert limited.headers["content-type"].startswith("application/problem+json")
    problem = limited.json()
    assert problem["type"].endswith("/plan-limit")
    assert problem["upgrade"]["checkout_url"] == "/api/v1/billing/checkout"

    # The parent buys Premium for the child on the sandbox's hosted checkout page.
    bought = await client.post(
        "/api/v1/billing/checkout",
        json={"plan": "premium", "interval": "month", "for_user_ids": [child.id]},
        headers=parent.headers | {"Idempotency-Key": "e2e-checkout-0001"},
    )
    assert bought.status_code == 201, bought.text
    page_path = httpx.URL(bought.json()["redirect_url"]).path
    page = await client.get(page_path)
    assert page.status_code == 200 and "Premium" in page.text
    # Paying needs the payer's own token (a stranger who knows the page's address cannot).
    assert (await client.post(page_path + "/complete")).status_code == 401
    paid = await client.post(page_path + "/complete", headers=parent.headers)
    assert paid.status_code == 200, paid.text
    await drain_events(gateway)

    # The limit lifts (the tutor's cached Free entitlements were dropped by the event).
    assert (await _turn(client, child, session_id)).status_code == 200

    # The parent cancels: Premium stays until the period ends...
    sub_id = bought.json()["subscription_id"]
    canceled = await client.post(
        f"/api/v1/billing/subscriptions/{sub_id}/cancel", headers=parent.headers
    )
    assert canceled.status_code == 200 and canceled.json()["status"] == "canceled"
    await drain_events(gateway)
    assert (await _turn(client, child, session_id)).status_code == 200

    # ...and at period end the provider ends it: the Free limit is back.
    provider_id = (await subscription_row(gateway, sub_id)).provider_subscription_id
    assert provider_id is not None
    await simulate(client, provider_id, "period_end", headers=parent.headers)
    await drain_events(gateway)
    assert (await _turn(client, child, session_id)).status_code == 402
    ended = await client.get("/api/v1/billing/subscription", headers=parent.headers)
    assert ended.json()["subscriptions"][0]["status"] == "expired"

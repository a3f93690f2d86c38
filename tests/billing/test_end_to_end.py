"""End to end in embedded mode: the tutor limit, a parent's Premium purchase, cancellation.

The tutor's routes have not landed yet, so the tutor's side is played here exactly as the
tutor enforces it: read the student's entitlements through ``BillingClient`` (a service
token, cached, invalidated on ``subscription.changed``) and check the day's turn count with
``require_within``.
"""

from __future__ import annotations

import httpx
import pytest

from mathpath.access import identity_client
from mathpath.contracts.billing_client import BillingClient, PlanLimitReached, require_within
from mathpath.gateway.app import Gateway
from tests.fixtures.billing import simulate, subscription_row
from tests.fixtures.identity import create_user, link_parent
from tests.fixtures.platform import drain_events


class TutorSide:
    """What a tutor turn does before answering: count today's turns against the plan."""

    def __init__(self, gateway: Gateway, token: str) -> None:
        runtime = gateway.runtime
        self.billing = BillingClient(runtime.directory.client("billing"), runtime.cache)
        self.headers = {"Authorization": f"Bearer {token}"}
        self.turns: dict[str, int] = {}

    async def turn(self, student_id: str) -> None:
        ent = await self.billing.entitlements(student_id, headers=self.headers)
        require_within(ent, "tutor_turns_per_day", self.turns.get(student_id, 0))
        self.turns[student_id] = self.turns.get(student_id, 0) + 1


async def test_free_limit_lifts_with_premium_and_returns_after_cancellation(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    token = await identity_client(gateway.runtime).service_token(
        "tutor", gateway.settings.secret_key.get_secret_value()
    )
    tutor = TutorSide(gateway, token)
    parent = await create_user(client, "parent")
    child = await create_user(client, "student")
    await link_parent(client, parent, child)

    # A Free student uses the day's turns and hits the limit.
    for _ in range(5):
        await tutor.turn(child.id)
    with pytest.raises(PlanLimitReached) as hit:
        await tutor.turn(child.id)
    assert hit.value.status == 402
    assert hit.value.extra["upgrade"]["plan"] == "basic"
    assert hit.value.extra["upgrade"]["checkout_url"] == "/api/v1/billing/checkout"

    # The parent buys Premium for the child on the sandbox's hosted page.
    bought = await client.post(
        "/api/v1/billing/checkout",
        json={"plan": "premium", "interval": "month", "for_user_ids": [child.id]},
        headers=parent.headers | {"Idempotency-Key": "e2e-checkout-0001"},
    )
    assert bought.status_code == 201, bought.text
    page_path = httpx.URL(bought.json()["redirect_url"]).path
    page = await client.get(page_path)
    assert page.status_code == 200 and "Premium" in page.text
    paid = await client.post(page_path + "/pay")
    assert paid.status_code == 200
    await drain_events(gateway)

    # The limit lifts: the cached Free entitlements were dropped by subscription.changed.
    await tutor.turn(child.id)
    assert tutor.turns[child.id] == 6

    # The parent cancels: Premium stays until the period ends...
    sub_id = bought.json()["subscription_id"]
    canceled = await client.post(
        f"/api/v1/billing/subscriptions/{sub_id}/cancel", headers=parent.headers
    )
    assert canceled.status_code == 200 and canceled.json()["status"] == "canceled"
    await drain_events(gateway)
    await tutor.turn(child.id)

    # ...and at period end the provider ends it; the Free limit is back.
    subs = await client.get("/api/v1/billing/subscription", headers=parent.headers)
    (sub,) = subs.json()["subscriptions"]
    provider_id = await _provider_id(gateway, sub_id)
    await simulate(client, provider_id, "period_end")
    await drain_events(gateway)
    with pytest.raises(PlanLimitReached):
        await tutor.turn(child.id)
    ended = await client.get("/api/v1/billing/subscription", headers=parent.headers)
    assert ended.json()["subscriptions"][0]["status"] == "expired"
    assert sub["member_user_ids"] == [child.id]


async def _provider_id(gateway: Gateway, subscription_id: str) -> str:
    sub = await subscription_row(gateway, subscription_id)
    assert sub.provider_subscription_id is not None
    return sub.provider_subscription_id

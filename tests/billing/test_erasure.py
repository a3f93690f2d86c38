"""``user.erased``: billing forgets who was covered, pseudonymises the payer, keeps the
ledger, stops future billing and confirms."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from mathpath.billing.models import SubscriptionMember
from mathpath.billing.schemas import CheckoutOut
from mathpath.billing.sweep import sweep_once
from mathpath.gateway.app import Gateway
from mathpath.kit.events import Event
from tests.fixtures.billing import billing_of, ledger_rows, pay_on_sandbox_page, subscription_row
from tests.fixtures.identity import create_user, erase_account, link_parent
from tests.fixtures.platform import drain_events


async def test_erasing_the_payer_pseudonymises_and_cancels_at_period_end(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    confirmations: list[Event] = []

    async def collect(event: Event) -> None:
        confirmations.append(event)

    gateway.runtime.bus.subscribe("test.confirmed", ["user.erasure_confirmed"], collect)
    parent = await create_user(client, "parent")
    child = await create_user(client, "student")
    await link_parent(client, parent, child)
    bought = await client.post(
        "/api/v1/billing/checkout",
        json={"plan": "premium", "for_user_ids": [child.id]},
        headers=parent.headers | {"Idempotency-Key": "erasure-checkout-1"},
    )
    checkout = CheckoutOut.model_validate(bought.json())
    await pay_on_sandbox_page(client, checkout)
    ledger = await ledger_rows(gateway)

    assert (await erase_account(client, parent)).status_code == 202
    await drain_events(gateway)
    assert {e.payload["service"] for e in confirmations} >= {"billing"}

    sub = await subscription_row(gateway, checkout.subscription_id)
    assert sub.payer_user_id.startswith("erased-") and parent.id not in sub.payer_user_id
    assert await ledger_rows(gateway) == ledger  # accounting records stay

    await sweep_once(billing_of(gateway))
    sub = await subscription_row(gateway, checkout.subscription_id)
    assert sub.status == "canceled" and sub.cancel_at_period_end  # the child keeps what was paid


async def test_erasing_a_covered_child_removes_the_membership(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    student = await create_user(client, "student")
    bought = await client.post(
        "/api/v1/billing/checkout",
        json={"plan": "basic"},
        headers=student.headers | {"Idempotency-Key": "erasure-checkout-2"},
    )
    await pay_on_sandbox_page(client, CheckoutOut.model_validate(bought.json()))
    assert (await erase_account(client, student)).status_code == 202
    await drain_events(gateway)
    async with billing_of(gateway).db.transaction() as session:
        left = await session.scalars(
            select(SubscriptionMember).where(SubscriptionMember.user_id == student.id)
        )
        assert list(left) == []

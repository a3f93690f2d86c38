"""Billing's part of a data export: subscriptions, payments, checkouts and entitlements."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
from sqlalchemy import select

from mathpath.billing.export import billing_part, export_handler
from mathpath.billing.schemas import CheckoutOut
from mathpath.contracts.identity_events import USER_EXPORT_CONTRIBUTED, USER_EXPORT_REQUESTED
from mathpath.gateway.app import Gateway
from mathpath.kit.events import Event
from mathpath.kit.outbox import handle_once
from mathpath.kit.service import ServiceContext
from tests.fixtures.billing import billing_of, pay_on_sandbox_page, simulate
from tests.fixtures.identity import create_user, link_parent


def _ctx(gateway: Gateway) -> ServiceContext:
    ctx: ServiceContext = gateway.local_apps["billing"].state.ctx
    return ctx


async def _part(gateway: Gateway, user_id: str) -> dict[str, Any]:
    ctx = _ctx(gateway)
    async with ctx.db.transaction() as session:
        return await billing_part(session, billing_of(gateway), user_id)


async def _family_subscription(client: httpx.AsyncClient) -> tuple[Any, Any, CheckoutOut, str]:
    parent = await create_user(client, "parent")
    child = await create_user(client, "student")
    await link_parent(client, parent, child)
    bought = await client.post(
        "/api/v1/billing/checkout",
        json={"plan": "basic", "for_user_ids": [child.id]},
        headers=parent.headers | {"Idempotency-Key": f"export-{uuid.uuid4()}"},
    )
    assert bought.status_code in (200, 201), bought.text
    checkout = CheckoutOut.model_validate(bought.json())
    provider_id = await pay_on_sandbox_page(client, checkout)
    await simulate(client, provider_id, "period_end")  # a renewal: a second payment
    return parent, child, checkout, provider_id


async def test_the_payers_part_lists_the_subscription_payments_and_checkout(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    parent, child, checkout, provider_id = await _family_subscription(client)
    data = await _part(gateway, parent.id)
    [sub] = data["subscriptions"]
    assert (sub["id"], sub["role"], sub["plan"]) == (checkout.subscription_id, "payer", "basic")
    assert sub["provider_subscription_id"] == provider_id and sub["covers"] == [child.id]
    assert [(p["kind"], p["amount_minor"], p["currency"]) for p in data["payments"]] == [
        ("payment", 599, "GBP"),
        ("payment", 599, "GBP"),
    ]
    assert [c["subscription_id"] for c in data["checkouts"]] == [checkout.subscription_id]
    assert data["entitlements"]["subscription_id"] == checkout.subscription_id
    text = json.dumps(data)
    assert "card" not in text and "redirect_url" not in text


async def test_a_covered_child_sees_the_plan_but_not_the_payers_payments(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    _, child, checkout, _ = await _family_subscription(client)
    data = await _part(gateway, child.id)
    [sub] = data["subscriptions"]
    assert (sub["id"], sub["role"]) == (checkout.subscription_id, "covered")
    assert sub["provider_customer_id"] is None
    assert data["payments"] == [] and data["checkouts"] == []
    assert data["entitlements"]["plan"] == "basic"
    assert data["entitlements"]["subscription_id"] == checkout.subscription_id


async def test_the_export_request_is_answered_once_per_delivery(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    user = await create_user(client)
    ctx = _ctx(gateway)
    request_id = str(uuid.uuid4())
    event = Event(
        type=USER_EXPORT_REQUESTED,
        source="identity",
        payload={"request_id": request_id, "user_id": user.id, "expected_services": ["billing"]},
    )
    handler = export_handler(ctx)
    assert await handle_once(ctx.db, ctx.outbox, "export", event, handler)
    assert not await handle_once(ctx.db, ctx.outbox, "export", event, handler)
    outbox = ctx.outbox.outbox
    async with ctx.db.transaction() as session:
        rows = (
            await session.execute(
                select(outbox.c.payload).where(outbox.c.event_type == USER_EXPORT_CONTRIBUTED)
            )
        ).all()
    [answer] = [r.payload for r in rows if r.payload["request_id"] == request_id]
    assert answer["service"] == "billing" and answer["user_id"] == user.id
    assert answer["data"]["subscriptions"] == [] and answer["data"]["trial"] is None
    assert answer["data"]["entitlements"]["plan"] == "free"

"""Billing's part of a data export: subscriptions, payments, checkouts and entitlements."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest

from mathpath.access import export as access_export
from mathpath.billing import export
from mathpath.billing.export import billing_part
from mathpath.billing.schemas import CheckoutOut
from mathpath.contracts.identity_events import USER_EXPORT_REQUESTED
from mathpath.gateway.app import Gateway
from mathpath.kit.events import Event
from mathpath.kit.outbox import handle_once
from mathpath.kit.service import ServiceContext
from tests.fixtures.billing import billing_of, pay_on_sandbox_page, simulate
from tests.fixtures.identity import create_user, link_parent
from tests.fixtures.platform import drain_events


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


async def test_the_payers_export_through_identity_holds_billings_part(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    parent, _, checkout, _ = await _family_subscription(client)
    started = await client.post("/api/v1/me/export", headers=parent.headers)
    assert started.status_code == 202, started.text
    await drain_events(gateway)
    download = await client.get(f"/api/v1/me/export/{started.json()['id']}", headers=parent.headers)
    assert "billing" in download.json()["answered"], download.json()
    part = download.json()["archive"]["billing"]
    assert [s["id"] for s in part["subscriptions"]] == [checkout.subscription_id]
    assert len(part["payments"]) == 2


async def test_the_export_request_is_answered_once_per_delivery(
    gateway: Gateway, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = await create_user(client)
    ctx = _ctx(gateway)
    delivered: list[tuple[str, dict[str, Any]]] = []

    async def deliver(_ctx: ServiceContext, request_id: str, data: dict[str, Any]) -> None:
        delivered.append((request_id, data))

    monkeypatch.setattr(access_export, "deliver", deliver)
    event = Event(
        type=USER_EXPORT_REQUESTED,
        source="identity",
        payload={"request_id": "r-1", "user_id": user.id, "expected_services": ["billing"]},
    )
    handler = export.export_handler(ctx)
    assert await handle_once(ctx.db, ctx.outbox, "export", event, handler)
    assert not await handle_once(ctx.db, ctx.outbox, "export", event, handler)
    [(request_id, data)] = delivered
    assert request_id == "r-1" and data["user_id"] == user.id
    assert data["subscriptions"] == [] and data["trial"] is None
    assert data["entitlements"]["plan"] == "free"

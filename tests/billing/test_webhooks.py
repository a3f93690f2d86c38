"""Webhooks: verified, stored once, processed from the store, converging under disorder."""

from __future__ import annotations

import json
import random
from typing import Any

import httpx
import pytest
from sqlalchemy import delete, func, select, update

from mathpath.billing import webhooks
from mathpath.billing.models import LedgerEntry, Subscription, TrialUse, WebhookEvent
from mathpath.billing.providers import signing
from mathpath.billing.webhooks import process_pending
from mathpath.gateway.app import Gateway
from tests.fixtures.billing import (
    billing_of,
    checkout_directly,
    ledger_rows,
    pay_on_sandbox_page,
    sandbox_of,
    simulate,
    subscription_row,
)

WEBHOOK = "/api/v1/billing/webhooks/sandbox"


async def _count(gateway: Gateway, model: Any) -> int:
    async with billing_of(gateway).db.transaction() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_bad_signature_is_refused_and_nothing_is_stored(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    body = json.dumps({"id": "evt_x", "type": "invoice.paid", "data": {"object": {}}}).encode()
    forged = signing.sign(body, "not-the-secret")
    response = await client.post(WEBHOOK, content=body, headers={"Sandbox-Signature": forged})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"].endswith("/invalid-webhook")
    assert await _count(gateway, WebhookEvent) == 0


async def test_duplicate_delivery_is_a_no_op(gateway: Gateway, client: httpx.AsyncClient) -> None:
    checkout = await checkout_directly(gateway)
    await pay_on_sandbox_page(client, checkout)
    events = await sandbox_of(gateway).sent_events()
    stored, ledger = await _count(gateway, WebhookEvent), await ledger_rows(gateway)

    invoice = next(b for b in events if json.loads(b)["type"] == "invoice.paid")
    raw = invoice.encode()
    again = await client.post(
        WEBHOOK,
        content=raw,
        headers={"Sandbox-Signature": signing.sign(raw, "sandbox-webhook-secret")},
    )
    assert again.status_code == 200 and again.json() == {"received": True, "duplicate": True}
    assert await _count(gateway, WebhookEvent) == stored
    assert await ledger_rows(gateway) == ledger


async def test_failed_processing_is_kept_and_retried(
    gateway: Gateway, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = webhooks.apply_snapshot
    calls = {"n": 0}

    async def flaky(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("database hiccup")
        return await real(*args, **kwargs)

    monkeypatch.setattr(webhooks, "apply_snapshot", flaky)
    checkout = await checkout_directly(gateway)
    await pay_on_sandbox_page(client, checkout)

    async with billing_of(gateway).db.transaction() as session:
        failed = list(
            await session.scalars(select(WebhookEvent).where(WebhookEvent.processed_at.is_(None)))
        )
    assert [(e.event_type, e.attempts, e.last_error) for e in failed] == [
        ("customer.subscription.created", 1, "RuntimeError")
    ]
    assert (await subscription_row(gateway, checkout.subscription_id)).status == "incomplete"

    assert await process_pending(billing_of(gateway)) == 1
    assert (await subscription_row(gateway, checkout.subscription_id)).status == "active"


async def _final_state(gateway: Gateway, subscription_id: str) -> tuple[Any, ...]:
    sub = await subscription_row(gateway, subscription_id)
    async with billing_of(gateway).db.transaction() as session:
        trials = sorted(await session.scalars(select(TrialUse.user_id)))
    return (
        sub.status,
        sub.plan,
        sub.interval,
        sub.cancel_at_period_end,
        sub.trial_end,
        sub.current_period_start,
        sub.current_period_end,
        sub.past_due_since is None,
        tuple(trials),
        tuple(await ledger_rows(gateway)),
    )


async def _forget_our_side(gateway: Gateway, subscription_id: str) -> None:
    """Back to the moment the checkout started: nothing received from the provider yet."""
    async with billing_of(gateway).db.transaction() as session:
        await session.execute(delete(WebhookEvent))
        await session.execute(delete(LedgerEntry))
        await session.execute(delete(TrialUse))
        await session.execute(
            update(Subscription)
            .where(Subscription.id == subscription_id)
            .values(
                status="incomplete",
                provider_subscription_id=None,
                provider_customer_id=None,
                cancel_at_period_end=False,
                trial_end=None,
                current_period_start=None,
                current_period_end=None,
                past_due_since=None,
                source_as_of=None,
                source_revision=0,
            )
        )


async def test_replaying_every_webhook_twice_shuffled_gives_the_same_state_and_ledger(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    checkout = await checkout_directly(gateway, trial=True, interval="year")
    provider_id = await pay_on_sandbox_page(client, checkout)
    for action in (
        "period_end",  # trial ends, first payment
        "period_end",  # renewal
        "payment_failed",
        "payment_recovered",
        "refund_last",
        "period_end",  # renewal
    ):
        await simulate(client, provider_id, action)
    await sandbox_of(gateway).set_cancel_at_period_end(provider_id, True)
    await simulate(client, provider_id, "period_end")

    expected = await _final_state(gateway, checkout.subscription_id)
    assert expected[0] == "expired"
    kinds = [row[1] for row in expected[-1]]
    assert kinds.count("payment") == 4 and kinds.count("refund") == 1
    bodies = await sandbox_of(gateway).sent_events()
    assert len(bodies) >= 12

    for seed in (1, 2, 3):
        await _forget_our_side(gateway, checkout.subscription_id)
        replay = bodies * 2
        random.Random(seed).shuffle(replay)
        for body in replay:
            await sandbox_of(gateway).send(body)
        await process_pending(billing_of(gateway))
        assert await _final_state(gateway, checkout.subscription_id) == expected, seed


async def test_webhook_for_a_provider_not_enabled_is_not_found(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/billing/webhooks/paypal", content=b"{}")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")

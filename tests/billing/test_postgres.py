"""Billing on PostgreSQL: migrations, the sandbox flow and concurrent duplicate webhooks."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Mapping
from pathlib import Path

import httpx
import pytest

from mathpath.billing.providers import signing
from mathpath.billing.webhooks import process_pending
from mathpath.gateway.app import Gateway
from mathpath.kit.migrate import upgrade
from tests.fixtures.billing import (
    billing_of,
    checkout_directly,
    ledger_rows,
    pay_on_sandbox_page,
    sandbox_of,
    simulate,
    subscription_row,
)
from tests.fixtures.platform import make_settings

pytestmark = [pytest.mark.postgres, pytest.mark.integration]


@pytest.fixture
async def pg_gateway(data_dir: Path, pg_database: str) -> AsyncIterator[Gateway]:
    await asyncio.to_thread(upgrade, "billing", pg_database)
    gw = Gateway(make_settings(data_dir, billing_database_url=pg_database))
    async with gw.app.router.lifespan_context(gw.app):
        yield gw


@pytest.fixture
async def pg_client(pg_gateway: Gateway) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=pg_gateway, client=("203.0.113.10", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


async def test_concurrent_duplicate_deliveries_record_one_payment_on_postgres(
    pg_gateway: Gateway, pg_client: httpx.AsyncClient
) -> None:
    assert billing_of(pg_gateway).db.url.startswith("postgresql")
    checkout = await checkout_directly(pg_gateway, plan="basic")
    provider_id = await pay_on_sandbox_page(pg_client, checkout)
    sandbox = sandbox_of(pg_gateway)
    real_deliver = sandbox.deliver
    held: list[bytes] = []

    async def hold(body: bytes, _headers: Mapping[str, str]) -> None:
        held.append(body)

    sandbox.deliver = hold  # the renewal's events are sent but not yet received
    await simulate(pg_client, provider_id, "period_end")
    sandbox.deliver = real_deliver
    raw = next(b for b in held if json.loads(b)["type"] == "invoice.paid")

    async def deliver() -> dict[str, bool]:
        headers = {"Sandbox-Signature": signing.sign(raw, "sandbox-webhook-secret")}
        response = await pg_client.post(
            "/api/v1/billing/webhooks/sandbox", content=raw, headers=headers
        )
        assert response.status_code == 200
        ack: dict[str, bool] = response.json()
        return ack

    acks = await asyncio.gather(*(deliver() for _ in range(6)))
    assert sorted(a["duplicate"] for a in acks) == [False] + [True] * 5
    await process_pending(billing_of(pg_gateway))
    ledger = await ledger_rows(pg_gateway)
    assert [(kind, amount) for _, kind, amount, _ in ledger] == [("payment", 599)] * 2
    assert (await subscription_row(pg_gateway, checkout.subscription_id)).status == "active"

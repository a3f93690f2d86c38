"""Billing fixtures: the platform with Stripe enabled against the local fake."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from mathpath.billing.app import SETTINGS_KEY
from mathpath.billing.config import BillingSettings
from mathpath.gateway.app import Gateway
from mathpath.kit.runtime import Runtime
from mathpath.kit.settings import Settings
from tests.billing.fake_stripe import SECRET_KEY, WEBHOOK_SECRET, FakeStripe


@pytest.fixture
async def fake_stripe() -> AsyncIterator[FakeStripe]:
    fake = FakeStripe()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def stripe_gateway(settings: Settings, fake_stripe: FakeStripe) -> AsyncIterator[Gateway]:
    runtime = Runtime(settings)
    runtime.extras[SETTINGS_KEY] = BillingSettings(
        providers=["stripe", "sandbox"],
        stripe_api_base=fake_stripe.url,
        stripe_secret_key=SECRET_KEY,  # type: ignore[arg-type]
        stripe_webhook_secret=WEBHOOK_SECRET,  # type: ignore[arg-type]
        stripe_prices={
            "basic:month": "price_basic_month",
            "basic:year": "price_basic_year",
            "premium:month": "price_premium_month",
            "premium:year": "price_premium_year",
        },
    )
    gw = Gateway(settings, runtime)
    async with gw.app.router.lifespan_context(gw.app):
        yield gw


@pytest.fixture
async def stripe_client(stripe_gateway: Gateway) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=stripe_gateway, client=("203.0.113.8", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c

"""Billing fixtures: the platform with Stripe or PayPal enabled against local fakes."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from mathpath.billing.app import SETTINGS_KEY
from mathpath.billing.config import BillingSettings
from mathpath.gateway.app import Gateway
from mathpath.kit.runtime import Runtime
from mathpath.kit.settings import Settings
from tests.billing.fake_paypal import CLIENT_ID as PAYPAL_CLIENT_ID
from tests.billing.fake_paypal import CLIENT_SECRET as PAYPAL_CLIENT_SECRET
from tests.billing.fake_paypal import WEBHOOK_ID as PAYPAL_WEBHOOK_ID
from tests.billing.fake_paypal import FakePayPal
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


@pytest.fixture
async def fake_paypal() -> AsyncIterator[FakePayPal]:
    fake = FakePayPal()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def paypal_gateway(settings: Settings, fake_paypal: FakePayPal) -> AsyncIterator[Gateway]:
    runtime = Runtime(settings)
    runtime.extras[SETTINGS_KEY] = BillingSettings(
        providers=["paypal"],
        paypal_api_base=fake_paypal.url,
        paypal_client_id=PAYPAL_CLIENT_ID,
        paypal_client_secret=PAYPAL_CLIENT_SECRET,  # type: ignore[arg-type]
        paypal_webhook_id=PAYPAL_WEBHOOK_ID,
        paypal_plans={
            "basic:month": "P-BASICMONTH",
            "premium:month": "P-PREMIUMMONTH",
            "premium:month:trial": "P-PREMIUMTRIAL",
        },
    )
    gw = Gateway(settings, runtime)
    async with gw.app.router.lifespan_context(gw.app):
        yield gw


@pytest.fixture
async def paypal_client(paypal_gateway: Gateway) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=paypal_gateway, client=("203.0.113.9", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c

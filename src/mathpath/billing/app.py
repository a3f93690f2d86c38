"""The billing service app."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping

from fastapi import FastAPI

from mathpath.access import install_revocations
from mathpath.billing.config import BillingSettings
from mathpath.billing.deps import Billing
from mathpath.billing.events import subscribe
from mathpath.billing.models import OUTBOX, Base
from mathpath.billing.providers.base import PaymentProvider
from mathpath.billing.providers.paypal import PayPalProvider
from mathpath.billing.providers.sandbox import WEBHOOK_PATH, Deliver, SandboxProvider
from mathpath.billing.providers.stripe import StripeProvider
from mathpath.billing.router import router
from mathpath.billing.sandbox_router import router as sandbox_router
from mathpath.billing.sweep import sweep_forever
from mathpath.billing.webhook_router import router as webhook_router
from mathpath.contracts.billing_client import subscribe_entitlements_invalidation
from mathpath.kit.runtime import Runtime
from mathpath.kit.service import ServiceContext, ServiceSpec, build_service_app

NAME = "billing"
# Paths this service answers under the gateway (longest prefix wins there).
PREFIXES: tuple[str, ...] = ("/api/v1/billing",)
SETTINGS_KEY = "billing.settings"


def billing_settings(runtime: Runtime | None) -> BillingSettings:
    if runtime is not None:
        given = runtime.extras.get(SETTINGS_KEY)
        if isinstance(given, BillingSettings):
            return given
    return BillingSettings()


def _webhook_poster(ctx: ServiceContext) -> Deliver:
    http = ctx.runtime.directory.client(NAME)

    async def deliver(body: bytes, headers: Mapping[str, str]) -> None:
        response = await http.post(WEBHOOK_PATH, content=body, headers=dict(headers))
        response.raise_for_status()

    return deliver


def build_providers(ctx: ServiceContext, settings: BillingSettings) -> dict[str, PaymentProvider]:
    providers: dict[str, PaymentProvider] = {}
    for name in settings.providers:
        if name == "sandbox":
            if ctx.settings.is_production:
                raise ValueError("the sandbox payment provider is refused in production")
            sandbox = SandboxProvider(
                ctx.db,
                secret=settings.sandbox_webhook_secret.get_secret_value(),
                public_base_url=ctx.settings.public_base_url,
            )
            sandbox.deliver = _webhook_poster(ctx)
            providers[name] = sandbox
        elif name == "stripe":
            providers[name] = StripeProvider.from_settings(settings)
        elif name == "paypal":
            providers[name] = PayPalProvider.from_settings(settings)
        else:
            raise ValueError(f"the {name} payment provider is not available in this build")
    return providers


def create_app(runtime: Runtime | None = None) -> FastAPI:
    settings = billing_settings(runtime)

    async def start(ctx: ServiceContext) -> None:
        billing = Billing(
            settings=settings,
            db=ctx.db,
            providers=build_providers(ctx, settings),
            emit=ctx.emit,
            public_base_url=ctx.settings.public_base_url,
        )
        ctx.state["billing"] = billing
        await subscribe(ctx)
        # One cache per process (or a shared Redis one): dropping keys here covers every
        # BillingClient reading the same cache.
        subscribe_entitlements_invalidation(
            ctx.runtime.bus, ctx.runtime.cache, group="billing.entitlements-cache"
        )
        ctx.state["billing.sweeper"] = asyncio.create_task(sweep_forever(billing))

    async def stop(ctx: ServiceContext) -> None:
        billing = ctx.state.get("billing")
        if isinstance(billing, Billing):
            for provider in billing.providers.values():
                if isinstance(provider, StripeProvider | PayPalProvider):
                    await provider.aclose()
        task = ctx.state.pop("billing.sweeper", None)
        if isinstance(task, asyncio.Task):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    routers = [router, webhook_router]
    if "sandbox" in settings.providers:
        routers.append(sandbox_router)
    spec = ServiceSpec(
        name=NAME,
        title="Mathpath billing",
        description="Plans, subscriptions, entitlements and payments.",
        metadata=Base.metadata,
        outbox=OUTBOX,
        routers=routers,
        prefixes=PREFIXES,
        calls=("identity",),
        on_startup=[install_revocations, start],
        on_shutdown=[stop],
    )
    return build_service_app(spec, runtime)

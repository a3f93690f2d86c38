"""BillingClient: entitlements over HTTP, cached, dropped on ``subscription.changed``."""

from __future__ import annotations

import httpx

from mathpath.access import identity_client
from mathpath.contracts.billing_client import (
    CACHE_PREFIX,
    BillingClient,
    Entitlements,
    PlanLimitReached,
    require_feature,
    require_within,
)
from mathpath.gateway.app import Gateway
from mathpath.kit.ids import new_id
from tests.fixtures.billing import checkout_directly, pay_on_sandbox_page, simulate
from tests.fixtures.platform import drain_events


async def _client(gateway: Gateway) -> tuple[BillingClient, dict[str, str]]:
    runtime = gateway.runtime
    token = await identity_client(runtime).service_token(
        "tutor", gateway.settings.secret_key.get_secret_value()
    )
    client = BillingClient(runtime.directory.client("billing"), runtime.cache)
    return client, {"Authorization": f"Bearer {token}"}


async def test_free_user_gets_free_entitlements_with_upgrade_path(gateway: Gateway) -> None:
    billing, auth = await _client(gateway)
    ent = await billing.entitlements(new_id(), headers=auth)
    assert ent.plan == "free" and ent.upgrade_plan == "basic"
    assert ent.tutor_turns_per_day == 5 and not ent.llm_voice and not ent.degraded


async def test_cached_entitlements_are_dropped_when_the_subscription_changes(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    billing, auth = await _client(gateway)
    payer = new_id()
    assert (await billing.entitlements(payer, headers=auth)).plan == "free"
    assert await gateway.runtime.cache.get(CACHE_PREFIX + payer) is not None

    checkout = await checkout_directly(gateway, payer=payer)
    await pay_on_sandbox_page(client, checkout)
    await drain_events(gateway)
    # The Free answer was cached for minutes: only the event can have dropped it.
    assert await gateway.runtime.cache.get(CACHE_PREFIX + payer) is None
    premium = await billing.entitlements(payer, headers=auth)
    assert premium.plan == "premium" and premium.llm_voice
    assert premium.valid_until is not None


async def test_past_due_subscription_keeps_plan_during_grace(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    billing, auth = await _client(gateway)
    payer = new_id()
    checkout = await checkout_directly(gateway, payer=payer, plan="basic")
    provider_id = await pay_on_sandbox_page(client, checkout)
    await simulate(client, provider_id, "payment_failed")
    await drain_events(gateway)
    ent = await billing.entitlements(payer, headers=auth)
    assert ent.plan == "basic" and ent.subscription_status == "past_due"


def _ent(plan: str, turns: int) -> Entitlements:
    return Entitlements(
        user_id="u",
        plan=plan,  # type: ignore[arg-type]
        tutor_turns_per_day=turns,
        max_pathways=1,
        llm_voice=False,
        parent_weekly_reports=False,
        teacher_classes=1,
        upgrade_plan="premium",
    )


def test_limit_hit_is_a_402_problem_with_the_upgrade_path() -> None:
    ent = _ent("basic", 30)
    require_within(ent, "tutor_turns_per_day", 29)
    try:
        require_within(ent, "tutor_turns_per_day", 30)
    except PlanLimitReached as exc:
        assert exc.status == 402
        assert exc.extra["limit"] == 30
        assert exc.extra["upgrade"]["plan"] == "premium"
        assert exc.extra["upgrade"]["checkout_url"] == "/api/v1/billing/checkout"
    else:
        raise AssertionError("the limit was not enforced")
    try:
        require_feature(ent, "llm_voice")
    except PlanLimitReached as exc:
        assert exc.extra["feature"] == "llm_voice"
    else:
        raise AssertionError("the feature was not refused")


async def test_unreachable_billing_degrades_to_free_without_caching(gateway: Gateway) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("down", request=request)

    http = httpx.AsyncClient(transport=httpx.MockTransport(refuse), base_url="http://billing")
    billing = BillingClient(http, gateway.runtime.cache)
    user = new_id()
    ent = await billing.entitlements(user)
    assert ent.degraded and ent.plan == "free"
    assert await gateway.runtime.cache.get(CACHE_PREFIX + user) is None
    await http.aclose()

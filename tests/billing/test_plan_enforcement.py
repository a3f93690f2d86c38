"""What a plan includes is enforced outside billing too, and the sandbox's payment and
simulation routes need the payer (issue 14: a Free teacher created three classes; anyone
could pay a checkout or end someone's subscription through the sandbox)."""

from __future__ import annotations

import httpx

from mathpath.gateway.app import Gateway
from tests.fixtures.billing import checkout_directly, pay_on_sandbox_page, subscription_row
from tests.fixtures.identity import create_user
from tests.fixtures.platform import drain_events


async def create_class(client: httpx.AsyncClient, headers: dict[str, str]) -> httpx.Response:
    return await client.post("/api/v1/classes", json={"name": "Year 9"}, headers=headers)


async def test_a_teachers_plan_limits_how_many_classes_they_create(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    teacher = await create_user(client, "teacher")
    free = (await client.get("/api/v1/billing/entitlements/me", headers=teacher.headers)).json()
    assert free["plan"] == "free" and free["teacher_classes"] == 1
    assert (await create_class(client, teacher.headers)).status_code == 201
    refused = await create_class(client, teacher.headers)
    assert refused.status_code == 402, refused.text
    assert refused.json()["type"].endswith("/plan-limit")
    assert refused.json()["upgrade"]["plan"] == "basic"
    mine = await client.get("/api/v1/classes", headers=teacher.headers)
    assert len(mine.json()) == 1

    # Basic includes three classes.
    checkout = await checkout_directly(gateway, payer=teacher.id, plan="basic")
    await pay_on_sandbox_page(client, checkout, headers=teacher.headers)
    await drain_events(gateway)
    assert (await create_class(client, teacher.headers)).status_code == 201
    assert (await create_class(client, teacher.headers)).status_code == 201
    assert (await create_class(client, teacher.headers)).status_code == 402


async def test_only_the_payer_or_an_admin_may_pay_or_simulate_on_the_sandbox(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    payer = await create_user(client, "parent")
    stranger = await create_user(client, "parent")
    checkout = await checkout_directly(gateway, payer=payer.id, plan="basic")
    path = httpx.URL(checkout.redirect_url).path + "/complete"
    assert (await client.post(path)).status_code == 401
    assert (await client.post(path, headers=stranger.headers)).status_code == 404
    provider_id = await pay_on_sandbox_page(client, checkout, headers=payer.headers)
    simulate = f"/api/v1/billing/sandbox/subscriptions/{provider_id}/simulate"
    renew = {"json": {"action": "period_end"}}
    assert (await client.post(simulate, **renew)).status_code == 401
    assert (await client.post(simulate, headers=stranger.headers, **renew)).status_code == 404
    await drain_events(gateway)
    assert (await subscription_row(gateway, checkout.subscription_id)).status == "active"
    admin = await create_user(client, "admin")
    assert (await client.post(simulate, headers=admin.headers, **renew)).status_code == 202


async def test_sandbox_ids_it_never_issued_are_404_problems_even_for_an_admin(
    gateway: Gateway, client: httpx.AsyncClient
) -> None:
    admin = await create_user(client, "admin")
    payer = await create_user(client, "parent")
    base = "/api/v1/billing/sandbox"
    for who in (admin, payer):
        for method, path, kwargs in (
            ("POST", f"{base}/checkout/cs_nope/complete", {}),
            ("POST", f"{base}/subscriptions/sub_nope/simulate", {"json": {"action": "period_end"}}),
            ("GET", f"{base}/checkout/cs_nope", {}),
            ("GET", f"{base}/portal/cus_nope", {}),
        ):
            response = await client.request(method, path, headers=who.headers, **kwargs)
            assert response.status_code == 404, (who.role, path, response.text)
            assert response.headers["content-type"].startswith("application/problem+json")
    checkout = await checkout_directly(gateway, payer=payer.id, plan="basic")
    await pay_on_sandbox_page(client, checkout, headers=payer.headers)
    await drain_events(gateway)
    portal = await client.get(
        f"/api/v1/billing/subscriptions/{checkout.subscription_id}/portal", headers=payer.headers
    )
    assert portal.status_code == 200, portal.text
    page = await client.get(httpx.URL(portal.json()["url"]).path)  # a real customer's page
    assert page.status_code == 200 and "portal" in page.text

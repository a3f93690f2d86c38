"""The billing HTTP API with real identity users and access policies."""

from __future__ import annotations

import httpx

from mathpath.billing.schemas import CheckoutOut
from tests.fixtures.billing import pay_on_sandbox_page
from tests.fixtures.identity import create_user, link_parent

CHECKOUT = "/api/v1/billing/checkout"


def _key(n: int = 1) -> dict[str, str]:
    return {"Idempotency-Key": f"checkout-key-{n:04d}"}


async def test_plans_are_public_and_priced_in_pence(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/billing/plans")
    assert response.status_code == 200
    plans = {p["code"]: p for p in response.json()}
    assert list(plans) == ["free", "basic", "premium"]
    premium = {(p["interval"], p["family"]): p["amount_minor"] for p in plans["premium"]["prices"]}
    assert premium[("month", False)] == 1199
    assert premium[("year", False)] < 12 * premium[("month", False)]
    assert plans["premium"]["trial_days"] == 14 and plans["basic"]["trial_days"] == 0
    assert plans["free"]["prices"] == []


async def test_checkout_needs_a_signed_in_user(client: httpx.AsyncClient) -> None:
    response = await client.post(CHECKOUT, json={"plan": "premium"}, headers=_key())
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_checkout_is_idempotent_per_key(client: httpx.AsyncClient) -> None:
    parent = await create_user(client, "parent")
    headers = parent.headers | _key()
    first = await client.post(CHECKOUT, json={"plan": "premium"}, headers=headers)
    again = await client.post(CHECKOUT, json={"plan": "premium"}, headers=headers)
    assert first.status_code == 201 and again.status_code == 201
    assert first.json() == again.json()
    other = await client.post(CHECKOUT, json={"plan": "basic"}, headers=headers)
    assert other.status_code == 409
    assert other.json()["type"].endswith("/idempotency-key-reused")


async def test_parent_can_buy_only_for_linked_children(client: httpx.AsyncClient) -> None:
    parent = await create_user(client, "parent")
    child = await create_user(client, "student")
    stranger = await create_user(client, "student")
    await link_parent(client, parent, child)

    refused = await client.post(
        CHECKOUT,
        json={"plan": "premium", "for_user_ids": [stranger.id]},
        headers=parent.headers | _key(1),
    )
    assert refused.status_code == 403
    allowed = await client.post(
        CHECKOUT,
        json={"plan": "premium", "for_user_ids": [child.id]},
        headers=parent.headers | _key(2),
    )
    assert allowed.status_code == 201, allowed.text


async def test_several_children_need_the_family_option(client: httpx.AsyncClient) -> None:
    parent = await create_user(client, "parent")
    kids = [await create_user(client, "student") for _ in range(2)]
    for kid in kids:
        await link_parent(client, parent, kid)
    body = {"plan": "basic", "for_user_ids": [k.id for k in kids]}
    single = await client.post(CHECKOUT, json=body, headers=parent.headers | _key(1))
    assert single.status_code == 422
    family = await client.post(
        CHECKOUT, json=body | {"family": True}, headers=parent.headers | _key(2)
    )
    assert family.status_code == 201
    assert family.json()["amount_minor"] == 1199  # the Basic family price
    await pay_on_sandbox_page(client, CheckoutOut.model_validate(family.json()))
    for kid in kids:
        ent = await client.get(f"/api/v1/billing/entitlements/{kid.id}", headers=parent.headers)
        assert ent.json()["plan"] == "basic"
    too_many = await client.post(
        CHECKOUT,
        json={"plan": "premium", "family": True, "for_user_ids": [f"c{i}" for i in range(5)]},
        headers=parent.headers | _key(3),
    )
    assert too_many.status_code == 422


async def test_trial_is_once_per_account(client: httpx.AsyncClient) -> None:
    student = await create_user(client, "student")
    first = await client.post(
        CHECKOUT, json={"plan": "premium", "trial": True}, headers=student.headers | _key(1)
    )
    assert first.status_code == 201 and first.json()["trial_days"] == 14
    await pay_on_sandbox_page(client, CheckoutOut.model_validate(first.json()))
    subs = await client.get("/api/v1/billing/subscription", headers=student.headers)
    (sub,) = subs.json()["subscriptions"]
    assert sub["status"] == "trialing" and sub["entitled"]

    cancel = await client.post(
        f"/api/v1/billing/subscriptions/{sub['id']}/cancel", headers=student.headers
    )
    assert cancel.status_code == 200 and cancel.json()["status"] == "canceled"
    # Still covered until the trial ends, and a second trial is refused even so.
    again = await client.post(
        CHECKOUT, json={"plan": "premium", "trial": True}, headers=student.headers | _key(2)
    )
    assert again.status_code == 409


async def test_only_the_payer_manages_the_subscription(client: httpx.AsyncClient) -> None:
    parent = await create_user(client, "parent")
    child = await create_user(client, "student")
    stranger = await create_user(client, "parent")
    await link_parent(client, parent, child)
    bought = await client.post(
        CHECKOUT,
        json={"plan": "basic", "for_user_ids": [child.id]},
        headers=parent.headers | _key(),
    )
    checkout = CheckoutOut.model_validate(bought.json())
    await pay_on_sandbox_page(client, checkout)
    cancel = f"/api/v1/billing/subscriptions/{checkout.subscription_id}/cancel"

    assert (await client.post(cancel, headers=child.headers)).status_code == 403
    assert (await client.post(cancel, headers=stranger.headers)).status_code == 404
    canceled = await client.post(cancel, headers=parent.headers)
    assert canceled.status_code == 200
    assert canceled.json()["cancel_at_period_end"] and canceled.json()["entitled"]
    resumed = await client.post(
        f"/api/v1/billing/subscriptions/{checkout.subscription_id}/resume", headers=parent.headers
    )
    assert resumed.status_code == 200 and resumed.json()["status"] == "active"
    portal = await client.get(
        f"/api/v1/billing/subscriptions/{checkout.subscription_id}/portal", headers=parent.headers
    )
    assert portal.status_code == 200 and "/sandbox/portal/" in portal.json()["url"]


async def test_change_plan_upgrades_entitlements(client: httpx.AsyncClient) -> None:
    student = await create_user(client, "student")
    bought = await client.post(CHECKOUT, json={"plan": "basic"}, headers=student.headers | _key())
    checkout = CheckoutOut.model_validate(bought.json())
    await pay_on_sandbox_page(client, checkout)
    me = "/api/v1/billing/entitlements/me"
    assert (await client.get(me, headers=student.headers)).json()["plan"] == "basic"
    changed = await client.post(
        f"/api/v1/billing/subscriptions/{checkout.subscription_id}/change-plan",
        json={"plan": "premium", "interval": "year"},
        headers=student.headers,
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["plan"] == "premium" and changed.json()["interval"] == "year"
    assert (await client.get(me, headers=student.headers)).json()["llm_voice"] is True


async def test_entitlements_of_a_student_follow_access_policies(
    client: httpx.AsyncClient,
) -> None:
    parent = await create_user(client, "parent")
    child = await create_user(client, "student")
    other = await create_user(client, "student")
    await link_parent(client, parent, child)
    path = f"/api/v1/billing/entitlements/{child.id}"
    assert (await client.get(path, headers=parent.headers)).status_code == 200
    assert (await client.get(path, headers=child.headers)).status_code == 200
    assert (await client.get(path, headers=other.headers)).status_code == 403


async def test_reconcile_is_for_administrators_and_balances_the_ledger(
    client: httpx.AsyncClient,
) -> None:
    student = await create_user(client, "student")
    admin = await create_user(client, "admin")
    bought = await client.post(CHECKOUT, json={"plan": "basic"}, headers=student.headers | _key())
    checkout = CheckoutOut.model_validate(bought.json())
    await pay_on_sandbox_page(client, checkout)
    path = f"/api/v1/billing/subscriptions/{checkout.subscription_id}/reconcile"
    assert (await client.post(path, headers=student.headers)).status_code == 403
    report = await client.post(path, headers=admin.headers)
    assert report.status_code == 200, report.text
    body = report.json()
    assert body["balanced"] and body["entries_added"] == 0
    assert body["ledger_total_minor"] == 599


async def test_trial_must_be_a_boolean_not_a_number_of_days(client: httpx.AsyncClient) -> None:
    parent = await create_user(client, "parent")
    for n, trial in enumerate((0, 1, 14, "true", None), start=1):
        response = await client.post(
            CHECKOUT, json={"plan": "premium", "trial": trial}, headers=parent.headers | _key(n)
        )
        assert response.status_code == 422, (trial, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["errors"][0]["loc"] == ["body", "trial"]
    ok = await client.post(
        CHECKOUT, json={"plan": "premium", "trial": True}, headers=parent.headers | _key(9)
    )
    assert ok.status_code == 201 and ok.json()["trial_days"] == 14


async def test_checkout_without_an_idempotency_key_is_the_key_problem(
    client: httpx.AsyncClient,
) -> None:
    parent = await create_user(client, "parent")
    for headers in (parent.headers, parent.headers | {"Idempotency-Key": "short"}):
        response = await client.post(CHECKOUT, json={"plan": "premium"}, headers=headers)
        assert response.status_code == 422
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["type"].endswith("/idempotency-key-required")

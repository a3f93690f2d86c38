"""The sandbox provider's hosted pages and simulator (embedded and test setups only).

These routes exist only when the sandbox provider is enabled, which production refuses.
Looking at a checkout page needs only its session id, as on a real provider's hosted page;
paying it and simulating what the provider does next (renewals, failed payments,
cancellations) need the bearer token of the account that pays, or an administrator's:
anyone else is answered 404, as for a session that does not exist. An id the sandbox never
issued is a 404 problem for everyone (administrators included), never a provider error.
"""

from __future__ import annotations

import html
from typing import Literal

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from mathpath.access import AnyUser, Principal, Public
from mathpath.billing import repository as repo
from mathpath.billing.catalog import PLANS, PlanCode
from mathpath.billing.dependencies import BillingDep
from mathpath.billing.deps import Billing
from mathpath.billing.providers.base import ProviderError
from mathpath.billing.providers.sandbox import SandboxProvider, SimulateAction
from mathpath.kit.errors import NotFound, error_responses

router = APIRouter(tags=["billing sandbox"])


def _sandbox(billing: BillingDep) -> SandboxProvider:
    provider = billing.providers.get("sandbox")
    if not isinstance(provider, SandboxProvider):
        raise NotFound("The sandbox provider is not enabled.")
    return provider


async def _require_payer(
    billing: Billing, principal: Principal, subscription_id: str | None, what: str
) -> None:
    """The caller pays for ``subscription_id`` (our id), or is an administrator."""
    if principal.is_admin:
        return
    if subscription_id is not None:
        async with billing.db.transaction() as session:
            sub = await repo.subscription(session, subscription_id)
        if sub is not None and sub.payer_user_id == principal.user_id:
            return
    raise NotFound(f"No such {what}.")


def _page(title: str, body: str) -> HTMLResponse:
    return HTMLResponse(
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"</head><body><h1>{title}</h1>{body}</body></html>"
    )


@router.get(
    "/api/v1/billing/sandbox/checkout/{session_id}",
    summary="The sandbox's hosted checkout page",
    response_class=HTMLResponse,
    responses=error_responses(NotFound),
)
async def checkout_page(_: Public, session_id: str, billing: BillingDep) -> HTMLResponse:
    session = await _sandbox(billing).checkout_session(session_id)
    if session is None:
        raise NotFound("No such checkout session.")
    name = PLANS[PlanCode(session.plan)].name
    price = f"£{session.amount_minor / 100:.2f} per {session.interval}"
    trial = f"<p>{session.trial_days}-day free trial first.</p>" if session.trial_days else ""
    action = f"/api/v1/billing/sandbox/checkout/{html.escape(session_id)}/complete"
    return _page(
        "Mathpath sandbox checkout",
        f"<p>{html.escape(name)}{' (family)' if session.family else ''}: {price}</p>{trial}"
        "<p>This is a test payment page: no card is taken. Pay with "
        f"<code>POST {action}</code> and the paying account's access token.</p>",
    )


class CompletedOut(BaseModel):
    provider_subscription_id: str


@router.post(
    "/api/v1/billing/sandbox/checkout/{session_id}/complete",
    summary="Pay on the sandbox checkout page (the paying account, or an administrator)",
    responses=error_responses(NotFound, ProviderError),
)
async def complete(principal: AnyUser, session_id: str, billing: BillingDep) -> CompletedOut:
    sandbox = _sandbox(billing)
    session = await sandbox.checkout_session(session_id)
    if session is None:
        raise NotFound("No such checkout session.")
    await _require_payer(billing, principal, session.reference, "checkout session")
    sub_id = await sandbox.complete_checkout(session_id)
    return CompletedOut(provider_subscription_id=sub_id)


@router.get(
    "/api/v1/billing/sandbox/portal/{customer_id}",
    summary="The sandbox's customer portal page",
    response_class=HTMLResponse,
    responses=error_responses(NotFound),
)
async def portal_page(_: Public, customer_id: str, billing: BillingDep) -> HTMLResponse:
    if not await _sandbox(billing).has_customer(customer_id):
        raise NotFound("No such customer.")
    return _page(
        "Mathpath sandbox billing portal",
        f"<p>Customer {html.escape(customer_id)}. A real provider's portal manages the "
        "payment method and invoices here.</p>",
    )


class SimulateIn(BaseModel):
    action: SimulateAction


@router.post(
    "/api/v1/billing/sandbox/subscriptions/{provider_subscription_id}/simulate",
    summary="Make the sandbox act as the provider would (the paying account, or an admin)",
    status_code=202,
    responses=error_responses(NotFound, ProviderError),
)
async def simulate(
    principal: AnyUser, provider_subscription_id: str, body: SimulateIn, billing: BillingDep
) -> dict[str, Literal[True]]:
    sandbox = _sandbox(billing)
    reference = await sandbox.subscription_reference(provider_subscription_id)
    if reference is None:
        raise NotFound("No such subscription.")
    await _require_payer(billing, principal, reference, "subscription")
    await sandbox.simulate(provider_subscription_id, body.action)
    return {"accepted": True}

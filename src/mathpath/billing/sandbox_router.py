"""The sandbox provider's hosted pages and simulator (embedded and test setups only).

These routes exist only when the sandbox provider is enabled, which production refuses.
The checkout session id acts as the capability, as on a real provider's hosted page.
"""

from __future__ import annotations

import html
from typing import Literal

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from mathpath.access import Public
from mathpath.billing.catalog import PLANS, PlanCode
from mathpath.billing.dependencies import BillingDep
from mathpath.billing.providers.base import ProviderError
from mathpath.billing.providers.sandbox import SandboxProvider, SimulateAction
from mathpath.kit.errors import NotFound, error_responses

router = APIRouter(tags=["billing sandbox"])


def _sandbox(billing: BillingDep) -> SandboxProvider:
    provider = billing.providers.get("sandbox")
    if not isinstance(provider, SandboxProvider):
        raise NotFound("The sandbox provider is not enabled.")
    return provider


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
    action = f"/api/v1/billing/sandbox/checkout/{html.escape(session_id)}/pay"
    return _page(
        "Mathpath sandbox checkout",
        f"<p>{html.escape(name)}{' (family)' if session.family else ''}: {price}</p>{trial}"
        "<p>This is a test payment page: no card is taken.</p>"
        f"<form method='post' action='{action}'><button type='submit'>Pay</button></form>",
    )


class CompletedOut(BaseModel):
    provider_subscription_id: str


@router.post(
    "/api/v1/billing/sandbox/checkout/{session_id}/complete",
    summary="Pay on the sandbox checkout page",
    responses=error_responses(NotFound, ProviderError),
)
async def complete(_: Public, session_id: str, billing: BillingDep) -> CompletedOut:
    sub_id = await _sandbox(billing).complete_checkout(session_id)
    return CompletedOut(provider_subscription_id=sub_id)


@router.get(
    "/api/v1/billing/sandbox/portal/{customer_id}",
    summary="The sandbox's customer portal page",
    response_class=HTMLResponse,
    responses=error_responses(NotFound),
)
async def portal_page(_: Public, customer_id: str, billing: BillingDep) -> HTMLResponse:
    _sandbox(billing)
    return _page(
        "Mathpath sandbox billing portal",
        f"<p>Customer {html.escape(customer_id)}. A real provider's portal manages the "
        "payment method and invoices here.</p>",
    )


class SimulateIn(BaseModel):
    action: SimulateAction


@router.post(
    "/api/v1/billing/sandbox/subscriptions/{provider_subscription_id}/simulate",
    summary="Make the sandbox act as the provider would (period end, failed payment, ...)",
    status_code=202,
    responses=error_responses(NotFound, ProviderError),
)
async def simulate(
    _: Public, provider_subscription_id: str, body: SimulateIn, billing: BillingDep
) -> dict[str, Literal[True]]:
    await _sandbox(billing).simulate(provider_subscription_id, body.action)
    return {"accepted": True}


# Form posts from the hosted page land here too (browsers cannot send JSON).
@router.post(
    "/api/v1/billing/sandbox/checkout/{session_id}/pay",
    summary="The hosted page's form post",
    response_class=HTMLResponse,
    responses=error_responses(NotFound, ProviderError),
)
async def pay_form(
    _: Public,
    session_id: str,
    billing: BillingDep,
) -> HTMLResponse:
    await _sandbox(billing).complete_checkout(session_id)
    return _page("Payment received", "<p>You can close this page and return to Mathpath.</p>")

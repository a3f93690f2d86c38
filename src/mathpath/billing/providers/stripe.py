"""Stripe: Checkout Sessions (subscription mode), Customer Portal, webhooks.

Webhook signatures are checked by the official SDK (``stripe.Webhook.construct_event``).
API calls go over ``httpx`` with Stripe's form encoding. Subscription events are never
trusted for state: the adapter re-reads the subscription, so events arriving out of order
or late still leave the latest state (each snapshot is stamped with the time it was read).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import httpx
import stripe

from mathpath.billing.config import BillingSettings
from mathpath.billing.providers.base import (
    CheckoutRequest,
    CheckoutSession,
    EventEffects,
    InvalidWebhook,
    MoneyMovement,
    ProviderError,
    ProviderStatus,
    SubscriptionSnapshot,
    VerifiedEvent,
)
from mathpath.billing.providers.forms import flatten
from mathpath.kit import clock

SIGNATURE_HEADER = "stripe-signature"

_STATUS: dict[str, ProviderStatus] = {
    "trialing": "trialing",
    "active": "active",
    "past_due": "past_due",
    "unpaid": "past_due",
    "canceled": "ended",
    "incomplete_expired": "ended",
    "incomplete": "incomplete",
    "paused": "incomplete",
}
_SUBSCRIPTION_EVENTS = frozenset(
    {
        "checkout.session.completed",
        "customer.subscription.created",
        "customer.subscription.updated",
        "customer.subscription.deleted",
        "invoice.paid",
        "invoice.payment_failed",
    }
)


def price_key(plan: str, interval: str, family: bool) -> str:
    return f"{plan}:{interval}:family" if family else f"{plan}:{interval}"


def _ts(value: Any) -> datetime | None:
    return datetime.fromtimestamp(int(value), UTC) if value else None


class StripeProvider:
    name = "stripe"

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        webhook_secret: str,
        prices: Mapping[str, str],
    ) -> None:
        self.http = http
        self.webhook_secret = webhook_secret
        self.prices = dict(prices)
        self._plans = {price: key for key, price in self.prices.items()}

    @classmethod
    def from_settings(cls, settings: BillingSettings) -> StripeProvider:
        if not settings.stripe_secret_key.get_secret_value():
            raise ValueError("MATHPATH_BILLING_STRIPE_SECRET_KEY is needed for Stripe")
        http = httpx.AsyncClient(
            base_url=settings.stripe_api_base,
            headers={
                "Authorization": f"Bearer {settings.stripe_secret_key.get_secret_value()}",
                "Stripe-Version": "2024-06-20",
            },
            timeout=20.0,
        )
        return cls(
            http,
            webhook_secret=settings.stripe_webhook_secret.get_secret_value(),
            prices=settings.stripe_prices,
        )

    async def aclose(self) -> None:
        await self.http.aclose()

    # -- API calls --------------------------------------------------------------------
    async def _call(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        idempotency_key: str | None = None,
    ) -> dict[str, Any]:
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        try:
            if method == "GET":
                query = urlencode(flatten(params or {}))
                response = await self.http.get(f"{path}?{query}" if query else path)
            else:
                response = await self.http.post(
                    path, data=dict(flatten(params or {})), headers=headers
                )
        except httpx.HTTPError as exc:
            raise ProviderError("Stripe could not be reached.") from exc
        if response.status_code >= 400:
            message = "Stripe refused the request."
            try:
                message = str(response.json()["error"]["message"])
            except (ValueError, KeyError, TypeError):
                pass
            raise ProviderError(message, extra={"provider_status": response.status_code})
        body: dict[str, Any] = response.json()
        return body

    def _price(self, plan: str, interval: str, family: bool) -> str:
        price = self.prices.get(price_key(plan, interval, family))
        if price is None:
            raise ProviderError(f"No Stripe price is configured for {plan} {interval}.")
        return price

    async def create_checkout(self, request: CheckoutRequest) -> CheckoutSession:
        subscription_data: dict[str, Any] = {"metadata": {"reference": request.reference}}
        if request.trial_days:
            subscription_data["trial_period_days"] = request.trial_days
        session = await self._call(
            "POST",
            "/v1/checkout/sessions",
            {
                "mode": "subscription",
                "line_items": [
                    {
                        "price": self._price(request.plan, request.interval, request.family),
                        "quantity": 1,
                    }
                ],
                "client_reference_id": request.reference,
                "metadata": {"reference": request.reference},
                "subscription_data": subscription_data,
                "success_url": request.success_url,
                "cancel_url": request.cancel_url,
            },
            idempotency_key=f"checkout-{request.reference}",
        )
        return CheckoutSession(provider_session_id=str(session["id"]), redirect_url=session["url"])

    async def set_cancel_at_period_end(
        self, provider_subscription_id: str, cancel: bool
    ) -> SubscriptionSnapshot:
        obj = await self._call(
            "POST",
            f"/v1/subscriptions/{provider_subscription_id}",
            {"cancel_at_period_end": cancel},
        )
        return self._snapshot(obj)

    async def change_plan(
        self,
        provider_subscription_id: str,
        *,
        plan: str,
        interval: str,
        family: bool,
        amount_minor: int,
    ) -> SubscriptionSnapshot:
        current = await self._call("GET", f"/v1/subscriptions/{provider_subscription_id}")
        item_id = current["items"]["data"][0]["id"]
        obj = await self._call(
            "POST",
            f"/v1/subscriptions/{provider_subscription_id}",
            {
                "items": [{"id": item_id, "price": self._price(plan, interval, family)}],
                "proration_behavior": "create_prorations",
            },
        )
        return self._snapshot(obj)

    async def portal_url(self, customer_id: str, return_url: str) -> str:
        session = await self._call(
            "POST",
            "/v1/billing_portal/sessions",
            {"customer": customer_id, "return_url": return_url},
        )
        return str(session["url"])

    async def fetch_subscription(self, provider_subscription_id: str) -> SubscriptionSnapshot:
        return self._snapshot(
            await self._call("GET", f"/v1/subscriptions/{provider_subscription_id}")
        )

    async def list_movements(self, provider_subscription_id: str) -> list[MoneyMovement]:
        moves: list[MoneyMovement] = []
        params: dict[str, Any] = {"subscription": provider_subscription_id, "limit": 100}
        while True:
            page = await self._call("GET", "/v1/invoices", params)
            for invoice in page["data"]:
                if invoice.get("status") == "paid" and int(invoice.get("amount_paid", 0)) > 0:
                    moves.append(_invoice_payment(invoice))
                    charge_id = invoice.get("charge")
                    if charge_id:
                        charge = await self._call("GET", f"/v1/charges/{charge_id}")
                        moves.extend(_refunds(charge, provider_subscription_id))
            if not page.get("has_more") or not page["data"]:
                return moves
            params["starting_after"] = page["data"][-1]["id"]

    # -- webhooks ---------------------------------------------------------------------
    async def verify_webhook(self, body: bytes, headers: Mapping[str, str]) -> VerifiedEvent:
        try:
            event = stripe.Webhook.construct_event(
                body.decode(), headers.get(SIGNATURE_HEADER), self.webhook_secret
            )
        except (ValueError, stripe.SignatureVerificationError) as exc:
            raise InvalidWebhook("The Stripe signature or payload is not valid.") from exc
        return VerifiedEvent(
            provider_event_id=str(event["id"]), event_type=str(event["type"]), body=body.decode()
        )

    async def interpret(self, event_type: str, body: str) -> EventEffects:
        obj = json.loads(body)["data"]["object"]
        effects = EventEffects()
        if event_type == "invoice.paid" and int(obj.get("amount_paid", 0)) > 0:
            effects.movements.append(_invoice_payment(obj))
        if event_type == "charge.refunded":
            invoice_id = obj.get("invoice")
            sub_id = None
            if invoice_id:
                invoice = await self._call("GET", f"/v1/invoices/{invoice_id}")
                sub_id = invoice.get("subscription")
            effects.movements.extend(_refunds(obj, sub_id))
        if event_type in _SUBSCRIPTION_EVENTS:
            sub_id = obj.get("subscription") if obj.get("object") != "subscription" else obj["id"]
            if sub_id:
                effects.snapshots.append(await self.fetch_subscription(str(sub_id)))
        return effects

    def _snapshot(self, obj: Mapping[str, Any]) -> SubscriptionSnapshot:
        items = obj.get("items", {}).get("data", [])
        item = items[0] if items else {}
        price_id = item.get("price", {}).get("id")
        plan = interval = None
        if price_id in self._plans:
            plan, interval = self._plans[price_id].split(":")[:2]
        status = _STATUS.get(str(obj.get("status")), "incomplete")
        return SubscriptionSnapshot(
            provider_subscription_id=str(obj["id"]),
            reference=(obj.get("metadata") or {}).get("reference"),
            customer_id=obj.get("customer"),
            status=status,
            plan=plan,
            interval=interval,
            cancel_at_period_end=bool(obj.get("cancel_at_period_end")),
            trial_end=_ts(obj.get("trial_end")) if status == "trialing" else None,
            # Newer API versions keep the period on the item.
            current_period_start=_ts(
                obj.get("current_period_start") or item.get("current_period_start")
            ),
            current_period_end=_ts(obj.get("current_period_end") or item.get("current_period_end")),
            # A re-read object is current as of now, whatever the event's age.
            as_of=clock.utcnow(),
        )


def _invoice_payment(invoice: Mapping[str, Any]) -> MoneyMovement:
    paid_at = (invoice.get("status_transitions") or {}).get("paid_at") or invoice.get("created")
    when = _ts(paid_at)
    assert when is not None
    return MoneyMovement(
        provider_entry_id=str(invoice["id"]),
        kind="payment",
        provider_subscription_id=invoice.get("subscription"),
        amount_minor=int(invoice["amount_paid"]),
        currency=str(invoice["currency"]).upper(),
        occurred_at=when,
    )


def _refunds(charge: Mapping[str, Any], subscription_id: str | None) -> list[MoneyMovement]:
    out = []
    for refund in (charge.get("refunds") or {}).get("data", []):
        when = _ts(refund.get("created"))
        assert when is not None
        out.append(
            MoneyMovement(
                provider_entry_id=str(refund["id"]),
                kind="refund",
                provider_subscription_id=subscription_id,
                amount_minor=-int(refund["amount"]),
                currency=str(refund["currency"]).upper(),
                occurred_at=when,
            )
        )
    return out

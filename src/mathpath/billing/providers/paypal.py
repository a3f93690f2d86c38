"""PayPal: Subscriptions API (plans, create subscription, approval link) and webhooks
verified through PayPal's ``verify-webhook-signature`` API.

PayPal has no "cancel at period end": a cancelled PayPal subscription stops billing at
once, and the subscriber keeps what was paid for, so a CANCELLED subscription whose paid
period has not ended maps to our ``canceled`` (entitled until then) and cannot be resumed.
Every event is answered by re-reading the subscription, so order does not matter.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx

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
from mathpath.kit import clock

PORTAL_URL = "https://www.paypal.com/myaccount/autopay/"
_HEADERS = {
    "auth_algo": "paypal-auth-algo",
    "cert_url": "paypal-cert-url",
    "transmission_id": "paypal-transmission-id",
    "transmission_sig": "paypal-transmission-sig",
    "transmission_time": "paypal-transmission-time",
}


class PayPalCannotResume(ProviderError):
    status = 409
    type_slug = "paypal-cannot-resume"
    title = "PayPal cannot resume a cancelled subscription"


def minor_units(value: str) -> int:
    return int((Decimal(value) * 100).to_integral_value())


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


class PayPalProvider:
    name = "paypal"

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        client_id: str,
        client_secret: str,
        webhook_id: str,
        plans: Mapping[str, str],
    ) -> None:
        self.http = http
        self.client_id = client_id
        self.client_secret = client_secret
        self.webhook_id = webhook_id
        self.plans = dict(plans)
        self._plan_keys = {plan_id: key for key, plan_id in self.plans.items()}
        self._token: tuple[float, str] | None = None

    @classmethod
    def from_settings(cls, settings: BillingSettings) -> PayPalProvider:
        if not settings.paypal_client_id or not settings.paypal_webhook_id:
            raise ValueError("PayPal needs MATHPATH_BILLING_PAYPAL_CLIENT_ID and _WEBHOOK_ID")
        return cls(
            httpx.AsyncClient(base_url=settings.paypal_api_base, timeout=20.0),
            client_id=settings.paypal_client_id,
            client_secret=settings.paypal_client_secret.get_secret_value(),
            webhook_id=settings.paypal_webhook_id,
            plans=settings.paypal_plans,
        )

    async def aclose(self) -> None:
        await self.http.aclose()

    # -- API calls --------------------------------------------------------------------
    async def _access_token(self) -> str:
        if self._token is not None and self._token[0] > time.monotonic() + 60:
            return self._token[1]
        try:
            response = await self.http.post(
                "/v1/oauth2/token",
                data={"grant_type": "client_credentials"},
                auth=(self.client_id, self.client_secret),
            )
        except httpx.HTTPError as exc:
            raise ProviderError("PayPal could not be reached.") from exc
        if response.status_code != 200:
            raise ProviderError("PayPal refused our credentials.")
        body = response.json()
        self._token = (time.monotonic() + float(body["expires_in"]), str(body["access_token"]))
        return self._token[1]

    async def _call(
        self,
        method: str,
        path: str,
        body: Mapping[str, Any] | None = None,
        *,
        request_id: str | None = None,
    ) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {await self._access_token()}"}
        if request_id:
            headers["PayPal-Request-Id"] = request_id
        try:
            response = await self.http.request(method, path, json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise ProviderError("PayPal could not be reached.") from exc
        if response.status_code >= 400:
            message = "PayPal refused the request."
            try:
                message = str(response.json().get("message", message))
            except ValueError:
                pass
            raise ProviderError(message, extra={"provider_status": response.status_code})
        if response.status_code == 204 or not response.content:
            return {}
        data: dict[str, Any] = response.json()
        return data

    def _plan_id(self, plan: str, interval: str, family: bool) -> str:
        key = f"{plan}:{interval}:family" if family else f"{plan}:{interval}"
        plan_id = self.plans.get(key)
        if plan_id is None:
            raise ProviderError(f"No PayPal plan is configured for {plan} {interval}.")
        return plan_id

    async def create_checkout(self, request: CheckoutRequest) -> CheckoutSession:
        if request.trial_days:
            # A PayPal trial is part of the billing plan (a TRIAL cycle), chosen by plan id.
            plan_id = self.plans.get(f"{request.plan}:{request.interval}:trial")
            if plan_id is None:
                raise ProviderError("No PayPal plan with a trial is configured.")
        else:
            plan_id = self._plan_id(request.plan, request.interval, request.family)
        created = await self._call(
            "POST",
            "/v1/billing/subscriptions",
            {
                "plan_id": plan_id,
                "custom_id": request.reference,
                "application_context": {
                    "brand_name": "Mathpath",
                    "shipping_preference": "NO_SHIPPING",
                    "user_action": "SUBSCRIBE_NOW",
                    "return_url": request.success_url,
                    "cancel_url": request.cancel_url,
                },
            },
            request_id=f"checkout-{request.reference}",
        )
        approve = next(
            (link["href"] for link in created["links"] if link["rel"] == "approve"), None
        )
        if approve is None:
            raise ProviderError("PayPal returned no approval link.")
        return CheckoutSession(provider_session_id=str(created["id"]), redirect_url=approve)

    async def set_cancel_at_period_end(
        self, provider_subscription_id: str, cancel: bool
    ) -> SubscriptionSnapshot:
        if not cancel:
            raise PayPalCannotResume("Start a new checkout to subscribe again.")
        path = f"/v1/billing/subscriptions/{provider_subscription_id}"
        await self._call("POST", f"{path}/cancel", {"reason": "Cancelled by the customer"})
        return await self.fetch_subscription(provider_subscription_id)

    async def change_plan(
        self,
        provider_subscription_id: str,
        *,
        plan: str,
        interval: str,
        family: bool,
        amount_minor: int,
    ) -> SubscriptionSnapshot:
        # PayPal's revise needs the buyer to approve again on PayPal; not offered here.
        raise ProviderError(
            "Changing plan on PayPal needs the buyer's approval: cancel and check out again."
        )

    async def portal_url(self, customer_id: str, return_url: str) -> str:
        return PORTAL_URL

    async def fetch_subscription(self, provider_subscription_id: str) -> SubscriptionSnapshot:
        obj = await self._call("GET", f"/v1/billing/subscriptions/{provider_subscription_id}")
        return self._snapshot(obj)

    async def list_movements(self, provider_subscription_id: str) -> list[MoneyMovement]:
        now = clock.utcnow()
        start = (now - timedelta(days=3 * 365)).strftime("%Y-%m-%dT%H:%M:%SZ")
        end = now.strftime("%Y-%m-%dT%H:%M:%SZ")
        data = await self._call(
            "GET",
            f"/v1/billing/subscriptions/{provider_subscription_id}/transactions"
            f"?start_time={start}&end_time={end}",
        )
        moves = []
        for tx in data.get("transactions", []):
            if tx.get("status") not in ("COMPLETED", "REFUNDED", "PARTIALLY_REFUNDED"):
                continue
            gross = tx["amount_with_breakdown"]["gross_amount"]
            when = _time(tx.get("time"))
            assert when is not None
            moves.append(
                MoneyMovement(
                    provider_entry_id=str(tx["id"]),
                    kind="payment",
                    provider_subscription_id=provider_subscription_id,
                    amount_minor=minor_units(gross["value"]),
                    currency=str(gross["currency_code"]).upper(),
                    occurred_at=when,
                )
            )
        return moves

    # -- webhooks ---------------------------------------------------------------------
    async def verify_webhook(self, body: bytes, headers: Mapping[str, str]) -> VerifiedEvent:
        try:
            event = json.loads(body)
            fields = {name: headers[header] for name, header in _HEADERS.items()}
        except (ValueError, KeyError) as exc:
            raise InvalidWebhook("The PayPal webhook is missing its transmission headers.") from exc
        result = await self._call(
            "POST",
            "/v1/notifications/verify-webhook-signature",
            {**fields, "webhook_id": self.webhook_id, "webhook_event": event},
        )
        if result.get("verification_status") != "SUCCESS":
            raise InvalidWebhook("PayPal did not confirm this webhook's signature.")
        return VerifiedEvent(
            provider_event_id=str(event["id"]),
            event_type=str(event["event_type"]),
            body=body.decode(),
        )

    async def interpret(self, event_type: str, body: str) -> EventEffects:
        resource = json.loads(body)["resource"]
        effects = EventEffects()
        if event_type.startswith("BILLING.SUBSCRIPTION."):
            effects.snapshots.append(await self.fetch_subscription(str(resource["id"])))
        elif event_type == "PAYMENT.SALE.COMPLETED":
            effects.movements.append(_sale(resource, "payment"))
            sub_id = resource.get("billing_agreement_id")
            if sub_id:
                effects.snapshots.append(await self.fetch_subscription(str(sub_id)))
        elif event_type in ("PAYMENT.SALE.REFUNDED", "PAYMENT.SALE.REVERSED"):
            effects.movements.append(_sale(resource, "refund"))
        return effects

    def _snapshot(self, obj: Mapping[str, Any]) -> SubscriptionSnapshot:
        info = obj.get("billing_info") or {}
        next_billing = _time(info.get("next_billing_time"))
        last_payment = _time((info.get("last_payment") or {}).get("time"))
        paid_through = next_billing
        now = clock.utcnow()
        trial = any(
            c.get("tenure_type") == "TRIAL" and int(c.get("cycles_remaining", 0)) > 0
            for c in info.get("cycle_executions", [])
        )
        owing = minor_units((info.get("outstanding_balance") or {}).get("value", "0"))
        paypal_status = str(obj.get("status"))
        status: ProviderStatus
        cancel = False
        if paypal_status == "ACTIVE":
            status = "trialing" if trial else "active"
            if int(info.get("failed_payments_count", 0)) > 0 and owing > 0:
                status = "past_due"
        elif paypal_status == "SUSPENDED":
            status = "past_due"
        elif paypal_status == "CANCELLED" and paid_through is not None and paid_through > now:
            status, cancel = ("trialing" if trial else "active"), True
        elif paypal_status in ("CANCELLED", "EXPIRED"):
            status = "ended"
        else:
            status = "incomplete"
        plan = interval = None
        key = self._plan_keys.get(str(obj.get("plan_id")))
        if key is not None:
            plan, interval = key.split(":")[:2]
        return SubscriptionSnapshot(
            provider_subscription_id=str(obj["id"]),
            reference=obj.get("custom_id"),
            customer_id=(obj.get("subscriber") or {}).get("payer_id"),
            status=status,
            plan=plan,
            interval=interval,
            cancel_at_period_end=cancel,
            trial_end=next_billing if trial else None,
            current_period_start=last_payment or _time(obj.get("start_time")),
            current_period_end=paid_through,
            as_of=now,
        )


def _sale(resource: Mapping[str, Any], kind: str) -> MoneyMovement:
    amount = resource["amount"]
    value = minor_units(str(amount.get("total") or amount.get("value")))
    currency = str(amount.get("currency") or amount.get("currency_code")).upper()
    when = _time(resource.get("create_time"))
    assert when is not None
    return MoneyMovement(
        provider_entry_id=str(resource["id"]),
        kind="payment" if kind == "payment" else "refund",
        provider_subscription_id=resource.get("billing_agreement_id"),
        amount_minor=value if kind == "payment" else -abs(value),
        currency=currency,
        occurred_at=when,
    )

"""Billing's own settings (environment prefix ``MATHPATH_BILLING_``).

Tests pass an instance through ``runtime.extras["billing.settings"]`` instead of the
environment.
"""

from __future__ import annotations

from typing import Literal

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

ProviderName = Literal["sandbox", "stripe", "paypal"]


class BillingSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MATHPATH_BILLING_", extra="ignore")

    # Providers offered at checkout; the first is the default.
    providers: list[ProviderName] = ["sandbox"]
    trial_days: int = 14
    grace_days: int = 7
    renewal_leeway_hours: int = 2
    webhook_max_attempts: int = 10
    webhook_retry_interval_s: float = 30.0

    sandbox_webhook_secret: SecretStr = SecretStr("sandbox-webhook-secret")

    stripe_api_base: str = "https://api.stripe.com"
    stripe_secret_key: SecretStr = SecretStr("")
    stripe_webhook_secret: SecretStr = SecretStr("")
    # Stripe Price ids per "plan:interval[:family]", e.g. {"premium:month": "price_123"}.
    stripe_prices: dict[str, str] = {}

    paypal_api_base: str = "https://api-m.paypal.com"
    paypal_client_id: str = ""
    paypal_client_secret: SecretStr = SecretStr("")
    paypal_webhook_id: str = ""
    # PayPal billing-plan ids per "plan:interval[:family]".
    paypal_plans: dict[str, str] = {}

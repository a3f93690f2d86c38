"""The billing service's singletons, built at startup and kept in ``ctx.state``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.billing.config import BillingSettings
from mathpath.billing.providers.base import PaymentProvider
from mathpath.kit.db import Database
from mathpath.kit.errors import BusinessRuleViolation

Emit = Callable[[AsyncSession, str, dict[str, Any]], Awaitable[Any]]


@dataclass
class Billing:
    settings: BillingSettings
    db: Database
    providers: dict[str, PaymentProvider]
    emit: Emit
    public_base_url: str

    @property
    def grace(self) -> timedelta:
        return timedelta(days=self.settings.grace_days)

    @property
    def renewal_leeway(self) -> timedelta:
        return timedelta(hours=self.settings.renewal_leeway_hours)

    def provider(self, name: str) -> PaymentProvider:
        found = self.providers.get(name)
        if found is None:
            raise BusinessRuleViolation(
                f"The payment provider {name!r} is not enabled here.",
                extra={"providers": sorted(self.providers)},
            )
        return found

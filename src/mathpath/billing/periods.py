"""Billing periods: calendar months and years, clamped to the month's last day."""

from __future__ import annotations

import calendar
from datetime import datetime


def add_interval(start: datetime, interval: str) -> datetime:
    months = 12 if interval == "year" else 1
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return start.replace(year=year, month=month, day=day)

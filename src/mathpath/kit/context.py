"""Per-request context (request id, trace id, user id) carried in context variables."""

from __future__ import annotations

import re
import secrets
from contextvars import ContextVar

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
trace_id_var: ContextVar[str | None] = ContextVar("trace_id", default=None)
user_id_var: ContextVar[str | None] = ContextVar("user_id", default=None)

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
_TRACEPARENT = re.compile(r"^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$")


def new_request_id() -> str:
    return secrets.token_hex(16)


def accept_request_id(incoming: str | None) -> str:
    """Keep a well-formed incoming ``X-Request-ID``; otherwise make a new one."""
    if incoming and _REQUEST_ID.fullmatch(incoming):
        return incoming
    return new_request_id()


def trace_id_from(traceparent: str | None) -> str | None:
    """The trace id of a W3C ``traceparent`` header, when there is a valid one."""
    if traceparent:
        match = _TRACEPARENT.fullmatch(traceparent.strip())
        if match and match.group(1) != "0" * 32:
            return match.group(1)
    return None

"""Structured JSON logs with request, trace and user ids, and redaction of personal data."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Mapping, MutableMapping
from typing import Any

import structlog

from mathpath.kit.context import request_id_var, trace_id_var, user_id_var

REDACTED = "[redacted]"
_SENSITIVE_KEYS = re.compile(
    r"(pass(word)?|secret|token|authori[sz]ation|cookie|api[_-]?key|otp|totp|recovery|"
    r"email|e-mail|name|first_name|last_name|full_name|display_name|phone|address|dob|"
    r"date_of_birth|card)",
    re.IGNORECASE,
)
_SAFE_KEYS = frozenset(
    {
        "event",
        "level",
        "logger",
        "timestamp",
        "request_id",
        "trace_id",
        "user_id",
        "service",
        "path",
        "method",
        "status",
        "ms",
        "event_type",
        "event_id",
        "error_type",
        "name_of_check",
        "task_name",
    }
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_BEARER = re.compile(r"(?i)bearer\s+[A-Za-z0-9._~+/=-]+")
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*")


def redact_value(value: Any) -> Any:
    """Scrub emails and bearer/JWT tokens out of free text; recurse into containers."""
    if isinstance(value, str):
        value = _EMAIL.sub(REDACTED, value)
        value = _BEARER.sub("Bearer " + REDACTED, value)
        return _JWT.sub(REDACTED, value)
    if isinstance(value, Mapping):
        return redact_mapping(value)
    if isinstance(value, list | tuple):
        return [redact_value(v) for v in value]
    return value


def redact_mapping(data: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in _SAFE_KEYS and _SENSITIVE_KEYS.search(str(key)):
            out[key] = REDACTED
        else:
            out[key] = redact_value(value)
    return out


def redact_processor(
    logger: Any, method_name: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """structlog processor: no personal data (emails, passwords, tokens, names) in any field."""
    return redact_mapping(event_dict)


def add_context_ids(
    logger: Any, method_name: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    event_dict.setdefault("request_id", request_id_var.get())
    event_dict.setdefault("trace_id", trace_id_var.get())
    event_dict.setdefault("user_id", user_id_var.get())
    return event_dict


class _StderrLogger:
    """Writes each line to whatever ``sys.stderr`` is now (not the one at start-up)."""

    def msg(self, message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    log = debug = info = warning = warn = error = critical = exception = fatal = msg


class _StderrLoggerFactory:
    def __call__(self, *args: Any) -> _StderrLogger:
        return _StderrLogger()


def configure_logging(level: str = "INFO", *, json: bool = True) -> None:
    renderer: Any = structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer()
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            add_context_ids,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            redact_processor,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(
            logging.getLevelNamesMapping().get(level.upper(), logging.INFO)
        ),
        logger_factory=_StderrLoggerFactory(),
        cache_logger_on_first_use=False,
    )

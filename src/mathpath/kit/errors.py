"""One error family rendered as RFC 9457 problem+json.

Domain code raises a subclass of :class:`MathpathError`; one set of handlers turns it, and
every framework error (404, 405, 422, unhandled 500), into ``application/problem+json``
with ``type``, ``title``, ``status``, ``detail`` and the request id. No stack trace leaves
the process.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any, ClassVar

import httpx
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as SATimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from mathpath.kit.context import request_id_var

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://mathpath.dev/problems/"


class Problem(BaseModel):
    """The body of every error response (RFC 9457)."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    request_id: str | None = None
    errors: list[dict[str, Any]] | None = None


class MathpathError(Exception):
    """Base of every domain error: a status, a stable type slug and a title."""

    status: ClassVar[int] = 400
    type_slug: ClassVar[str] = "bad-request"
    title: ClassVar[str] = "Bad request"

    def __init__(self, detail: str | None = None, *, extra: Mapping[str, Any] | None = None):
        self.detail = detail or self.title
        self.extra = dict(extra or {})
        super().__init__(self.detail)


class NotFound(MathpathError):
    status = 404
    type_slug = "not-found"
    title = "Not found"


class Forbidden(MathpathError):
    status = 403
    type_slug = "forbidden"
    title = "Forbidden"


class Unauthorized(MathpathError):
    status = 401
    type_slug = "unauthorized"
    title = "Authentication required"


class Conflict(MathpathError):
    status = 409
    type_slug = "conflict"
    title = "Conflict"


class BusinessRuleViolation(MathpathError):
    status = 422
    type_slug = "business-rule"
    title = "Request breaks a business rule"


class PaymentRequired(MathpathError):
    """A plan limit was hit; ``extra`` carries the upgrade path."""

    status = 402
    type_slug = "plan-limit"
    title = "Your plan does not include this"


class TooManyRequests(MathpathError):
    """Answered with ``Retry-After`` (RFC 9110): ``extra["retry_after_s"]``, else a minute."""

    status = 429
    type_slug = "rate-limited"
    title = "Too many requests"


class ServiceUnavailable(MathpathError):
    status = 503
    type_slug = "unavailable"
    title = "Service unavailable"


def problem_response(
    status: int,
    *,
    type_slug: str,
    title: str,
    detail: str,
    request: Request | None = None,
    errors: Sequence[Mapping[str, Any]] | None = None,
    extra: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": TYPE_BASE + type_slug,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path if request is not None else None,
        "request_id": request_id_var.get(),
    }
    if errors is not None:
        body["errors"] = [dict(e) for e in errors]
    if extra:
        body.update({k: v for k, v in extra.items() if k not in body})
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def raise_for_problem(response: httpx.Response, service: str) -> None:
    """Turn another service's error answer into our own error family (client side)."""
    if response.status_code < 400:
        return
    detail = f"{service} refused the request"
    try:
        detail = str(response.json().get("detail", detail))
    except ValueError:
        pass
    if response.status_code == 401:
        raise Unauthorized(detail)
    if response.status_code == 403:
        raise Forbidden(detail)
    if response.status_code == 404:
        raise NotFound(detail)
    if response.status_code in RELAYED_STATUSES:
        # The caller's request broke the other service's rule (a missing seed, a conflict):
        # the caller's own client should see that problem, not "unavailable".
        raise relayed_problem(response, detail)
    raise ServiceUnavailable(f"{service} answered {response.status_code}: {detail}")


RELAYED_STATUSES = frozenset({400, 409, 410, 422})


def relayed_problem(response: httpx.Response, detail: str) -> MathpathError:
    """Another service's 4xx problem as our own error, keeping its type and title."""
    try:
        body = response.json()
    except ValueError:
        body = {}
    problem_type = str(body.get("type", "")) if isinstance(body, dict) else ""
    slug = problem_type.removeprefix(TYPE_BASE) if problem_type.startswith(TYPE_BASE) else ""
    title = str(body.get("title", "")) if isinstance(body, dict) else ""
    return _relayed_class(response.status_code, slug, title)(detail)


@functools.lru_cache(maxsize=256)
def _relayed_class(status: int, slug: str, title: str) -> type[MathpathError]:
    base: type[MathpathError] = Conflict if status == 409 else BusinessRuleViolation
    attributes = {
        "status": status,
        "type_slug": slug or base.type_slug,
        "title": title or base.title,
    }
    return type(f"Relayed{base.__name__}", (base,), attributes)


def error_responses(*errors: type[MathpathError]) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route, so the OpenAPI document lists its problem types."""
    out: dict[int | str, dict[str, Any]] = {}
    for error in errors:
        entry = out.setdefault(
            error.status,
            {"model": Problem, "description": "", "content": {PROBLEM_JSON: {}}},
        )
        entry["description"] = (
            f"{entry['description']}; {error.title}" if entry["description"] else error.title
        )
    return out


def _clean_validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    cleaned = []
    for err in exc.errors():
        cleaned.append(
            {
                "loc": [str(part) for part in err.get("loc", ())],
                "msg": str(err.get("msg", "")),
                "type": str(err.get("type", "")),
            }
        )
    return cleaned


def retry_after(exc: MathpathError) -> dict[str, str] | None:
    """The ``Retry-After`` header every 429 answer carries."""
    if exc.status != 429:
        return None
    seconds = exc.extra.get("retry_after_s", 60)
    return {"Retry-After": str(max(1, int(seconds)) if isinstance(seconds, int | float) else 60)}


async def _handle_domain(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, MathpathError)
    return problem_response(
        exc.status,
        type_slug=exc.type_slug,
        title=exc.title,
        detail=exc.detail,
        request=request,
        extra=exc.extra,
        headers=retry_after(exc),
    )


async def _handle_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    detail = exc.detail if isinstance(exc.detail, str) else phrase
    if status == 404 and detail == "Not Found":
        detail = f"There is nothing at {request.url.path}."
    if status == 405:
        detail = f"{request.method} is not allowed on {request.url.path}."
    return problem_response(
        status,
        type_slug=phrase.lower().replace(" ", "-").replace("'", ""),
        title=phrase,
        detail=detail,
        request=request,
        headers=exc.headers,
    )


IDEMPOTENCY_HEADER = "idempotency-key"


def _only_idempotency_key(errors: list[dict[str, Any]]) -> bool:
    return bool(errors) and all(
        len(e["loc"]) == 2 and e["loc"][0] == "header" and e["loc"][1].lower() == IDEMPOTENCY_HEADER
        for e in errors
    )


async def _handle_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = _clean_validation_errors(exc)
    if _only_idempotency_key(errors):
        return problem_response(
            422,
            type_slug="idempotency-key-required",
            title="This write needs an Idempotency-Key header",
            detail="Send an 'Idempotency-Key' header (8-200 characters, new for each request).",
            request=request,
            errors=errors,
        )
    first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
    where = ".".join(first["loc"])
    return problem_response(
        422,
        type_slug="validation",
        title="The request is not valid",
        detail=f"{where}: {first['msg']}" if where else str(first["msg"]),
        request=request,
        errors=errors,
    )


async def _handle_database_busy(request: Request, exc: Exception) -> JSONResponse:
    """A database too busy to answer in time is worth a retry, not a 500."""
    if isinstance(exc, OperationalError) and "locked" not in str(exc.orig).lower():
        raise exc
    return problem_response(
        503,
        type_slug="busy",
        title="Busy, please retry",
        detail="The service is very busy right now. Please send the same request again shortly.",
        request=request,
        headers={"Retry-After": "1"},
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(MathpathError, _handle_domain)
    app.add_exception_handler(StarletteHTTPException, _handle_http)
    app.add_exception_handler(RequestValidationError, _handle_validation)
    app.add_exception_handler(OperationalError, _handle_database_busy)
    app.add_exception_handler(SATimeoutError, _handle_database_busy)

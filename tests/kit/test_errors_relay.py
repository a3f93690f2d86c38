"""How a client maps another service's problem answer into our own errors."""

from __future__ import annotations

import httpx
import pytest

from mathpath.kit.errors import (
    TYPE_BASE,
    BusinessRuleViolation,
    Conflict,
    MathpathError,
    NotFound,
    ServiceUnavailable,
    raise_for_problem,
)


def _problem(status: int, slug: str = "", title: str = "") -> httpx.Response:
    body = {"type": TYPE_BASE + slug, "title": title, "status": status, "detail": "why"}
    return httpx.Response(status, json=body)


def _raised(response: httpx.Response) -> MathpathError:
    with pytest.raises(MathpathError) as caught:
        raise_for_problem(response, "learning")
    return caught.value


def test_a_rule_broken_upstream_is_relayed_with_its_type_and_title() -> None:
    error = _raised(_problem(422, "seed-required", "A parametric item needs its seed"))
    assert isinstance(error, BusinessRuleViolation)
    assert (error.status, error.type_slug, error.title, error.detail) == (
        422, "seed-required", "A parametric item needs its seed", "why",
    )  # fmt: skip

    conflict = _raised(_problem(409, "idempotency-key-reused", "Key reused"))
    assert isinstance(conflict, Conflict)
    assert conflict.type_slug == "idempotency-key-reused"


def test_a_body_without_a_problem_type_keeps_the_generic_slug() -> None:
    error = _raised(httpx.Response(400, text="not json"))
    assert (error.status, error.type_slug) == (400, "business-rule")


def test_other_failures_keep_their_meaning() -> None:
    assert isinstance(_raised(_problem(404, "not-found")), NotFound)
    assert isinstance(_raised(_problem(500, "internal")), ServiceUnavailable)
    assert isinstance(_raised(_problem(429, "rate-limited")), ServiceUnavailable)
    raise_for_problem(httpx.Response(200, json={}), "learning")  # no error below 400

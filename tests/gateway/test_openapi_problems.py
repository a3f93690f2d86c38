"""The platform's OpenAPI document describes errors as they are sent: problem+json."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.fixtures.identity import create_user

PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


@pytest.fixture
async def document(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.get("/openapi.json")
    assert response.status_code == 200
    doc: dict[str, Any] = response.json()
    return doc


def _operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, op)
        for path, item in doc["paths"].items()
        for method, op in item.items()
        if isinstance(op, dict)
    ]


def test_every_error_response_is_documented_as_a_problem(document: dict[str, Any]) -> None:
    errors = [
        (method, path, status, response)
        for method, path, op in _operations(document)
        for status, response in op["responses"].items()
        if status[0] in "45"
    ]
    assert len(errors) > 100
    wrong = [(m, p, s) for m, p, s, r in errors if r.get("content") != PROBLEM]
    assert wrong == []
    schemas = document["components"]["schemas"]
    assert "HTTPValidationError" not in schemas and "ValidationError" not in schemas
    assert {"type", "title", "status", "detail", "errors"} <= set(schemas["Problem"]["properties"])


def test_validation_errors_are_documented_on_routes_that_validate(
    document: dict[str, Any],
) -> None:
    attempts = document["paths"]["/api/v1/attempts"]["post"]["responses"]
    assert attempts["422"]["content"] == PROBLEM


def test_idempotency_key_is_documented_required_where_it_is_required(
    document: dict[str, Any],
) -> None:
    required = {
        (method, path): parameter["required"]
        for method, path, op in _operations(document)
        for parameter in op.get("parameters", [])
        if parameter["name"] == "Idempotency-Key"
    }
    for route in (
        ("POST", "/api/v1/attempts"),
        ("POST", "/api/v1/billing/checkout"),
        ("POST", "/api/v1/students/{student_id}/feedback"),
        ("POST", "/api/v1/teaching/classes/{class_id}/assignments"),
    ):
        assert required[route] is True, route
    # The tutor's key only makes a retried message replay; a message without one is answered.
    assert required[("POST", "/api/v1/tutor/sessions/{session_id}/messages")] is False


async def test_a_validation_error_really_is_a_problem(client: httpx.AsyncClient) -> None:
    student = await create_user(client, "student")
    response = await client.post(
        "/api/v1/attempts",
        json={"item_id": "x"},
        headers={**student.headers, "Idempotency-Key": "a-good-key-0001"},
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["type"].endswith("/validation") and body["errors"][0]["loc"] == ["body", "answer"]
    missing = await client.post(
        "/api/v1/attempts", json={"item_id": "x", "answer": "1"}, headers=student.headers
    )
    assert missing.status_code == 422
    assert missing.json()["type"].endswith("/idempotency-key-required")

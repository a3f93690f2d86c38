"""Every error a service documents is the problem+json it really answers with.

FastAPI documents a route's error responses under ``application/json`` and adds its own 422
(``HTTPValidationError``) to any route with parameters; the handlers in `mathpath.kit.errors`
answer every error, validation included, as ``application/problem+json`` with the `Problem`
body. This rewrites the generated document to say so.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI

from mathpath.kit.errors import PROBLEM_JSON, Problem

_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
_FASTAPI_VALIDATION = ("HTTPValidationError", "ValidationError")


def as_problems(doc: dict[str, Any]) -> dict[str, Any]:
    """Rewrite `doc` in place (idempotent): each 4xx/5xx response is problem+json."""
    for item in doc.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for status, response in operation.get("responses", {}).items():
                if str(status)[0] in "45" and isinstance(response, dict):
                    _problem_content(str(status), response)
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Problem", _problem_schema())
    text = json.dumps(doc.get("paths", {}))
    for name in _FASTAPI_VALIDATION:
        if f'"#/components/schemas/{name}"' not in text:
            schemas.pop(name, None)
    return doc


def _problem_content(status: str, response: dict[str, Any]) -> None:
    # Whatever the route's own media type (JSON, HTML, a stream), its errors are problems.
    response["content"] = {PROBLEM_JSON: {"schema": dict(_PROBLEM_REF)}}
    if status == "422" and response.get("description") == "Validation Error":
        response["description"] = "The request is not valid (the problem lists each error)"


def _problem_schema() -> dict[str, Any]:
    schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schema.pop("$defs", None)
    return schema


def install_problem_openapi(app: FastAPI) -> None:
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        return as_problems(generate())

    app.openapi = openapi  # type: ignore[method-assign]

"""Fetching from services on behalf of the caller."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx
from graphql import GraphQLError

from mathpath.kit.runtime import ServiceDirectory


class ServiceFetcher:
    """GET a service's JSON with the caller's token; problem+json becomes a GraphQL error."""

    def __init__(
        self, directory: ServiceDirectory, authorization: str | None, request_id: str | None
    ) -> None:
        self.directory = directory
        self.headers: dict[str, str] = {}
        if authorization:
            self.headers["Authorization"] = authorization
        if request_id:
            self.headers["X-Request-ID"] = request_id

    async def get(
        self, service: str, path: str, *, query: Sequence[tuple[str, str]] = (), **params: Any
    ) -> Any:
        """``query`` for repeated parameters (``?student_id=a&student_id=b``)."""
        client = self.directory.client(service)
        pairs = [*query, *((k, v) for k, v in params.items() if v is not None)]
        try:
            response = await client.get(path, headers=self.headers, params=pairs)
        except httpx.HTTPError as exc:
            raise GraphQLError(
                f"the {service} service did not answer",
                extensions={"status": 503, "service": service},
            ) from exc
        if response.status_code >= 400:
            try:
                problem = response.json()
            except ValueError:
                problem = {}
            raise GraphQLError(
                str(problem.get("detail") or f"{service} answered {response.status_code}"),
                extensions={
                    "status": response.status_code,
                    "type": problem.get("type"),
                    "service": service,
                },
            )
        return response.json()

"""Mounting the schema on the gateway's app."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from strawberry.fastapi import GraphQLRouter

from mathpath.gateway.graphql.resolvers import ServiceFetcher
from mathpath.gateway.graphql.schema import schema
from mathpath.kit.runtime import ServiceDirectory


def graphql_router(directory: ServiceDirectory) -> GraphQLRouter[Any, None]:
    async def context(request: Request) -> dict[str, Any]:
        return {
            "fetcher": ServiceFetcher(
                directory, request.headers.get("authorization"), request.headers.get("x-request-id")
            ),
        }

    return GraphQLRouter(schema, context_getter=context, graphql_ide=None)

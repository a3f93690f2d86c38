"""Mounting the schema on the gateway's app."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from strawberry.fastapi import GraphQLRouter

from mathpath.access import Principal, token_verifier
from mathpath.access.policies import principal_from_claims
from mathpath.gateway.graphql.loaders import Loaders
from mathpath.gateway.graphql.resolvers import ServiceFetcher
from mathpath.gateway.graphql.schema import schema
from mathpath.gateway.graphql.types import Context
from mathpath.kit.runtime import Runtime


async def _viewer(runtime: Runtime, authorization: str | None) -> Principal | None:
    """The caller, for resolvers that shape answers by who asks (``me``, own classes). The
    gateway's middleware has already refused a token that does not verify."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    claims = await token_verifier(runtime).verify(token)
    return principal_from_claims(claims, token)


def graphql_router(runtime: Runtime) -> GraphQLRouter[Any, None]:
    async def context(request: Request) -> dict[str, Any]:
        authorization = request.headers.get("authorization")
        fetcher = ServiceFetcher(
            runtime.directory, authorization, request.headers.get("x-request-id")
        )
        return {
            "mathpath": Context(
                fetcher=fetcher,
                loaders=Loaders(fetcher),
                viewer=await _viewer(runtime, authorization),
            )
        }

    return GraphQLRouter(schema, context_getter=context, graphql_ide=None)

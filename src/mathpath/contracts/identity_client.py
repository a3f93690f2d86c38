"""Typed client of the identity service, used by ``mathpath.access`` and other services.

What it offers:

- :meth:`IdentityClient.jwks`: the public keys that verify access tokens;
- :meth:`IdentityClient.relations`: how the caller relates to a student (``self``,
  ``teacher``, ``parent``), cached under ``identity:rel:<student>:<viewer>``;
- :meth:`IdentityClient.relations_many`: the same for many students, one call for the
  answers not cached;
- :meth:`IdentityClient.class_relation`: ``teacher`` / ``member`` / ``none`` for a class;
- :meth:`IdentityClient.service_token`: an access token for background work (event
  handlers), obtained with an HMAC of the platform secret (every service process of one
  deployment shares ``MATHPATH_SECRET_KEY``);
- :meth:`IdentityClient.revocations`: users whose earlier access tokens are refused (for
  services, with a service token);
- :meth:`IdentityClient.confirm_erasure` / :meth:`IdentityClient.contribute_export`.

Cached relationship answers are dropped when identity publishes a relationship event:
install :func:`subscribe_relationship_invalidation` once per process (identity also drops
them itself when it changes a relationship, so a shared Redis cache is fresh at once).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any, Literal

import httpx

from mathpath.contracts.identity_events import (
    CLASS_MEMBERSHIP_CHANGED,
    PARENT_LINK_CHANGED,
    RELATIONSHIP_EVENTS,
    UserAccessRevoked,
)
from mathpath.kit.cache import Cache
from mathpath.kit.errors import (
    ServiceUnavailable,
    raise_for_problem,
)
from mathpath.kit.events import Event, EventBus

ISSUER = "https://identity.mathpath.dev"
AUDIENCE = "mathpath"
JWKS_PATH = "/.well-known/jwks.json"
RELATIONS_PATH = "/api/v1/identity/relations/students/{student_id}"
MANY_RELATIONS_PATH = "/api/v1/identity/relations/students"
MANY_RELATIONS_MAX = 100
CLASS_RELATION_PATH = "/api/v1/identity/relations/classes/{class_id}"
SERVICE_TOKEN_PATH = "/api/v1/identity/service-token"  # noqa: S105 - a URL path
ERASURE_CONFIRM_PATH = "/api/v1/identity/privacy/{request_id}/confirm"
REVOCATIONS_PATH = "/api/v1/identity/revocations"
EXPORT_CONTRIBUTE_PATH = "/api/v1/identity/privacy/{request_id}/contribute"

REL_PREFIX = "identity:rel:"
CLASS_REL_PREFIX = "identity:crel:"
RELATION_TTL_S = 300.0

Relation = Literal["self", "teacher", "parent"]
ClassRelation = Literal["teacher", "member", "none"]


def service_proof(secret_key: str, service: str, timestamp: int) -> str:
    message = f"{service}:{timestamp}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()


def relation_key(student_id: str, viewer_id: str) -> str:
    return f"{REL_PREFIX}{student_id}:{viewer_id}"


def class_relation_key(class_id: str, viewer_id: str) -> str:
    return f"{CLASS_REL_PREFIX}{class_id}:{viewer_id}"


def _raise_for(response: httpx.Response) -> None:
    raise_for_problem(response, "identity")


class IdentityClient:
    def __init__(self, http: httpx.AsyncClient, cache: Cache | None = None) -> None:
        self.http = http
        self.cache = cache
        self._service_tokens: dict[str, tuple[float, str]] = {}

    async def _get(
        self, path: str, bearer: str | None = None, params: tuple[tuple[str, str], ...] = ()
    ) -> Any:
        headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
        try:
            response = await self.http.get(path, headers=headers, params=params)
        except httpx.HTTPError as exc:
            raise ServiceUnavailable("identity could not be reached") from exc
        _raise_for(response)
        return response.json()

    async def _post(self, path: str, body: dict[str, Any], bearer: str | None = None) -> Any:
        headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
        try:
            response = await self.http.post(path, json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise ServiceUnavailable("identity could not be reached") from exc
        _raise_for(response)
        return response.json()

    async def jwks(self) -> dict[str, Any]:
        data: dict[str, Any] = await self._get(JWKS_PATH)
        return data

    async def relations(self, student_id: str, *, viewer_id: str, bearer: str) -> frozenset[str]:
        """How ``viewer_id`` (the bearer's subject) relates to ``student_id``."""
        key = relation_key(student_id, viewer_id)
        if self.cache is not None:
            cached = await self.cache.get(key)
            if isinstance(cached, list):
                return frozenset(str(r) for r in cached)
        data = await self._get(RELATIONS_PATH.format(student_id=student_id), bearer)
        relations = sorted(str(r) for r in data.get("relations", []))
        if self.cache is not None:
            await self.cache.set(key, relations, RELATION_TTL_S)
        return frozenset(relations)

    async def relations_many(
        self, student_ids: list[str], *, viewer_id: str, bearer: str
    ) -> dict[str, frozenset[str]]:
        """:meth:`relations` for each of ``student_ids``: cached answers, then one call per
        hundred students for the rest."""
        found: dict[str, frozenset[str]] = {}
        missing: list[str] = []
        for student_id in dict.fromkeys(student_ids):
            cached = (
                await self.cache.get(relation_key(student_id, viewer_id)) if self.cache else None
            )
            if isinstance(cached, list):
                found[student_id] = frozenset(str(r) for r in cached)
            else:
                missing.append(student_id)
        for start in range(0, len(missing), MANY_RELATIONS_MAX):
            chunk = missing[start : start + MANY_RELATIONS_MAX]
            data = await self._get(
                MANY_RELATIONS_PATH, bearer, params=tuple(("student_id", s) for s in chunk)
            )
            for entry in data:
                relations = sorted(str(r) for r in entry.get("relations", []))
                student_id = str(entry["student_id"])
                found[student_id] = frozenset(relations)
                if self.cache is not None:
                    await self.cache.set(
                        relation_key(student_id, viewer_id), relations, RELATION_TTL_S
                    )
        return found

    async def class_relation(self, class_id: str, *, viewer_id: str, bearer: str) -> str:
        key = class_relation_key(class_id, viewer_id)
        if self.cache is not None:
            cached = await self.cache.get(key)
            if isinstance(cached, str):
                return cached
        data = await self._get(CLASS_RELATION_PATH.format(class_id=class_id), bearer)
        relation = str(data.get("relation", "none"))
        if self.cache is not None:
            await self.cache.set(key, relation, RELATION_TTL_S)
        return relation

    async def service_token(self, service: str, secret_key: str) -> str:
        """A service access token, reused until a minute before it expires."""
        now = time.time()
        cached = self._service_tokens.get(service)
        if cached is not None and cached[0] > now + 60:
            return cached[1]
        ts = int(now)
        data = await self._post(
            SERVICE_TOKEN_PATH,
            {"service": service, "timestamp": ts, "proof": service_proof(secret_key, service, ts)},
        )
        token = str(data["access_token"])
        self._service_tokens[service] = (now + float(data["expires_in"]), token)
        return token

    async def revocations(self, *, bearer: str) -> list[UserAccessRevoked]:
        data = await self._get(REVOCATIONS_PATH, bearer)
        return [UserAccessRevoked.model_validate(entry) for entry in data.get("revoked", [])]

    async def confirm_erasure(self, request_id: str, service: str, *, bearer: str) -> None:
        await self._post(ERASURE_CONFIRM_PATH.format(request_id=request_id), {}, bearer)

    async def contribute_export(
        self, request_id: str, data: dict[str, Any], *, bearer: str
    ) -> None:
        await self._post(
            EXPORT_CONTRIBUTE_PATH.format(request_id=request_id), {"data": data}, bearer
        )


async def invalidate_for_event(cache: Cache, event: Event) -> None:
    payload = event.payload
    if event.type == CLASS_MEMBERSHIP_CHANGED:
        await cache.delete_prefix(f"{CLASS_REL_PREFIX}{payload.get('class_id', '')}:")
        for student_id in payload.get("student_ids", []):
            await cache.delete_prefix(f"{REL_PREFIX}{student_id}:")
    elif event.type == PARENT_LINK_CHANGED:
        await cache.delete_prefix(f"{REL_PREFIX}{payload.get('child_id', '')}:")
    else:
        # A role change or an erasure can change any answer involving that user.
        await cache.delete_prefix(REL_PREFIX)
        await cache.delete_prefix(CLASS_REL_PREFIX)


def subscribe_relationship_invalidation(bus: EventBus, cache: Cache, *, group: str) -> None:
    """Drop cached relationship answers when identity publishes a relationship event."""

    async def handler(event: Event) -> None:
        await invalidate_for_event(cache, event)

    bus.subscribe(group, RELATIONSHIP_EVENTS, handler)

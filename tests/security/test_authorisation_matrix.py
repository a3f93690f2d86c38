"""The authorisation matrix: every route of the platform's OpenAPI document, every role and
ownership case, against the policy the route declares.

A route without exactly one declared policy fails ``test_every_route_declares_one_policy``.
Policies are judged by their own names with an expected table written here, independently
of their implementation. Every route runs for real, with
its request transaction rolled back (so the matrix does not archive classes or erase the
actors it needs). "Denied" means 401, or 403 naming the route's policy; "allowed" means
anything else (a 404, 422 or even a 5xx from the route itself is not an authorisation
result: those belong to the route's own tests).
"""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.routing import APIRoute
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.access import PolicySpec, api_routes, policies_of
from mathpath.contracts.identity_client import service_proof
from mathpath.gateway.app import Gateway
from mathpath.kit import service as kit_service
from mathpath.kit.ids import new_id
from tests.fixtures.identity import TestUser, create_user, link_parent, put_in_class

HUMAN_ROLES = frozenset({"student", "teacher", "parent", "admin"})
ROLE_POLICIES: dict[str, frozenset[str]] = {
    "AnyUser": HUMAN_ROLES,
    "StudentOnly": frozenset({"student"}),
    "TeacherOnly": frozenset({"teacher"}),
    "ParentOnly": frozenset({"parent"}),
    "AdminOnly": frozenset({"admin"}),
}


@dataclass
class Actor:
    name: str
    role: str | None  # None: anonymous; "service" for a service token
    user: TestUser | None = None
    token: str | None = None

    @property
    def id(self) -> str:
        return self.user.id if self.user else ""

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}


@dataclass
class World:
    actors: dict[str, Actor]
    class_a: str
    class_b: str
    # who teaches / parents whom, by actor name
    teaches: dict[str, set[str]]
    parents: dict[str, set[str]]


def routes_of(gateway: Gateway) -> dict[tuple[str, str], tuple[str, APIRoute]]:
    table: dict[tuple[str, str], tuple[str, APIRoute]] = {}
    for service, app in gateway.local_apps.items():
        for path, route in api_routes(app):
            for method in route.methods:
                table[(path, method.lower())] = (service, route)
    return table


async def openapi_operations(client: httpx.AsyncClient) -> list[tuple[str, str]]:
    doc = (await client.get("/openapi.json")).json()
    ops = []
    for path, item in doc["paths"].items():
        for method in item:
            if method in ("get", "post", "put", "patch", "delete"):
                ops.append((path, method))
    return ops


async def test_every_route_declares_one_policy(client: httpx.AsyncClient, gateway: Gateway) -> None:
    table = routes_of(gateway)
    missing = []
    for path, method in await openapi_operations(client):
        entry = table.get((path, method))
        assert entry is not None, f"{method.upper()} {path} is in OpenAPI but not routed"
        specs = {spec.name for spec in policies_of(entry[1])}
        if len(specs) != 1:
            missing.append(f"{method.upper()} {path}: {sorted(specs) or 'no policy'}")
    assert not missing, "routes must declare exactly one policy:\n" + "\n".join(missing)


def test_a_route_without_policy_is_detected() -> None:
    app = FastAPI()

    @app.get("/api/v1/naked")
    async def naked() -> dict[str, str]:
        return {}

    ((_, route),) = api_routes(app)
    assert policies_of(route) == []


# --- the matrix -----------------------------------------------------------------------


def actor_client(gateway: Gateway, n: int) -> httpx.AsyncClient:
    # One address per actor: the gateway's per-address rate limit is not what we test here.
    transport = httpx.ASGITransport(app=gateway, client=(f"198.51.100.{n}", 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


@pytest.fixture
async def world(gateway: Gateway, client: httpx.AsyncClient) -> AsyncIterator[World]:
    s = await create_user(client, "student", display_name="S")
    c = await create_user(client, "student", display_name="C")
    o = await create_user(client, "student", display_name="O")
    t = await create_user(client, "teacher")
    t2 = await create_user(client, "teacher")
    p = await create_user(client, "parent")
    p2 = await create_user(client, "parent")
    a = await create_user(client, "admin")
    class_a = await put_in_class(client, t, s, c)
    class_b = await put_in_class(client, t2, o)
    await link_parent(client, p, s)
    await link_parent(client, p2, o)
    secret = gateway.settings.secret_key.get_secret_value()
    ts = int(time.time())
    svc = await client.post(
        "/api/v1/identity/service-token",
        json={
            "service": "learning",
            "timestamp": ts,
            "proof": service_proof(secret, "learning", ts),
        },
    )
    assert svc.status_code == 200, svc.text
    actors = {
        "anonymous": Actor("anonymous", None),
        "S": Actor("S", "student", s, s.token),
        "C": Actor("C", "student", c, c.token),
        "O": Actor("O", "student", o, o.token),
        "T": Actor("T", "teacher", t, t.token),
        "T2": Actor("T2", "teacher", t2, t2.token),
        "P": Actor("P", "parent", p, p.token),
        "P2": Actor("P2", "parent", p2, p2.token),
        "A": Actor("A", "admin", a, a.token),
        "svc": Actor("svc", "service", None, svc.json()["access_token"]),
    }
    yield World(
        actors=actors,
        class_a=class_a,
        class_b=class_b,
        teaches={"T": {"S", "C"}, "T2": {"O"}},
        parents={"P": {"S"}, "P2": {"O"}},
    )


def expected_student(policy: str, actor: Actor, target: str, world: World) -> bool:
    """May ``actor`` use a ``policy`` route about student ``target`` (an actor name)?"""
    if actor.role is None:
        return False
    if actor.role == "service":
        return policy == "CanViewStudent"
    is_self = actor.role == "student" and target == actor.name
    teacher = target in world.teaches.get(actor.name, set())
    parent = target in world.parents.get(actor.name, set())
    admin = actor.role == "admin"
    return {
        "StudentSelf": is_self,
        "TeacherOfStudent": teacher,
        "ParentOfStudent": parent,
        "CanViewStudent": is_self or teacher or parent or admin,
    }[policy]


def expected_class(actor: Actor, class_owner: str) -> bool:
    if actor.role == "admin":
        return True
    return actor.name == class_owner


def expected_role(spec: PolicySpec, actor: Actor) -> bool:
    if spec.name == "Public":
        return True
    if actor.role is None:
        return False
    if spec.name == "ServiceOnly":
        return actor.role == "service"
    if actor.role == "service":
        return spec.allows_service
    return actor.role in ROLE_POLICIES.get(spec.name, spec.roles)


async def _rollback_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with request.app.state.ctx.db.sessionmaker() as session:
        try:
            yield session
        finally:
            await session.rollback()


def roll_back_writes(gateway: Gateway) -> None:
    """Routes run for real, but their transaction is rolled back, so the matrix does not
    archive the classes or erase the accounts its later cases need."""
    for app in gateway.local_apps.values():
        app.dependency_overrides[kit_service._session] = _rollback_session


def denied(response: httpx.Response, policy: str) -> bool:
    if response.status_code == 401:
        return True
    if response.status_code == 403:
        return bool(response.json().get("policy") == policy)
    return False


_PARAM = re.compile(r"\{([^}]+)\}")


async def test_authorisation_matrix(
    gateway: Gateway, client: httpx.AsyncClient, world: World
) -> None:
    table = routes_of(gateway)
    operations = await openapi_operations(client)
    roll_back_writes(gateway)
    clients = {name: actor_client(gateway, i + 10) for i, name in enumerate(world.actors)}
    owners = {world.class_a: "T", world.class_b: "T2"}
    failures: list[str] = []
    checked = 0
    try:
        for path, method in operations:
            _, route = table[(path, method)]
            (spec,) = {s.name: s for s in policies_of(route)}.values()
            params = _PARAM.findall(path)
            if spec.subject == "student":
                cases = [("S", "S"), ("C", "C"), ("O", "O"), ("me", None)]
            elif spec.subject == "class":
                cases = [(world.class_a, world.class_a), (world.class_b, world.class_b)]
            else:
                cases = [("", None)]
            for actor in world.actors.values():
                for target, target_key in cases:
                    values = {p: new_id() for p in params}
                    if "student_id" in values:
                        values["student_id"] = world.actors["S"].id
                    if spec.subject == "student":
                        if target == "me":
                            literal = path.replace("{student_id}", "me")
                            if (literal, method) in table:
                                continue  # a route of its own answers .../me
                            values["student_id"] = "me"
                            target_key = actor.name
                        else:
                            values["student_id"] = world.actors[target].id
                        allow = expected_student(spec.name, actor, target_key or "", world)
                    elif spec.subject == "class":
                        values["class_id"] = target
                        allow = actor.role not in (None, "service") and expected_class(
                            actor, owners[target]
                        )
                    else:
                        allow = expected_role(spec, actor)
                    url = path.format(**values)
                    kwargs: dict[str, Any] = {"headers": actor.headers}
                    if method in ("post", "put", "patch"):
                        kwargs["json"] = {}
                    response = await clients[actor.name].request(method.upper(), url, **kwargs)
                    checked += 1
                    if response.status_code == 429:
                        failures.append(f"{method.upper()} {url} as {actor.name}: rate limited")
                    elif allow and denied(response, spec.name):
                        failures.append(
                            f"{method.upper()} {path} [{spec.name}] as {actor.name} on "
                            f"{target or '-'}: expected allow, got {response.status_code}"
                        )
                    elif not allow and not denied(response, spec.name):
                        failures.append(
                            f"{method.upper()} {path} [{spec.name}] as {actor.name} on "
                            f"{target or '-'}: expected deny, got {response.status_code}"
                        )
    finally:
        for c in clients.values():
            await c.aclose()
    assert checked > 100
    assert not failures, f"{len(failures)} of {checked} cases wrong:\n" + "\n".join(failures)

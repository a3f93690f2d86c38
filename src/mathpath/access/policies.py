"""Route policies: FastAPI dependencies that authenticate the caller and authorise the call.

Every policy function carries a :class:`PolicySpec` under ``__mathpath_policy__`` so tooling
(the authorisation matrix test, :func:`policies_of`) can tell which policy a route declared.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, Query, Request
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from mathpath.access.principal import ClassScope, Principal, StudentScope, StudentsScope
from mathpath.access.revocation import revocation_list
from mathpath.access.tokens import InvalidToken, TokenVerifier
from mathpath.contracts.identity_client import AUDIENCE, ISSUER, IdentityClient
from mathpath.kit.context import user_id_var
from mathpath.kit.errors import Forbidden, Unauthorized
from mathpath.kit.runtime import Runtime

F = TypeVar("F", bound=Callable[..., Any])

_bearer = HTTPBearer(auto_error=False, description="An access token from /api/v1/auth/token.")


@dataclass(frozen=True)
class PolicySpec:
    name: str
    # Roles the policy may admit (before any relationship check); empty for Public.
    roles: frozenset[str]
    # Relationship the policy checks, if any: student (path student_id) or class (class_id).
    subject: str | None = None
    allows_service: bool = False


def _policy(spec: PolicySpec) -> Callable[[F], F]:
    def mark(fn: F) -> F:
        fn.__mathpath_policy__ = spec  # type: ignore[attr-defined]
        return fn

    return mark


def policy_spec(call: Any) -> PolicySpec | None:
    spec = getattr(call, "__mathpath_policy__", None)
    return spec if isinstance(spec, PolicySpec) else None


def policies_of(route: APIRoute) -> list[PolicySpec]:
    """Every policy a route depends on (directly or through its own dependencies)."""
    found: list[PolicySpec] = []
    stack = list(route.dependant.dependencies)
    while stack:
        dep = stack.pop()
        spec = policy_spec(dep.call)
        if spec is not None:
            found.append(spec)
        stack.extend(dep.dependencies)
    return found


def api_routes(app: FastAPI) -> list[tuple[str, APIRoute]]:
    """Every API route of ``app`` with its full path, through included routers too."""
    found: list[tuple[str, APIRoute]] = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute):
            found.append((context.path_format or route.path_format, route))
    return found


# --- the verifier and identity client of this process -----------------------------------


def _runtime(request: Request) -> Runtime:
    ctx = getattr(request.app.state, "ctx", None)
    runtime = getattr(ctx, "runtime", None)
    if not isinstance(runtime, Runtime):
        raise RuntimeError("mathpath.access policies need a service app (app.state.ctx)")
    return runtime


def identity_client(runtime: Runtime) -> IdentityClient:
    client = runtime.extras.get("access.identity_client")
    if not isinstance(client, IdentityClient):
        client = IdentityClient(runtime.directory.client("identity"), runtime.cache)
        runtime.extras["access.identity_client"] = client
    return client


def token_verifier(runtime: Runtime) -> TokenVerifier:
    verifier = runtime.extras.get("access.verifier")
    if not isinstance(verifier, TokenVerifier):
        verifier = TokenVerifier(
            identity_client(runtime).jwks,
            issuer=ISSUER,
            audience=AUDIENCE,
            revocations=revocation_list(runtime),
        )
        runtime.extras["access.verifier"] = verifier
    return verifier


def principal_from_claims(claims: dict[str, Any], token: str) -> Principal:
    roles = claims.get("roles", [])
    if not isinstance(roles, list):
        raise InvalidToken("The access token's roles are malformed.")
    amr = claims.get("amr", [])
    return Principal(
        user_id=str(claims["sub"]),
        roles=frozenset(str(r) for r in roles),
        is_service=bool(claims.get("svc", False)),
        mfa=isinstance(amr, list) and "mfa" in amr,
        token=token,
        claims=claims,
    )


async def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("Sign in first: send 'Authorization: Bearer <access token>'.")
    token = credentials.credentials
    claims = await token_verifier(_runtime(request)).verify(token)
    principal = principal_from_claims(claims, token)
    user_id_var.set(principal.user_id)
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


class PolicyDenied(Forbidden):
    """A policy refused the caller; ``policy`` in the body names it (for clients and tests)."""

    type_slug = "policy-denied"
    title = "You may not do this"

    def __init__(self, policy: str, detail: str) -> None:
        super().__init__(detail, extra={"policy": policy})


def _human(principal: Principal, policy: str) -> None:
    if principal.is_service:
        raise PolicyDenied(policy, "This route is for signed-in users, not services.")


# --- the policies ------------------------------------------------------------------------


@_policy(PolicySpec("Public", frozenset()))
async def public() -> None:
    return None


@_policy(PolicySpec("AnyUser", frozenset({"student", "teacher", "parent", "admin"})))
async def any_user(principal: CurrentPrincipal) -> Principal:
    _human(principal, "AnyUser")
    return principal


@_policy(PolicySpec("ServiceOnly", frozenset(), allows_service=True))
async def service_only(principal: CurrentPrincipal) -> Principal:
    if not principal.is_service:
        raise PolicyDenied("ServiceOnly", "Only platform services may call this route.")
    return principal


def require_roles(*roles: str, name: str | None = None) -> Callable[..., Awaitable[Principal]]:
    """A role policy. ``admin`` is only granted to tokens issued after a second factor."""
    allowed = frozenset(roles)
    spec = PolicySpec(name or "Roles(" + ",".join(sorted(allowed)) + ")", allowed)

    @_policy(spec)
    async def check(principal: CurrentPrincipal) -> Principal:
        _human(principal, spec.name)
        if any(r in allowed and (r != "admin" or principal.mfa) for r in principal.roles):
            return principal
        if "admin" in allowed and "admin" in principal.roles:
            raise PolicyDenied(spec.name, "Administrators must sign in with their second factor.")
        raise PolicyDenied(spec.name, f"This route is for: {', '.join(sorted(allowed))}.")

    return check


async def _relations(request: Request, principal: Principal, student_id: str) -> frozenset[str]:
    client = identity_client(_runtime(request))
    return await client.relations(student_id, viewer_id=principal.user_id, bearer=principal.token)


def _student_policy(name: str, relations: frozenset[str], admin: bool, service: bool) -> Any:
    roles = set()
    if "self" in relations:
        roles.add("student")
    if "teacher" in relations:
        roles.add("teacher")
    if "parent" in relations:
        roles.add("parent")
    if admin:
        roles.add("admin")
    spec = PolicySpec(name, frozenset(roles), subject="student", allows_service=service)

    @_policy(spec)
    async def check(request: Request, principal: CurrentPrincipal, student_id: str) -> StudentScope:
        if principal.is_service:
            if service:
                return StudentScope(principal, student_id, "service")
            raise PolicyDenied(name, "This route is for signed-in users, not services.")
        target = principal.user_id if student_id == "me" else student_id
        if admin and principal.is_admin:
            return StudentScope(principal, target, "admin")
        if target == principal.user_id:
            if "self" in relations and "student" in principal.roles:
                return StudentScope(principal, target, "self")
            raise PolicyDenied(name, "This route is about a student's own data.")
        wanted = {r for r in relations if r != "self" and r in principal.roles}
        if wanted:
            found = await _relations(request, principal, target) & wanted
            if found:
                return StudentScope(principal, target, sorted(found)[0])
        # The same answer whether or not the student exists: no probing for accounts.
        raise PolicyDenied(name, "You do not have access to this student.")

    return check


MAX_BATCH_STUDENTS = 100


@_policy(
    PolicySpec(
        "CanViewStudents", frozenset({"student", "teacher", "parent", "admin"}), allows_service=True
    )
)
async def can_view_students(
    request: Request,
    principal: CurrentPrincipal,
    student_id: Annotated[list[str], Query(min_length=1, max_length=MAX_BATCH_STUDENTS)],
) -> StudentsScope:
    """``CanViewStudent`` for each ``?student_id=`` of a batch read: the route answers for
    the allowed ones and lists the others as denied (one identity call for the lot)."""
    me = principal.user_id
    wanted = list(dict.fromkeys(me if s == "me" else s for s in student_id))
    if principal.is_service or principal.is_admin:
        return StudentsScope(principal, tuple(wanted), ())
    allowed: set[str] = set()
    if "student" in principal.roles and me in wanted:
        allowed.add(me)
    asked = {"teacher", "parent"} & principal.roles
    others = [s for s in wanted if s != me]
    if asked and others:
        client = identity_client(_runtime(request))
        relations = await client.relations_many(others, viewer_id=me, bearer=principal.token)
        allowed.update(s for s in others if relations.get(s, frozenset()) & asked)
    return StudentsScope(
        principal,
        tuple(s for s in wanted if s in allowed),
        tuple(s for s in wanted if s not in allowed),
    )


@_policy(PolicySpec("TeacherOfClass", frozenset({"teacher", "admin"}), subject="class"))
async def teacher_of_class(
    request: Request, principal: CurrentPrincipal, class_id: str
) -> ClassScope:
    _human(principal, "TeacherOfClass")
    if principal.is_admin:
        return ClassScope(principal, class_id, "admin")
    if "teacher" in principal.roles:
        client = identity_client(_runtime(request))
        relation = await client.class_relation(
            class_id, viewer_id=principal.user_id, bearer=principal.token
        )
        if relation == "teacher":
            return ClassScope(principal, class_id, "teacher")
    raise PolicyDenied("TeacherOfClass", "Only the class's teacher may do this.")


student_self = _student_policy("StudentSelf", frozenset({"self"}), admin=False, service=False)
teacher_of_student = _student_policy(
    "TeacherOfStudent", frozenset({"teacher"}), admin=False, service=False
)
parent_of_student = _student_policy(
    "ParentOfStudent", frozenset({"parent"}), admin=False, service=False
)
can_view_student = _student_policy(
    "CanViewStudent", frozenset({"self", "teacher", "parent"}), admin=True, service=True
)
student_only = require_roles("student", name="StudentOnly")
teacher_only = require_roles("teacher", name="TeacherOnly")
parent_only = require_roles("parent", name="ParentOnly")
admin_only = require_roles("admin", name="AdminOnly")

Public = Annotated[None, Depends(public)]
AnyUser = Annotated[Principal, Depends(any_user)]
ServiceOnly = Annotated[Principal, Depends(service_only)]
StudentOnly = Annotated[Principal, Depends(student_only)]
TeacherOnly = Annotated[Principal, Depends(teacher_only)]
ParentOnly = Annotated[Principal, Depends(parent_only)]
AdminOnly = Annotated[Principal, Depends(admin_only)]
StudentSelf = Annotated[StudentScope, Depends(student_self)]
TeacherOfStudent = Annotated[StudentScope, Depends(teacher_of_student)]
ParentOfStudent = Annotated[StudentScope, Depends(parent_of_student)]
CanViewStudent = Annotated[StudentScope, Depends(can_view_student)]
TeacherOfClass = Annotated[ClassScope, Depends(teacher_of_class)]
CanViewStudents = Annotated[StudentsScope, Depends(can_view_students)]

"""Authorisation for every service: who is calling, and may they call this route.

Declare exactly one policy per route, as a parameter typed with one of these aliases::

    from mathpath.access import AnyUser, CanViewStudent, Public

    @router.get("/api/v1/learning/students/{student_id}/mastery")
    async def mastery(scope: CanViewStudent, session: SessionDep) -> MasteryOut:
        ...  # scope.student_id is resolved ("me" -> the caller); scope.principal is who

A route without a declared policy fails ``tests/security/test_authorisation_matrix.py``.

Policies (all answer 401 problem+json without a valid bearer token, 403 when refused):

=================  ======================================================================
``Public``         no token needed (returns ``None``)
``AnyUser``        any signed-in user (not a service token) -> :class:`Principal`
``StudentOnly``    role student -> :class:`Principal` (also ``TeacherOnly``, ``ParentOnly``)
``AdminOnly``      role admin AND a token issued after the second factor (MFA)
``ServiceOnly``    a platform service token (background work, see below)
``StudentSelf``    path ``{student_id}`` is the caller (``me`` allowed), who is a student
``TeacherOfStudent``  the caller teaches a class the student belongs to
``ParentOfStudent``   the caller is a linked parent of the student
``CanViewStudent``    self, teacher of, linked parent, admin (with MFA) or a service
``TeacherOfClass``    path ``{class_id}``: the caller is its teacher (or an admin)
``CanViewStudents``   batch reads (``?student_id=`` repeated, at most 100): splits them into
                      those ``CanViewStudent`` allows and the rest -> :class:`StudentsScope`
=================  ======================================================================

Student policies return a :class:`StudentScope` (``principal``, ``student_id``,
``relation``); ``TeacherOfClass`` a :class:`ClassScope`; the others a :class:`Principal`
(``user_id``, ``roles``, ``is_service``, ``mfa``, ``token`` to forward). For a role mix
not listed, make an alias once: ``TeacherOrParent = Annotated[Principal,
Depends(require_roles("teacher", "parent"))]`` (it is recognised by the matrix test).
Use :data:`CurrentPrincipal` only inside other dependencies, never as a route's policy.

Tokens: JWTs signed by identity (RS256, ``kid``; keys at ``/.well-known/jwks.json``),
claims ``sub``, ``roles``, ``iss`` (:data:`ISSUER`), ``aud`` (:data:`AUDIENCE`), ``exp``,
``iat``, ``nbf``, ``amr`` (``["pwd"]`` or ``["pwd", "mfa"]``), ``svc`` for services.
Verification is local after the first JWKS fetch (cached, refetched on an unknown ``kid``),
about 6,000 tokens/s per core (``benchmarks/identity``). A refused policy answers 403 with
``"policy": "<name>"`` in the problem body.

Revoked users: a user's token issued before identity revoked the user's access (erased,
disabled, role changed, password reset) is refused with 401 by the verifier itself, in every
service and the gateway, from an in-memory set (:mod:`mathpath.access.revocation`). Each
service calls ``install_revocations(ctx)`` in its startup.

Relationships (teacher of, parent of) come from identity through
:class:`mathpath.contracts.identity_client.IdentityClient`, cached in the runtime cache for
five minutes and dropped when identity changes a class membership or a parent link (identity
deletes the keys itself; a process with its own memory cache can also call
``subscribe_relationship_invalidation(runtime.bus, runtime.cache, group="<svc>.rel-cache")``).

Service tokens (event handlers calling another service): ``await
identity_client(ctx.runtime).service_token("learning", ctx.settings.secret_key.
get_secret_value())`` and send it as a bearer token; it satisfies ``ServiceOnly`` and
``CanViewStudent``.

Tests: ``tests/fixtures/identity.py`` has ``create_user(client, role=...)`` (returns a
``TestUser`` with ``id``, ``token``, ``headers``), ``put_in_class(client, teacher,
student)`` and ``link_parent(client, parent, child)``.
"""

from mathpath.access.policies import (
    AdminOnly,
    AnyUser,
    CanViewStudent,
    CanViewStudents,
    CurrentPrincipal,
    ParentOfStudent,
    ParentOnly,
    PolicySpec,
    Public,
    ServiceOnly,
    StudentOnly,
    StudentSelf,
    TeacherOfClass,
    TeacherOfStudent,
    TeacherOnly,
    api_routes,
    identity_client,
    policies_of,
    policy_spec,
    require_roles,
    token_verifier,
)
from mathpath.access.principal import ClassScope, Principal, StudentScope, StudentsScope
from mathpath.access.revocation import (
    AccessRevoked,
    Revocations,
    install_revocations,
    revocation_list,
    subscribe_revocations,
)
from mathpath.access.tokens import InvalidToken, TokenVerifier
from mathpath.contracts.identity_client import AUDIENCE, ISSUER

__all__ = [
    "AUDIENCE",
    "ISSUER",
    "AccessRevoked",
    "AdminOnly",
    "AnyUser",
    "CanViewStudent",
    "CanViewStudents",
    "ClassScope",
    "CurrentPrincipal",
    "InvalidToken",
    "ParentOfStudent",
    "ParentOnly",
    "PolicySpec",
    "Principal",
    "Public",
    "Revocations",
    "ServiceOnly",
    "StudentOnly",
    "StudentScope",
    "StudentSelf",
    "StudentsScope",
    "TeacherOfClass",
    "TeacherOfStudent",
    "TeacherOnly",
    "TokenVerifier",
    "api_routes",
    "identity_client",
    "install_revocations",
    "policies_of",
    "policy_spec",
    "require_roles",
    "revocation_list",
    "subscribe_revocations",
    "token_verifier",
]

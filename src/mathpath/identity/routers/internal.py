"""What other services and clients of the platform need from identity: public keys,
relationship answers, service tokens, privacy answers, and the development email outbox."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Query, Response

from mathpath.access import AdminOnly, AnyUser, Public, ServiceOnly
from mathpath.contracts.identity_client import service_proof
from mathpath.identity import audit, privacy, relationships, repository, revocations, sessions
from mathpath.identity.dependencies import StateDep, load_user
from mathpath.identity.schemas import (
    ClassRelationOut,
    ContributionIn,
    EmailOut,
    PrivacyRequestOut,
    RelationsOut,
    RevocationsOut,
    ServiceTokenIn,
    ServiceTokenOut,
)
from mathpath.kit.errors import NotFound, Unauthorized, error_responses
from mathpath.kit.service import SessionDep

router = APIRouter(tags=["identity"])
dev_router = APIRouter(tags=["development"])

SERVICE_PROOF_MAX_SKEW_S = 120
MAX_RELATIONS = 100


@router.get("/.well-known/jwks.json", summary="Public keys that verify access tokens")
async def jwks(_: Public, response: Response, state: StateDep) -> dict[str, object]:
    response.headers["Cache-Control"] = "public, max-age=300"
    return await state.keys.jwks()


@router.get(
    "/.well-known/openid-configuration",
    summary="Discovery document (issuer and JWKS location)",
)
async def discovery(_: Public, state: StateDep) -> dict[str, object]:
    return {
        "issuer": state.config.issuer,
        "jwks_uri": "/.well-known/jwks.json",
        "token_endpoint": "/api/v1/auth/token",
        "id_token_signing_alg_values_supported": [state.config.signing_algorithm],
    }


@router.get(
    "/api/v1/identity/relations/students/{student_id}",
    summary="How the caller relates to a student (self, teacher, parent)",
)
async def student_relations(
    student_id: str, principal: AnyUser, session: SessionDep
) -> RelationsOut:
    viewer = await load_user(session, principal)
    found = await relationships.relations(session, viewer, student_id)
    return RelationsOut(viewer_id=viewer.id, student_id=student_id, relations=found)


@router.get(
    "/api/v1/identity/relations/students",
    summary="How the caller relates to each of several students, in one call",
)
async def many_student_relations(
    principal: AnyUser,
    session: SessionDep,
    student_id: Annotated[list[str], Query(min_length=1, max_length=MAX_RELATIONS)],
) -> list[RelationsOut]:
    viewer = await load_user(session, principal)
    wanted = list(dict.fromkeys(student_id))
    found = await relationships.relations_many(session, viewer, wanted)
    return [RelationsOut(viewer_id=viewer.id, student_id=s, relations=found[s]) for s in wanted]


@router.get(
    "/api/v1/identity/relations/classes/{class_id}",
    summary="How the caller relates to a class (teacher, member, none)",
)
async def class_relation(
    class_id: str, principal: AnyUser, session: SessionDep
) -> ClassRelationOut:
    viewer = await load_user(session, principal)
    relation = await relationships.class_relation(session, viewer, class_id)
    return ClassRelationOut(viewer_id=viewer.id, class_id=class_id, relation=relation)


@router.post(
    "/api/v1/identity/service-token",
    responses=error_responses(Unauthorized),
    summary="A short-lived token for a platform service (HMAC of the deployment secret)",
)
async def service_token(body: ServiceTokenIn, _: Public, state: StateDep) -> ServiceTokenOut:
    if abs(time.time() - body.timestamp) > SERVICE_PROOF_MAX_SKEW_S or not _proof_ok(
        state.secret_key, body
    ):
        raise Unauthorized("The service proof is not valid.")
    token = await sessions.access_token(
        state, subject=f"service:{body.service}", roles=[], amr=["svc"], service=True
    )
    return ServiceTokenOut(access_token=token, expires_in=state.config.access_ttl_s)


def _proof_ok(secret: str, body: ServiceTokenIn) -> bool:
    import hmac

    return hmac.compare_digest(service_proof(secret, body.service, body.timestamp), body.proof)


def _service_name(subject: str) -> str:
    return subject.removeprefix("service:")


@router.get(
    "/api/v1/identity/revocations",
    summary="Users whose access tokens issued before a time are refused (services load it)",
)
async def access_revocations(_: ServiceOnly, session: SessionDep) -> RevocationsOut:
    return RevocationsOut(revoked=await revocations.live(session))


@router.post(
    "/api/v1/identity/privacy/{request_id}/confirm",
    responses=error_responses(NotFound),
    summary="A service confirms it erased a user's data",
)
async def confirm_erasure(
    request_id: str, service: ServiceOnly, session: SessionDep
) -> PrivacyRequestOut:
    row = await privacy.record_answer(session, request_id, _service_name(service.user_id), None)
    return privacy.request_out(row)


@router.post(
    "/api/v1/identity/privacy/{request_id}/contribute",
    responses=error_responses(NotFound),
    summary="A service contributes its part of a user's data export",
)
async def contribute_export(
    request_id: str, body: ContributionIn, service: ServiceOnly, session: SessionDep
) -> PrivacyRequestOut:
    row = await privacy.record_answer(
        session, request_id, _service_name(service.user_id), body.data
    )
    return privacy.request_out(row)


# Emails carry reset and verification codes: whoever reads them can take over accounts, so
# even in development only an administrator (signed in with MFA) may, and each read is
# audited. A developer at the machine reads them with `mathpath identity outbox`.
@dev_router.get(
    "/api/v1/identity/dev/outbox",
    summary="Development only: emails the embedded adapter would have sent (administrators)",
)
async def dev_outbox(
    actor: AdminOnly,
    session: SessionDep,
    to: str | None = Query(default=None, max_length=320),
    limit: int = Query(default=20, ge=1, le=200),
) -> list[EmailOut]:
    rows = await repository.emails_to(session, to, limit)
    await audit.record(session, "admin.read_dev_outbox", actor_id=actor.user_id, to=to)
    return [
        EmailOut(id=r.id, to=r.to_address, subject=r.subject, body=r.body, created_at=r.created_at)
        for r in rows
    ]

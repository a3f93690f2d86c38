"""Parent-child links by invitation: ``/api/v1/links``."""

from __future__ import annotations

from fastapi import APIRouter, status

from mathpath.access import ParentOnly, StudentOnly
from mathpath.identity import relationships, repository
from mathpath.identity.dependencies import MeDep, StateDep, load_user
from mathpath.identity.errors import AlreadyDone, InvalidOneTimeToken
from mathpath.identity.schemas import InviteAcceptIn, InviteOut, LinkOut
from mathpath.identity.serialise import link_out
from mathpath.kit.errors import NotFound, error_responses
from mathpath.kit.service import ContextDep, SessionDep

router = APIRouter(tags=["links"])


@router.post(
    "/api/v1/links/invitations",
    status_code=status.HTTP_201_CREATED,
    summary="A parent creates an invitation code for their child to accept",
)
async def invite(parent: ParentOnly, session: SessionDep, state: StateDep) -> InviteOut:
    link, code = await relationships.invite_child(
        session, await load_user(session, parent), state.config.link_invite_ttl_s
    )
    return InviteOut(link_id=link.id, invite_code=code, expires_at=link.expires_at)


@router.post(
    "/api/v1/links/accept",
    responses=error_responses(InvalidOneTimeToken, AlreadyDone),
    summary="A student accepts a parent's invitation",
)
async def accept(
    body: InviteAcceptIn, student: StudentOnly, session: SessionDep, ctx: ContextDep
) -> LinkOut:
    link = await relationships.accept_invitation(
        session, ctx, await load_user(session, student), body.invite_code
    )
    return link_out(link)


@router.get("/api/v1/links", summary="My links (a parent's children, or a child's parents)")
async def my_links(user: MeDep, session: SessionDep) -> list[LinkOut]:
    return [link_out(row) for row in await repository.links_of(session, user.id)]


@router.delete(
    "/api/v1/links/{link_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(NotFound),
    summary="End a link (either the parent or the child may)",
)
async def unlink(link_id: str, user: MeDep, session: SessionDep, ctx: ContextDep) -> None:
    await relationships.unlink(session, ctx, user, link_id)

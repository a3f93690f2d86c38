"""Identity's dependencies: its singletons and the signed-in user's row."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from mathpath.access import AnyUser, Principal
from mathpath.identity import repository
from mathpath.identity.models import User
from mathpath.identity.state import IdentityState, state_of
from mathpath.kit.errors import Unauthorized
from mathpath.kit.service import ContextDep, SessionDep


def get_state(ctx: ContextDep) -> IdentityState:
    return state_of(ctx)


StateDep = Annotated[IdentityState, Depends(get_state)]


async def load_user(session: SessionDep, principal: Principal) -> User:
    user = await repository.user_by_id(session, principal.user_id)
    if user is None or user.status != "active":
        raise Unauthorized("This account is no longer active. Sign in again.")
    return user


async def get_me(session: SessionDep, principal: AnyUser) -> User:
    return await load_user(session, principal)


# The caller's own row (the route's policy is AnyUser, declared through this alias).
MeDep = Annotated[User, Depends(get_me)]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"

"""Loading and checking in dependencies: a session is loaded once, and only for its owner."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header

from mathpath.access import StudentOnly
from mathpath.kit.service import SessionDep
from mathpath.tutor.models import TutorSession
from mathpath.tutor.service import load_owned_session


async def owned_session(session_id: str, principal: StudentOnly, db: SessionDep) -> TutorSession:
    return await load_owned_session(db, principal, session_id)


OwnedSession = Annotated[TutorSession, Depends(owned_session)]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=120)]

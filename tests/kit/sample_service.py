"""A tiny service built with the kit, for testing the kit itself."""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable, Mapping, Sequence

from fastapi import APIRouter, FastAPI
from pydantic import BaseModel
from sqlalchemy import String, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Mapped, mapped_column

from mathpath.kit.db import declarative_base_for
from mathpath.kit.errors import Conflict, error_responses
from mathpath.kit.outbox import define_outbox_tables
from mathpath.kit.runtime import Runtime
from mathpath.kit.service import (
    ContextDep,
    ServiceContext,
    ServiceSpec,
    SessionDep,
    build_service_app,
)

Base = declarative_base_for("sample")
OUTBOX = define_outbox_tables(Base.metadata)


class Note(Base):
    __tablename__ = "notes"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    text: Mapped[str] = mapped_column(String(200))


class NoteIn(BaseModel):
    id: str
    text: str


router = APIRouter()


@router.post("/api/v1/sample/notes", status_code=201, responses=error_responses(Conflict))
async def create_note(body: NoteIn, session: SessionDep, ctx: ContextDep) -> NoteIn:
    if await session.get(Note, body.id) is not None:
        raise Conflict(f"note {body.id} exists")
    session.add(Note(id=body.id, text=body.text))
    await ctx.emit(session, "note.created", {"id": body.id})
    if body.text == "locked":
        raise OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))
    if body.text == "fail-after-write":
        raise RuntimeError("boom after the write")
    return body


@router.get("/api/v1/sample/identity-jwks")
async def identity_jwks(ctx: ContextDep) -> dict[str, object]:
    """Calls another service, as learning calls identity for its keys."""
    response = await ctx.runtime.directory.client("identity").get("/.well-known/jwks.json")
    body: dict[str, object] = response.json()
    return body


@router.get("/api/v1/sample/notes")
async def list_notes(session: SessionDep) -> list[str]:
    return list(await session.scalars(select(Note.id).order_by(Note.id)))


def create_sample_app(
    runtime: Runtime,
    *,
    calls: Sequence[str] = (),
    checks: Mapping[str, Callable[[ServiceContext], Awaitable[None]]] | None = None,
) -> FastAPI:
    spec = ServiceSpec(
        name="sample",
        title="Sample",
        description="kit test service",
        metadata=Base.metadata,
        outbox=OUTBOX,
        routers=[router],
        prefixes=("/api/v1/sample",),
        calls=calls,
        checks=checks or {},
    )
    return build_service_app(spec, runtime)

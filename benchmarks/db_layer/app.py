"""The app under test: three routes through the kit's database layer.

Configured by environment variables so each variant runs in its own uvicorn process:
``BENCH_DB_URL``, ``BENCH_POOL`` (``queue`` or ``null``), ``BENCH_SYNCHRONOUS``
(``NORMAL`` or ``FULL``).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI
from pydantic import BaseModel
from sqlalchemy import Integer, String, event, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.pool import NullPool

from mathpath.kit.db import create_engine, declarative_base_for

Base = declarative_base_for("bench")


class Row(Base):
    __tablename__ = "rows"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(String(100))


URL = os.environ.get("BENCH_DB_URL", "sqlite+aiosqlite:///var/bench/bench.sqlite")
if os.environ.get("BENCH_POOL") == "null":
    engine = create_async_engine(URL, poolclass=NullPool)
elif os.environ.get("BENCH_POOL", "").isdigit():
    engine = create_engine(URL, pool_size=int(os.environ["BENCH_POOL"]))
else:
    engine = create_engine(URL)
if URL.startswith("sqlite") and os.environ.get("BENCH_SYNCHRONOUS", "NORMAL") == "FULL":

    @event.listens_for(engine.sync_engine, "connect")
    def _full(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.cursor().execute("PRAGMA synchronous=FULL")


sessions = async_sessionmaker(engine, expire_on_commit=False)


async def session_dep():  # type: ignore[no-untyped-def]
    async with sessions() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


SessionDep = Annotated[AsyncSession, Depends(session_dep, scope="function")]
FIRST_ID = 1


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    global FIRST_ID
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.drop_all)
        await conn.run_sync(Base.metadata.create_all)
    async with sessions() as session:
        row = Row(text="hello")
        session.add(row)
        await session.commit()
        FIRST_ID = row.id
    yield
    await engine.dispose()


app = FastAPI(lifespan=lifespan)


class RowIn(BaseModel):
    text: str


@app.get("/nodb")
async def nodb() -> dict[str, int]:
    return {"id": 1}


@app.get("/read")
async def read(session: SessionDep) -> dict[str, object]:
    row = (await session.execute(select(Row).where(Row.id == FIRST_ID))).scalar_one()
    return {"id": row.id, "text": row.text}


@app.post("/write")
async def write(body: RowIn, session: SessionDep) -> dict[str, object]:
    row = Row(text=body.text)
    session.add(row)
    await session.flush()
    return {"id": row.id}

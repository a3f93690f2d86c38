"""The learning service as the benchmark serves it: the real app, plus a bare one-row route.

`uvicorn --factory benchmarks.learning_http.server:create` with MATHPATH_DATA_DIR set and
BENCH_JWKS naming a JWKS file whose key signs the benchmark's tokens (identity is not run).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import select

from mathpath.access import token_verifier
from mathpath.kit.service import SessionDep
from mathpath.learning.app import create_app
from mathpath.learning.models import ContentVersion


def create() -> FastAPI:
    app = create_app()
    runtime = app.state.ctx.runtime
    token_verifier(runtime).load(json.loads(Path(os.environ["BENCH_JWKS"]).read_text()))

    async def one_row(session: SessionDep) -> dict[str, str]:
        """The floor: one SQLAlchemy async read through the same database layer."""
        row = await session.scalar(select(ContentVersion.id).limit(1))
        return {"version": row or ""}

    app.add_api_route("/api/v1/learning/bench/one-row", one_row, methods=["GET"])
    return app

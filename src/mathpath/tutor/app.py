"""The tutor service app."""

from __future__ import annotations

import asyncio

from fastapi import FastAPI

from mathpath.access import install_revocations
from mathpath.kit.runtime import Runtime
from mathpath.kit.service import ServiceContext, ServiceSpec, build_service_app
from mathpath.kit.settings import Settings
from mathpath.maths import checking
from mathpath.tutor import memory_extraction, streaming
from mathpath.tutor.config import TutorSettings
from mathpath.tutor.documents import close_session_documents, open_session_documents
from mathpath.tutor.engine import TutorEngine
from mathpath.tutor.events import subscribe
from mathpath.tutor.models import OUTBOX, Base
from mathpath.tutor.router import router
from mathpath.tutor.voice.base import Voice

NAME = "tutor"
# Paths this service answers under the gateway (longest prefix wins there).
PREFIXES: tuple[str, ...] = ("/api/v1/tutor",)
SETTINGS_KEY = "tutor.settings"
VOICE_KEY = "tutor.voice"


def tutor_settings(runtime: Runtime) -> TutorSettings:
    given = runtime.extras.get(SETTINGS_KEY)
    return given if isinstance(given, TutorSettings) else TutorSettings()


def state_url(settings: TutorSettings, platform: Settings) -> str:
    """Where the checkpoints and the memory store live: `CHECKPOINT_URL`, else the tutor's
    own database when that is PostgreSQL; empty means SQLite files under the data folder,
    which production refuses (its replicas share nothing on disk)."""
    url = settings.checkpoint_url or platform.database_url(NAME)
    if url.startswith("postgres"):
        return url
    if platform.is_production:
        raise ValueError(
            "refusing to start in production: the tutor's checkpoints and memory need "
            "PostgreSQL (MATHPATH_TUTOR_CHECKPOINT_URL or MATHPATH_TUTOR_DATABASE_URL)"
        )
    return ""


async def _ping_state(ctx: ServiceContext) -> None:
    engine = ctx.state.get("engine")
    if not isinstance(engine, TutorEngine):
        raise RuntimeError("the tutor engine is not started")
    await engine.ping()


async def _start(ctx: ServiceContext) -> None:
    settings = tutor_settings(ctx.runtime)
    settings = settings.model_copy(update={"checkpoint_url": state_url(settings, ctx.settings)})
    # Start the maths worker processes now: until they run, a diagnosis that needs one
    # would come back without a misconception.
    await asyncio.to_thread(checking.warm_up)
    voice = ctx.runtime.extras.get(VOICE_KEY)
    if voice is None and settings.voice == "llm":
        from mathpath.tutor.voice.llm import llm_voice_from_settings

        voice = llm_voice_from_settings(settings)
    ctx.state["engine"] = await TutorEngine.start(settings, ctx.settings.data_dir, voice=voice)
    subscribe(ctx)
    await open_session_documents(ctx, settings)


async def _stop(ctx: ServiceContext) -> None:
    await streaming.finish(ctx)
    await memory_extraction.stop(ctx)
    engine = ctx.state.pop("engine", None)
    if isinstance(engine, TutorEngine):
        await engine.aclose()
    await close_session_documents(ctx)


def create_app(runtime: Runtime | None = None) -> FastAPI:
    spec = ServiceSpec(
        name=NAME,
        title="Mathpath tutor",
        description="The AI tutor: sessions, retrieval and guidance checked by the maths engine.",
        metadata=Base.metadata,
        outbox=OUTBOX,
        routers=[router],
        prefixes=PREFIXES,
        on_startup=[install_revocations, _start],
        on_shutdown=[_stop],
        calls=("identity", "learning", "billing"),
        checks={"tutor.checkpoints": _ping_state},
    )
    return build_service_app(spec, runtime)


__all__ = ["NAME", "PREFIXES", "Voice", "create_app"]

"""Publishing content versions and keeping the published curriculum in memory.

Versions are content addressed (`pack@version+sha`), so loading the same pack twice is a
no-op and any change to the pack becomes a new, separate version: a published version is
never rewritten. The newest published version is what students practise; older versions
stay readable for attempts that refer to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.contracts.learning_events import CONTENT_PUBLISHED, ContentPublished
from mathpath.kit.clock import utcnow
from mathpath.kit.errors import NotFound, ServiceUnavailable
from mathpath.kit.service import ServiceContext
from mathpath.learning import repository as repo
from mathpath.learning.curriculum import Curriculum, InvalidPack, PackSnapshot, snapshot_dir
from mathpath.learning.models import ContentVersion

log = structlog.get_logger("mathpath.learning.catalog")

_CURRENT = "curriculum.current"
_VERSIONS = "curriculum.versions"


def bundled_content_dir() -> Path:
    """The repository's `content/` folder (an editable install), else `./content`."""
    beside_source = Path(__file__).resolve().parents[3] / "content"
    if (beside_source / "pack.yaml").is_file():
        return beside_source
    return Path.cwd() / "content"


@lru_cache(maxsize=4)
def _cached_snapshot(root: Path, stamp: float) -> PackSnapshot:
    del stamp  # part of the cache key only: a touched pack is read again
    return snapshot_dir(root)


def read_pack(root: Path) -> PackSnapshot:
    newest = max((p.stat().st_mtime for p in root.rglob("*") if p.is_file()), default=0.0)
    return _cached_snapshot(root.resolve(), newest)


@dataclass(frozen=True)
class PublishResult:
    version_id: str
    created: bool


async def publish(ctx: ServiceContext, session: AsyncSession, snap: PackSnapshot) -> PublishResult:
    """Publish a snapshot unless the same content is already published."""
    existing = await repo.version_by_checksum(session, snap.checksum)
    if existing is not None:
        return PublishResult(existing.id, created=False)
    now = utcnow()
    await repo.insert_version(session, snap, now)
    payload = ContentPublished(
        version_id=snap.version_id,
        pack_id=snap.pack.id,
        pack_version=snap.pack.version,
        checksum=snap.checksum,
        published_at=now,
        skills=len(snap.skills),
        modules=len(snap.modules),
        items=len(snap.items),
    )
    await ctx.emit(session, CONTENT_PUBLISHED, payload.model_dump(mode="json"))
    return PublishResult(snap.version_id, created=True)


async def ensure_published(ctx: ServiceContext, root: Path | None = None) -> None:
    """Startup hook: publish the bundled pack when the database has no version yet."""
    try:
        async with ctx.db.transaction() as session:
            if await repo.latest_version(session) is None:
                await publish(ctx, session, read_pack(root or bundled_content_dir()))
    except InvalidPack as exc:
        # Serve what can be served (curriculum routes answer 503) rather than not start.
        log.error("content_pack_invalid", error=str(exc)[:2000])
    await refresh(ctx)


async def refresh(ctx: ServiceContext) -> Curriculum | None:
    async with ctx.db.transaction() as session:
        version = await repo.latest_version(session)
        if version is None:
            return None
        versions: dict[str, Curriculum] = ctx.state.setdefault(_VERSIONS, {})
        current = versions.get(version.id) or await repo.load_curriculum(session, version)
    versions[current.version_id] = current
    ctx.state[_CURRENT] = current
    return current


def current(ctx: ServiceContext) -> Curriculum:
    found = ctx.state.get(_CURRENT)
    if not isinstance(found, Curriculum):
        raise ServiceUnavailable("No curriculum is published yet (run `mathpath content load`).")
    return found


async def version(ctx: ServiceContext, session: AsyncSession, version_id: str) -> Curriculum:
    """A published version by id (the current one, or an older one loaded on demand)."""
    versions: dict[str, Curriculum] = ctx.state.setdefault(_VERSIONS, {})
    if version_id in versions:
        return versions[version_id]
    row = await session.get(ContentVersion, version_id)
    if row is None:
        raise NotFound(f"No published content version {version_id!r}.")
    loaded = await repo.load_curriculum(session, row)
    versions[version_id] = loaded
    return loaded

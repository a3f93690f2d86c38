"""Publishing content versions and keeping the published curriculum in memory.

Versions are content addressed (`pack@version+sha`), so loading the same pack twice is a
no-op and any change to the pack becomes a new, separate version: a published version is
never rewritten. The newest published version is what students practise; older versions
stay readable for attempts that refer to them.

Every running process follows the newest version without a restart (see the README):
``content.published`` reaches each process through a consumer group of its own (a shared
group would hand the event to one process only), and a watcher re-reads the newest version
every ``content_check_s`` seconds, for a process that missed the event (the bus was down, or
the version was written by a path that emits none). Either way the switch is one query when
nothing changed, and a version is loaded at most once per process.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.contracts.learning_events import CONTENT_PUBLISHED, ContentPublished
from mathpath.kit.clock import utcnow
from mathpath.kit.errors import NotFound, ServiceUnavailable
from mathpath.kit.events import Event
from mathpath.kit.service import ServiceContext
from mathpath.learning.curriculum import Curriculum, InvalidPack, PackSnapshot, snapshot_dir
from mathpath.learning.documents import documents

log = structlog.get_logger("mathpath.learning.catalog")

_CURRENT = "curriculum.current"
_VERSIONS = "curriculum.versions"
_LOCK = "curriculum.lock"
_LISTENER = "curriculum.listener"
_WATCHER = "curriculum.watcher"
# How often a process re-reads the newest version on its own; ``runtime.extras`` may say
# otherwise under this key (tests, or a deployment that publishes rarely).
CHECK_KEY = "learning.content_check_s"
DEFAULT_CHECK_S = 30.0


def bundled_content_dir() -> Path:
    """The repository's `content/` folder (an editable install), else `./content`."""
    beside_source = Path(__file__).resolve().parents[3] / "content"
    if (beside_source / "pack.yaml").is_file():
        return beside_source
    return Path.cwd() / "content"


@lru_cache(maxsize=4)
def _cached_snapshot(root: Path, stamp: str) -> PackSnapshot:
    del stamp  # part of the cache key only: a changed pack is read again
    return snapshot_dir(root)


def _pack_stamp(root: Path) -> str:
    """Every file's path, size and modification time: an edited, added, removed or renamed
    file changes it (the newest mtime alone misses a removal)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        stat = path.stat()
        digest.update(f"{path.relative_to(root)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def read_pack(root: Path) -> PackSnapshot:
    return _cached_snapshot(root.resolve(), _pack_stamp(root))


@dataclass(frozen=True)
class PublishResult:
    version_id: str
    created: bool


async def publish(ctx: ServiceContext, session: AsyncSession, snap: PackSnapshot) -> PublishResult:
    """Publish a snapshot unless the same content is already published."""
    store = documents(ctx).content(session)
    existing = await store.by_checksum(snap.checksum)
    if existing is None:
        published = await store.insert(snap, utcnow())
    elif store.atomic_with_outbox:
        return PublishResult(existing.id, created=False)
    else:
        # Stored apart from the outbox: the event of an earlier try may not have been
        # committed, so it is staged again (consumers apply a version once).
        published = existing
    payload = ContentPublished(
        version_id=published.id,
        pack_id=published.pack_id,
        pack_version=published.pack_version,
        checksum=published.checksum,
        published_at=published.published_at,
        skills=len(snap.skills),
        modules=len(snap.modules),
        items=len(snap.items),
    )
    await ctx.emit(session, CONTENT_PUBLISHED, payload.model_dump(mode="json"))
    return PublishResult(published.id, created=existing is None)


async def ensure_published(ctx: ServiceContext, root: Path | None = None) -> None:
    """Startup hook: publish the bundled pack when the database has no version yet."""
    try:
        async with ctx.db.transaction() as session:
            if await documents(ctx).content(session).latest() is None:
                await publish(ctx, session, read_pack(root or bundled_content_dir()))
    except InvalidPack as exc:
        # Serve what can be served (curriculum routes answer 503) rather than not start.
        log.error("content_pack_invalid", error=str(exc)[:2000])
    await refresh(ctx)


def _lock(ctx: ServiceContext) -> asyncio.Lock:
    lock = ctx.state.get(_LOCK)
    if not isinstance(lock, asyncio.Lock):
        lock = ctx.state[_LOCK] = asyncio.Lock()
    return lock


async def refresh(ctx: ServiceContext) -> Curriculum | None:
    """Make the newest published version current (one query when it already is)."""
    async with _lock(ctx):  # the event and the watcher may ask at once: load once
        async with ctx.db.transaction() as session:
            store = documents(ctx).content(session)
            version = await store.latest()
            if version is None:
                return None
            versions: dict[str, Curriculum] = ctx.state.setdefault(_VERSIONS, {})
            current = versions.get(version.id) or await store.load(version)
        versions[current.version_id] = current
        previous = ctx.state.get(_CURRENT)
        ctx.state[_CURRENT] = current
    if isinstance(previous, Curriculum) and previous.version_id != current.version_id:
        log.info("content_version_switched", old=previous.version_id, new=current.version_id)
    return current


def _check_interval(ctx: ServiceContext) -> float:
    given = ctx.runtime.extras.get(CHECK_KEY)
    return float(given) if isinstance(given, int | float) and given > 0 else DEFAULT_CHECK_S


async def _watch(ctx: ServiceContext, every_s: float) -> None:
    while True:
        await asyncio.sleep(every_s)
        try:
            await refresh(ctx)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the database may be away for a moment: try next time
            log.warning("content_check_failed", error_type=type(exc).__name__)


def subscribe_refresh(ctx: ServiceContext) -> None:
    """Follow new versions in this process: its own consumer group for ``content.published``
    and a watcher on a timer. Stopped by :func:`stop_refresh`."""
    if _LISTENER in ctx.state:
        return
    ctx.state[_LISTENER] = True

    async def on_published(event: Event) -> None:
        del event  # whatever it names, the newest version is what new requests use
        await refresh(ctx)

    # Not ``ctx.on``: that records the event id once per service in the shared database,
    # and here every process must apply every event.
    ctx.on_each_process([CONTENT_PUBLISHED], "content-refresh", on_published)
    ctx.state[_WATCHER] = asyncio.create_task(_watch(ctx, _check_interval(ctx)))


async def stop_refresh(ctx: ServiceContext) -> None:
    """Shutdown hook: stop the watcher (the kit drops this process's consumer group)."""
    task = ctx.state.pop(_WATCHER, None)
    if isinstance(task, asyncio.Task):
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    ctx.state.pop(_LISTENER, None)


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
    store = documents(ctx).content(session)
    row = await store.get(version_id)
    if row is None:
        raise NotFound(f"No published content version {version_id!r}.")
    loaded = await store.load(row)
    versions[version_id] = loaded
    return loaded

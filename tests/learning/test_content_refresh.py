"""New content reaches running learning processes without a restart.

A version published elsewhere (``mathpath content load`` in another process, or any other
path) is announced by ``content.published``; every process has its own consumer group for
it, and a watcher re-reads the newest version on a timer for a process that missed it.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from sqlalchemy import delete

from mathpath.gateway.app import Gateway
from mathpath.kit.runtime import Runtime
from mathpath.kit.service import ServiceContext
from mathpath.kit.settings import Settings
from mathpath.learning import catalog
from mathpath.learning.app import create_app as create_learning
from mathpath.learning.content.schema import StaticItem
from mathpath.learning.curriculum import Curriculum
from tests.fixtures.learning import Tokens, answer
from tests.fixtures.platform import drain_events, make_settings
from tests.fixtures.servers import REDIS_URL
from tests.learning.helpers import answer_of, curriculum_of, numeric_items

NEW_STEM = "Revised question: work it out carefully."


def _ctx(gateway: Gateway) -> ServiceContext:
    ctx: ServiceContext = gateway.local_apps["learning"].state.ctx
    return ctx


def changed_pack(tmp_path: Path, curriculum: Curriculum, item: StaticItem) -> Path:
    """A copy of the bundled pack with one item's stem reworded (a new version)."""
    root = tmp_path / f"pack-{uuid.uuid4().hex[:8]}"
    shutil.copytree(catalog.bundled_content_dir(), root)
    items_file = root / "modules" / curriculum.item_module[item.id] / "items.yaml"
    items = yaml.safe_load(items_file.read_text("utf-8"))
    for raw in items:
        if raw["id"] == item.id:
            raw["stem"] = NEW_STEM
    items_file.write_text(yaml.safe_dump(items, sort_keys=False, allow_unicode=True), "utf-8")
    return root


async def _item(client: httpx.AsyncClient, headers: dict[str, str], item_id: str) -> Any:
    response = await client.get(f"/api/v1/items/{item_id}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_pack_loaded_by_another_process_is_served_by_the_running_one(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens, settings: Settings, tmp_path: Path
) -> None:
    old = curriculum_of(gateway)
    item = numeric_items(old)[0]
    student = tokens.user("student")
    before = await _item(client, student.headers, item.id)
    assert before["content_version"] == old.version_id and before["stem"] != NEW_STEM
    pack = changed_pack(tmp_path, old, item)

    env = {
        **os.environ,
        "MATHPATH_ENVIRONMENT": "test",
        "MATHPATH_DATA_DIR": str(settings.data_dir),
        "MATHPATH_LOG_LEVEL": "WARNING",
    }
    command = Path(sys.executable).with_name("mathpath")
    proc = await asyncio.create_subprocess_exec(
        str(command),
        "content",
        "load",
        str(pack),
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout=240)
    assert proc.returncode == 0, err.decode()[-2000:]
    new_version = out.decode().split(":", 1)[0].strip()
    assert new_version != old.version_id and "published" in out.decode()

    # The running relay finds the other process's event in the outbox and every learning
    # process's own group gets it: no restart, no call to refresh.
    await drain_events(gateway)
    after = await _item(client, student.headers, item.id)
    assert (after["content_version"], after["stem"]) == (new_version, NEW_STEM)

    # Attempts name the version they were made against; the old one stays valid.
    on_old = await answer(client, student, item.id, answer_of(item), content_version=old.version_id)
    on_new = await answer(client, student, item.id, answer_of(item))
    assert on_old.status_code == 201, on_old.text
    assert on_new.status_code == 201, on_new.text
    assert on_old.json()["content_version"] == old.version_id
    assert on_new.json()["content_version"] == new_version
    assert on_old.json()["correct"] is on_new.json()["correct"] is True


@pytest.fixture
async def watched_gateway(settings: Settings) -> AsyncIterator[Gateway]:
    runtime = Runtime(settings)
    runtime.extras[catalog.CHECK_KEY] = 0.05
    gw = Gateway(settings, runtime)
    async with gw.app.router.lifespan_context(gw.app):
        yield gw
        await drain_events(gw)  # nothing staged left for a service already stopped


async def test_a_process_that_missed_the_event_switches_on_its_next_check(
    watched_gateway: Gateway, tmp_path: Path
) -> None:
    ctx = _ctx(watched_gateway)
    old = catalog.current(ctx)
    item = numeric_items(old)[0]
    snap = catalog.read_pack(changed_pack(tmp_path, old, item))
    async with ctx.db.transaction() as session:
        result = await catalog.publish(ctx, session, snap)
        # As if the event were lost: it never leaves the outbox.
        await session.execute(delete(ctx.outbox.outbox))
    assert result.created
    deadline = time.monotonic() + 30
    while catalog.current(ctx).version_id != result.version_id:
        assert time.monotonic() < deadline, "the watcher never switched to the new version"
        await asyncio.sleep(0.05)
    assert catalog.current(ctx).items[item.id].stem == NEW_STEM


async def test_refresh_loads_a_version_once_and_is_one_query_when_nothing_changed(
    gateway: Gateway, tmp_path: Path
) -> None:
    from sqlalchemy import event as sa_event

    ctx = _ctx(gateway)
    old = catalog.current(ctx)
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(" ".join(str(args[2]).split()))

    engine = ctx.db.engine.sync_engine
    sa_event.listen(engine, "before_cursor_execute", count)
    try:
        same = await catalog.refresh(ctx)
        unchanged = len(statements)
        assert same is old
        snap = catalog.read_pack(changed_pack(tmp_path, old, numeric_items(old)[0]))
        async with ctx.db.transaction() as session:
            await catalog.publish(ctx, session, snap)
        statements.clear()
        first, second = await asyncio.gather(catalog.refresh(ctx), catalog.refresh(ctx))
    finally:
        sa_event.remove(engine, "before_cursor_execute", count)
    assert unchanged == 1  # nothing new: one query
    assert first is second and first is not None and first.version_id == snap.version_id
    # Two refreshes at once (and the event's, in the background) load the version once.
    item_reads = [s for s in statements if s.startswith("SELECT") and "FROM items" in s]
    assert len(item_reads) == 1, statements


def test_removing_a_file_is_seen_though_no_mtime_moves_forward(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(catalog.bundled_content_dir(), root)  # copies keep their mtimes
    files = sorted(p for p in root.rglob("*") if p.is_file())
    newest = max(p.stat().st_mtime for p in files)
    before = catalog._pack_stamp(root)
    victim = next(p for p in files if p.stat().st_mtime < newest and p.suffix == ".md")
    victim.unlink()
    assert max(p.stat().st_mtime for p in root.rglob("*") if p.is_file()) == newest
    assert catalog._pack_stamp(root) != before  # so read_pack reads the pack again


@pytest.mark.redis
@pytest.mark.integration
async def test_every_process_on_the_redis_bus_switches(
    data_dir: Path, redis_client: Any, redis_prefix: str, tmp_path: Path
) -> None:
    """Two learning processes (own runtimes, one database) on Redis Streams: the event
    reaches both, though a consumer group shared by name would hand it to one only."""
    settings = make_settings(
        data_dir, redis_url=REDIS_URL, event_bus="redis", redis_stream_prefix=redis_prefix
    )
    runtimes = [Runtime(settings), Runtime(settings)]
    for runtime in runtimes:
        runtime.extras[catalog.CHECK_KEY] = 3600  # only the event can switch them
    apps = [create_learning(runtime) for runtime in runtimes]
    contexts: list[ServiceContext] = [app.state.ctx for app in apps]
    try:
        async with apps[0].router.lifespan_context(apps[0]):
            async with apps[1].router.lifespan_context(apps[1]):
                for runtime in runtimes:
                    await runtime.start_bus()
                old = catalog.current(contexts[0])
                snap = catalog.read_pack(changed_pack(tmp_path, old, numeric_items(old)[0]))
                async with contexts[0].db.transaction() as session:
                    await catalog.publish(contexts[0], session, snap)
                deadline = time.monotonic() + 60
                while any(catalog.current(c).version_id != snap.version_id for c in contexts):
                    assert time.monotonic() < deadline, [
                        catalog.current(c).version_id for c in contexts
                    ]
                    await asyncio.sleep(0.05)
                groups = await redis_client.xinfo_groups(f"{redis_prefix}:events:content.published")
                assert len(groups) >= 2
        # A stopped process removes its own group.
        left = await redis_client.xinfo_groups(f"{redis_prefix}:events:content.published")
        assert not [g for g in left if b"content-refresh" in g["name"]]
    finally:
        for runtime in runtimes:
            await runtime.aclose()
        keys = [k async for k in redis_client.scan_iter(match=f"{redis_prefix}*")]
        if keys:
            await redis_client.delete(*keys)

"""Publishing content: versions are content addressed and never rewritten."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from mathpath.gateway.app import Gateway
from mathpath.learning import catalog
from mathpath.learning.curriculum import InvalidPack
from mathpath.learning.models import ContentVersion
from tests.fixtures.learning import Tokens


async def test_startup_publishes_the_bundled_pack(gateway: Gateway) -> None:
    ctx = gateway.local_apps["learning"].state.ctx
    curriculum = catalog.current(ctx)
    bundled = catalog.read_pack(catalog.bundled_content_dir())
    assert curriculum.version_id == bundled.version_id
    assert len(curriculum.skills) == len(bundled.skills) > 0


async def test_loading_the_same_pack_again_is_a_no_op(gateway: Gateway, tmp_path: Path) -> None:
    ctx = gateway.local_apps["learning"].state.ctx
    copy = tmp_path / "content"
    shutil.copytree(catalog.bundled_content_dir(), copy)  # frozen: the pack is edited live
    async with ctx.db.transaction() as session:
        await catalog.publish(ctx, session, catalog.read_pack(copy))
        before = await session.scalar(select(func.count()).select_from(ContentVersion))
    async with ctx.db.transaction() as session:
        result = await catalog.publish(ctx, session, catalog.read_pack(copy))
        after = await session.scalar(select(func.count()).select_from(ContentVersion))
    assert result.created is False and after == before


async def test_changed_pack_is_a_new_version_and_old_one_stays(
    gateway: Gateway, tmp_path: Path
) -> None:
    ctx = gateway.local_apps["learning"].state.ctx
    old = catalog.current(ctx)
    copy = tmp_path / "content"
    shutil.copytree(catalog.bundled_content_dir(), copy)
    module = next((copy / "modules").iterdir())
    module_file = module / "module.yaml"
    text = module_file.read_text()
    module_file.write_text(text.replace("summary:", "summary: Revised.", 1))
    async with ctx.db.transaction() as session:
        result = await catalog.publish(ctx, session, catalog.read_pack(copy))
    assert result.created is True and result.version_id != old.version_id
    fresh = await catalog.refresh(ctx)
    assert fresh is not None and fresh.version_id == result.version_id
    async with ctx.db.transaction() as session:
        again = await catalog.version(ctx, session, old.version_id)
    assert again.modules[module.name].summary == old.modules[module.name].summary


def test_pack_with_errors_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "content"
    shutil.copytree(catalog.bundled_content_dir(), copy)
    skills = next((copy / "skills").glob("*.yaml"))
    skills.write_text(skills.read_text() + "\n- id: broken\n")
    with pytest.raises(InvalidPack):
        catalog.read_pack(copy)


async def test_curriculum_routes_list_skills_modules_and_lessons(
    client: httpx.AsyncClient, tokens: Tokens
) -> None:
    headers = tokens.user("student").headers
    skills = (await client.get("/api/v1/skills", headers=headers)).json()
    modules = (await client.get("/api/v1/modules", headers=headers)).json()
    assert skills and modules
    one = (await client.get(f"/api/v1/skills/{skills[0]['id']}", headers=headers)).json()
    assert one["id"] == skills[0]["id"]
    module = modules[0]
    lesson = module["lessons"][0]
    shown = await client.get(
        f"/api/v1/modules/{module['id']}/lessons/{lesson['id']}", headers=headers
    )
    assert shown.status_code == 200 and "## Explanation" in shown.json()["body"]
    missing = await client.get("/api/v1/skills/no.such-skill", headers=headers)
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")


async def test_curriculum_needs_a_signed_in_user(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/v1/skills")).status_code == 401

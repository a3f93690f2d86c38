"""Checkpointed state across restarts (SQLite embedded, PostgreSQL distributed) and erasure."""

from pathlib import Path
from typing import Any

import pytest

from mathpath.tutor.config import TutorSettings
from mathpath.tutor.engine import TutorEngine
from mathpath.tutor.memory import get_profile, record_difficulty, update_profile
from tests.fixtures.tutor import CONTENT_DIR, linear_item

ITEM = linear_item()


def _first() -> dict[str, Any]:
    return {
        "student_id": "stu-1",
        "item": ITEM.to_dict(),
        "mode": "practice",
        "rung": 0,
        "attempts": 0,
        "solved": False,
    }


async def _turn(engine: TutorEngine, n: int, text: str, first: bool = False) -> dict[str, Any]:
    update = {"session_id": "sess-1", "message": text, "turn": n}
    return dict(await engine.run_turn(_first() if first else None, update))


async def _survives_restart(settings: TutorSettings, state_dir: Path) -> None:
    engine = await TutorEngine.start(settings, state_dir)
    try:
        out = await _turn(engine, 0, "hint please", first=True)
        assert out["rung"] == 1
    finally:
        await engine.aclose()
    engine = await TutorEngine.start(settings, state_dir)
    try:
        out = await _turn(engine, 1, "another hint")
        assert out["rung"] == 2
        assert [t["message"] for t in out["transcript"]] == ["hint please", "another hint"]
    finally:
        await engine.aclose()


async def test_sqlite_checkpoints_survive_a_restart(tmp_path: Path) -> None:
    await _survives_restart(TutorSettings(content_dir=CONTENT_DIR), tmp_path)


@pytest.mark.postgres
async def test_postgres_checkpoints_survive_a_restart(pg_database: str, tmp_path: Path) -> None:
    await _survives_restart(
        TutorSettings(content_dir=CONTENT_DIR, checkpoint_url=pg_database), tmp_path
    )


@pytest.mark.postgres
async def test_postgres_memory_is_erased_per_student(pg_database: str, tmp_path: Path) -> None:
    engine = await TutorEngine.start(
        TutorSettings(content_dir=CONTENT_DIR, checkpoint_url=pg_database), tmp_path
    )
    try:
        await _erasure_removes_only_that_student(engine)
    finally:
        await engine.aclose()


async def _erasure_removes_only_that_student(engine: TutorEngine) -> None:
    await _turn(engine, 0, "hint", first=True)
    await update_profile(engine.store, "stu-1", {"exam_board": "AQA", "not_a_profile_key": 1})
    await update_profile(engine.store, "stu-2", {"exam_board": "OCR"})
    await record_difficulty(engine.store, "stu-1", "sign-error", item_id="i", key="a1")
    assert await get_profile(engine.store, "stu-1") == {"exam_board": "AQA"}
    await engine.erase_student("stu-1", ["sess-1"])
    assert await get_profile(engine.store, "stu-1") == {}
    assert await engine.store.asearch(("tutor", "stu-1", "difficulties")) == []
    assert await get_profile(engine.store, "stu-2") == {"exam_board": "OCR"}
    assert await engine.checkpointer.aget_tuple({"configurable": {"thread_id": "sess-1"}}) is None


async def test_sqlite_memory_is_erased_per_student(tmp_path: Path) -> None:
    engine = await TutorEngine.start(TutorSettings(content_dir=CONTENT_DIR), tmp_path)
    try:
        await _erasure_removes_only_that_student(engine)
    finally:
        await engine.aclose()


async def test_a_difficulty_is_counted_once_per_source(tmp_path: Path) -> None:
    engine = await TutorEngine.start(TutorSettings(content_dir=CONTENT_DIR), tmp_path)
    try:
        for key in ("attempt:1", "attempt:1", "attempt:2"):
            await record_difficulty(engine.store, "stu-9", "sign-error", item_id="i", key=key)
        entry = await engine.store.aget(("tutor", "stu-9", "difficulties"), "sign-error")
        assert entry is not None and entry.value["count"] == 2
    finally:
        await engine.aclose()

"""Long-term memory without a model: cleaning and merging what LangMem proposes, the
per-session debounce, and the context agent reading the student's own memory."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack
from pathlib import Path

import pytest
from langgraph.store.memory import InMemoryStore

from mathpath.tutor import memory
from mathpath.tutor.engine import open_state
from mathpath.tutor.memory_extraction import (
    PROFILE_ID,
    Debouncer,
    SkillDifficulty,
    StudentProfile,
    apply,
    board,
    clean,
    merged_profile,
)
from tests.fixtures.tutor import GraphHarness, linear_item

ITEM = linear_item()  # skill alg.solve-linear


def test_exam_boards_are_normalised_and_unknown_ones_dropped() -> None:
    assert [board(b) for b in ("aqa", " Pearson  Edexcel", "OCR-MEI", "Hogwarts", None)] == [
        "AQA",
        "Edexcel",
        "OCR MEI",
        None,
        None,
    ]


def test_contact_details_never_reach_the_store() -> None:
    text = clean("email me at sam.smith@example.com or ring 07700 900123 about   grade 7")
    assert "example.com" not in text and "07700" not in text
    assert text.endswith("about grade 7")
    assert len(clean("x" * 1000)) == 160


def test_a_patch_replaces_lists_and_a_new_profile_adds_to_them() -> None:
    stored = {"exam_board": "AQA", "goals": ["grade 7"], "preferences": ["short hints"]}
    patched = StudentProfile(exam_board="edexcel", goals=["grade 8"], preferences=[])
    assert merged_profile(stored, patched, patched=True) == {
        "exam_board": "Edexcel",
        "goals": ["grade 8"],
        "preferences": [],
    }
    proposed = StudentProfile(goals=["Grade 7", "pass mocks"])
    assert merged_profile(stored, proposed, patched=False) == {"goals": ["grade 7", "pass mocks"]}


async def test_apply_keeps_one_profile_and_one_note_per_skill_of_the_item() -> None:
    store = InMemoryStore()
    for note in ("drops the sign", "drops the sign when dividing"):
        changed = await apply(
            store, "u1", "s1", ITEM,
            [(PROFILE_ID, StudentProfile(exam_board="OCR")),
             ("new", SkillDifficulty(skill_id="alg.solve-linear", note=note)),
             ("other", SkillDifficulty(skill_id="geo.angles", note="not this item"))],
        )  # fmt: skip
    assert changed == ["skill:alg.solve-linear"]  # the profile did not change the 2nd time
    notes = await store.asearch(memory.namespace("u1", memory.SKILL_NOTES))
    assert [(n.key, n.value["note"], n.value["sessions"]) for n in notes] == [
        ("alg.solve-linear", "drops the sign when dividing", ["s1"])
    ]
    assert len(await store.asearch(memory.namespace("u1", "profile"))) == 1


async def test_events_close_together_make_one_job_and_a_busy_session_still_runs() -> None:
    runs: list[tuple[str, str]] = []

    async def run(session_id: str, student_id: str) -> None:
        runs.append((session_id, student_id))

    debouncer = Debouncer(run, debounce_s=0.3, max_wait_s=60)
    for _ in range(5):
        debouncer.schedule("s1", "u1")
    debouncer.schedule("s2", "u2")
    assert sorted(debouncer.waiting) == ["s1", "s2"]
    await debouncer.drain()
    assert sorted(runs) == [("s1", "u1"), ("s2", "u2")]

    runs.clear()
    busy = Debouncer(run, debounce_s=30, max_wait_s=0.2)  # never pauses: max_wait applies
    busy.schedule("s1", "u1")
    await asyncio.sleep(0.05)
    busy.schedule("s1", "u1")
    await asyncio.wait_for(busy.drain(), timeout=5)
    assert runs == [("s1", "u1")]


async def test_cancelling_a_student_stops_their_running_job_only() -> None:
    started, finished = asyncio.Event(), []

    async def run(session_id: str, student_id: str) -> None:
        if student_id == "u1":
            started.set()
            await asyncio.sleep(30)
        finished.append(student_id)

    debouncer = Debouncer(run, debounce_s=0, max_wait_s=60)
    debouncer.schedule("s1", "u1")
    debouncer.schedule("s2", "u2")
    await started.wait()
    await asyncio.wait_for(debouncer.cancel("u1"), timeout=5)
    await debouncer.drain()
    assert finished == ["u2"]


async def test_the_context_agent_reads_the_students_own_memory(harness: GraphHarness) -> None:
    await memory.update_profile(harness.store, "u1", {"exam_board": "AQA", "goals": ["grade 7"]})
    await memory.put_skill_note(
        harness.store, "u1", "alg.solve-linear", "forgets to divide both sides", session_id="s0"
    )
    await memory.update_profile(harness.store, "u2", {"exam_board": "OCR"})
    await harness.start(ITEM, student_id="u1")
    out = await harness.say("hint please")
    [about] = [c for c in out["context"] if c["source"] == "memory:profile"]
    assert about["text"] == (
        "Exam board: AQA. Goals: grade 7. "
        "Finds hard (alg.solve-linear): forgets to divide both sides"
    )
    assert "OCR" not in str(out["context"])


@pytest.mark.postgres
async def test_extracted_memories_live_and_die_in_the_postgres_store(
    pg_database: str, tmp_path: Path
) -> None:
    async with AsyncExitStack() as stack:
        _, store = await open_state(stack, pg_database, tmp_path)
        await memory.update_profile(store, "u2", {"exam_board": "OCR"})
        await apply(
            store, "u1", "s1", ITEM,
            [("new", StudentProfile(exam_board="AQA", goals=["grade 7"])),
             ("new2", SkillDifficulty(skill_id="alg.solve-linear", note="divides one side"))],
        )  # fmt: skip
        await memory.mark_extracted(store, "u1", "s1", 3)
        assert await memory.extracted_through(store, "u1", "s1") == 3
        assert await memory.get_profile(store, "u1") == {"exam_board": "AQA", "goals": ["grade 7"]}
        await memory.erase(store, "u1")
        for ns in await store.alist_namespaces(prefix=("tutor", "u1")):
            assert await store.asearch(ns) == [], ns
        assert await memory.extracted_through(store, "u1", "s1") == -1
        assert await memory.get_profile(store, "u2") == {"exam_board": "OCR"}

"""LangMem memory extraction through the whole platform, against a fake OpenAI-compatible
server answering with tool calls as the Chat Completions API does (trustcall calls tools)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from mathpath.gateway.app import Gateway
from mathpath.kit.events import Event
from mathpath.kit.runtime import Runtime
from mathpath.kit.service import ServiceContext
from mathpath.kit.settings import Settings
from mathpath.tutor import memory, memory_extraction, repository
from mathpath.tutor.app import SETTINGS_KEY
from mathpath.tutor.config import TutorSettings
from mathpath.tutor.engine import TutorEngine
from mathpath.tutor.memory_extraction import MemorySettings
from mathpath.tutor.models import TutorTurn
from tests.fixtures.identity import TestUser, create_user
from tests.fixtures.platform import drain_events
from tests.fixtures.tutor import CONTENT_DIR
from tests.tutor.fake_openai_tools import Call, ToolScript, Turn, fake_openai_tools

ITEM_ID = "ks3-alg-011"  # Factorise completely $12y^2 - 18y$ (skill alg.factorise-common)
SKILL = "alg.factorise-common"
MODEL = "openai:gpt-mem"


@dataclass
class Platform:
    client: httpx.AsyncClient
    gateway: Gateway
    script: ToolScript

    @property
    def ctx(self) -> ServiceContext:
        ctx = self.gateway.local_apps["tutor"].state.ctx
        assert isinstance(ctx, ServiceContext)
        return ctx

    @property
    def engine(self) -> TutorEngine:
        engine = self.ctx.state["engine"]
        assert isinstance(engine, TutorEngine)
        return engine

    def extraction(self) -> memory_extraction.MemoryExtraction:
        found = memory_extraction.of(self.ctx)
        assert found is not None
        return found

    async def settle(self) -> None:
        """Relay the turn's event, then let the extraction it scheduled finish."""
        await drain_events(self.gateway)
        if (extraction := memory_extraction.of(self.ctx)) is not None:
            await extraction.debouncer.drain()

    async def start(self, student: TestUser) -> str:
        r = await self.client.post(
            "/api/v1/tutor/sessions", json={"item_id": ITEM_ID}, headers=student.headers
        )
        assert r.status_code == 201, r.text
        return str(r.json()["id"])

    async def say(self, student: TestUser, session_id: str, text: str) -> dict[str, Any]:
        r = await self.client.post(
            f"/api/v1/tutor/sessions/{session_id}/messages",
            json={"text": text},
            headers=student.headers,
        )
        assert r.status_code == 200, r.text
        reply: dict[str, Any] = r.json()
        return reply

    async def turns(self, session_id: str) -> list[TutorTurn]:
        async with self.ctx.db.transaction() as db:
            return list(await repository.turns_of(db, session_id))

    def extraction_requests(self) -> list[dict[str, Any]]:
        return [r for r in self.script.requests if r.get("tools")]


def _tutor_settings(url: str, **overrides: Any) -> TutorSettings:
    values: dict[str, Any] = {
        "content_dir": CONTENT_DIR,
        "llm_base_url": url,
        "llm_api_key": SecretStr("test-key"),
        "llm_max_retries": 0,
        "llm_timeout_s": 5.0,
        "llm_prices": {MODEL: (1.0, 2.0)},
    }
    values.update(overrides)
    return TutorSettings(**values)


@asynccontextmanager
async def platform(
    settings: Settings, script: ToolScript, *, memory_settings: MemorySettings | None = None,
    **tutor: Any,
) -> AsyncIterator[Platform]:  # fmt: skip
    async with fake_openai_tools(script) as url:
        runtime = Runtime(settings)
        runtime.extras[SETTINGS_KEY] = _tutor_settings(url, **tutor)
        runtime.extras[memory_extraction.SETTINGS_KEY] = memory_settings or MemorySettings(
            model=MODEL, debounce_s=0
        )
        gw = Gateway(settings, runtime)
        async with gw.app.router.lifespan_context(gw.app):
            transport = httpx.ASGITransport(app=gw, client=("203.0.113.9", 50000))
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
                yield Platform(c, gw, script)


@pytest.fixture
async def mem(settings: Settings) -> AsyncIterator[Platform]:
    async with platform(settings, ToolScript()) as p:
        yield p


def _profile_call(**args: Any) -> Call:
    return Call("StudentProfile", args)


def _conversation(request: dict[str, Any]) -> str:
    return json.dumps(request["messages"])


async def test_the_exam_board_and_goal_a_student_states_reach_their_profile(
    mem: Platform,
) -> None:
    student = await create_user(mem.client, "student")
    mem.script.turns.append(
        Turn(calls=(
            _profile_call(exam_board="aqa", goals=["grade 7 in GCSE maths"]),
            Call("SkillDifficulty", {"skill_id": SKILL, "note": "forgets the common factor 6"}),
            Call("SkillDifficulty", {"skill_id": "calc.integrate", "note": "not this item"}),
        ))
    )  # fmt: skip
    sid = await mem.start(student)
    reply = await mem.say(
        student, sid, "I'm doing AQA and I want a grade 7 this summer, mail me on sam@example.com"
    )
    assert reply["voice"] == "template"
    await mem.settle()

    store = mem.engine.store
    assert await memory.get_profile(store, student.id) == {
        "exam_board": "AQA",
        "goals": ["grade 7 in GCSE maths"],
    }
    notes = await memory.skill_notes(store, student.id, [SKILL, "calc.integrate"])
    assert list(notes) == [SKILL]  # a skill outside the session's item is not recorded
    assert notes[SKILL]["note"] == "forgets the common factor 6"

    [request] = mem.extraction_requests()
    assert [t["function"]["name"] for t in request["tools"]] == [
        "StudentProfile",
        "SkillDifficulty",
    ]
    sent = _conversation(request)
    assert "grade 7 this summer" in sent
    assert "6y(2y - 3)" not in sent  # the answer, and the tutor's own text, stay home
    assert reply["text"][:40] not in sent
    assert student.email not in sent and "sam@example.com" not in sent

    [turn] = await mem.turns(sid)
    assert turn.notes[-1] == f"memory:{MODEL}"
    assert turn.input_tokens > 0 and turn.output_tokens > 0  # the voice is the template: 0
    assert turn.cost_usd == pytest.approx((turn.input_tokens + 2 * turn.output_tokens) / 1e6)

    # The context agent reads it back on the next turn.
    mem.script.turns.append(Turn(calls=(Call("PatchDoc", {
        "json_doc_id": "profile", "planned_edits": "nothing new", "patches": []}),)))  # fmt: skip
    again = await mem.say(student, sid, "another hint please")
    assert "memory:profile" in [s["id"] for s in again["sources"]]
    await mem.settle()


async def test_a_second_extraction_updates_the_profile_instead_of_adding_one(
    mem: Platform,
) -> None:
    student = await create_user(mem.client, "student")
    sid = await mem.start(student)
    mem.script.turns.append(Turn(calls=(_profile_call(exam_board="AQA", goals=["grade 7"]),)))
    await mem.say(student, sid, "I sit AQA next summer and want a grade 7")
    await mem.settle()

    def patch(request: dict[str, Any]) -> Turn:
        system = request["messages"][0]["content"]
        assert '<instance id=profile schema_type="StudentProfile">' in system
        return Turn(calls=(Call("PatchDoc", {
            "json_doc_id": "profile", "planned_edits": "board changed; a preference",
            "patches": [{"op": "replace", "path": "/exam_board", "value": "Edexcel"},
                        {"op": "add", "path": "/preferences/-", "value": "short hints"}],
        }),))  # fmt: skip

    mem.script.turns.append(patch)
    await mem.say(student, sid, "we changed to Edexcel. I like short hints")
    await mem.settle()
    # A model that proposes a whole new profile instead of patching adds to the same one.
    mem.script.turns.append(
        Turn(calls=(_profile_call(goals=["Grade 7", "finish the algebra module"]),))
    )
    await mem.say(student, sid, "also I want to finish the algebra module")
    await mem.settle()

    found = await mem.engine.store.asearch(memory.namespace(student.id, "profile"))
    assert [e.value for e in found] == [
        {
            "exam_board": "Edexcel",
            "goals": ["grade 7", "finish the algebra module"],
            "preferences": ["short hints"],
        }
    ]
    requests = mem.extraction_requests()
    assert len(requests) == 3
    assert "PatchDoc" in [t["function"]["name"] for t in requests[1]["tools"]]
    # Each extraction sends only the turns not extracted yet.
    assert "next summer" not in _conversation(requests[1])
    assert "Edexcel. I like" not in _conversation(requests[2])


async def test_the_same_turn_is_never_extracted_twice(mem: Platform) -> None:
    student = await create_user(mem.client, "student")
    sid = await mem.start(student)
    mem.script.turns.append(Turn(calls=(_profile_call(exam_board="OCR"),)))
    await mem.say(student, sid, "OCR board")
    await mem.settle()
    extraction = mem.extraction()
    assert await extraction.extract_session(sid, student.id) == []
    extraction.debouncer.schedule(sid, student.id)  # as a redelivered event would
    await extraction.debouncer.drain()
    assert len(mem.extraction_requests()) == 1
    [turn] = await mem.turns(sid)
    assert turn.notes.count(f"memory:{MODEL}") == 1


async def test_a_failing_provider_affects_no_reply_and_is_retried_with_the_next_turn(
    mem: Platform,
) -> None:
    student = await create_user(mem.client, "student")
    await memory.update_profile(mem.engine.store, student.id, {"exam_board": "AQA"})
    sid = await mem.start(student)
    mem.script.fail_status = 503
    reply = await mem.say(student, sid, "my goal is a grade 9. hint please")
    assert reply["kind"] == "hint" and reply["voice"] == "template"
    await mem.settle()
    # trustcall retries a failed update until its step limit; one call reached the network.
    assert len(mem.extraction_requests()) == 1
    assert await memory.get_profile(mem.engine.store, student.id) == {"exam_board": "AQA"}
    [turn] = await mem.turns(sid)
    assert turn.notes[-1].startswith(f"memory_failed:{MODEL}:")  # the provider's error type

    mem.script.fail_status = None
    mem.script.turns.append(Turn(calls=(Call("PatchDoc", {
        "json_doc_id": "profile", "planned_edits": "goal",
        "patches": [{"op": "add", "path": "/goals/-", "value": "grade 9"}]}),)))  # fmt: skip
    await mem.say(student, sid, "another hint")
    await mem.settle()
    retried = _conversation(mem.extraction_requests()[-1])
    assert "grade 9. hint please" in retried and "another hint" in retried
    assert (await memory.get_profile(mem.engine.store, student.id))["goals"] == ["grade 9"]


async def test_erasing_a_student_removes_their_extracted_memories(mem: Platform) -> None:
    student, other = (
        await create_user(mem.client, "student"),
        await create_user(mem.client, "student"),
    )
    await memory.update_profile(mem.engine.store, other.id, {"exam_board": "OCR"})
    sid = await mem.start(student)
    mem.script.turns.append(Turn(calls=(
        _profile_call(exam_board="Edexcel", goals=["pass the exam"]),
        Call("SkillDifficulty", {"skill_id": SKILL, "note": "misses the common factor"}),
    )))  # fmt: skip
    await mem.say(student, sid, "Edexcel, I just want to pass")
    await mem.settle()
    store = mem.engine.store
    assert await memory.get_profile(store, student.id) != {}
    assert "OCR" not in _conversation(mem.extraction_requests()[0])  # never another's data

    await mem.gateway.runtime.bus.publish(
        Event(type="user.erased", source="identity",
              payload={"request_id": "req-m", "user_id": student.id})
    )  # fmt: skip
    await mem.settle()
    for ns in await store.alist_namespaces(prefix=("tutor", student.id)):
        assert await store.asearch(ns) == [], ns
    assert await memory.get_profile(store, student.id) == {}
    assert await memory.skill_notes(store, student.id, [SKILL]) == {}
    assert await memory.get_profile(store, other.id) == {"exam_board": "OCR"}


async def test_an_extraction_still_waiting_is_dropped_when_the_student_is_erased(
    settings: Settings,
) -> None:
    waiting = MemorySettings(model=MODEL, debounce_s=60)
    async with platform(settings, ToolScript(), memory_settings=waiting) as mem:
        student = await create_user(mem.client, "student")
        sid = await mem.start(student)
        await mem.say(student, sid, "I'm with AQA")
        await drain_events(mem.gateway)
        assert mem.extraction().debouncer.waiting == [sid]  # scheduled, waiting a minute
        await mem.gateway.runtime.bus.publish(
            Event(type="user.erased", source="identity",
                  payload={"request_id": "req-w", "user_id": student.id})
        )  # fmt: skip
        await mem.settle()
        assert mem.script.requests == []
        assert await memory.get_profile(mem.engine.store, student.id) == {}


async def test_without_a_chat_model_nothing_is_extracted_and_nothing_is_called(
    settings: Settings,
) -> None:
    # A model chain is configured but the voice is the template, and no memory model is set.
    async with platform(
        settings, ToolScript(), memory_settings=MemorySettings(),
        voice="template", llm_models=[MODEL],
    ) as mem:  # fmt: skip
        student = await create_user(mem.client, "student")
        sid = await mem.start(student)
        reply = await mem.say(student, sid, "I'm doing AQA, grade 7 please. hint")
        await mem.settle()
        assert reply["voice"] == "template"
        assert memory_extraction.of(mem.ctx) is None
        assert mem.script.requests == []
        assert await memory.get_profile(mem.engine.store, student.id) == {}


async def test_with_extraction_switched_off_only_the_voice_calls_the_model(
    settings: Settings,
) -> None:
    script = ToolScript(replies=["Look for a factor both terms share."])
    async with platform(
        settings, script, memory_settings=MemorySettings(extraction=False),
        voice="llm", llm_models=[MODEL],
    ) as mem:  # fmt: skip
        student = await create_user(mem.client, "student")
        sid = await mem.start(student)
        await mem.say(student, sid, "I'm doing AQA. hint please")
        await mem.settle()
        assert len(script.requests) == 1 and mem.extraction_requests() == []

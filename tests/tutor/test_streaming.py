"""Streaming replies: segments cut where maths is whole, each guarded with everything
released before it, a leak or a provider failure mid-stream replaced by the template voice,
and a transcript that holds exactly what the student was shown. The LLM voice streams from
a fake OpenAI server on 127.0.0.1 that sends `chat.completion.chunk`s as OpenAI does."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from mathpath.gateway.app import Gateway
from mathpath.tutor import streaming
from mathpath.tutor.config import TutorSettings
from mathpath.tutor.core.guard import GuardContext, StreamGuard, check_reply
from mathpath.tutor.core.ladder import ReplyKind, Rung
from mathpath.tutor.core.segments import MAX_HOLD_CHARS, Segmenter
from mathpath.tutor.core.typed_problem import item_from_text
from mathpath.tutor.streaming import TASKS_KEY
from mathpath.tutor.voice.base import VoiceRequest
from mathpath.tutor.voice.guarded import speak_guarded
from mathpath.tutor.voice.llm import LLMVoice, llm_voice_from_settings
from mathpath.tutor.voice.template import TemplateVoice, compose
from tests.fixtures.identity import TestUser, create_user
from tests.tutor.fake_openai import Script, fake_openai, tokens

HALF = item_from_text("solve 2x = 3")  # answer x = 3/2, which 6/4 also gives away
SAFE = (
    "Good thinking so far. Look at what is being done to $x$ in $2x = 3$. "
    "Ask yourself which operation undoes multiplying by 2. Try it on both sides!"
)
LEAKS_IN_THIRD = (
    "Good thinking so far. Look at what is being done to $x$ in $2x = 3$. "
    "Dividing gives $x = 6/4$, which you can simplify. Well done! Keep practising these, "
    "they get easier every time you try one, and you are doing really well today."
)
# The fake server's pause between chunks where a test compares what the student was sent
# with what the provider had sent by then (it leaves the client ample time to keep up).
PACE_S = 0.02


def _split(text: str, step: int) -> list[str]:
    segmenter, out = Segmenter(), []
    for i in range(0, len(text), step):
        out += segmenter.feed(text[i : i + step])
    return [*out, segmenter.flush()]


# -- where segments end --------------------------------------------------------------------


@pytest.mark.parametrize("step", [1, 2, 5, 50])
def test_segments_join_back_and_end_only_where_maths_is_closed(step: int) -> None:
    text = (
        "Look at $a. b = c$ first. Then \\(x = \\frac{6}{4}\\). Next (see 2. above) we "
        "go on. The value 2.5 is close. So x = 2, 3 maybe, or think again, then try. "
        "\\begin{align} a. b \\end{align} ends."
    )
    segments = _split(text, step)
    assert "".join(segments) == text
    for segment in segments[:-1]:
        assert segment.count("$") % 2 == 0
        assert segment.count("(") == segment.count(")")
        assert segment.count("{") == segment.count("}")
        assert segment.count("\\begin") == segment.count("\\end")
    assert "Look at $a. b = c$ first. " in segments
    assert "The value 2.5 is close. " in segments  # no cut at the decimal point
    assert not any(s.endswith("x = 2, ") for s in segments)  # maths in prose stays whole


def test_a_long_run_without_punctuation_is_cut_between_plain_words() -> None:
    text = "word " * 120 + "x = 5 and more"
    segments = _split(text, 7)
    assert "".join(segments) == text
    assert len(segments) >= 2
    assert MAX_HOLD_CHARS - 10 <= len(segments[0]) <= MAX_HOLD_CHARS + 10
    assert "x = 5" in segments[-1]


# -- the guard on a growing text -----------------------------------------------------------


def test_the_stream_guard_agrees_with_the_whole_check_and_reuses_verdicts() -> None:
    ctx = GuardContext(HALF, reveal_answer=False)
    guard = StreamGuard(ctx)
    released = ""
    for segment in _split(LEAKS_IN_THIRD, 3):
        released += segment
        assert guard.check(released).violations == check_reply(released, ctx).violations
    assert guard.check(released).violations == ("answer_leak:x = 6/4",)
    assert len(guard._seen) == 3  # "x", "2x = 3", "x = 6/4": each checked once


def test_a_leak_spanning_two_segments_is_caught_on_the_released_text() -> None:
    ctx = GuardContext(HALF, reveal_answer=False)
    first, second = _split("Once you have divided both sides the answer is: 6/4 exactly. Good.", 4)[
        :2
    ]
    assert first.endswith(": ") and second.startswith("6/4")
    assert check_reply(first, ctx).ok and check_reply(second, ctx).ok  # each alone is safe
    assert not StreamGuard(ctx).check(first + second).ok


# -- the guarded LLM voice against the fake streaming server ------------------------------


def _settings(url: str, models: list[str], timeout: float = 2.0) -> TutorSettings:
    return TutorSettings(
        voice="llm", llm_models=models, llm_base_url=url, llm_api_key=SecretStr("test-key"),
        llm_timeout_s=timeout, llm_max_retries=0, llm_prices={"openai:gpt-test": (1.0, 2.0)},
    )  # fmt: skip


def _request() -> VoiceRequest:
    return VoiceRequest(
        item=HALF, kind=ReplyKind.HINT, rung=Rung.GUIDING_QUESTION, rung_changed=True,
        reveal_answer=False, message="can I have a hint?", intent="hint_request",
    )  # fmt: skip


class Recorder:
    """The speak node's events, each with how many chunks the provider had sent by then."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self.events: list[tuple[dict[str, Any], int]] = []

    def __call__(self, event: dict[str, Any]) -> None:
        sent = self.script.chunks_sent[-1] if self.script.chunks_sent else 0
        self.events.append((event, sent))

    def named(self, name: str) -> list[dict[str, Any]]:
        return [e for e, _ in self.events if e["event"] == name]

    def screen(self) -> str:
        shown = ""
        for event, _ in self.events:
            if event["event"] == "delta":
                shown += event["text"]
            elif event["event"] == "replace":
                shown = event["text"]
        return shown


async def _speak(script: Script, voice: LLMVoice | None = None) -> tuple[dict[str, Any], Recorder]:
    recorder = Recorder(script)
    async with fake_openai(script) as url:
        voice = voice or llm_voice_from_settings(_settings(url, ["openai:gpt-test"]))
        ctx = GuardContext(HALF, reveal_answer=False)
        out = await speak_guarded(voice, TemplateVoice(), _request(), ctx, recorder)
    return out, recorder


async def test_a_safe_reply_is_released_in_segments_while_the_provider_is_still_sending() -> None:
    script = Script(replies=[SAFE], chunk_delay_s=PACE_S)
    out, recorder = await _speak(script)
    deltas = [(e, sent) for e, sent in recorder.events if e["event"] == "delta"]
    total = len(tokens(SAFE))
    assert recorder.events[0][0]["event"] == "meta"
    assert len(deltas) >= 3
    assert deltas[0][1] < total // 2  # the first segment left before half the reply arrived
    assert "".join(e["text"] for e, _ in deltas) == out["reply"] == SAFE
    assert not recorder.named("replace")
    assert (out["voice"], out["model"]) == ("llm", "openai:gpt-test")
    assert out["first_token_ms"] is not None and out["first_segment_ms"] is not None
    assert out["first_token_ms"] <= out["first_segment_ms"]


async def test_a_third_sentence_giving_an_equivalent_answer_is_cut_and_replaced() -> None:
    script = Script(replies=[LEAKS_IN_THIRD], chunk_delay_s=PACE_S)
    out, recorder = await _speak(script)
    shown_before = "".join(e["text"] for e in recorder.named("delta"))
    assert shown_before == ("Good thinking so far. Look at what is being done to $x$ in $2x = 3$. ")
    (replace,) = recorder.named("replace")
    assert replace["reason"] == "guard" and replace["voice"] == "template"
    assert replace["text"] == compose(_request()) == out["reply"] == recorder.screen()
    assert "6/4" not in json.dumps([e for e, _ in recorder.events])
    assert out["guard_violations"] == ["answer_leak:x = 6/4"]
    assert {"guard_rejected:llm", "stream_replaced"} <= set(out["degraded"])
    # The provider's stream was stopped: it never sent the rest of the reply.
    assert script.client_left == [True]
    assert script.chunks_sent[0] < len(tokens(LEAKS_IN_THIRD)) - 20
    # Tokens were spent and are counted, estimated (the usage chunk never came).
    assert out["output_tokens"] > 0 and out["usage_estimated"] is True


async def test_a_provider_dying_mid_stream_is_replaced_by_the_template() -> None:
    script = Script(replies=[SAFE], die_after_chunks=30)
    out, recorder = await _speak(script)
    assert recorder.named("delta")  # something was shown before the connection died
    (replace,) = recorder.named("replace")
    assert replace["reason"] == "provider"
    assert out["voice"] == "template" and out["reply"] == recorder.screen()
    assert "voice_failed:llm:StreamBroken" in out["degraded"]
    assert out["usage_estimated"] is True and out["output_tokens"] >= 30


async def test_a_stalled_stream_times_out_and_is_replaced() -> None:
    script = Script(replies=[SAFE], stall_after_chunks=30)
    recorder = Recorder(script)
    async with fake_openai(script) as url:
        voice = llm_voice_from_settings(_settings(url, ["openai:gpt-test"], timeout=0.4))
        ctx = GuardContext(HALF, reveal_answer=False)
        out = await speak_guarded(voice, TemplateVoice(), _request(), ctx, recorder)
    assert recorder.named("replace")[0]["reason"] == "provider"
    assert out["voice"] == "template" and out["reply"] == recorder.screen()


async def test_usage_comes_from_the_streams_last_chunk_or_is_estimated() -> None:
    reported = Script(replies=[SAFE])
    out, _ = await _speak(reported)
    assert reported.requests[0]["stream"] is True
    assert reported.requests[0]["stream_options"] == {"include_usage": True}
    assert out["output_tokens"] == reported.chunks_sent[0] == len(tokens(SAFE))
    assert out["usage_estimated"] is False
    assert out["cost_usd"] == pytest.approx((out["input_tokens"] + 2 * out["output_tokens"]) / 1e6)

    silent = Script(replies=[SAFE], send_usage=False)
    estimated, _ = await _speak(silent)
    assert estimated["usage_estimated"] is True
    assert "usage_estimated" in estimated["degraded"]
    assert estimated["output_tokens"] >= len(tokens(SAFE)) and estimated["input_tokens"] > 0


async def test_a_model_failing_before_its_first_token_hands_over_to_the_next() -> None:
    broken, healthy = Script(fail_status=503), Script(replies=[SAFE])
    recorder = Recorder(healthy)
    async with fake_openai(broken) as url_a, fake_openai(healthy) as url_b:
        first = llm_voice_from_settings(_settings(url_a, ["openai:gpt-a"]))
        second = llm_voice_from_settings(_settings(url_b, ["openai:gpt-b"]))
        voice = LLMVoice([*first.links, *second.links])
        ctx = GuardContext(HALF, reveal_answer=False)
        out = await speak_guarded(voice, TemplateVoice(), _request(), ctx, recorder)
    assert (out["model"], out["reply"]) == ("openai:gpt-b", SAFE)
    assert not recorder.named("replace")  # nothing had been shown: no replacement needed


# -- through HTTP ---------------------------------------------------------------------------


def _events(raw: str) -> list[tuple[str, dict[str, Any]]]:
    events = []
    for block in raw.split("\n\n"):
        if block.strip():
            name, data = block.split("\n", 1)
            events.append((name.removeprefix("event: "), json.loads(data.removeprefix("data: "))))
    return events


def _screen(events: list[tuple[str, dict[str, Any]]]) -> str:
    shown = ""
    for name, data in events:
        if name == "delta":
            shown += data["text"]
        elif name == "replace":
            shown = data["text"]
    return shown


def _use_llm(gateway: Gateway, url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = gateway.local_apps["tutor"].state.ctx.state["engine"]
    voice = llm_voice_from_settings(_settings(url, ["openai:gpt-test"]))
    monkeypatch.setattr(engine.deps, "voice", voice)


async def _session(client: httpx.AsyncClient, headers: dict[str, str]) -> str:
    r = await client.post(
        "/api/v1/tutor/sessions", json={"problem": "solve 2x = 3"}, headers=headers
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def test_over_http_the_transcript_holds_exactly_what_the_stream_showed(
    client: httpx.AsyncClient, gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = Script(replies=[LEAKS_IN_THIRD, SAFE])
    async with fake_openai(script) as url:
        _use_llm(gateway, url, monkeypatch)
        student = await create_user(client, "student")
        sid = await _session(client, student.headers)
        streams = []
        for i, text in enumerate(["can I have a hint?", "another hint please"]):
            r = await client.post(
                f"/api/v1/tutor/sessions/{sid}/messages", json={"text": text},
                headers={**student.headers, "Accept": "text/event-stream",
                         "Idempotency-Key": f"m-{i}"},
            )  # fmt: skip
            assert r.headers["content-type"].startswith("text/event-stream")
            streams.append(_events(r.text))
        transcript = await client.get(f"/api/v1/tutor/sessions/{sid}", headers=student.headers)
    turns = transcript.json()["turns"]
    leaked, safe = streams
    assert leaked[0][0] == "meta" and leaked[-1][0] == "done"
    assert [n for n, _ in leaked].count("replace") == 1
    assert leaked[-1][1]["replaced"] is True and leaked[-1][1]["voice"] == "template"
    assert "6/4" not in json.dumps(leaked) and "3/2" not in json.dumps(leaked)
    assert [n for n, _ in safe].count("delta") >= 3 and "replace" not in [n for n, _ in safe]
    assert safe[-1][1]["replaced"] is False and safe[-1][1]["voice"] == "llm"
    for events, turn in zip(streams, turns, strict=True):
        assert _screen(events) == events[-1][1]["text"] == turn["reply"]["text"]
        assert events[-1][1]["usage"] == turn["reply"]["usage"]
        assert turn["reply"]["usage"]["output_tokens"] > 0
    assert safe[-1][1]["usage"]["estimated"] is False  # the usage chunk was read
    assert leaked[-1][1]["usage"]["estimated"] is True  # stopped before it


async def test_a_retried_streamed_message_replays_the_stored_reply(
    client: httpx.AsyncClient, gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = Script(replies=[SAFE])
    async with fake_openai(script) as url:
        _use_llm(gateway, url, monkeypatch)
        student = await create_user(client, "student")
        sid = await _session(client, student.headers)
        headers = {**student.headers, "Accept": "text/event-stream", "Idempotency-Key": "k"}
        path = f"/api/v1/tutor/sessions/{sid}/messages"
        first = _events((await client.post(path, json={"text": "hint"}, headers=headers)).text)
        again = _events((await client.post(path, json={"text": "hint"}, headers=headers)).text)
    assert len(script.requests) == 1
    assert _screen(again) == _screen(first) == SAFE
    assert again[-1][1]["turn"] == first[-1][1]["turn"]


class AsgiStream:
    """Calls the gateway as an ASGI server would, noting for each body part the provider's
    chunk count when it was sent (httpx's ASGI transport buffers the whole body)."""

    def __init__(self, app: Gateway, script: Script, disconnect_after_parts: int = 0) -> None:
        self.app, self.script = app, script
        self.parts: list[tuple[bytes, int]] = []
        self.disconnect_after = disconnect_after_parts
        self._body_read = False
        self._gone = asyncio.Event()

    async def post(self, path: str, headers: dict[str, str], body: dict[str, Any]) -> None:
        raw = json.dumps(body).encode()
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
            "method": "POST", "scheme": "http", "path": path, "raw_path": path.encode(),
            "query_string": b"", "root_path": "", "client": ("203.0.113.7", 50000),
            "server": ("testserver", 80),
            "headers": [(k.lower().encode(), v.encode()) for k, v in
                        {**headers, "content-type": "application/json"}.items()],
        }  # fmt: skip

        async def receive() -> dict[str, Any]:
            if not self._body_read:
                self._body_read = True
                return {"type": "http.request", "body": raw, "more_body": False}
            await self._gone.wait()
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.body" and message.get("body"):
                sent = self.script.chunks_sent[-1] if self.script.chunks_sent else 0
                self.parts.append((message["body"], sent))
                if self.disconnect_after and len(self.parts) >= self.disconnect_after:
                    self._gone.set()

        await self.app(scope, receive, send)  # type: ignore[arg-type]


async def test_over_asgi_the_first_words_leave_before_the_model_has_finished(
    client: httpx.AsyncClient, gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = Script(replies=[SAFE], chunk_delay_s=PACE_S)
    async with fake_openai(script) as url:
        _use_llm(gateway, url, monkeypatch)
        student = await create_user(client, "student")
        sid = await _session(client, student.headers)
        stream = AsgiStream(gateway, script)
        await stream.post(
            f"/api/v1/tutor/sessions/{sid}/messages",
            {**student.headers, "Accept": "text/event-stream"},
            {"text": "can I have a hint?"},
        )
    deltas = [sent for body, sent in stream.parts if body.startswith(b"event: delta")]
    assert len(deltas) >= 3
    assert deltas[0] < len(tokens(SAFE)) // 2  # the student reads while the model writes
    assert stream.parts[-1][0].startswith(b"event: done")


async def _ask_then_leave(
    client: httpx.AsyncClient, gateway: Gateway, script: Script, after_parts: int
) -> tuple[TestUser, str, AsgiStream]:
    """A student asks for a hint as a stream and goes away after `after_parts` body parts."""
    student = await create_user(client, "student")
    sid = await _session(client, student.headers)
    stream = AsgiStream(gateway, script, disconnect_after_parts=after_parts)
    await stream.post(
        f"/api/v1/tutor/sessions/{sid}/messages",
        {**student.headers, "Accept": "text/event-stream"},
        {"text": "can I have a hint?"},
    )
    return student, sid, stream


async def test_a_client_that_leaves_mid_stream_still_gets_its_turn_recorded(
    client: httpx.AsyncClient, gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = Script(replies=[SAFE], chunk_delay_s=PACE_S)
    async with fake_openai(script) as url:
        _use_llm(gateway, url, monkeypatch)
        student, sid, stream = await _ask_then_leave(client, gateway, script, after_parts=2)
        ctx = gateway.local_apps["tutor"].state.ctx
        assert ctx.state.get(TASKS_KEY)  # still talking to the model
        assert await streaming.finish(ctx) == 0  # what shutdown does: wait, cancel none
        assert not ctx.state.get(TASKS_KEY)
        transcript = await client.get(f"/api/v1/tutor/sessions/{sid}", headers=student.headers)
    assert not any(body.startswith(b"event: done") for body, _ in stream.parts)
    (turn,) = transcript.json()["turns"]
    assert turn["reply"]["text"] == SAFE


async def test_shutdown_cancels_a_streamed_turn_that_outlives_its_grace(
    client: httpx.AsyncClient, gateway: Gateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = Script(replies=[SAFE], chunk_delay_s=0.5)
    async with fake_openai(script) as url:
        _use_llm(gateway, url, monkeypatch)
        await _ask_then_leave(client, gateway, script, after_parts=1)
        ctx = gateway.local_apps["tutor"].state.ctx
        assert await streaming.finish(ctx, timeout_s=0.05) == 1
        assert not ctx.state.get(TASKS_KEY)


async def test_a_turn_that_cannot_be_stored_ends_its_stream_with_an_error_not_done(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(streaming, "store_turn", disk_full)
    student = await create_user(client, "student")
    sid = await _session(client, student.headers)
    r = await client.post(
        f"/api/v1/tutor/sessions/{sid}/messages", json={"text": "hint please"},
        headers={**student.headers, "Accept": "text/event-stream"},
    )  # fmt: skip
    events = _events(r.text)
    names = [name for name, _ in events]
    assert names[0] == "meta" and "delta" in names and "done" not in names
    assert names[-1] == "error"
    problem = events[-1][1]
    assert problem["status"] == 503 and problem["type"].endswith("/tutor-turn-not-recorded")
    transcript = await client.get(f"/api/v1/tutor/sessions/{sid}", headers=student.headers)
    assert transcript.json()["turns"] == []

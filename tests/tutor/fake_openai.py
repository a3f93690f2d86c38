"""A fake OpenAI-compatible chat server on 127.0.0.1 (the real HTTP API shape), scripted
per test: replies, HTTP errors or delays, and streamed replies as OpenAI sends them
(`stream: true`: `data: {chat.completion.chunk}` lines with `choices[0].delta`, a last chunk
with `finish_reason`, the usage chunk when `stream_options.include_usage` asks for it, then
`data: [DONE]`), including a connection that dies or stalls mid-stream."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from tests.local_server import served

# Roughly how a BPE tokenizer cuts English and maths: words, single digits, single symbols.
_TOKEN = re.compile(r"\s?[A-Za-z]+|\s?\d|\s?[^\sA-Za-z\d]|\s+")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


class ConnectionDropped(Exception):
    """Raised inside the streamed body: the server closes the connection mid-response."""


@dataclass
class Script:
    replies: list[str] = field(default_factory=list)
    fail_status: int | None = None
    delay_s: float = 0.0
    requests: list[dict[str, Any]] = field(default_factory=list)
    # Streaming: a pause before each chunk, a connection dropped or stalled after so many
    # content chunks, and whether usage is sent when the client asks for it.
    chunk_delay_s: float = 0.0
    die_after_chunks: int | None = None
    stall_after_chunks: int | None = None
    send_usage: bool = True
    # Per streamed request: content chunks sent, and whether the client went away first.
    chunks_sent: list[int] = field(default_factory=list)
    client_left: list[bool] = field(default_factory=list)


def _chunk(body: dict[str, Any], delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
    chunk: dict[str, Any] = {
        "id": "chatcmpl-test",
        "object": "chat.completion.chunk",
        "created": 1_700_000_000,
        "model": body["model"],
        "system_fingerprint": None,
        "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
    }
    if (body.get("stream_options") or {}).get("include_usage"):
        chunk["usage"] = None
    return chunk


async def _stream(script: Script, body: dict[str, Any], text: str) -> AsyncIterator[str]:
    index = len(script.chunks_sent)
    script.chunks_sent.append(0)
    script.client_left.append(False)
    finished = False
    try:
        first = {"role": "assistant", "content": "", "refusal": None}
        yield f"data: {json.dumps(_chunk(body, first, None))}\n\n"
        for piece in tokens(text):
            if script.chunk_delay_s:
                await asyncio.sleep(script.chunk_delay_s)
            sent = script.chunks_sent[index]
            if script.die_after_chunks is not None and sent >= script.die_after_chunks:
                raise ConnectionDropped
            if script.stall_after_chunks is not None and sent >= script.stall_after_chunks:
                await asyncio.sleep(3600)
            yield f"data: {json.dumps(_chunk(body, {'content': piece}, None))}\n\n"
            script.chunks_sent[index] += 1
        yield f"data: {json.dumps(_chunk(body, {}, 'stop'))}\n\n"
        if (body.get("stream_options") or {}).get("include_usage") and script.send_usage:
            usage = _usage(body, script.chunks_sent[index])
            last = {**_chunk(body, {}, None), "choices": [], "usage": usage}
            yield f"data: {json.dumps(last)}\n\n"
        yield "data: [DONE]\n\n"
        finished = True
    finally:
        script.client_left[index] = not finished and script.die_after_chunks is None


def _prompt_tokens(body: dict[str, Any]) -> int:
    return sum(len(str(m.get("content", "")).split()) for m in body["messages"])


def _usage(body: dict[str, Any], completion_tokens: int) -> dict[str, int]:
    prompt = _prompt_tokens(body)
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt + completion_tokens,
    }


def build_app(script: Script) -> FastAPI:
    app = FastAPI()

    @app.post("/v1/chat/completions")
    async def completions(request: Request) -> Response:
        body = await request.json()
        script.requests.append(body)
        if script.delay_s:
            await asyncio.sleep(script.delay_s)
        if script.fail_status is not None:
            return JSONResponse(
                {"error": {"message": "overloaded", "type": "server_error", "code": None}},
                status_code=script.fail_status,
            )
        text = script.replies.pop(0) if script.replies else "Keep going!"
        if body.get("stream"):
            return StreamingResponse(_stream(script, body, text), media_type="text/event-stream")
        prompt_tokens = _prompt_tokens(body)
        return JSONResponse(
            {
                "id": "chatcmpl-test",
                "object": "chat.completion",
                "created": 1_700_000_000,
                "model": body["model"],
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "stop",
                        "message": {"role": "assistant", "content": text},
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt_tokens,
                    "completion_tokens": len(text.split()),
                    "total_tokens": prompt_tokens + len(text.split()),
                },
            }
        )

    return app


@asynccontextmanager
async def fake_openai(script: Script) -> AsyncIterator[str]:
    """Serve `script` and yield the base URL (…/v1)."""
    async with served(build_app(script)) as url:
        yield f"{url}/v1"

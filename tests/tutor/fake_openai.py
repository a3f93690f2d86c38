"""A fake OpenAI-compatible chat server on 127.0.0.1 (the real HTTP API shape), scripted
per test: replies, HTTP errors or delays."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse


@dataclass
class Script:
    replies: list[str] = field(default_factory=list)
    fail_status: int | None = None
    delay_s: float = 0.0
    requests: list[dict[str, Any]] = field(default_factory=list)


def build_app(script: Script) -> FastAPI:
    app = FastAPI()

    @app.post("/v1/chat/completions")
    async def completions(request: Request) -> JSONResponse:
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
        prompt_tokens = sum(len(str(m.get("content", "")).split()) for m in body["messages"])
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@asynccontextmanager
async def fake_openai(script: Script) -> AsyncIterator[str]:
    """Serve `script` and yield the base URL (…/v1)."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            build_app(script), host="127.0.0.1", port=port, log_level="error", lifespan="off"
        )
    )
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn exposes a flag, not an event
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        server.should_exit = True
        await task

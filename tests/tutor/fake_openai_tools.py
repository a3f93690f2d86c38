"""A fake OpenAI-compatible chat server that answers with tool calls, as the Chat Completions
API returns them (`finish_reason: "tool_calls"`, `message.tool_calls[].function.arguments` a
JSON string). LangMem extracts memories through trustcall, which calls tools.

It composes with `tests.tutor.fake_openai` (same request log, same error and delay knobs) and
is stricter than a real model would need to be: a scripted call to a tool the request did not
offer, or a forced `tool_choice` the script ignores, answers 400, so a test fails when the
protocol the code speaks drifts from what the script expects.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from tests.local_server import served
from tests.tutor.fake_openai import Script


@dataclass(frozen=True)
class Call:
    name: str
    args: dict[str, Any]


@dataclass(frozen=True)
class Turn:
    """One scripted answer: tool calls, or plain text, or an HTTP error."""

    calls: tuple[Call, ...] = ()
    text: str = ""
    status: int | None = None


Responder = Callable[[dict[str, Any]], Turn]


@dataclass
class ToolScript(Script):
    """`turns` are answered in order (a callable sees the request body); when they run out
    the server answers the next of `replies`, plain text without tool calls."""

    turns: list[Turn | Responder] = field(default_factory=list)

    def offered_tools(self, index: int = -1) -> list[str]:
        return [t["function"]["name"] for t in self.requests[index].get("tools", [])]


def _tokens(text: str) -> int:
    return max(1, len(text) // 4)


def _violation(body: dict[str, Any], turn: Turn) -> str | None:
    offered = {t["function"]["name"] for t in body.get("tools", [])}
    for call in turn.calls:
        if call.name not in offered:
            return f"fake: tool {call.name!r} was not offered (offered: {sorted(offered)})"
    choice = body.get("tool_choice")
    if choice in ("required", "any") and not turn.calls:
        return "fake: the request requires a tool call"
    if isinstance(choice, dict):
        forced = choice.get("function", {}).get("name")
        if any(c.name != forced for c in turn.calls) or not turn.calls:
            return f"fake: the request forces {forced!r}"
    return None


def build_app(script: ToolScript) -> FastAPI:
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
        if script.turns:
            scripted = script.turns.pop(0)
        else:
            scripted = Turn(text=script.replies.pop(0) if script.replies else "Nothing to add.")
        turn = scripted(body) if callable(scripted) else scripted
        if turn.status is not None:
            return JSONResponse(
                {"error": {"message": "scripted failure", "type": "server_error", "code": None}},
                status_code=turn.status,
            )
        if (problem := _violation(body, turn)) is not None:
            return JSONResponse(
                {"error": {"message": problem, "type": "invalid_request_error", "code": None}},
                status_code=400,
            )
        tool_calls = [
            {
                "id": f"call_{len(script.requests)}_{i}",
                "type": "function",
                "function": {"name": c.name, "arguments": json.dumps(c.args)},
            }
            for i, c in enumerate(turn.calls)
        ]
        message: dict[str, Any] = {"role": "assistant", "content": turn.text or None}
        if tool_calls:
            message["tool_calls"] = tool_calls
        prompt = _tokens(json.dumps(body.get("messages", [])) + json.dumps(body.get("tools", [])))
        completion = _tokens(turn.text + "".join(t["function"]["arguments"] for t in tool_calls))
        return JSONResponse(
            {
                "id": f"chatcmpl-tools-{len(script.requests)}",
                "object": "chat.completion",
                "created": 1_700_000_000,
                "model": body["model"],
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "tool_calls" if tool_calls else "stop",
                        "message": message,
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt,
                    "completion_tokens": completion,
                    "total_tokens": prompt + completion,
                },
            }
        )

    return app


@asynccontextmanager
async def fake_openai_tools(script: ToolScript) -> AsyncIterator[str]:
    """Serve `script` and yield the base URL (…/v1)."""
    async with served(build_app(script)) as url:
        yield f"{url}/v1"

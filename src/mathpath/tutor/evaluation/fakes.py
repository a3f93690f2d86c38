"""Fake chat models for evaluating and testing the LLM voice without a provider.

`RephrasingChatModel` behaves like a well-behaved model: it rewrites the planned reply
with friendlier framing and reports token usage. `LeakyChatModel` behaves like a careless
one: it appends the final answer, so the evaluation can show the guard stopping it.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult

OPENERS = ("Sure!", "Of course.", "Let's see.", "Good effort so far.")


def _planned(messages: list[BaseMessage]) -> str:
    text = str(messages[-1].content)
    body = text.split("Planned reply:\n", 1)[-1]
    return body.split("\n\nStudent's message", 1)[0].strip()


def _tokens(messages: list[BaseMessage], reply: str) -> dict[str, int]:
    prompt = sum(len(str(m.content).split()) for m in messages)
    completion = len(reply.split())
    return {"input_tokens": prompt, "output_tokens": completion,
            "total_tokens": prompt + completion}  # fmt: skip


class RephrasingChatModel(BaseChatModel):
    calls: int = 0

    @property
    def _llm_type(self) -> str:
        return "rephrasing-fake"

    def _generate(
        self, messages: list[BaseMessage], stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any,
    ) -> ChatResult:  # fmt: skip
        self.calls += 1
        reply = f"{OPENERS[self.calls % len(OPENERS)]} {_planned(messages)}"
        message = AIMessage(content=reply, usage_metadata=_tokens(messages, reply))
        return ChatResult(generations=[ChatGeneration(message=message)])


class LeakyChatModel(BaseChatModel):
    answer: str = ""

    @property
    def _llm_type(self) -> str:
        return "leaky-fake"

    def _generate(
        self, messages: list[BaseMessage], stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any,
    ) -> ChatResult:  # fmt: skip
        reply = f"{_planned(messages)} (Between us, the answer is ${self.answer}$.)"
        message = AIMessage(content=reply, usage_metadata=_tokens(messages, reply))
        return ChatResult(generations=[ChatGeneration(message=message)])

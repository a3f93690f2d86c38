"""The production email adapter delivers through a real SMTP server (aiosmtpd on 127.0.0.1)."""

from __future__ import annotations

from collections.abc import Iterator
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from mathpath.identity.adapters.email import Email, SmtpEmail
from tests.local_server import free_port


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


async def test_smtp_adapter_delivers_the_message(smtp_server: tuple[Inbox, int]) -> None:
    inbox, port = smtp_server
    sender = SmtpEmail("127.0.0.1", port, "Mathpath <no-reply@mathpath.dev>")
    await sender.send(None, Email("parent@example.org", "Confirm your email", "code: 123"))  # type: ignore[arg-type]
    assert len(inbox.messages) == 1
    envelope = inbox.messages[0]
    assert envelope.rcpt_tos == ["parent@example.org"]
    from email import message_from_bytes

    parsed: Message = message_from_bytes(envelope.content)
    assert parsed["Subject"] == "Confirm your email"
    assert parsed.get_payload().strip() == "code: 123"

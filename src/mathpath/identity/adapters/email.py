"""The email port: an embedded outbox (a table readable in development) and SMTP."""

from __future__ import annotations

import asyncio
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage as MimeMessage
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.identity.models import EmailMessage
from mathpath.kit.clock import utcnow
from mathpath.kit.ids import new_id


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    body: str


class EmailPort(Protocol):
    async def send(self, session: AsyncSession, email: Email) -> None:
        """Send (or stage) ``email``; ``session`` is the caller's transaction."""


class OutboxEmail:
    """Embedded: the message is stored in the caller's transaction, so a rolled-back
    registration sends nothing. Development reads it at ``/api/v1/identity/dev/outbox``."""

    async def send(self, session: AsyncSession, email: Email) -> None:
        session.add(
            EmailMessage(
                id=new_id(),
                to_address=email.to,
                subject=email.subject,
                body=email.body,
                created_at=utcnow(),
            )
        )
        await session.flush()


class SmtpEmail:
    """Production: an SMTP relay (the mail server queues and retries delivery)."""

    def __init__(self, host: str, port: int, sender: str, timeout_s: float = 10.0) -> None:
        self.host = host
        self.port = port
        self.sender = sender
        self.timeout_s = timeout_s

    def _send_blocking(self, email: Email) -> None:
        message = MimeMessage()
        message["From"] = self.sender
        message["To"] = email.to
        message["Subject"] = email.subject
        message.set_content(email.body)
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout_s) as smtp:
            smtp.send_message(message)

    async def send(self, session: AsyncSession, email: Email) -> None:
        await asyncio.to_thread(self._send_blocking, email)

"""SQLAlchemy models of the tutor service (its own database).

The graph's state lives in the LangGraph checkpointer (one thread per session); these tables
hold what the API serves and what must survive a lost checkpoint: the session (with the item
snapshot, answer included, which never leaves the service) and every turn as sent.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from mathpath.kit.db import UTCDateTime, new_metadata
from mathpath.kit.outbox import define_outbox_tables


class Base(DeclarativeBase):
    metadata = new_metadata()


OUTBOX = define_outbox_tables(Base.metadata)


class TutorSession(Base):
    __tablename__ = "tutor_sessions"
    __table_args__ = (UniqueConstraint("student_id", "idempotency_key"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    student_id: Mapped[str] = mapped_column(String(36), index=True)
    item_id: Mapped[str] = mapped_column(String(120))
    item: Mapped[dict[str, Any]] = mapped_column(JSON)
    mode: Mapped[str] = mapped_column(String(20), default="practice")
    status: Mapped[str] = mapped_column(String(20), default="open")
    turns: Mapped[int] = mapped_column(Integer, default=0)
    rung: Mapped[int] = mapped_column(Integer, default=0)
    solved: Mapped[bool] = mapped_column(default=False)
    idempotency_key: Mapped[str | None] = mapped_column(String(120), default=None)
    # The A/B experiment the session ran in, and the student's arm of it (None: no experiment).
    experiment: Mapped[str | None] = mapped_column(String(80), default=None, index=True)
    arm: Mapped[str | None] = mapped_column(String(80), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class TutorTurn(Base):
    __tablename__ = "tutor_turns"
    __table_args__ = (
        UniqueConstraint("session_id", "number"),
        UniqueConstraint("session_id", "idempotency_key"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    session_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("tutor_sessions.id", ondelete="CASCADE"), index=True
    )
    student_id: Mapped[str] = mapped_column(String(36), index=True)
    number: Mapped[int] = mapped_column(Integer)
    day: Mapped[str] = mapped_column(String(10), index=True)  # UTC date, for daily plan limits
    idempotency_key: Mapped[str | None] = mapped_column(String(120), default=None)
    message: Mapped[str] = mapped_column(Text)
    reply: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(30))
    intent: Mapped[str] = mapped_column(String(30))
    rung: Mapped[int] = mapped_column(Integer)
    verdict: Mapped[str | None] = mapped_column(String(30), default=None)
    misconception: Mapped[str | None] = mapped_column(String(80), default=None)
    sources: Mapped[list[str]] = mapped_column(JSON, default=list)
    voice: Mapped[str] = mapped_column(String(40))
    model: Mapped[str | None] = mapped_column(String(120), default=None)
    input_tokens: Mapped[int] = mapped_column(Integer, default=0)
    output_tokens: Mapped[int] = mapped_column(Integer, default=0)
    cost_usd: Mapped[float] = mapped_column(Float, default=0.0)
    latency_ms: Mapped[float] = mapped_column(Float, default=0.0)
    notes: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

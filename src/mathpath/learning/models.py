"""SQLAlchemy models of the learning service (its own database).

Curriculum rows are keyed by the content version they belong to: a published version is
never updated (publishing is insert-only), and every attempt names the version it was made
against, so old attempts keep meaning what they meant.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from mathpath.kit.db import UTCDateTime, new_metadata
from mathpath.kit.outbox import define_outbox_tables


class Base(DeclarativeBase):
    """Learning's declarative base (a class statement, so mypy can type the models)."""

    metadata = new_metadata()


OUTBOX = define_outbox_tables(Base.metadata)

_TS = UTCDateTime()


class ContentVersion(Base):
    __tablename__ = "content_versions"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    pack_id: Mapped[str] = mapped_column(String(80))
    pack_version: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    checksum: Mapped[str] = mapped_column(String(64), unique=True)
    published_at: Mapped[datetime] = mapped_column(_TS, index=True)


class SkillRow(Base):
    __tablename__ = "skills"

    version_id: Mapped[str] = mapped_column(ForeignKey("content_versions.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class ModuleRow(Base):
    __tablename__ = "modules"

    version_id: Mapped[str] = mapped_column(ForeignKey("content_versions.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class LessonRow(Base):
    __tablename__ = "lessons"

    version_id: Mapped[str] = mapped_column(ForeignKey("content_versions.id"), primary_key=True)
    module_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    body: Mapped[str] = mapped_column(Text)


class ItemRow(Base):
    __tablename__ = "items"

    version_id: Mapped[str] = mapped_column(ForeignKey("content_versions.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    module_id: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class Attempt(Base):
    __tablename__ = "attempts"
    __table_args__ = (
        UniqueConstraint("student_id", "idempotency_key"),
        Index("ix_attempts_student_answered", "student_id", "answered_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    student_id: Mapped[str] = mapped_column(String(64), index=True)
    idempotency_key: Mapped[str] = mapped_column(String(200))
    request_hash: Mapped[str] = mapped_column(String(64))
    content_version_id: Mapped[str] = mapped_column(String(120))
    item_id: Mapped[str] = mapped_column(String(120), index=True)
    seed: Mapped[int | None] = mapped_column(Integer)
    part: Mapped[str | None] = mapped_column(String(20))
    skills: Mapped[list[str]] = mapped_column(JSON)
    answer: Mapped[str] = mapped_column(String(2000))
    status: Mapped[str] = mapped_column(String(20))
    correct: Mapped[bool] = mapped_column(Boolean)
    misconception: Mapped[str | None] = mapped_column(String(120))
    hints_used: Mapped[int] = mapped_column(Integer)
    hints_available: Mapped[int] = mapped_column(Integer)
    saw_solution: Mapped[bool] = mapped_column(Boolean)
    tutor_help: Mapped[bool] = mapped_column(Boolean)
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    answered_at: Mapped[datetime] = mapped_column(_TS, index=True)
    recorded_at: Mapped[datetime] = mapped_column(_TS)
    offline: Mapped[bool] = mapped_column(Boolean, default=False)
    # What the API answered, replayed verbatim for a retried idempotency key.
    result: Mapped[dict[str, Any]] = mapped_column(JSON)


class Mastery(Base):
    __tablename__ = "mastery"

    student_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    skill_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    p_known: Mapped[float] = mapped_column(Float)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    correct: Mapped[int] = mapped_column(Integer, default=0)
    mastered_at: Mapped[datetime | None] = mapped_column(_TS)
    last_attempt_at: Mapped[datetime | None] = mapped_column(_TS)


class Ability(Base):
    """A student's ability: a logit offset on BKT predictions, updated online."""

    __tablename__ = "abilities"

    student_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    ability: Mapped[float] = mapped_column(Float)
    answers: Mapped[int] = mapped_column(Integer)


class BktParams(Base):
    __tablename__ = "bkt_params"

    skill_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    p_init: Mapped[float] = mapped_column(Float)
    p_learn: Mapped[float] = mapped_column(Float)
    p_guess: Mapped[float] = mapped_column(Float)
    p_slip: Mapped[float] = mapped_column(Float)
    p_forget: Mapped[float] = mapped_column(Float)
    n_attempts: Mapped[int] = mapped_column(Integer)
    fitted_at: Mapped[datetime] = mapped_column(_TS)


class ReviewCard(Base):
    __tablename__ = "review_cards"

    student_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    skill_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    due: Mapped[datetime] = mapped_column(_TS, index=True)
    card: Mapped[dict[str, Any]] = mapped_column(JSON)


class Enrolment(Base):
    __tablename__ = "enrolments"

    student_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    pathway_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    enrolled_at: Mapped[datetime] = mapped_column(_TS)


class FeedbackNote(Base):
    __tablename__ = "feedback_notes"
    __table_args__ = (UniqueConstraint("author_id", "idempotency_key"),)

    idempotency_key: Mapped[str] = mapped_column(String(200))
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    student_id: Mapped[str] = mapped_column(String(64), index=True)
    author_id: Mapped[str] = mapped_column(String(64))
    author_role: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    skill_id: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(_TS)


class Assignment(Base):
    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("teacher_id", "idempotency_key"),)

    idempotency_key: Mapped[str] = mapped_column(String(200))
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    class_id: Mapped[str] = mapped_column(String(64), index=True)
    teacher_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    target_kind: Mapped[str] = mapped_column(String(20))
    target_ids: Mapped[list[str]] = mapped_column(JSON)
    due_at: Mapped[datetime] = mapped_column(_TS)
    created_at: Mapped[datetime] = mapped_column(_TS)


class ClassMember(Base):
    """Local projection of identity's class rosters (from ``class.membership_changed``)."""

    __tablename__ = "class_members"

    class_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    student_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    teacher_id: Mapped[str] = mapped_column(String(64), index=True)


class ParentLink(Base):
    """Local projection of identity's parent links (from ``parent_link.changed``)."""

    __tablename__ = "parent_links"

    parent_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    child_id: Mapped[str] = mapped_column(String(64), primary_key=True)

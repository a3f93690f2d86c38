"""Right of access: learning's part of a user's data export.

Identity publishes ``user.export_requested``; this service answers with its part, handed to
identity's contribute route (see :func:`deliver`): everything it keeps about the user,
whatever their role: as a student (attempts, mastery, ability, review cards, enrolments,
notes about them), as an author of feedback notes (teacher, parent), as a teacher
(assignments set), and the local copies of class rosters and parent links. Identity
re-dispatches a request until every service answered and keeps the first answer of each
service, so answering again is harmless: the handler needs no state of its own beyond the
per-event marker.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.access import export as access_export
from mathpath.kit.events import Event
from mathpath.kit.service import ServiceContext
from mathpath.learning import repository as repo
from mathpath.learning.documents import documents
from mathpath.learning.documents.ports import FeedbackNoteStore, Note
from mathpath.learning.documents.sql import SqlFeedbackNoteStore
from mathpath.learning.models import (
    Ability,
    Assignment,
    Attempt,
    ClassMember,
    Enrolment,
    Mastery,
    ParentLink,
    ReviewCard,
)
from mathpath.learning.timeutil import aware

FORMAT = "mathpath.learning.export/1"


def _iso(value: datetime | None) -> str | None:
    return aware(value).isoformat() if value is not None else None


def _attempt(a: Attempt) -> dict[str, Any]:
    # `result` (the replayed API answer) and `request_hash` repeat what is here.
    return {
        "id": a.id,
        "item_id": a.item_id,
        "part": a.part,
        "seed": a.seed,
        "content_version": a.content_version_id,
        "skills": list(a.skills),
        "answer": a.answer,
        "status": a.status,
        "correct": a.correct,
        "misconception": a.misconception,
        "hints_used": a.hints_used,
        "hints_available": a.hints_available,
        "saw_solution": a.saw_solution,
        "tutor_help": a.tutor_help,
        "duration_ms": a.duration_ms,
        "offline": a.offline,
        "answered_at": _iso(a.answered_at),
        "recorded_at": _iso(a.recorded_at),
    }


def _note(n: Note) -> dict[str, Any]:
    return {
        "id": n.id,
        "student_id": n.student_id,
        "author_id": n.author_id,
        "author_role": n.author_role,
        "skill_id": n.skill_id,
        "body": n.body,
        "created_at": _iso(n.created_at),
    }


async def learning_part(
    session: AsyncSession, user_id: str, notes: FeedbackNoteStore | None = None
) -> dict[str, Any]:
    """Everything learning holds about ``user_id``, as JSON-ready data (feedback notes from
    `notes`, by default the SQL table)."""
    notes = notes or SqlFeedbackNoteStore(session)
    attempts = await repo.user_rows(session, Attempt, "student_id", user_id)
    mastery = await repo.user_rows(session, Mastery, "student_id", user_id)
    ability = await session.get(Ability, user_id)
    cards = await repo.user_rows(session, ReviewCard, "student_id", user_id)
    enrolments = await repo.user_rows(session, Enrolment, "student_id", user_id)
    about = await notes.about(user_id)
    written = await notes.by_author(user_id)
    assignments = await repo.user_rows(session, Assignment, "teacher_id", user_id)
    classes = await repo.user_rows(session, ClassMember, "student_id", user_id)
    taught = await repo.user_rows(session, ClassMember, "teacher_id", user_id)
    children = await repo.user_rows(session, ParentLink, "parent_id", user_id)
    parents = await repo.user_rows(session, ParentLink, "child_id", user_id)
    return {
        "format": FORMAT,
        "user_id": user_id,
        "attempts": [_attempt(a) for a in sorted(attempts, key=lambda a: (a.answered_at, a.id))],
        "mastery": [
            {
                "skill_id": m.skill_id,
                "p_known": m.p_known,
                "attempts": m.attempts,
                "correct": m.correct,
                "mastered_at": _iso(m.mastered_at),
                "last_attempt_at": _iso(m.last_attempt_at),
            }
            for m in sorted(mastery, key=lambda m: m.skill_id)
        ],
        "ability": (
            {"ability": ability.ability, "answers": ability.answers}
            if ability is not None
            else None
        ),
        "review_cards": [
            {"skill_id": c.skill_id, "due": _iso(c.due), "card": dict(c.card)}
            for c in sorted(cards, key=lambda c: c.skill_id)
        ],
        "enrolments": [
            {"pathway_id": e.pathway_id, "enrolled_at": _iso(e.enrolled_at)}
            for e in sorted(enrolments, key=lambda e: e.enrolled_at)
        ],
        "feedback_about_me": [_note(n) for n in sorted(about, key=lambda n: n.created_at)],
        "feedback_written": [_note(n) for n in sorted(written, key=lambda n: n.created_at)],
        "assignments_set": [
            {
                "id": a.id,
                "class_id": a.class_id,
                "title": a.title,
                "target_kind": a.target_kind,
                "target_ids": list(a.target_ids),
                "due_at": _iso(a.due_at),
                "created_at": _iso(a.created_at),
            }
            for a in sorted(assignments, key=lambda a: a.created_at)
        ],
        "classes": sorted(m.class_id for m in classes),
        "classes_taught": sorted({m.class_id for m in taught}),
        "children": sorted(link.child_id for link in children),
        "parents": sorted(link.parent_id for link in parents),
    }


def export_handler(ctx: ServiceContext) -> Callable[[AsyncSession, Event], Awaitable[None]]:
    """Consumer of ``user.export_requested``: answer with learning's part."""

    async def part(session: AsyncSession, user_id: str) -> dict[str, Any]:
        return await learning_part(session, user_id, documents(ctx).feedback(session))

    return access_export.export_handler(ctx, part)

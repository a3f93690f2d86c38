"""Small helpers shared by the learning tests: pick items, publish identity's events."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from mathpath.contracts.identity_events import CLASS_MEMBERSHIP_CHANGED
from mathpath.gateway.app import Gateway
from mathpath.kit.events import Event
from mathpath.learning import catalog
from mathpath.learning.content.schema import StaticItem
from mathpath.learning.curriculum import Curriculum
from tests.fixtures.learning import Actor, Tokens
from tests.fixtures.platform import drain_events


def curriculum_of(gateway: Gateway) -> Curriculum:
    return catalog.current(gateway.local_apps["learning"].state.ctx)


def numeric_items(curriculum: Curriculum) -> list[StaticItem]:
    """Single-answer numeric items without units or a required form, in pack order."""
    return [
        item
        for item in curriculum.items.values()
        if isinstance(item, StaticItem)
        and item.answer is not None
        and item.answer.kind == "numeric"
        and item.answer.units is None
        and item.answer.form == "any"
    ]


def answer_of(item: StaticItem) -> str:
    assert item.answer is not None
    return item.answer.value


def wrong_answer_of(item: StaticItem) -> str:
    return str(int(float(answer_of(item).replace(" ", "") or 0)) + 1000)


async def publish(gateway: Gateway, event_type: str, payload: dict[str, object]) -> None:
    await gateway.runtime.bus.publish(Event(type=event_type, source="identity", payload=payload))
    await drain_events(gateway)


async def class_of(gateway: Gateway, tokens: Tokens, teacher: Actor, *students: Actor) -> str:
    """A class of these students, as identity's roster event tells learning."""
    class_id = str(uuid.uuid4())
    await publish(
        gateway,
        CLASS_MEMBERSHIP_CHANGED,
        {
            "class_id": class_id,
            "teacher_id": teacher.id,
            "student_ids": [s.id for s in students],
            "change": "joined",
            "at": datetime.now(UTC).isoformat(),
        },
    )
    # After the event: identity's cache invalidation drops relationship answers on it.
    await tokens.teach_class(teacher, class_id)
    return class_id

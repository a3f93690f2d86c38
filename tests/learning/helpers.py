"""Small helpers shared by the learning tests: pick items from the published curriculum."""

from __future__ import annotations

from mathpath.gateway.app import Gateway
from mathpath.learning import catalog
from mathpath.learning.content.schema import StaticItem
from mathpath.learning.curriculum import Curriculum


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

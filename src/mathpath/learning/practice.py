"""Turning a curriculum item (static, template instance or multi-part) into something to check.

Answers are checked by `mathpath.maths.checking` in a worker thread, with a bound on how many
checks run at once and on how long one may take, so a hostile answer cannot starve the
event loop or the machine.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from mathpath.kit.errors import BusinessRuleViolation, NotFound
from mathpath.learning.content.schema import (
    Answer,
    AnyItem,
    GeneratorItem,
    Part,
    StaticItem,
    Step,
    TemplateItem,
)
from mathpath.learning.content.templates import TemplateError, instantiate
from mathpath.maths.checking import Verdict, check_async

# The engine enforces its own per-check limit; this only guards against a stuck worker.
CHECK_TIMEOUT_S = 10.0
CONCURRENT_CHECKS = 4


class SeedRequired(BusinessRuleViolation):
    type_slug = "seed-required"
    title = "A parametric item needs the seed of its generated instance"


class UnknownPart(BusinessRuleViolation):
    type_slug = "unknown-part"
    title = "The item has no such part"


class NotPractisable(BusinessRuleViolation):
    type_slug = "item-not-practisable"
    title = "This item cannot be practised on this server"


@dataclass(frozen=True)
class Target:
    """What one attempt answers: the concrete item and, for multi-part items, one part."""

    item: StaticItem
    part: Part | None

    @property
    def answer(self) -> Answer:
        if self.part is not None:
            return self.part.answer
        assert self.item.answer is not None  # the schema guarantees answer or parts
        return self.item.answer

    @property
    def hints(self) -> list[str]:
        return self.part.hints if self.part is not None else self.item.hints

    @property
    def solution(self) -> list[Step]:
        return self.part.solution if self.part is not None else self.item.solution

    @property
    def misconceptions(self) -> list[str]:
        return self.part.misconceptions if self.part is not None else self.item.misconceptions


def concrete(item: AnyItem, seed: int | None) -> StaticItem:
    """The item a student sees: a template is instantiated from its seed."""
    if isinstance(item, GeneratorItem):
        raise NotPractisable(
            f"Item {item.id} comes from generator {item.generator!r}, which is not available."
        )
    if isinstance(item, TemplateItem):
        if seed is None:
            raise SeedRequired(f"Item {item.id} is parametric: send the seed you were shown.")
        try:
            return instantiate(item, seed).item
        except TemplateError as exc:
            raise NotPractisable(f"Item {item.id} cannot be generated: {exc}") from exc
    return item


def target(item: AnyItem, seed: int | None, part: str | None) -> Target:
    static = concrete(item, seed)
    if static.parts is None:
        if part is not None:
            raise UnknownPart(f"Item {item.id} has a single answer; send no part.")
        return Target(static, None)
    for candidate in static.parts:
        if candidate.label == part:
            return Target(static, candidate)
    labels = ", ".join(p.label for p in static.parts)
    raise UnknownPart(f"Item {item.id} has parts {labels}; say which one you answer.")


def require(item: AnyItem | None, item_id: str) -> AnyItem:
    if item is None:
        raise NotFound(f"No item {item_id!r} in this content version.")
    return item


async def check_answer(spec: Answer, answer: str, limit: asyncio.Semaphore) -> Verdict:
    checking = check_async(
        spec.value,
        answer,
        kind=spec.kind,
        form=spec.form,
        dp=spec.dp,
        sf=spec.sf,
        tolerance=spec.tolerance,
        units=bool(spec.units),
    )
    async with limit:
        try:
            return await asyncio.wait_for(checking, timeout=CHECK_TIMEOUT_S)
        except TimeoutError:
            return Verdict(
                "cannot_check", "timeout", "We could not check that answer in time; try again."
            )


async def warm_up() -> None:
    """One throwaway check, so the first student does not pay for SymPy's lazy imports."""
    await check_async("1", "1", kind="numeric")
    await check_async("2*x + 1", "2*x - 1", kind="expression")  # the misconception path

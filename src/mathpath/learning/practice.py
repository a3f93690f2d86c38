"""Turning a curriculum item (static, template instance, generated instance or multi-part)
into something to check.

A `generator:` item is drawn by a maths-engine generator from the seed the student was shown
(`content.engine.generate`); its answer, worked steps and hints are the solver's, and a wrong
answer is diagnosed against the generated problem itself, so the misconception named is one
that reproduces the student's answer on that very question.

Answers are checked by `mathpath.maths.checking` in a worker thread, with a bound on how many
checks run at once and on how long one may take, so a hostile answer cannot starve the
event loop or the machine.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace

from mathpath.kit.errors import BusinessRuleViolation, NotFound
from mathpath.learning.content import engine
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
from mathpath.maths import checking, guard, limits
from mathpath.maths.checking import Verdict, check_async
from mathpath.maths.tracing import NoSpace, problem_of, space_key, trace

# The engine enforces its own per-check limit; this only guards against a stuck worker.
CHECK_TIMEOUT_S = 10.0
CONCURRENT_CHECKS = 4
TRACE_TIMEOUT_S = 3.0
"""An item's solution space is built on its first traced answer in each worker (tens of ms,
more on a loaded machine), then cached."""


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
    """What one attempt answers: the concrete item and, for multi-part items, one part.

    `generated` is set when the item came from a maths-engine generator (for diagnosis).
    """

    item: StaticItem
    part: Part | None
    generated: engine.Generated | None = None

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

    @property
    def problem(self) -> dict[str, object] | None:
        """The engine problem (`problem:`) the answer is diagnosed against."""
        return self.part.problem if self.part is not None else self.item.problem


def is_parametric(item: AnyItem) -> bool:
    """Drawn from a seed: a declarative template or a maths-engine generator."""
    return isinstance(item, TemplateItem | GeneratorItem)


def _from_generated(item: GeneratorItem, seed: int, made: engine.Generated) -> StaticItem:
    misconceptions = list(dict.fromkeys([*item.misconceptions, *made.misconceptions]))
    return StaticItem(
        id=f"{item.id}-s{seed}",
        skills=list(item.skills),
        difficulty=item.difficulty,
        stem=made.stem,
        answer=made.answer,
        solution=[Step(text=text, math=latex or None) for text, latex in made.solution],
        hints=list(made.hints),
        misconceptions=misconceptions,
        problem=made.problem,
    )


def _generated(item: GeneratorItem, seed: int | None) -> tuple[StaticItem, engine.Generated]:
    if seed is None:
        raise SeedRequired(f"Item {item.id} is parametric: send the seed you were shown.")
    try:
        made = engine.generate(item.generator, item.params, seed)
    except engine.GenerationError as exc:
        raise NotPractisable(f"Item {item.id} cannot be generated for seed {seed}: {exc}") from exc
    return _from_generated(item, seed, made), made


def instance(item: AnyItem, seed: int | None) -> tuple[StaticItem, engine.Generated | None]:
    """The item a student sees (a template drawn from its seed) and, if generated, how."""
    if isinstance(item, GeneratorItem):
        return _generated(item, seed)
    if isinstance(item, TemplateItem):
        if seed is None:
            raise SeedRequired(f"Item {item.id} is parametric: send the seed you were shown.")
        try:
            return instantiate(item, seed).item, None
        except TemplateError as exc:
            raise NotPractisable(f"Item {item.id} cannot be generated: {exc}") from exc
    return item, None


def concrete(item: AnyItem, seed: int | None) -> StaticItem:
    """The item a student sees: a template is instantiated from its seed."""
    return instance(item, seed)[0]


async def concrete_async(item: AnyItem, seed: int | None) -> StaticItem:
    """`concrete`, with a generator's solver work (tens of ms) off the event loop."""
    return (await instance_async(item, seed))[0]


async def instance_async(
    item: AnyItem, seed: int | None
) -> tuple[StaticItem, engine.Generated | None]:
    if (
        isinstance(item, GeneratorItem)
        and seed is not None
        and engine.cached(item.generator, item.params, seed) is None
    ):
        return await asyncio.to_thread(instance, item, seed)
    return instance(item, seed)


def _target(
    item: AnyItem, static: StaticItem, made: engine.Generated | None, part: str | None
) -> Target:
    if static.parts is None:
        if part is not None:
            raise UnknownPart(f"Item {item.id} has a single answer; send no part.")
        return Target(static, None, made)
    for candidate in static.parts:
        if candidate.label == part:
            return Target(static, candidate, made)
    labels = ", ".join(p.label for p in static.parts)
    raise UnknownPart(f"Item {item.id} has parts {labels}; say which one you answer.")


def target(item: AnyItem, seed: int | None, part: str | None) -> Target:
    static, made = instance(item, seed)
    return _target(item, static, made, part)


async def target_async(item: AnyItem, seed: int | None, part: str | None) -> Target:
    static, made = await instance_async(item, seed)
    return _target(item, static, made, part)


def require(item: AnyItem | None, item_id: str) -> AnyItem:
    if item is None:
        raise NotFound(f"No item {item_id!r} in this content version.")
    return item


async def check_answer(
    spec: Answer,
    answer: str,
    limit: asyncio.Semaphore,
    generated: engine.Generated | None = None,
    problem: dict[str, object] | None = None,
    steps: list[Step] | None = None,
) -> Verdict:
    """Mark `answer`; a wrong one is diagnosed against the item's engine problem (`problem`,
    the item's `problem:`), or against the generated problem itself. A wrong answer that no
    misconception explains is traced against the item's solution space: correct working sent
    as the answer is told so (with the next step), never just "not right"."""
    checking = check_async(
        spec.value,
        answer,
        kind=spec.kind,
        form=spec.form,
        dp=spec.dp,
        sf=spec.sf,
        tolerance=spec.tolerance,
        units=bool(spec.units),
        # A generated problem is diagnosed below, against the problem itself.
        diagnose=generated is None,
        problem=problem_of(problem) if generated is None else None,
    )
    async with limit:
        try:
            verdict = await asyncio.wait_for(checking, timeout=CHECK_TIMEOUT_S)
        except TimeoutError:
            return Verdict(
                "cannot_check", "timeout", "We could not check that answer in time; try again."
            )
        if generated is not None and verdict.status == "incorrect":
            found = await asyncio.to_thread(_diagnose, generated, spec.value, answer)
            if found is not None:
                name, explanation = found
                feedback = f"{verdict.feedback} {explanation}".strip()
                verdict = replace(verdict, misconception=name, feedback=feedback)
        spec_problem = problem or (generated.problem if generated is not None else None)
        if verdict.status == "incorrect" and verdict.misconception is None and spec_problem:
            verdict = await asyncio.to_thread(_traced, verdict, spec, answer, spec_problem, steps)
    return verdict


def _traced(
    verdict: Verdict, spec: Answer, answer: str, problem: dict[str, object],
    steps: list[Step] | None,
) -> Verdict:  # fmt: skip
    """The verdict, with what tracing says of an answer that is really a line of working."""
    worked = [(s.text, s.math) for s in steps or []]
    key = space_key(problem, spec.value, worked, spec.tolerance, {"kind": spec.kind})
    try:
        traced = guard.pool(wait=False).call(TRACE_TIMEOUT_S, trace, key, answer, [])
    except (guard.GuardTimeout, guard.GuardBusy, guard.WorkerError, NoSpace):
        return verdict
    if traced.status != "valid" or traced.final:
        return verdict
    following = _next_step(steps or [], traced.position)
    feedback = "That's correct working, but not the final answer yet." + (
        f" Next: {following}" if following else " Keep going."
    )
    return replace(verdict, reason="working_not_final", feedback=feedback)


def _next_step(steps: list[Step], position: int | None) -> str:
    index = (position if position is not None else -1) + 1
    if 0 <= index < len(steps):
        text = steps[index].text.strip()
        return text if text.endswith((".", "!", "?")) else f"{text}."
    return ""


def _diagnose(made: engine.Generated, expected: str, answer: str) -> tuple[str, str] | None:
    """Name the misconception in a maths worker under the engine's time limit, or None."""
    timeout_s = limits.DEFAULT_TIMEOUT_MS / 1000
    try:
        return guard.pool(wait=False).call(
            timeout_s, engine.diagnose_generated, made.generator, made.drawn, expected, answer
        )
    except (guard.GuardTimeout, guard.GuardBusy, guard.WorkerError):
        return None  # diagnosis is a bonus: the verdict already stands


async def warm_up() -> None:
    """Start the maths worker processes (a generated item's diagnosis needs one) and run
    throwaway checks, so the first student does not pay for SymPy's lazy imports."""
    await asyncio.to_thread(checking.warm_up)
    await check_async("1", "1", kind="numeric")
    await check_async("2*x + 1", "2*x - 1", kind="expression")  # the misconception path

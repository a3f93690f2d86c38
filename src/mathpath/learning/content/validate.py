"""`mathpath content validate`: every check a pack must pass before it is published."""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from mathpath.learning.content.engine import Engine, MathsEngine, hint_leak
from mathpath.learning.content.loader import ContentPack, Issue, load_pack
from mathpath.learning.content.schema import (
    Answer,
    GeneratorItem,
    Problem,
    StaticItem,
    Step,
    TemplateItem,
)
from mathpath.learning.content.structure import check_structure
from mathpath.learning.content.templates import TemplateError, holds, instantiate

DEFAULT_SEEDS = 50
PROBLEM_SEEDS = 5
"""Template samples whose engine problem is proved (every sample's answer is still checked): a
template's problem has the same shape on every seed, and proving it costs a solve per seed."""


@dataclass(frozen=True)
class Report:
    pack: ContentPack
    issues: list[Issue]

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


def _check_answer(
    engine: Engine,
    answer: Answer,
    solution: Sequence[Step],
    hints: Sequence[str],
    where: str,
    question: str,
    problem: Problem | None = None,
    tags: Sequence[str] = (),
    trace: bool = True,
) -> list[str]:
    """Problems with one answer: its engine problem and misconception tags, its worked
    solution and its hint ladder."""
    problems: list[str] = []
    if problem is None:
        if engine.can_trace:
            problems.append(f"{where}no engine 'problem' (what the question asks, for the tutor)")
    elif trace:
        problems += [f"{where}{p}" for p in engine.check_problem(problem, answer, tags)]
    last = solution[-1].math if solution else None
    if not last:
        problems.append(f"{where}the last solution step has no 'math'")
    else:
        reason = engine.check(answer, last)
        if reason is not None:
            problems.append(
                f"{where}answer {answer.value!r} is not accepted for the last step "
                f"{last!r} ({reason})"
            )
    for n, hint in enumerate(hints[:-1], start=1):
        leak = hint_leak(engine, answer, hint, question)
        if leak:
            problems.append(f"{where}hint {n} gives the answer away: {leak}")
    return problems


def check_item(
    engine: Engine, item: StaticItem, catalogue: frozenset[str] | None, *, trace: bool = True
) -> list[str]:
    """Problems with one concrete item; `trace` (default) also proves its engine problem."""
    problems: list[str] = []
    tags = list(item.misconceptions)
    if item.parts is None:
        assert item.answer is not None  # guaranteed by the schema
        problems += _check_answer(
            engine,
            item.answer,
            item.solution,
            item.hints,
            "",
            item.stem,
            item.problem,
            tags,
            trace,
        )
    else:
        for part in item.parts:
            where = f"part {part.label}: "
            question = f"{item.stem}\n{part.prompt}"
            problems += _check_answer(
                engine, part.answer, part.solution, part.hints, where, question, part.problem,
                part.misconceptions, trace,
            )  # fmt: skip
            tags += part.misconceptions
    if catalogue is not None:
        problems += [f"unknown misconception {t}" for t in tags if t not in catalogue]
    return problems


def check_template(
    engine: Engine, template: TemplateItem, seeds: int, catalogue: frozenset[str] | None
) -> list[str]:
    """Sample the template; report the first failing seed only, the rest usually repeat it."""
    for seed in range(seeds):
        try:
            sample = instantiate(template, seed)
        except TemplateError as exc:
            return [f"seed {seed}: {exc}"]
        except ValueError as exc:  # the filled-in item broke the schema
            return [f"seed {seed}: the filled-in item is invalid: {exc}"]
        broken = [c for c in template.constraints if not holds(c, sample.values)]
        if broken:
            return [f"seed {seed}: constraints not honoured: {broken}"]
        problems = check_item(engine, sample.item, catalogue, trace=seed < PROBLEM_SEEDS)
        if problems:
            values = ", ".join(
                f"{k}={v}" for k, v in sample.values.items() if isinstance(v, Fraction)
            )
            return [f"seed {seed} ({values}): {p}" for p in problems]
    return []


TAG_SEEDS = 5
"""Instances of a generator on which each misconception tag must be earned at least once."""


def _check_generator(engine: Engine, item: GeneratorItem, seeds: int) -> list[str]:
    """Sample an engine generator; like templates, report the first failing seed only."""
    for seed in range(seeds):
        problems = engine.check_generated(item.generator, item.params, seed)
        if problems:
            return problems
    unearned = engine.unearned_generator_tags(
        item.generator, item.params, item.misconceptions, min(seeds, TAG_SEEDS)
    )
    return [
        f"misconception {tag} is earned on none of the first {min(seeds, TAG_SEEDS)} instances"
        for tag in unearned
    ]


def validate_pack(
    root: Path,
    *,
    seeds: int = DEFAULT_SEEDS,
    engine: Engine | None = None,
    modules: str = "*",
) -> Report:
    """Validate the pack at `root`; `modules` (a glob) limits the costly per-item engine checks."""
    pack = load_pack(root)
    issues = list(pack.issues) + check_structure(pack)
    engine = engine or MathsEngine()
    issues += [
        Issue(str(root), None, f"{name} is not available: its checks were skipped", "warning")
        for name in engine.missing
    ]
    catalogue = engine.misconception_ids()
    generators = engine.generator_names()
    for loaded, item in pack.items():
        if not fnmatch.fnmatch(loaded.module.id, modules):
            continue
        rel = pack.relative(loaded.items_file)
        if isinstance(item, GeneratorItem):
            problems = []
            if generators is not None and item.generator not in generators:
                problems.append(f"unknown generator {item.generator}")
            if catalogue is not None:
                problems += [
                    f"unknown misconception {t}" for t in item.misconceptions if t not in catalogue
                ]
            if not problems:
                problems = _check_generator(engine, item, seeds)
        elif isinstance(item, TemplateItem):
            problems = check_template(engine, item, seeds, catalogue)
        else:
            problems = check_item(engine, item, catalogue)
        issues += [Issue(rel, item.id, p) for p in problems]
    return Report(pack=pack, issues=issues)

"""Curriculum passages: the units the retrieval index stores and the tutor cites."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mathpath.kit.yaml import SAFE_LOADER
from mathpath.tutor.core.items import TutorItem, iter_pack_items, level_of_module, pack_fingerprint

_SECTION = re.compile(r"^##\s+(.+)$", re.M)


@dataclass(frozen=True)
class Passage:
    id: str
    text: str
    title: str = ""
    skills: tuple[str, ...] = ()
    level: str = ""
    kind: str = "explanation"  # explanation | worked_example | common_mistakes | item | feedback
    audience: str = "student"  # student | teacher | parent
    source: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    def matches(self, filters: Filters | None) -> bool:
        # A passage that belongs to one student (a feedback note) needs that student's filter.
        if filters is None:
            return self.meta.get("student_id") is None
        if filters.skills and not set(filters.skills) & set(self.skills):
            return False
        if filters.levels and self.level not in filters.levels:
            return False
        if filters.kinds and self.kind not in filters.kinds:
            return False
        if filters.audiences and self.audience not in filters.audiences:
            return False
        owner = self.meta.get("student_id")
        return owner is None or owner == filters.student_id


@dataclass(frozen=True)
class Filters:
    """Metadata filters; an empty field means "any". Passages that belong to one student
    (feedback notes) are only ever returned for that student."""

    skills: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    student_id: str | None = None


def _section_kind(heading: str) -> str:
    """Lesson sections by their required headings (content/README.md): the Explanation,
    Worked examples, Common mistakes (the concept rung is voiced from an explanation)."""
    lowered = heading.lower()
    if lowered.startswith("worked"):
        return "worked_example"
    if lowered.startswith("common mistakes"):
        return "common_mistakes"
    return "explanation"


def lesson_passages(content_dir: Path) -> Iterator[Passage]:
    for module_file in sorted(content_dir.glob("modules/*/module.yaml")):
        module = yaml.load(module_file.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}  # noqa: S506
        level = level_of_module(str(module.get("id", module_file.parent.name)))
        for lesson in module.get("lessons", []):
            path = module_file.parent / str(lesson["file"])
            if not path.exists():
                continue
            body = path.read_text(encoding="utf-8")
            for index, (heading, text) in enumerate(_sections(body)):
                kind = _section_kind(heading)
                yield Passage(
                    id=f"lesson:{lesson['id']}:{index}",
                    text=text,
                    title=f"{lesson.get('title', lesson['id'])}: {heading}",
                    skills=tuple(lesson.get("skills", ())),
                    level=level,
                    kind=kind,
                    source=f"lesson:{lesson['id']}",
                )


def _sections(body: str) -> Iterator[tuple[str, str]]:
    matches = list(_SECTION.finditer(body))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body)
        text = body[match.end() : end].strip()
        if text:
            yield match.group(1).strip(), text


def item_passage(item: TutorItem) -> Passage:
    """An item as a worked example. Retrieval for a session excludes the session's own item
    (its answer must not reach the reply through the context)."""
    steps = " ".join(s.text + (f" ${s.math}$" if s.math else "") for s in item.solution)
    return Passage(
        id=f"item:{item.id}",
        text=f"{item.stem}\n{steps}",
        title=f"Worked example {item.id}",
        skills=item.skills,
        level=item.level,
        kind="item",
        source=f"item:{item.id}",
    )


_PASSAGES: dict[tuple[object, ...], list[Passage]] = {}


def curriculum_passages(content_dir: Path) -> list[Passage]:
    """Every lesson and item passage, read once per process for each version of the files."""
    key = pack_fingerprint(content_dir)
    if key not in _PASSAGES:
        _PASSAGES.clear()
        passages = list(lesson_passages(content_dir))
        passages += [item_passage(item) for item in iter_pack_items(content_dir)]
        _PASSAGES[key] = passages
    return list(_PASSAGES[key])

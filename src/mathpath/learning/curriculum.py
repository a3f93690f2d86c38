"""The curriculum of one published content version, held in memory for fast reads.

A `Curriculum` is immutable: it is built from the rows of a published version (or straight
from a pack, for publishing) and shared by every request. The skills graph answers
prerequisite questions; items are found by id and by skill.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mathpath.learning.content.loader import ContentPack, load_pack
from mathpath.learning.content.schema import (
    AnyItem,
    GeneratorItem,
    Module,
    Pack,
    Skill,
    TemplateItem,
    parse_item,
)
from mathpath.learning.content.structure import check_structure


class InvalidPack(ValueError):
    """The pack has errors; the message lists them."""


@dataclass(frozen=True)
class Curriculum:
    version_id: str
    pack: Pack
    skills: dict[str, Skill]
    modules: dict[str, Module]
    lessons: dict[tuple[str, str], str]
    items: dict[str, AnyItem]
    item_module: dict[str, str]
    items_by_skill: dict[str, list[str]] = field(default_factory=dict)
    dependents: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        version_id: str,
        pack: Pack,
        skills: list[Skill],
        modules: list[Module],
        lessons: dict[tuple[str, str], str],
        items: list[tuple[str, AnyItem]],
    ) -> Curriculum:
        by_skill: dict[str, list[str]] = defaultdict(list)
        for _, item in items:
            for skill_id in item.skills:
                by_skill[skill_id].append(item.id)
        dependents: dict[str, list[str]] = defaultdict(list)
        for skill in skills:
            for pre in skill.prerequisites:
                dependents[pre].append(skill.id)
        return cls(
            version_id=version_id,
            pack=pack,
            skills={s.id: s for s in skills},
            modules={m.id: m for m in modules},
            lessons=lessons,
            items={item.id: item for _, item in items},
            item_module={item.id: module_id for module_id, item in items},
            items_by_skill=dict(by_skill),
            dependents=dict(dependents),
        )

    def module_of_skill(self, skill_id: str) -> list[str]:
        return [m.id for m in self.modules.values() if skill_id in m.skills]

    def skills_at_levels(self, levels: set[str]) -> list[str]:
        return [s.id for s in self.skills.values() if s.level in levels]

    def prerequisite_closure(self, skill_ids: list[str]) -> list[str]:
        """The skills and everything they depend on, prerequisites first."""
        seen: dict[str, None] = {}

        def visit(skill_id: str) -> None:
            if skill_id in seen or skill_id not in self.skills:
                return
            for pre in self.skills[skill_id].prerequisites:
                visit(pre)
            seen[skill_id] = None

        for skill_id in skill_ids:
            visit(skill_id)
        return list(seen)


def item_kind(item: AnyItem) -> str:
    if isinstance(item, GeneratorItem):
        return "generator"
    if isinstance(item, TemplateItem):
        return "template"
    return "static"


def item_from_data(data: dict[str, Any]) -> AnyItem:
    return parse_item(data)


def dump_item(item: AnyItem) -> dict[str, Any]:
    return item.model_dump(mode="json", exclude_none=True)


@dataclass(frozen=True)
class PackSnapshot:
    """Everything publishing stores, and its checksum (content addressed)."""

    pack: Pack
    skills: list[Skill]
    modules: list[Module]
    lessons: dict[tuple[str, str], str]
    items: list[tuple[str, AnyItem]]
    checksum: str

    @property
    def version_id(self) -> str:
        return f"{self.pack.id}@{self.pack.version}+{self.checksum[:12]}"

    def curriculum(self) -> Curriculum:
        return Curriculum.build(
            self.version_id, self.pack, self.skills, self.modules, self.lessons, self.items
        )


def _checksum(parts: dict[str, Any]) -> str:
    blob = json.dumps(parts, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(blob).hexdigest()


def snapshot(loaded: ContentPack) -> PackSnapshot:
    errors = [i for i in loaded.issues if i.severity == "error"]
    errors += [i for i in check_structure(loaded) if i.severity == "error"]
    if loaded.pack is None or errors:
        listed = "; ".join(str(i) for i in errors[:20]) or "pack.yaml missing"
        raise InvalidPack(f"content pack at {loaded.root} has errors: {listed}")
    lessons: dict[tuple[str, str], str] = {}
    for lm in loaded.modules:
        for lesson in lm.module.lessons:
            lessons[(lm.module.id, lesson.id)] = (lm.directory / lesson.file).read_text("utf-8")
    items = [(lm.module.id, item) for lm, item in loaded.items()]
    checksum = _checksum(
        {
            "pack": loaded.pack.model_dump(mode="json"),
            "skills": [s.model_dump(mode="json") for s in loaded.skills],
            "modules": [lm.module.model_dump(mode="json") for lm in loaded.modules],
            "lessons": {f"{m}/{lid}": body for (m, lid), body in sorted(lessons.items())},
            "items": [[m, dump_item(i)] for m, i in items],
        }
    )
    return PackSnapshot(
        pack=loaded.pack,
        skills=list(loaded.skills),
        modules=[lm.module for lm in loaded.modules],
        lessons=lessons,
        items=items,
        checksum=checksum,
    )


def snapshot_dir(root: Path) -> PackSnapshot:
    return snapshot(load_pack(root))

"""The scenario dataset: scripted conversations and what must hold after each turn."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mathpath.tutor.core.items import TutorItem
from mathpath.tutor.core.typed_problem import item_from_text


@dataclass(frozen=True)
class Turn:
    say: str
    expect: dict[str, Any]


@dataclass(frozen=True)
class Scenario:
    id: str
    item: TutorItem
    turns: tuple[Turn, ...]
    mode: str = "practice"
    mastery: float | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)


def load_scenarios(path: Path, items: dict[str, TutorItem]) -> list[Scenario]:
    scenarios: list[Scenario] = []
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        raw = json.loads(line)
        if "problem" in raw:
            item = item_from_text(raw["problem"])
        elif raw.get("item_id") in items:
            item = items[raw["item_id"]]
        else:
            raise ValueError(f"{path}:{line_no}: unknown item {raw.get('item_id')!r}")
        scenarios.append(
            Scenario(
                id=str(raw["id"]),
                item=item,
                turns=tuple(Turn(t["say"], dict(t.get("expect", {}))) for t in raw["turns"]),
                mode=str(raw.get("mode", "practice")),
                mastery=raw.get("mastery"),
                tags=tuple(raw.get("tags", ())),
            )
        )
    return scenarios

"""What the tutor knows about the problem a session is about.

The tutor never imports the learning service: it receives items as plain data, either from
learning's HTTP client (distributed and embedded) or, for the content pack shipped with the
repository, straight from the YAML files (the evaluation set and the tests use this).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mathpath.kit.yaml import SAFE_LOADER

# The content pack names the solution-set kind differently from the maths engine.
_KIND_ALIASES = {"solution_set": "solutions"}


@dataclass(frozen=True)
class SolutionStep:
    text: str
    math: str | None = None


@dataclass(frozen=True)
class TutorItem:
    """One problem with its answer, worked solution and hint rungs."""

    id: str
    stem: str
    answer: str
    kind: str | None = None
    form: str | None = None
    dp: int | None = None
    sf: int | None = None
    tolerance: float | None = None
    skills: tuple[str, ...] = ()
    difficulty: int = 1
    solution: tuple[SolutionStep, ...] = ()
    hints: tuple[str, ...] = ()
    misconceptions: tuple[str, ...] = ()
    level: str = ""
    problem: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def check_options(self) -> dict[str, Any]:
        """Keyword arguments for `mathpath.maths.checking.check`."""
        options: dict[str, Any] = {"kind": _KIND_ALIASES.get(self.kind or "", self.kind)}
        if self.form and self.form not in ("any", "dp", "sf"):
            options["form"] = self.form
        for name in ("dp", "sf", "tolerance"):
            value = getattr(self, name)
            if value is not None:
                options[name] = value
        return options

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "stem": self.stem,
            "answer": {
                "value": self.answer,
                "kind": self.kind,
                "form": self.form,
                "dp": self.dp,
                "sf": self.sf,
                "tolerance": self.tolerance,
            },
            "skills": list(self.skills),
            "difficulty": self.difficulty,
            "solution": [{"text": s.text, "math": s.math} for s in self.solution],
            "hints": list(self.hints),
            "misconceptions": list(self.misconceptions),
            "level": self.level,
            "problem": dict(self.problem) if self.problem is not None else None,
            # A typed problem's family and text: without them the graph (which rebuilds the
            # item from this dict) cannot diagnose misconceptions on the problem's own data.
            "extra": dict(self.extra),
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any], *, level: str = "") -> TutorItem:
        answer = raw["answer"]
        if isinstance(answer, str):
            answer = {"value": answer}
        return cls(
            id=str(raw["id"]),
            stem=str(raw["stem"]),
            answer=str(answer["value"]),
            kind=answer.get("kind"),
            form=answer.get("form"),
            dp=answer.get("dp"),
            sf=answer.get("sf"),
            tolerance=answer.get("tolerance"),
            skills=tuple(raw.get("skills", ())),
            difficulty=int(raw.get("difficulty", 1)),
            solution=tuple(
                SolutionStep(str(s["text"]), s.get("math")) for s in raw.get("solution", ())
            ),
            hints=tuple(str(h) for h in raw.get("hints", ())),
            misconceptions=tuple(raw.get("misconceptions", ())),
            level=str(raw.get("level") or level),
            problem=dict(raw["problem"]) if raw.get("problem") else None,
            extra=dict(raw.get("extra") or {}),
        )


def level_of_module(module_id: str) -> str:
    """The curriculum level a module belongs to, from its id prefix."""
    if module_id.startswith("alevel"):
        return "alevel"
    if module_id.startswith("gcse"):
        return "gcse"
    return "ks3"


def iter_pack_items(content_dir: Path) -> Iterator[TutorItem]:
    """Single-answer static items of a content pack (templates and multi-part items skipped:
    the tutor receives those already instantiated from learning)."""
    for items_file in sorted(content_dir.glob("modules/*/items.yaml")):
        level = level_of_module(items_file.parent.name)
        raw_items = yaml.load(items_file.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or []  # noqa: S506
        for raw in raw_items:
            if not isinstance(raw, dict) or raw.get("template") or raw.get("generator"):
                continue
            if "answer" not in raw or "parts" in raw or not raw.get("solution"):
                continue
            yield TutorItem.from_dict(raw, level=level)


_ITEMS: dict[tuple[object, ...], dict[str, TutorItem]] = {}


def pack_fingerprint(content_dir: Path) -> tuple[object, ...]:
    """Changes whenever a file of the pack does (path, size, modification time)."""
    files = sorted(p for p in content_dir.rglob("*") if p.suffix in {".yaml", ".md"})
    return (str(content_dir), *((str(f), f.stat().st_size, f.stat().st_mtime_ns) for f in files))


def load_pack_items(content_dir: Path) -> dict[str, TutorItem]:
    """The pack's items, read once per process for each version of the files."""
    key = pack_fingerprint(content_dir)
    if key not in _ITEMS:
        _ITEMS.clear()
        _ITEMS[key] = {item.id: item for item in iter_pack_items(content_dir)}
    return _ITEMS[key]

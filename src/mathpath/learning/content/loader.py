"""Read a content pack directory into typed objects, collecting every problem found on the way.

Loading never stops at the first bad file: each YAML or schema problem becomes an `Issue`
naming the file (and item id when known), so one run of the validator reports them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import ValidationError

from mathpath.kit.yaml import SAFE_LOADER
from mathpath.learning.content.schema import AnyItem, Module, Pack, Skill, parse_item


@dataclass(frozen=True)
class Issue:
    file: str
    item: str | None
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = f"{self.file} [{self.item}]" if self.item else self.file
        return f"{self.severity}: {where}: {self.message}"


@dataclass(frozen=True)
class LoadedModule:
    module: Module
    directory: Path
    items: list[AnyItem]

    @property
    def items_file(self) -> Path:
        return self.directory / "items.yaml"


@dataclass
class ContentPack:
    root: Path
    pack: Pack | None = None
    skills: list[Skill] = field(default_factory=list)
    skill_files: dict[str, Path] = field(default_factory=dict)
    modules: list[LoadedModule] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    def relative(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def items(self) -> list[tuple[LoadedModule, AnyItem]]:
        return [(m, item) for m in self.modules for item in m.items]


def _format_validation(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        parts.append(f"{loc}: {err['msg']}" if loc else err["msg"])
    return "; ".join(parts)


def _read_yaml(path: Path, pack: ContentPack) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader
    except (OSError, yaml.YAMLError) as exc:
        pack.issues.append(Issue(pack.relative(path), None, f"cannot read YAML: {exc}"))
        return None


def _raw_id(raw: object) -> str | None:
    if isinstance(raw, dict):
        value = raw.get("id")
        return str(value) if value is not None else None
    return None


def _load_skills(root: Path, pack: ContentPack) -> None:
    for path in sorted((root / "skills").glob("*.yaml")):
        data = _read_yaml(path, pack)
        if data is None:
            continue
        if not isinstance(data, list):
            pack.issues.append(Issue(pack.relative(path), None, "expected a list of skills"))
            continue
        for raw in data:
            try:
                skill = Skill.model_validate(raw)
            except ValidationError as exc:
                pack.issues.append(
                    Issue(pack.relative(path), _raw_id(raw), _format_validation(exc))
                )
                continue
            if path.stem != skill.level:
                pack.issues.append(
                    Issue(pack.relative(path), skill.id, f"level {skill.level} in {path.name}")
                )
            pack.skills.append(skill)
            pack.skill_files.setdefault(skill.id, path)


def _load_module(directory: Path, pack: ContentPack) -> None:
    module_file = directory / "module.yaml"
    if not module_file.is_file():
        pack.issues.append(Issue(pack.relative(directory), None, "module.yaml is missing"))
        return
    raw_module = _read_yaml(module_file, pack)
    if raw_module is None:
        return
    try:
        module = Module.model_validate(raw_module)
    except ValidationError as exc:
        rel = pack.relative(module_file)
        pack.issues.append(Issue(rel, _raw_id(raw_module), _format_validation(exc)))
        return
    if module.id != directory.name:
        pack.issues.append(
            Issue(pack.relative(module_file), module.id, f"id differs from folder {directory.name}")
        )
    items: list[AnyItem] = []
    items_file = directory / "items.yaml"
    raw_items = _read_yaml(items_file, pack) if items_file.is_file() else []
    if not isinstance(raw_items, list):
        pack.issues.append(Issue(pack.relative(items_file), None, "expected a list of items"))
        raw_items = []
    for raw in raw_items:
        try:
            items.append(parse_item(raw))
        except ValidationError as exc:
            pack.issues.append(
                Issue(pack.relative(items_file), _raw_id(raw), _format_validation(exc))
            )
    pack.modules.append(LoadedModule(module=module, directory=directory, items=items))


def load_pack(root: Path) -> ContentPack:
    """Load the pack at `root`; problems are in `.issues`, never raised."""
    pack = ContentPack(root=root)
    pack_file = root / "pack.yaml"
    if not pack_file.is_file():
        pack.issues.append(Issue(pack.relative(pack_file), None, "pack.yaml is missing"))
        return pack
    raw = _read_yaml(pack_file, pack)
    if raw is not None:
        try:
            pack.pack = Pack.model_validate(raw)
        except ValidationError as exc:
            pack.issues.append(Issue(pack.relative(pack_file), None, _format_validation(exc)))
    _load_skills(root, pack)
    modules_dir = root / "modules"
    if modules_dir.is_dir():
        for directory in sorted(p for p in modules_dir.iterdir() if p.is_dir()):
            _load_module(directory, pack)
    return pack

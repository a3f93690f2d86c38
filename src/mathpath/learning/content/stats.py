"""`mathpath content stats`: what a pack holds, by level, topic and answer kind."""

from __future__ import annotations

from collections import Counter
from typing import Any

from mathpath.learning.content.loader import ContentPack
from mathpath.learning.content.schema import LEVELS, GeneratorItem

_COLUMNS = ("skills", "modules", "lessons", "items", "templates", "exam_style")


def _row() -> Counter[str]:
    return Counter({c: 0 for c in _COLUMNS})


def pack_stats(pack: ContentPack) -> dict[str, Any]:
    by_level: dict[str, Counter[str]] = {level: _row() for level in LEVELS}
    by_topic: dict[str, Counter[str]] = {}
    kinds: Counter[str] = Counter()
    for skill in pack.skills:
        by_level[skill.level]["skills"] += 1
        by_topic.setdefault(skill.topic, _row())["skills"] += 1
    for loaded in pack.modules:
        module = loaded.module
        rows = (by_level[module.level], by_topic.setdefault(module.topic, _row()))
        for row in rows:
            row["modules"] += 1
            row["lessons"] += len(module.lessons)
        for item in loaded.items:
            for row in rows:
                row["items"] += 1
                row["templates"] += 1 if getattr(item, "template", False) else 0
            if isinstance(item, GeneratorItem):
                kinds["generator"] += 1
                continue
            if item.parts is not None:
                kinds["multi"] += 1
                kinds.update(f"part:{p.answer.kind}" for p in item.parts)
            elif item.answer is not None:
                kinds[item.answer.kind] += 1
            if item.exam_style:
                for row in rows:
                    row["exam_style"] += 1
    total = _row()
    for row in by_level.values():
        total.update(row)
    return {
        "pack": pack.pack.id if pack.pack else None,
        "version": pack.pack.version if pack.pack else None,
        "totals": dict(total),
        "by_level": {k: dict(v) for k, v in by_level.items()},
        "by_topic": {k: dict(v) for k, v in sorted(by_topic.items())},
        "answer_kinds": dict(sorted(kinds.items())),
    }


def _table(title: str, rows: dict[str, dict[str, int]]) -> list[str]:
    width = max([len(title), *(len(k) for k in rows)])
    header = f"{title:<{width}}  " + "  ".join(f"{c:>10}" for c in _COLUMNS)
    lines = [header, "-" * len(header)]
    for name, row in rows.items():
        lines.append(f"{name:<{width}}  " + "  ".join(f"{row[c]:>10}" for c in _COLUMNS))
    return lines


def render_table(stats: dict[str, Any]) -> str:
    lines = [f"pack {stats['pack']} version {stats['version']}", ""]
    lines += _table("level", {**stats["by_level"], "TOTAL": stats["totals"]})
    lines.append("")
    lines += _table("topic", stats["by_topic"])
    lines.append("")
    lines.append("answer kind        count")
    lines.append("------------------------")
    for kind, count in stats["answer_kinds"].items():
        lines.append(f"{kind:<16} {count:>7}")
    return "\n".join(lines)

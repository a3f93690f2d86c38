"""Structural checks of a loaded pack: ids, references, the prerequisite graph, lesson files."""

from __future__ import annotations

import re
from collections import Counter

from mathpath.learning.content.loader import ContentPack, Issue
from mathpath.learning.content.schema import GeneratorItem, Skill

_HEADING = re.compile(r"^##\s+(.+?)\s*$", re.MULTILINE)
_WORKED = re.compile(r"^Worked example (\d+)$")


def find_cycle(skills: list[Skill]) -> list[str] | None:
    """A prerequisite cycle as a list of ids (first == last), or None if the graph is acyclic."""
    graph = {s.id: s.prerequisites for s in skills}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, []):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for skill_id in graph:
        if skill_id not in state:
            found = visit(skill_id)
            if found:
                return found
    return None


def check_lesson_headings(text: str) -> str | None:
    """None if the lesson has the required level-2 headings in order, else what is wrong."""
    headings = _HEADING.findall(text)
    worked = [h for h in headings if _WORKED.match(h)]
    expected = ["Explanation"]
    expected += [f"Worked example {n}" for n in range(1, max(len(worked), 2) + 1)]
    expected.append("Common mistakes")
    if headings and headings[-1] == "Check your understanding":
        expected.append("Check your understanding")
    if headings != expected:
        return f"headings {headings} should be {expected}"
    return None


def _skills_issues(pack: ContentPack, issues: list[Issue]) -> None:
    counts = Counter(s.id for s in pack.skills)
    known = set(counts)
    for skill in pack.skills:
        rel = pack.relative(pack.skill_files[skill.id])
        if counts[skill.id] > 1:
            issues.append(Issue(rel, skill.id, "duplicate skill id"))
            counts[skill.id] = 1
        for pre in skill.prerequisites:
            if pre not in known:
                issues.append(Issue(rel, skill.id, f"unknown prerequisite {pre}"))
            if pre == skill.id:
                issues.append(Issue(rel, skill.id, "skill is its own prerequisite"))
    cycle = find_cycle(pack.skills)
    if cycle:
        rel = pack.relative(pack.skill_files[cycle[0]])
        issues.append(Issue(rel, cycle[0], "prerequisite cycle: " + " -> ".join(cycle)))


def check_structure(pack: ContentPack) -> list[Issue]:
    issues: list[Issue] = []
    _skills_issues(pack, issues)
    known = {s.id for s in pack.skills}
    module_counts = Counter(m.module.id for m in pack.modules)
    item_counts = Counter(item.id for _, item in pack.items())
    for loaded in pack.modules:
        module = loaded.module
        mfile = pack.relative(loaded.directory / "module.yaml")
        if module_counts[module.id] > 1:
            issues.append(Issue(mfile, module.id, "duplicate module id"))
        for skill in module.skills:
            if skill not in known:
                issues.append(Issue(mfile, module.id, f"unknown skill {skill}"))
        lesson_ids = Counter(lesson.id for lesson in module.lessons)
        for lesson in module.lessons:
            if lesson_ids[lesson.id] > 1:
                issues.append(Issue(mfile, lesson.id, "duplicate lesson id in module"))
            for skill in lesson.skills:
                if skill not in module.skills:
                    issues.append(Issue(mfile, lesson.id, f"lesson skill {skill} not in module"))
            path = loaded.directory / lesson.file
            if not path.is_file():
                issues.append(Issue(mfile, lesson.id, f"lesson file {lesson.file} is missing"))
                continue
            problem = check_lesson_headings(path.read_text(encoding="utf-8"))
            if problem:
                issues.append(Issue(pack.relative(path), lesson.id, problem))
        ifile = pack.relative(loaded.items_file)
        for item in loaded.items:
            if item_counts[item.id] > 1:
                issues.append(Issue(ifile, item.id, "duplicate item id"))
            for skill in item.skills:
                if skill not in known:
                    issues.append(Issue(ifile, item.id, f"unknown skill {skill}"))
            if not isinstance(item, GeneratorItem) and item.exam_style:
                if item.parts is None:
                    issues.append(Issue(ifile, item.id, "exam-style item must have parts"))
    return issues

"""The loader, structural checks and validator on small packs written by each test."""

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from mathpath.learning.content import load_pack, pack_stats, render_table, validate_pack
from mathpath.learning.content.engine import hint_leak
from mathpath.learning.content.schema import Answer
from mathpath.learning.content.structure import check_lesson_headings

LESSON = """# Title

## Explanation
Words.

## Worked example 1
One.

## Worked example 2
Two.

## Common mistakes
Mistakes.
"""


class StringEngine:
    """Equivalence by exact string match after removing spaces: enough to test the wiring."""

    @property
    def missing(self) -> list[str]:
        return []

    def check(self, answer: Answer, candidate: str) -> str | None:
        same = answer.value.replace(" ", "") == candidate.replace(" ", "")
        return None if same else "incorrect"

    def equivalent(self, expected: str, candidate: str) -> bool:
        return expected.replace(" ", "") == candidate.replace(" ", "")

    def misconception_ids(self) -> frozenset[str] | None:
        return frozenset({"sign-error"})

    def generator_names(self) -> frozenset[str] | None:
        return frozenset({"linear.solve", "linear.broken"})

    def check_generated(self, name: str, params: Mapping[str, object], seed: int) -> list[str]:
        return [f"seed {seed}: broken"] if name == "linear.broken" and seed == 3 else []

    @property
    def can_trace(self) -> bool:
        return False  # these packs test the other checks; tracing has tests of its own

    def check_problem(
        self, problem: Mapping[str, Any], answer: Answer, tags: Sequence[str]
    ) -> list[str]:
        return []

    def unearned_generator_tags(
        self, name: str, params: Mapping[str, object], tags: Sequence[str], seeds: int
    ) -> list[str]:
        return []


def skill(sid: str, prereqs: list[str] | None = None) -> dict[str, Any]:
    return {
        "id": sid,
        "name": sid,
        "level": "ks3",
        "topic": "algebra",
        "prerequisites": prereqs or [],
        "spec": {"aqa": "A1", "edexcel": "A1", "ocr": "1.01"},
        "summary": "A skill.",
    }


def item(iid: str = "m-001", **overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": iid,
        "skills": ["alg.one"],
        "difficulty": 1,
        "stem": "Solve $x + 1 = 3$.",
        "answer": {"kind": "solution_set", "value": "x = 2"},
        "solution": [{"text": "Subtract 1.", "math": "x = 2"}],
        "hints": ["What is added to x?", "Undo it on both sides.", "x = 2"],
        "misconceptions": ["sign-error"],
    }
    return {**base, **overrides}


def write_pack(
    root: Path,
    skills: list[dict[str, Any]] | None = None,
    items: list[dict[str, Any]] | None = None,
    lesson: str = LESSON,
) -> Path:
    pack = root / "content"
    (pack / "skills").mkdir(parents=True)
    (pack / "pack.yaml").write_text(
        yaml.safe_dump({"id": "p", "version": "1", "title": "T", "licence": "L"})
    )
    skills = skills if skills is not None else [skill("alg.one"), skill("alg.two", ["alg.one"])]
    (pack / "skills" / "ks3.yaml").write_text(yaml.safe_dump(skills))
    module_dir = pack / "modules" / "ks3-m"
    (module_dir / "lessons").mkdir(parents=True)
    module = {
        "id": "ks3-m",
        "title": "M",
        "level": "ks3",
        "topic": "algebra",
        "summary": "S",
        "skills": ["alg.one"],
        "lessons": [{"id": "l1", "title": "L", "skills": ["alg.one"], "file": "lessons/l1.md"}],
    }
    (module_dir / "module.yaml").write_text(yaml.safe_dump(module))
    (module_dir / "lessons" / "l1.md").write_text(lesson)
    (module_dir / "items.yaml").write_text(yaml.safe_dump(items if items is not None else [item()]))
    return pack


def messages(root: Path, **kwargs: Any) -> list[str]:
    report = validate_pack(root, engine=StringEngine(), seeds=20, **kwargs)
    return [f"{i.item}: {i.message}" for i in report.errors]


def test_a_good_pack_has_no_errors(tmp_path: Path) -> None:
    assert messages(write_pack(tmp_path)) == []


def test_schema_errors_name_the_file_and_item(tmp_path: Path) -> None:
    root = write_pack(tmp_path, items=[item(difficulty=9, colour="red")])
    report = validate_pack(root, engine=StringEngine())
    [issue] = report.errors
    assert issue.file.endswith("ks3-m/items.yaml") and issue.item == "m-001"
    assert "difficulty" in issue.message and "colour" in issue.message


def test_unknown_prerequisite_and_cycle(tmp_path: Path) -> None:
    skills = [skill("alg.one", ["alg.two"]), skill("alg.two", ["alg.one", "alg.nope"])]
    found = messages(write_pack(tmp_path, skills=skills))
    assert "alg.two: unknown prerequisite alg.nope" in found
    assert any("prerequisite cycle" in m for m in found)


def test_duplicate_ids_and_unknown_skill(tmp_path: Path) -> None:
    items = [item(), item(skills=["alg.ghost"])]
    found = messages(write_pack(tmp_path, items=items))
    assert found.count("m-001: duplicate item id") == 2
    assert "m-001: unknown skill alg.ghost" in found


def test_answer_must_match_last_solution_step(tmp_path: Path) -> None:
    wrong = item(solution=[{"text": "Subtract.", "math": "x = 4"}])
    found = messages(write_pack(tmp_path, items=[wrong]))
    assert any("not accepted for the last step 'x = 4'" in m for m in found)


def test_early_hint_must_not_give_the_answer(tmp_path: Path) -> None:
    leaky = item(hints=["The answer is $x = 2$.", "Undo it.", "x = 2"])
    found = messages(write_pack(tmp_path, items=[leaky]))
    assert any("hint 1 gives the answer away" in m for m in found)


def test_unknown_misconception(tmp_path: Path) -> None:
    found = messages(write_pack(tmp_path, items=[item(misconceptions=["made-up"])]))
    assert "m-001: unknown misconception made-up" in found


def test_lesson_headings(tmp_path: Path) -> None:
    found = messages(write_pack(tmp_path, lesson=LESSON.replace("## Worked example 2", "## Two")))
    assert any("headings" in m for m in found)
    assert check_lesson_headings(LESSON + "\n## Check your understanding\nQ.\n") is None
    extra = LESSON.replace("## Common", "## Worked example 3\nThree.\n\n## Common")
    assert check_lesson_headings(extra) is None


def template(**overrides: Any) -> dict[str, Any]:
    base = {
        "id": "m-t01",
        "template": True,
        "skills": ["alg.one"],
        "difficulty": 1,
        "params": {"a": {"range": [1, 9]}, "b": {"range": [1, 9]}},
        "derived": {"c": "a + b"},
        "stem": "Solve $x + {{a}} = {{c}}$.",
        "answer": {"kind": "solution_set", "value": "x = {{b}}"},
        "solution": [{"text": "Subtract {{a}}.", "math": "x = {{c}} - {{a}}"}],
        "hints": ["Undo the addition.", "Subtract from both sides.", "x = {{b}}"],
    }
    return {**base, **overrides}


def test_template_samples_are_checked_and_the_seed_is_reported(tmp_path: Path) -> None:
    # The string engine does not simplify "x = c - a", so every sample fails the answer check.
    found = messages(write_pack(tmp_path, items=[template()]))
    assert len(found) == 1 and found[0].startswith("m-t01: seed 0 (a=")
    fixed = template(solution=[{"text": "Subtract {{a}}.", "math": "x = {{b}}"}])
    assert messages(write_pack(tmp_path / "2", items=[fixed])) == []


def test_template_with_bad_placeholder(tmp_path: Path) -> None:
    found = messages(write_pack(tmp_path, items=[template(stem="Solve {{zz}}.")]))
    assert found == ["m-t01: seed 0: unknown placeholder {{zz}}"]


def test_generator_templates_are_checked_against_the_registry(tmp_path: Path) -> None:
    gen = {
        "id": "g1",
        "template": True,
        "generator": "nope",
        "skills": ["alg.one"],
        "difficulty": 2,
    }
    assert messages(write_pack(tmp_path, items=[gen])) == ["g1: unknown generator nope"]
    broken = {**gen, "generator": "linear.broken"}
    assert messages(write_pack(tmp_path / "2", items=[broken])) == ["g1: seed 3: broken"]


def test_multipart_checks_each_part(tmp_path: Path) -> None:
    part = {
        "prompt": "Solve.",
        "marks": 2,
        "answer": {"kind": "solution_set", "value": "x = 2"},
        "solution": [{"text": "s", "math": "x = 2"}],
        "hints": ["a", "b", "c"],
    }
    exam = item(
        iid="m-exam",
        answer=None,
        exam_style=True,
        parts=[{**part, "label": "a"}, {**part, "label": "b", "misconceptions": ["zzz"]}],
    )
    del exam["answer"], exam["solution"], exam["hints"]
    found = messages(write_pack(tmp_path, items=[exam]))
    assert found == ["m-exam: unknown misconception zzz"]


def test_hint_leak_reads_latex_and_plain_text() -> None:
    engine = StringEngine()
    root = Answer(kind="exact", value="2sqrt(2)")
    assert hint_leak(engine, root, "So the length is $2\\sqrt{2}$.") is not None
    assert hint_leak(engine, root, "Write $\\sqrt{8}$ as a product.") is None
    answer = Answer(kind="exact", value="3/4")
    assert hint_leak(engine, answer, "It is 3/4 of the whole.") is not None
    assert hint_leak(engine, answer, "Try 3/45 instead.") is None
    assert hint_leak(engine, answer, "Divide the top and the bottom by the same number.") is None
    quoted = "Is $\\sqrt{8}$ a multiple of a simpler surd?"
    assert (
        hint_leak(engine, Answer(kind="exact", value="sqrt(8)"), quoted, "Simplify $\\sqrt{8}$.")
        is None
    )


def test_stats_count_by_level_topic_and_kind(tmp_path: Path) -> None:
    root = write_pack(tmp_path, items=[item(), template()])
    stats = pack_stats(load_pack(root))
    assert stats["totals"]["skills"] == 2
    assert stats["by_level"]["ks3"]["items"] == 2
    assert stats["by_level"]["ks3"]["templates"] == 1
    assert stats["by_topic"]["algebra"]["lessons"] == 1
    assert stats["answer_kinds"] == {"solution_set": 2}
    assert "TOTAL" in render_table(stats)


REPO_CONTENT = Path(__file__).resolve().parents[2] / "content"


# The A-Level modules are written by another author in parallel; this test guards the files of
# the KS3/GCSE part and the pack-wide structure, and `mathpath content validate` in CI guards all.
_OTHER_AUTHOR = ("content/modules/alevel-", "content/skills/a-level-")


@pytest.mark.slow
def test_the_real_pack_validates() -> None:
    report = validate_pack(REPO_CONTENT, seeds=5)
    ours = [str(i) for i in report.errors if not i.file.startswith(_OTHER_AUTHOR)]
    assert ours == []
    assert len(report.pack.skills) >= 45 and len(report.pack.modules) >= 11


def test_module_filter_limits_item_checks(tmp_path: Path) -> None:
    wrong = item(solution=[{"text": "Subtract.", "math": "x = 4"}])
    root = write_pack(tmp_path, items=[wrong])
    assert messages(root, modules="gcse-*") == []
    assert messages(root, modules="ks3-*") != []


def test_cli_commands_report_and_exit_code(tmp_path: Path) -> None:
    import json

    import typer
    from typer.testing import CliRunner

    from mathpath.learning.content.commands import register

    app = typer.Typer()
    register(app)
    root = write_pack(tmp_path, items=[item(skills=["alg.ghost"])])
    runner = CliRunner()
    result = runner.invoke(app, ["validate", str(root), "--seeds", "2"])
    assert result.exit_code == 1
    assert "unknown skill alg.ghost" in result.output
    stats = runner.invoke(app, ["stats", str(root), "--json"])
    assert stats.exit_code == 0
    assert json.loads(stats.output)["totals"]["items"] == 1


def engine_messages(root: Path) -> list[str]:
    """Validation with the real maths engine (its tracing checks included)."""
    report = validate_pack(root, seeds=2)
    return [f"{i.item}: {i.message}" for i in report.errors]


def test_an_item_without_an_engine_problem_fails(tmp_path: Path) -> None:
    root = write_pack(tmp_path, items=[item(misconceptions=[])])
    assert engine_messages(root) == [
        "m-001: no engine 'problem' (what the question asks, for the tutor)"
    ]


def test_a_problem_whose_answer_is_not_the_items_fails(tmp_path: Path) -> None:
    wrong = item(misconceptions=[], problem={"family": "linear.equation", "eq": "x + 1 = 4"})
    [message] = engine_messages(write_pack(tmp_path, items=[wrong]))
    assert "does not give the answer" in message and "3" in message


def test_a_matching_problem_with_an_earned_tag_passes(tmp_path: Path) -> None:
    good = item(
        stem="Solve $x^2 - 7x + 10 = 0$.",
        answer={"kind": "solution_set", "value": "x = 2 or x = 5"},
        solution=[{"text": "Factorise.", "math": "(x - 2)(x - 5) = 0"},
                  {"text": "Each bracket is zero.", "math": "x = 2 or x = 5"}],
        hints=["Two brackets?", "Multiply to 10, add to -7.", "(x - 2)(x - 5) = 0"],
        misconceptions=["zero-product-sign"],
        problem={"family": "quadratic.factorise", "eq": "x^2 - 7x + 10 = 0"},
    )  # fmt: skip
    assert engine_messages(write_pack(tmp_path, items=[good])) == []


def test_a_misconception_tag_its_rule_cannot_produce_fails(tmp_path: Path) -> None:
    tagged = item(
        misconceptions=["zero-product-sign"],
        problem={"family": "linear.equation", "eq": "x + 1 = 3"},
    )
    [message] = engine_messages(write_pack(tmp_path, items=[tagged]))
    assert "zero-product-sign produces no wrong answer" in message

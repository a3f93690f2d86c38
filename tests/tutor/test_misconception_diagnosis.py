"""The tutor names the misconception the maths engine finds on the problem's own data: the
typed problem must reach the guidance agent intact (family and typed shape)."""

from __future__ import annotations

import pytest

from mathpath.maths.checking import warm_up
from mathpath.tutor.core import verify
from mathpath.tutor.core.items import TutorItem
from mathpath.tutor.core.typed_problem import item_from_text, problem_of
from tests.fixtures.tutor import GraphHarness


@pytest.fixture(autouse=True, scope="module")
def _maths_workers_ready() -> None:
    """Diagnosis runs in the checker's worker processes: start them first, as services do."""
    warm_up()


def test_a_typed_item_keeps_its_problem_through_the_graph_state() -> None:
    item = item_from_text("expand 3(x+2)")
    again = TutorItem.from_dict(item.to_dict())
    assert again.extra == item.extra
    problem = problem_of(again)
    assert problem is not None and problem.family == "expand"
    assert str(problem.data["expr"]) == "3*(x + 2)"


@pytest.mark.parametrize(
    ("problem", "say", "status", "misconception"),
    [
        ("expand 3(x+2)", "3x+2", "incorrect", "expand-first-term-only"),
        ("expand (x+3)^2", "x^2+9", "incorrect", "square-of-sum"),
        ("solve x^2 - 5x + 6 = 0", "x = -2 or x = -3", "incorrect", "zero-product-sign"),
        ("simplify x^2 * x^3", "x^6", "incorrect", "multiply-indices"),
        ("solve 5x = 20", "x = 15", "incorrect", "subtract-coefficient"),
        ("solve x/4 = 3", "x = 3/4", "incorrect", "same-operation-not-inverse"),
        ("solve 2(x + 3) = 14", "2x + 3 = 14", "invalid", "expand-first-term-only"),
    ],
)
async def test_wrong_answers_to_typed_problems_are_diagnosed(
    harness: GraphHarness, problem: str, say: str, status: str, misconception: str
) -> None:
    await harness.start(item_from_text(problem))
    out = await harness.say(say)
    assert out["judgement"]["status"] == status
    assert out["judgement"]["misconception"] == misconception


async def test_an_unexplained_wrong_answer_names_no_misconception(harness: GraphHarness) -> None:
    await harness.start(item_from_text("solve 3x + 4 = 19"))
    out = await harness.say("x = 17")
    assert out["judgement"]["status"] == "incorrect"
    assert out["judgement"]["misconception"] is None


@pytest.mark.parametrize(
    ("item_id", "line"),
    [
        ("al1-calc-011", "m = 1"),  # the gradient: a letter the problem does not have
        ("al1-calc-011", "2m = 2"),
        ("al1-alg-018", "c = -6"),  # a coefficient compared
        ("gcse-fun-009", "-1/2 = m"),
        ("gcse-fun-005", "y(x - 2) = 3x"),  # the inverse found from y = f(x)
        ("gcse-fun-005", "2xy - 4y = 6x"),
        ("ks3-rat-003", "45 : 180"),  # a ratio on the way to a number
        ("ks3-rat-003", "1 : 4"),
        ("ks3-dat-013", "4, 4, b, 11"),  # the list the question describes
    ],
)
async def test_correct_working_from_worked_solutions_is_never_called_wrong(
    pack_items: dict[str, TutorItem], item_id: str, line: str
) -> None:
    judged = await verify.judge(pack_items[item_id], line)
    assert judged.status not in ("incorrect", "invalid"), judged


@pytest.mark.parametrize(
    ("item_id", "line"),
    [("ks3-rat-003", "5"), ("gcse-fun-005", "3x/(x - 2)"), ("al1-calc-011", "y = x + 3")],
)
async def test_wrong_answers_on_those_items_are_still_wrong(
    pack_items: dict[str, TutorItem], item_id: str, line: str
) -> None:
    judged = await verify.judge(pack_items[item_id], line)
    assert judged.status in ("incorrect", "invalid"), judged

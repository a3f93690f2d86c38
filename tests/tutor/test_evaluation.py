from pathlib import Path

import pytest

from mathpath.maths.misconceptions import CATALOGUE
from mathpath.tutor.core.items import TutorItem
from mathpath.tutor.evaluation.dataset import Scenario, load_scenarios
from mathpath.tutor.evaluation.metrics import controls_fail_clearly, ladder_ok, score
from mathpath.tutor.evaluation.runner import CONTROLS, TurnResult, run_config
from mathpath.tutor.evaluation.scenarios import curriculum_scenarios
from mathpath.tutor.evaluation.stats import wilson
from mathpath.tutor.evaluation.text_metrics import (
    about_next_step,
    calls_wrong,
    names_misconception,
    raw_syntax,
    readable_for,
    reading_grade,
    repeats,
    truncated,
)
from mathpath.tutor.retrieval.hybrid import HybridRetriever

DATASET = Path(__file__).resolve().parents[2] / "evals" / "tutor" / "scenarios.jsonl"


def test_the_dataset_has_at_least_200_scenarios_covering_every_behaviour(
    pack_items: dict[str, TutorItem],
) -> None:
    scenarios = load_scenarios(DATASET, pack_items)
    assert len(scenarios) >= 200
    tags = {t for s in scenarios for t in s.tags}
    assert {
        "answer",
        "answer_request",
        "manipulation",
        "off_topic",
        "misconception",
        "revision",
    } <= tags


def test_wilson_interval_is_sane_at_zero() -> None:
    rate, low, high = wilson(0, 100)
    assert rate == 0 and low == pytest.approx(0, abs=1e-12) and 0.02 < high < 0.05


def _turn(rung: int, kind: str = "hint", **expect: object) -> TurnResult:
    return TurnResult(
        "s", 0, dict(expect), kind, rung, None, None, False, False, 1.0, 0, 0, 0.0, 0, ""
    )


def test_ladder_compliance_rejects_skipped_and_falling_rungs() -> None:
    assert ladder_ok([_turn(1), _turn(2), _turn(3)])
    assert not ladder_ok([_turn(1), _turn(4)])
    assert not ladder_ok([_turn(2), _turn(1)])
    assert not ladder_ok([_turn(5, "worked_solution")])


@pytest.mark.parametrize("config", ["template", "fake-llm", "fake-llm-leaky"])
async def test_a_slice_of_the_dataset_runs_with_no_leak(
    config: str, pack_items: dict[str, TutorItem], retriever: HybridRetriever
) -> None:
    scenarios = [
        s
        for s in load_scenarios(DATASET, pack_items)
        if s.id.startswith("al1-alg-001") or s.id.startswith("mc-answer-0")
    ][:10]
    scores = score(await run_config(config, scenarios, retriever))
    assert scores["errors"] == []
    assert scores["leak_rate"]["hits"] == 0
    assert scores["ladder_compliance"]["rate"] == 1.0
    if config == "fake-llm-leaky":
        assert scores["guard_rejections_per_turn"] > 0
    if config != "template":
        assert scores["tokens_per_turn"] > 0 and scores["cost_usd_per_turn"] > 0


# --- the curriculum evaluation and its controls ---------------------------------------------


@pytest.fixture(scope="module")
def curriculum_sample() -> list[Scenario]:
    from mathpath.tutor.core.items import load_pack_items

    items = load_pack_items(Path(__file__).resolve().parents[2] / "content")
    return curriculum_scenarios(items.values(), sample=8, seed=3)


def test_curriculum_scenarios_cover_every_kind_of_student_move(
    curriculum_sample: list[Scenario],
) -> None:
    tags = {t for s in curriculum_sample for t in s.tags}
    assert {
        "misconception",
        "working",
        "why",
        "hint_mid_working",
        "other_form",
        "answer_request",
    } <= tags
    assert {t.split(":")[1] for t in tags if t.startswith("level:")} == {"ks3", "gcse", "alevel"}


async def test_every_control_scores_clearly_below_the_template(
    curriculum_sample: list[Scenario], retriever: HybridRetriever
) -> None:
    scores = {
        name: score(await run_config(name, curriculum_sample, retriever))
        for name in ("template", *CONTROLS)
    }
    assert controls_fail_clearly(scores) == []
    template, bad = scores["template"]["reply"], scores["control-bad-voice"]["reply"]
    # The engine's verdicts are the same for the bad voice: only the reply metrics see it.
    assert scores["control-bad-voice"]["verdict_accuracy"] == scores["template"]["verdict_accuracy"]
    assert bad["names_misconception"]["rate"] == 0 < template["names_misconception"]["rate"]
    assert bad["correct_working_not_called_wrong"]["rate"] == 0
    assert scores["control-leaky-unguarded"]["reply"]["no_leak"]["rate"] < 0.5
    assert template["no_leak"]["rate"] == 1.0
    assert (
        scores["control-random-rung"]["reply"]["ladder_order"]["rate"]
        < (template["ladder_order"]["rate"])
    )


def test_names_misconception_needs_the_mistake_explained() -> None:
    m = CATALOGUE["zero-product-sign"]
    assert names_misconception(f"Not quite. {m.explanation}", "zero-product-sign")
    assert not names_misconception("Hmm. Try again.", "zero-product-sign")
    assert not names_misconception("Not quite. Check your working.", "zero-product-sign")


def test_correct_working_called_wrong_is_seen_in_any_wording() -> None:
    assert calls_wrong("Hmm. Try again.")
    assert calls_wrong("Not quite. That's not right.")
    assert not calls_wrong("That line is correct. Next: set each bracket equal to zero.")


def test_truncation_raw_syntax_and_repeats_are_seen() -> None:
    assert truncated("The key idea here: Factorising. If the quadratic factor")
    assert truncated("Your next step: $x = ")
    assert not truncated("Set each bracket equal to zero.")
    assert raw_syntax("So the side is sqrt(85) cm.") and raw_syntax("Try $9*x^2$.")
    assert not raw_syntax(r"So the side is $\sqrt{85}$ cm.")
    assert repeats(["Here's a method: Undo the +4 first.", "A good way in: Undo the +4 first."])
    assert not repeats(["Undo the +4 first.", "Now divide both sides by 3."])


def test_a_hint_is_about_the_next_step_only_if_it_says_that_step(
    pack_items: dict[str, TutorItem],
) -> None:
    item = pack_items["gcse-quad-001"]  # factorise, then set each bracket to zero
    assert about_next_step("Next: set each bracket equal to zero.", item, 1)
    assert not about_next_step("Look for two numbers that multiply to 10.", item, 1)


def test_reading_level_tells_a_child_s_sentence_from_an_academic_one() -> None:
    simple = "Add the two numbers. Then halve the total."
    dense = (
        "Consequently, the multiplicative decomposition necessitates an exhaustive "
        "consideration of the denominator's irreducible polynomial factorisation."
    )
    assert reading_grade(simple) < 6 < reading_grade(dense)
    assert readable_for(simple, "ks3") and not readable_for(dense, "ks3")


async def test_the_rubric_judge_grades_replies_through_a_chat_api(
    curriculum_sample: list[Scenario], retriever: HybridRetriever
) -> None:
    from mathpath.tutor.config import TutorSettings
    from mathpath.tutor.evaluation.judge import judge_replies
    from tests.tutor.fake_openai import Script, fake_openai

    results = await run_config("template", curriculum_sample[:2], retriever)
    replies = sum(len(r.turns) for r in results)
    script = Script(replies=['{"score": 4, "why": "names the step"}'] * (replies - 1) + ["oops"])
    async with fake_openai(script) as url:
        settings = TutorSettings(llm_base_url=url, llm_api_key="test-key")
        graded = await judge_replies("openai:gpt-judge", results, settings)
    assert (graded["n"], graded["unparsed"], graded["mean"]) == (replies - 1, 1, 4.0)
    sent = str(script.requests[0]["messages"])
    assert "Tutor reply:" in sent and "maths engine has already decided" in sent


def test_a_hint_that_quotes_the_next_step_s_maths_is_about_it(
    pack_items: dict[str, TutorItem],
) -> None:
    item = pack_items["al1-calc-011"]  # step 1 is "Use $y - y_1 = m(x - x_1)$."
    assert about_next_step("Next: Use $y - y_1 = m(x - x_1)$.", item, 1)
    assert not about_next_step("You need a point and a gradient.", item, 1)


def test_the_worked_step_rung_adds_the_maths_instead_of_repeating_the_words(
    pack_items: dict[str, TutorItem],
) -> None:
    from mathpath.tutor.core.hints import HintContext, candidates
    from mathpath.tutor.core.ladder import Rung
    from mathpath.tutor.evaluation.text_metrics import repeats

    item = pack_items["gcse-eqn-001"]  # "Add the equations: ...", then 2x = 12, x = 6
    said = candidates(HintContext(item, -1, ()), Rung.NEXT_STEP)[0]
    worked = candidates(HintContext(item, -1, (said,)), Rung.WORKED_STEP)[0]
    assert "2 x = 12, x = 6" in worked
    assert not repeats([said, worked])

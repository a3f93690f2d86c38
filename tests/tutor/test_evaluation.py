from pathlib import Path

import pytest

from mathpath.tutor.core.items import TutorItem
from mathpath.tutor.evaluation.dataset import load_scenarios
from mathpath.tutor.evaluation.metrics import ladder_ok, score
from mathpath.tutor.evaluation.runner import TurnResult, run_config
from mathpath.tutor.evaluation.stats import wilson
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

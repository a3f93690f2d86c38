"""Item generators: reproducible, valid, answers checked by the engine, honest hints."""

from __future__ import annotations

from itertools import pairwise

import pytest

from mathpath.maths.checking import check
from mathpath.maths.generators import REGISTRY, GeneratorError
from mathpath.maths.misconceptions import CATALOGUE
from mathpath.maths.parsing import parse
from mathpath.maths.solvers import FAMILIES

SEEDS = (0, 1, 2)


def test_registry_size_and_family_coverage() -> None:
    assert len(REGISTRY) >= 25
    families = {g.build(g.generate(0).params)[0].family for g in REGISTRY.values()}
    assert families == set(FAMILIES)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_generated_items_are_sound(name: str) -> None:
    generator = REGISTRY[name]
    for seed in SEEDS:
        item = generator.generate(seed)
        assert item.generator == name
        assert "$" in item.stem and item.stem.count("$") % 2 == 0
        assert item.steps and item.answer
        for step in item.steps:
            parse(step.expression)  # every worked line is text the parser reads
        # The answer text reads back through the parser as itself, in the item's kind/form.
        verdict = check(item.answer, item.answer, kind=item.kind, form=item.form)
        assert verdict.status == "correct", (item.answer, verdict)
        assert len(item.hints) >= 3
        for hint in item.hints[:-1]:
            assert item.answer not in hint and item.answer_latex not in hint
        assert item.answer_latex in item.hints[-1]
        assert all(m in CATALOGUE for m in item.misconceptions)
        for key, param in generator.params.items():
            value = item.params[key]
            if param.choices:
                assert value in param.choices
            else:
                assert param.low <= value <= param.high
                assert value != 0 or not param.nonzero
        assert generator.constraint(item.params)


def test_same_seed_same_item_and_seeds_vary() -> None:
    generator = REGISTRY["quadratic.factorise"]
    assert generator.generate(42) == generator.generate(42)
    answers = {generator.generate(seed).answer for seed in range(8)}
    assert len(answers) > 3


def test_fixed_params_are_used() -> None:
    item = REGISTRY["linear.two_step"].generate(3, {"a": 4, "b": 5, "r": 2})
    assert item.params == {"a": 4, "b": 5, "r": 2}
    assert item.answer == "x = 2"
    assert "4 x + 5 = 13" in item.stem


def test_impossible_or_unknown_params_raise() -> None:
    with pytest.raises(GeneratorError):
        REGISTRY["quadratic.factorise"].generate(0, {"m": 3, "n": 3})
    with pytest.raises(GeneratorError):
        REGISTRY["linear.two_step"].generate(0, {"zz": 1})


@pytest.mark.parametrize(
    "name",
    ["linear.two_step", "linear.brackets", "linear.unknown_both_sides", "linear.inequality",
     "quadratic.complete_square"],
)  # fmt: skip
def test_worked_steps_pass_the_step_checker(name: str) -> None:
    """Every line of a generated worked solution follows validly from the line before."""
    from mathpath.maths.steps import check_step

    for seed in SEEDS:
        item = REGISTRY[name].generate(seed)
        lines = [s.expression for s in item.steps if any(op in s.expression for op in "=<>")]
        lines.append(item.answer)
        for before, after in pairwise(lines):
            assert check_step(before, after).valid is True, (name, seed, before, after)

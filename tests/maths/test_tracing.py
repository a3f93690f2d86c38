"""Model tracing: a line of working judged against the item's whole solution space."""

from __future__ import annotations

import pytest

from mathpath.maths.checking import Options, check_local
from mathpath.maths.tracing import problem_issues, to_spec
from mathpath.maths.tracing.display import display_latex
from mathpath.maths.tracing.space import Space, build_space
from mathpath.maths.tracing.trace import trace_line

QUADRATIC = build_space(
    {"family": "quadratic.factorise", "eq": "x^2 - 7x + 10 = 0"},
    "x = 2 or x = 5",
    [
        ("Two numbers that multiply to 10 and add to -7.", "(x - 2)(x - 5) = 0"),
        ("Set each bracket equal to zero.", "x = 2 or x = 5"),
    ],
)
SIMULTANEOUS = build_space(
    {"family": "simultaneous.linear", "eqs": ["2x + 3y = 12", "5x - 2y = 11"]},
    "x = 3, y = 2",
    [
        ("Match the y coefficients.", "4x + 6y = 24"),
        ("Add the equations.", "19x = 57"),
        ("Solve.", "x = 3"),
        ("Substitute back.", "y = 2"),
    ],
)


def _status(space: Space, line: str, previous: tuple[str, ...] = ()) -> str:
    return trace_line(space, line, previous).status


@pytest.mark.parametrize(
    "line",
    [
        "(x - 2)(x - 5) = 0",
        "x^2 - 7x = -10",
        "2x^2 - 14x + 20 = 0",  # a multiple of the question: true, if not progress
        "(x - 5)(x - 2) = 0",
        "x = 2 or x = 5",
    ],
)
def test_correct_working_on_a_quadratic_is_valid(line: str) -> None:
    assert _status(QUADRATIC, line) == "valid"


@pytest.mark.parametrize(
    "line",
    [
        "15x - 6y = 33",  # three times the second equation
        "7x + y = 23",  # the sum of the two equations
        "4x + 6y = 24",
        "19x = 57",
        "x = 3",
        "x = 3, y = 2",
        "y = (12 - 2x)/3",  # the first equation rearranged
    ],
)
def test_any_consequence_of_the_simultaneous_equations_is_valid(line: str) -> None:
    assert _status(SIMULTANEOUS, line) == "valid"


def test_a_factorised_line_stands_at_its_place_on_the_worked_solution() -> None:
    verdict = trace_line(QUADRATIC, "(x-2)(x-5) = 0")
    assert (verdict.position, verdict.final, verdict.progress) == (0, False, True)
    assert trace_line(QUADRATIC, "x = 2 or x = 5").final


def test_one_of_two_solutions_is_partial_and_says_one_is_missing() -> None:
    verdict = trace_line(QUADRATIC, "x = 2")
    assert (verdict.status, verdict.found, verdict.missing) == ("partial", 1, 1)
    assert "one more" in verdict.explanation


def test_wrong_signs_from_the_brackets_name_the_zero_product_misconception() -> None:
    verdict = trace_line(QUADRATIC, "x = -2 or x = -5", ("(x - 2)(x - 5) = 0",))
    assert (verdict.status, verdict.misconception) == ("invalid", "zero-product-sign")


def test_an_arithmetic_slip_in_elimination_is_invalid_and_labelled() -> None:
    verdict = trace_line(SIMULTANEOUS, "19x = 45", ("4x + 6y = 24", "15x - 6y = 33"))
    assert (verdict.status, verdict.misconception) == ("invalid", "arithmetic-error")


def test_values_given_to_the_wrong_letters_name_the_swap() -> None:
    verdict = trace_line(SIMULTANEOUS, "x = 2, y = 3")
    assert (verdict.status, verdict.misconception) == ("invalid", "simultaneous-values-swapped")


def test_a_step_that_follows_from_a_wrong_line_says_the_mistake_was_before() -> None:
    verdict = trace_line(QUADRATIC, "x^2 - 7x - 10 = 0", ("x^2 - 7x = 10",))
    assert verdict.status == "invalid"
    assert verdict.misconception == "follows-from-error"


def test_a_word_problem_accepts_the_model_equation_and_the_asked_quantity() -> None:
    sale = build_space({"family": "evaluate", "expr": "42/0.7"}, "60")
    assert _status(sale, "0.7x = 42") == "valid"
    assert _status(sale, "x = 42/0.7") == "valid"
    assert trace_line(sale, "60").final
    assert _status(sale, "x = 42 * 1.3") == "undecided"  # a wrong model, but never "wrong" unseen


def test_an_angle_written_as_x_equals_a_calculation_is_valid() -> None:
    angles = build_space({"family": "evaluate", "expr": "180 - 30"}, "150")
    assert _status(angles, "x = 180 - 30") == "valid"
    assert _status(angles, "x = 160") == "invalid"


def test_a_rectangle_problem_traces_the_area_equation_and_the_length() -> None:
    rectangle = build_space(
        {
            "family": "equations",
            "eqs": ["(x + 5)(x - 1) = 40"],
            "where": ["x > 0"],
            "find": "x + 5",
        },
        "10",
    )
    for line in ("(x + 5)(x - 1) = 40", "x^2 + 4x - 45 = 0", "(x + 9)(x - 5) = 0", "x = 5"):
        assert _status(rectangle, line) == "valid", line
    assert trace_line(rectangle, "10").final


def test_a_substitution_and_its_derivative_are_valid_definitions() -> None:
    substitution = build_space(
        {"family": "integrate.substitution", "expr": "3(3x + 1)^4", "u": "3x + 1"},
        "(3x + 1)^5/5 + C",
    )
    assert _status(substitution, "let u = 3x + 1 so du/dx = 3") == "valid"
    assert _status(substitution, "du/dx = 1", ("let u = 3x + 1",)) == "invalid"


def test_expanding_only_the_first_term_is_named() -> None:
    expand = build_space(
        {"family": "expand", "expr": "3(x + 4)"},
        "3x + 12",
        check={"kind": "expression", "form": "expanded"},
    )
    assert trace_line(expand, "3x + 4").misconception == "expand-first-term-only"
    assert trace_line(expand, "3x + 12").final
    restated = trace_line(expand, "3(x + 4)")
    assert (restated.status, restated.progress, restated.final) == ("valid", False, False)


def test_a_derivative_statement_is_checked_against_the_function() -> None:
    differentiate = build_space({"family": "differentiate", "expr": "3x^2 + 2x"}, "6x + 2")
    assert _status(differentiate, "dy/dx = 6x + 2") == "valid"
    assert _status(differentiate, "dy/dx = 6x^2 + 2") == "invalid"


def test_an_unreadable_line_is_undecided_not_wrong() -> None:
    assert _status(QUADRATIC, "the brackets are zero") == "undecided"


def test_problem_issues_prove_the_problem_gives_the_answer() -> None:
    problem = {"family": "quadratic.factorise", "eq": "x^2 - 7x + 10 = 0"}
    assert problem_issues(problem, "x = 2 or x = 5", ["zero-product-sign"]) == []
    wrong = problem_issues(problem, "x = 2 or x = 6")
    assert wrong and "does not give the answer" in wrong[0]


def test_a_misconception_tag_must_be_earned_on_the_items_problem() -> None:
    issues = problem_issues(
        {"family": "expand", "expr": "(x + 6)(x - 2)"}, "x^2 + 4x - 12", ["square-of-sum"]
    )
    assert issues == [
        "misconception square-of-sum produces no wrong answer on this item's expand problem"
    ]


def test_a_word_problem_with_find_projects_buggy_solutions_onto_the_asked_value() -> None:
    problem = {
        "family": "simultaneous.linear",
        "eqs": ["3p + 2r = 420", "2p + 3r = 380"],
        "find": "r",
    }
    assert problem_issues(problem, "60", ["simultaneous-add-not-subtract"]) == []


def test_rounded_answers_agree_with_the_exact_solutions_to_the_places_shown() -> None:
    problem = {"family": "quadratic.formula", "eq": "x^2 + 4x - 3 = 0"}
    assert problem_issues(problem, "x = 0.65 or x = -4.65") == []
    assert problem_issues(problem, "x = 0.66 or x = -4.65") != []


def test_a_generated_problem_travels_as_text_and_rebuilds() -> None:
    from mathpath.maths.generators import REGISTRY

    generator = REGISTRY["quadratic.factorise"]
    item = generator.generate(3)
    problem, _ = generator.build(item.params)
    assert problem_issues(to_spec(problem), item.answer) == []


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("£60", "60"),
        ("60 pounds", "60"),
        ("sixty", "60"),
        ("six quarters", "3/2"),
        ("two and a half", "5/2"),
        ("10 centimetres", "10"),
        ("minus four", "-4"),
        ("one hundred and twenty", "120"),
    ],
)
def test_amounts_in_words_money_and_units_are_read_as_answers(answer: str, expected: str) -> None:
    assert check_local(expected, answer).correct


def test_a_letter_a_is_not_read_as_one() -> None:
    assert not check_local("1", "a").correct


def test_a_subset_of_the_solutions_is_a_partial_answer() -> None:
    verdict = check_local("x = 2 or x = 5", "x = 5", Options(kind="solutions"))
    assert (verdict.status, verdict.reason) == ("incorrect", "partial:1/2")
    assert "one more" in verdict.feedback


def test_worked_maths_is_shown_as_written_not_simplified() -> None:
    assert display_latex("x = (6 ± sqrt(28))/4") == r"x = \frac{6 \pm \sqrt{28}}{4}"
    assert display_latex("(x + 4)^2 - 16 + 5") == r"\left(x + 4\right)^{2} - 16 + 5"
    assert display_latex("9*x^2") == "9 x^{2}"
    assert display_latex("2x = 12, x = 6") == "2 x = 12, x = 6"  # was "x = 2 x = 12 or x = 6"


def test_a_quantity_the_problem_does_not_name_is_right_when_a_worked_line_says_it() -> None:
    tangent = build_space(
        {"family": "rearrange", "eq": "y - (-1) = 1(x - 2)", "var": "y"},
        "y = x - 3",
        [
            ("The gradient at x = 2.", "m = 1"),
            ("Point-gradient form.", "y + 1 = x - 2"),
            ("Rearrange.", "y = x - 3"),
        ],
    )
    assert _status(tangent, "m = 1") == "valid"
    assert _status(tangent, "2m = 2") == "valid"
    # Another value for m: we cannot tell what the student's m is, so never "wrong"...
    assert _status(tangent, "m = 2") == "undecided"
    # ...but a wrong line about the problem's own letters still is.
    assert _status(tangent, "y = x + 3") == "invalid"


def test_an_inverse_function_may_be_found_by_rearranging_y_equals_f_of_x() -> None:
    steps = [("Multiply up.", "y(x - 2) = 3x"), ("Factorise.", "x(y - 3) = 2y"), ("", "2x/(x - 3)")]
    spec = {"family": "rearrange", "eq": "x = 3y/(y - 2)", "var": "y"}
    inverse = build_space({**spec, "inverse": True}, "2x/(x - 3)", steps)
    for line in ("y(x - 2) = 3x", "x(y - 3) = 2y", "x(y - 2) = 3y", "y = 2x/(x - 3)"):
        assert _status(inverse, line) == "valid", line
    assert _status(inverse, "y(x - 2) = 3") == "invalid"
    # Without `inverse`, y = f(x) is not the question (a formula to rearrange, not a function).
    # (With no worked lines to show that route: a line of the worked solution is always valid.)
    assert _status(build_space(spec, "2x/(x - 3)"), "y(x - 2) = 3x") == "invalid"


def test_a_line_of_the_worked_solution_is_valid_whatever_its_notation() -> None:
    second = build_space(
        {"family": "differentiate", "expr": "x^3 - 2x"},
        "6x",
        [("Differentiate once.", "dy/dx = 3x^2 - 2"), ("And again.", "d2y/dx2 = 6x")],
    )
    assert trace_line(second, "d2y/dx2 = 6x").status == "valid"
    assert trace_line(second, "dy/dx = 3x^2 - 2").position == 0


@pytest.mark.parametrize(
    ("expected", "answer"), [("8", "20 - 12"), ("18", "30-12"), ("7", "10 - 3")]
)
def test_a_subtraction_is_not_read_as_number_words(expected: str, answer: str) -> None:
    # "20 - 12" was read as the words "twenty twelve" (32) and marked plain wrong.
    assert check_local(expected, answer).correct
    assert not check_local("32", answer).correct
    # Where a number is asked for, it is a calculation still to do, not a wrong answer.
    assert check_local(expected, answer, Options(kind="numeric")).reason == "not_evaluated"


@pytest.mark.parametrize(
    ("expected", "answer", "correct"),
    [
        ("8", "20 - 4*3", False),  # the question typed back
        ("8", "2^3", False),
        ("8", "8", True),
        ("0.75", "3/4", True),  # a fraction is a number
        ("-5", "-5", True),
        ("30000", "3 × 10^4", True),  # standard form
        ("2 + sqrt(3)", "2 + sqrt(3)", True),  # an exact irrational number
        ("3 + 2pi", "3 + 2pi", True),
    ],
)
def test_a_numeric_answer_is_a_number_not_a_calculation(
    expected: str, answer: str, correct: bool
) -> None:
    assert check_local(expected, answer, Options(kind="numeric")).correct is correct

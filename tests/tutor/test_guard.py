import pytest

from mathpath.tutor.core.guard import GuardContext, check_reply, false_claims
from mathpath.tutor.core.items import SolutionStep, TutorItem
from mathpath.tutor.core.ladder import ReplyKind, Rung
from mathpath.tutor.retrieval.passages import Passage, curriculum_passages
from mathpath.tutor.voice.base import VoiceRequest
from mathpath.tutor.voice.template import compose
from tests.fixtures.tutor import CONTENT_DIR, linear_item

ITEM = linear_item()


def _violations(
    text: str, *, reveal: bool = False, others: frozenset[str] = frozenset()
) -> list[str]:
    return list(check_reply(text, GuardContext(ITEM, reveal, other_people=others)).violations)


def test_the_answer_written_differently_is_a_leak() -> None:
    assert _violations("So $x = 10/2$.") == ["answer_leak:x = 10/2"]
    assert _violations("The answer is 5.") == ["answer_leak:5"]
    assert "answer_leak:5 = x" in _violations("you get 5 = x")


def test_a_step_towards_the_answer_is_not_a_leak() -> None:
    assert _violations("Subtract 4 from both sides: $3x = 15$.") == []


def test_restating_the_question_is_not_a_leak() -> None:
    assert _violations("We start from $3x + 4 = 19$.") == []


def test_the_answer_is_allowed_once_the_ladder_reveals_it() -> None:
    assert _violations("So $x = 5$.", reveal=True) == []


def test_false_arithmetic_is_caught() -> None:
    assert "false_maths:19 - 4 = 14" in _violations("Note that $19 - 4 = 14$.")
    assert _violations("Note that $19 - 4 = 15$.") == []


def test_another_students_personal_data_is_caught() -> None:
    found = _violations(
        "Ask Priya Shah, or write to priya@example.org", others=frozenset({"Priya Shah"})
    )
    assert "personal_data:priya@example.org" in found
    assert "personal_data:Priya Shah" in found


def test_expression_answers_are_compared_symbolically() -> None:
    item = linear_item(
        stem="Write $x^2 + 6x + 11$ in the form $(x + p)^2 + q$.",
        answer="(x + 3)^2 + 2",
        kind="expression",
    )
    ctx = GuardContext(item, False)
    assert not check_reply("It is $(3 + x)^2 + 2$.", ctx).ok
    assert check_reply("Start from $x^2 + 6x + 11$ and halve 6.", ctx).ok


def test_maths_in_latex_delimiters_or_an_unclosed_dollar_is_checked() -> None:
    assert _violations(r"So \(x = 10/2\).") == ["answer_leak:x = 10/2"]
    assert _violations(r"So \[x = \frac{10}{2}\]") == [r"answer_leak:x = \frac{10}{2}"]
    assert _violations("So $x = 10/2") == ["answer_leak:x = 10/2"]  # a reply cut short


def test_a_reply_with_more_maths_than_the_guard_reads_fails_closed() -> None:
    text = " ".join(f"$x + {n}$" for n in range(60)) + " and $x = 5$."
    assert any(v.startswith("unchecked:") for v in _violations(text, reveal=True))
    assert _violations(" ".join(f"$x + {n}$" for n in range(10)), reveal=True) == []


@pytest.mark.parametrize(
    ("text", "false"),
    [
        (r"$1.1^7 = 1.948\ldots$ and $1.1^8 = 2.143\ldots$", []),
        (r"$\sqrt{2} = 1.41\dots$", []),
        (r"$1.1^7 = 1.958\ldots$", [r"1.1^7 = 1.958\ldots"]),  # wrong leading digits
        (r"$2 + 2 = 5$", ["2 + 2 = 5"]),
    ],
)
def test_truncated_decimals_state_their_leading_digits(text: str, false: list[str]) -> None:
    assert false_claims(text) == false


def _hint_request(item: TutorItem, rung: Rung, passages: tuple[Passage, ...] = ()) -> VoiceRequest:
    return VoiceRequest(
        item=item, kind=ReplyKind.HINT, rung=rung, rung_changed=True, reveal_answer=False,
        message="hint", intent="hint_request", passages=passages,
    )  # fmt: skip


def test_the_template_never_voices_a_next_step_that_works_the_answer_out() -> None:
    # The third hint computes x (the guard would refuse the whole reply); so does the
    # solution's first line here: the template falls back to the method, in words.
    item = linear_item(
        hints=("What is being done to $x$?", "Undo the operations in reverse order.",
               "Work out $15 \\div 3$."),
        solution=(SolutionStep("Divide: $x = 15 / 3$."), SolutionStep("So", "x = 5")),
    )  # fmt: skip
    text = compose(_hint_request(item, Rung.NEXT_STEP))

    assert "Undo the operations in reverse order." in text
    assert check_reply(text, GuardContext(item=item, reveal_answer=False)).ok


def test_the_template_skips_an_explanation_the_engine_cannot_confirm() -> None:
    sloppy = Passage("lesson:p:0", "Build it from pieces: $10\\% = 24$. Then add.")
    sound = Passage("lesson:p:1", "Undo each operation in turn. Keep the equation balanced.")
    text = compose(_hint_request(linear_item(), Rung.CONCEPT, (sloppy, sound)))

    assert "Undo each operation in turn." in text and "24" not in text


def test_typeset_operators_in_prose_are_read_as_one_claim() -> None:
    # "×", "÷" and "−" used to split a run: "x = 3 × 4 = 12" was read as "4 = 12" (false).
    assert false_claims("If x/4 = 3, then x = 3 × 4 = 12, not 3 ÷ 4.") == []
    assert false_claims("we get 10 − 4 = 6") == []
    assert false_claims("so 2 × 3 = 7 here") == ["2 × 3 = 7"]


@pytest.mark.parametrize(
    ("text", "false"),
    [
        (r"$e \approx 2.718$ and $\ln 3 \approx 1.099$", []),
        (r"$e \approx 2.8$", [r"e \approx 2.8"]),  # 2.718... rounds to 2.7
        (r"$2500 \times 1.03^4 = 2813.77$", []),  # money, rounded to the places shown
        (r"$2500 \times 1.03^4 = 2813.78$", [r"2500 \times 1.03^4 = 2813.78"]),
        (r"$\sin^{-1}(0.3) = 17.46^\circ$", []),
        (r"$\sin^{-1}(0.3) = 17.47^\circ$", [r"\sin^{-1}(0.3) = 17.47^\circ"]),
    ],
)
def test_rounded_and_approximate_values_are_held_to_the_places_shown(
    text: str, false: list[str]
) -> None:
    assert false_claims(text) == false


def test_no_lesson_or_item_states_maths_the_guard_would_refuse() -> None:
    # The template voice quotes lessons; a line the guard refuses costs the student a hint.
    refused = {
        p.id: false_claims(p.text) for p in curriculum_passages(CONTENT_DIR) if false_claims(p.text)
    }
    assert refused == {}

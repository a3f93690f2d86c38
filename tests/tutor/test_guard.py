from mathpath.tutor.core.guard import GuardContext, check_reply
from tests.fixtures.tutor import linear_item

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

from mathpath.tutor.core.intents import Intent
from mathpath.tutor.core.ladder import PolicyInput, ReplyKind, Rung, decide


def _ask(intent: Intent, rung: Rung, **kw: object) -> tuple[ReplyKind, Rung, bool]:
    d = decide(
        PolicyInput(
            intent=intent,
            rung=rung,
            attempts=kw.pop("attempts", 0),  # type: ignore[arg-type]
            solved=kw.pop("solved", False),
            **kw,
        )
    )  # type: ignore[arg-type]
    return d.kind, d.rung, d.reveal_answer


def test_demanding_the_answer_climbs_one_rung_at_a_time_in_practice() -> None:
    rung, seen = Rung.NONE, []
    for _ in range(7):
        kind, rung, reveal = _ask(Intent.ANSWER_REQUEST, rung)
        seen.append((kind, rung, reveal))
    rungs = [r for _, r, _ in seen]
    assert rungs[:6] == [Rung(i) for i in range(1, 7)]
    assert [reveal for _, r, reveal in seen if r < Rung.FULL_SOLUTION] == [False] * 5
    assert seen[5][0] == ReplyKind.WORKED_SOLUTION
    assert seen[4][0] == ReplyKind.PARTIAL_SOLUTION


def test_low_mastery_skips_the_guiding_question() -> None:
    _, rung, _ = _ask(Intent.HINT_REQUEST, Rung.NONE, mastery=0.1)
    assert rung == Rung.CONCEPT


def test_revision_mode_reaches_the_full_solution_sooner() -> None:
    kind, rung, reveal = _ask(Intent.ANSWER_REQUEST, Rung.NEXT_STEP, mode="revision")
    assert (kind, rung, reveal) == (ReplyKind.WORKED_SOLUTION, Rung.FULL_SOLUTION, True)
    kind, rung, reveal = _ask(Intent.ANSWER_REQUEST, Rung.NEXT_STEP, mode="practice")
    assert (rung, reveal) == (Rung.WORKED_STEP, False)


def test_repeated_wrong_answers_escalate_with_feedback() -> None:
    kind, rung, _ = _ask(Intent.ANSWER, Rung.NONE, attempts=1, verdict_correct=False)
    assert (kind, rung) == (ReplyKind.FEEDBACK, Rung.NONE)
    kind, rung, _ = _ask(Intent.ANSWER, Rung.NONE, attempts=2, verdict_correct=False)
    assert (kind, rung) == (ReplyKind.FEEDBACK, Rung.GUIDING_QUESTION)


def test_manipulation_is_refused_without_moving_the_ladder() -> None:
    kind, rung, reveal = _ask(Intent.MANIPULATION, Rung.METHOD)
    assert (kind, rung, reveal) == (ReplyKind.REFUSE, Rung.METHOD, False)


def test_a_correct_answer_is_confirmed_and_may_be_restated() -> None:
    kind, _, reveal = _ask(Intent.ANSWER, Rung.NONE, verdict_correct=True)
    assert (kind, reveal) == (ReplyKind.CONFIRM, True)

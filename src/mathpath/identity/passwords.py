"""Password policy: length plus zxcvbn's estimate, which rejects common passwords, keyboard
walks, dates and the leetspeak patterns found in breach corpora."""

from __future__ import annotations

from zxcvbn import zxcvbn

from mathpath.kit.errors import BusinessRuleViolation

MAX_LENGTH = 256  # argon2 accepts more, but nobody types this and it bounds the work


class WeakPassword(BusinessRuleViolation):
    type_slug = "weak-password"
    title = "Choose a stronger password"


def check_password(
    password: str, *, user_inputs: list[str], min_length: int, min_score: int
) -> None:
    if len(password) < min_length:
        raise WeakPassword(f"Use at least {min_length} characters.")
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"Use at most {MAX_LENGTH} characters.")
    result = zxcvbn(password[:100], user_inputs=[u for u in user_inputs if u])
    if int(result["score"]) < min_score:
        feedback = result.get("feedback", {})
        hint = feedback.get("warning") or " ".join(feedback.get("suggestions", []))
        raise WeakPassword(
            "This password is too easy to guess." + (f" {hint}" if hint else ""),
            extra={"score": int(result["score"])},
        )

"""Errors raised by the parser, worded for students."""

from __future__ import annotations


class ParseError(ValueError):
    """The text is not maths we can read.

    `message` is written for a 12-year-old; `position` is the 1-based character the problem
    was found at (None when it is about the whole answer).
    """

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


class TooComplex(ValueError):
    """The text is readable but too big or too costly to check (huge powers, deep nesting)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TooDeep(TooComplex):
    """The text nests brackets, fractions, roots or powers deeper than `limits.MAX_DEPTH`.

    Its own type so that callers can refuse such input outright (an API answers 422) instead
    of recording it as an answer that could not be checked.
    """

    def __init__(
        self, message: str = "That answer has too many brackets inside brackets to check."
    ) -> None:
        super().__init__(message)


def at(position: int) -> str:
    """Human wording of a 0-based index."""
    return f"character {position + 1}"

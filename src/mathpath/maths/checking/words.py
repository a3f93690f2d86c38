"""Answers written the way people write amounts: `£60`, `60 pounds`, `sixty`, `six quarters`,
`two and a half`, `10 centimetres`, `minus four`. `numeric_reading` turns such text into the
number it names (as parser-readable text), so the checker marks the number. Nothing here
evaluates the text: it is a small word grammar over a fixed vocabulary."""

from __future__ import annotations

import re
from fractions import Fraction

_UNITS = {
    "zero": 0,
    "nought": 0,
    "nil": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a": 1,
    "an": 1,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}
_FRACTIONS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fourth": 4,
    "fourths": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "seventh": 7,
    "sevenths": 7,
    "eighth": 8,
    "eighths": 8,
    "ninth": 9,
    "ninths": 9,
    "tenth": 10,
    "tenths": 10,
    "twelfth": 12,
    "twelfths": 12,
    "hundredth": 100,
    "hundredths": 100,
    "thousandth": 1000,
    "thousandths": 1000,
}
_NEGATIVE = {"minus", "negative"}
_CURRENCY_SYMBOLS = re.compile(r"^\s*(?:[-−]\s*)?[£$€]\s*")
_CURRENCY_WORDS = re.compile(r"\s*(?:pounds?|quid|pence|dollars?|euros?|gbp|usd|eur)\s*$", re.I)
_UNIT_WORDS = {
    "millimetres": "mm",
    "millimetre": "mm",
    "millimeters": "mm",
    "millimeter": "mm",
    "centimetres": "cm",
    "centimetre": "cm",
    "centimeters": "cm",
    "centimeter": "cm",
    "kilometres": "km",
    "kilometre": "km",
    "kilometers": "km",
    "kilometer": "km",
    "metres": "m",
    "metre": "m",
    "meters": "m",
    "meter": "m",
    "grams": "g",
    "gram": "g",
    "kilograms": "kg",
    "kilogram": "kg",
    "kilos": "kg",
    "litres": "l",
    "litre": "l",
    "liters": "l",
    "liter": "l",
    "millilitres": "ml",
    "millilitre": "ml",
    "seconds": "s",
    "second": "s",
    "minutes": "min",
    "minute": "min",
    "hours": "h",
    "hour": "h",
    "degrees": "°",
    "degree": "°",
    "mph": "",
    "km/h": "",
    "m/s": "",
    "cm2": "",
    "cm3": "",
    "m2": "",
    "m3": "",
    "mm2": "",
    "cm^2": "",
    "cm^3": "",
    "m^2": "",
    "m^3": "",
    "units": "",
    "square": "",
    "cubic": "",
    "cm²": "",
    "cm³": "",
    "m²": "",
    "m³": "",
}
_TRAILING_UNIT = re.compile(
    r"^(?P<num>.*?\d[\d.,]*)\s*(?P<unit>mm|cm|km|m|mg|kg|g|ml|cl|l|s|min|h|hrs?|°|deg)"
    r"(?:\^?[23²³])?(?:\s*/\s*(?:s|h|min))?\s*$"
)
_NUMBER = re.compile(r"^[-−]?\d[\d,]*(?:\.\d+)?$")
MAX_WORDS = 12


def _words_number(words: list[str]) -> Fraction | None:
    """`six quarters` 3/2, `two and a half` 5/2, `one hundred and twenty` 120, `a third` 1/3."""
    if not words or len(words) > MAX_WORDS:
        return None
    sign = 1
    if words[0] in _NEGATIVE:
        sign, words = -1, words[1:]
    if not words:
        return None
    whole, fraction = words, None
    if "and" in words:
        i = len(words) - 1 - words[::-1].index("and")
        tail = words[i + 1 :]
        if tail and tail[-1] in _FRACTIONS:
            whole, fraction = words[:i], _fraction(tail)
            if fraction is None:
                return None
    elif words[-1] in _FRACTIONS:
        value = _fraction(words)
        return None if value is None else sign * value
    count = _cardinal([w for w in whole if w != "and"])
    if count is None:
        return None
    return sign * (count + (fraction or Fraction(0)))


def _fraction(words: list[str]) -> Fraction | None:
    denominator = _FRACTIONS[words[-1]]
    numerator = _cardinal(words[:-1]) if words[:-1] else 1
    if numerator is None:
        return None
    return Fraction(numerator, denominator)


def _cardinal(words: list[str]) -> int | None:
    if not words:
        return None
    total, current = 0, 0
    for word in words:
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0
        elif word.isdigit():
            current += int(word)
        else:
            return None
    return total + current


def _plain_number(text: str) -> str | None:
    text = text.strip().replace("−", "-")
    if _NUMBER.match(text):
        return text.replace(",", "")
    return None


def numeric_reading(text: str) -> str | None:
    """The number `text` names, as text the parser reads, or None if it is not an amount in
    words, money or a number with a unit."""
    core = text.strip().rstrip(".!").strip()
    if not core or len(core) > 120:
        return None
    negative = core.startswith(("-", "−")) and bool(_CURRENCY_SYMBOLS.match(core))
    stripped = _CURRENCY_WORDS.sub("", _CURRENCY_SYMBOLS.sub("", core)).strip()
    lowered = stripped.lower()
    for word, _symbol in sorted(_UNIT_WORDS.items(), key=lambda kv: -len(kv[0])):
        if lowered.endswith(" " + word) or (
            lowered.endswith(word) and lowered[: -len(word)] and lowered[-len(word) - 1].isdigit()
        ):
            lowered = lowered[: -len(word)].strip()
            break
    unit = _TRAILING_UNIT.match(lowered)
    if unit:
        lowered = unit.group("num")
    number = _plain_number(lowered)
    if number is None:
        if not re.search(r"[a-z]", lowered):
            return None  # `20 - 12` is a calculation, not the words "twenty twelve"
        words = re.sub(r"[-,]", " ", lowered).split()
        if words in (["a"], ["an"]):
            return None  # a letter, not "a" (one) of something
        value = _words_number(words)
        if value is None:
            return None
        number = str(value.numerator) if value.denominator == 1 else f"{value}"
    if number == core:
        return None  # nothing to read: the text was already a plain number
    return f"-{number}" if negative and not number.startswith("-") else number

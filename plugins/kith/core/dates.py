"""Dates as users write them: ISO dates, birthdays without a year, cadences like `6w`."""

from __future__ import annotations

import datetime as dt
import os
import re

from .model import Birthday

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.+\-Z ]*)?$")
_MONTH_DAY = re.compile(r"^(?:--)?(\d{1,2})-(\d{1,2})$")
_CADENCE = re.compile(r"^(\d+)\s*(d|days?|w|weeks?|m|months?|y|years?)$", re.IGNORECASE)
_CADENCE_UNIT_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}

TODAY_ENV = "KITH_TODAY"


class DateError(ValueError):
    """A value that should be a date and is not; the message says what to write instead."""


def parse_date(value: object) -> dt.date:
    """A calendar date from `2026-11-20` (a time after it is ignored)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = _ISO_DATE.match(text)
    if not match:
        raise DateError(f"'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-20")
    year, month, day = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError as error:
        raise DateError(f"'{text}' is not a real date ({error}); write it as YYYY-MM-DD") from None


def parse_birthday(value: object) -> Birthday:
    """A birthday: `YYYY-MM-DD`, or `MM-DD` / `--MM-DD` when the year is not known."""
    if isinstance(value, dt.date):
        return Birthday(value.month, value.day, value.year)
    text = str(value).strip()
    match = _MONTH_DAY.match(text)
    if match:
        month, day = int(match.group(1)), int(match.group(2))
        try:
            dt.date(2000, month, day)  # a leap year, so 02-29 is accepted
        except ValueError:
            raise DateError(
                f"birthday '{text}' is not a real day; write MM-DD (e.g. 04-17) or YYYY-MM-DD"
            ) from None
        return Birthday(month, day)
    try:
        date = parse_date(text)
    except DateError:
        raise DateError(
            f"birthday '{text}' is not a date; write MM-DD (e.g. 04-17) or YYYY-MM-DD"
        ) from None
    return Birthday(date.month, date.day, date.year)


def parse_cadence(value: object) -> int:
    """Days between contacts from `45d`, `6w`, `3m`, `1y` or a bare number of days."""
    if isinstance(value, bool):
        raise DateError(f"cadence '{value}' is not a duration; write e.g. 45d, 6w or 3m")
    if isinstance(value, int):
        days = value
    else:
        text = str(value).strip()
        match = _CADENCE.match(text)
        if not match:
            raise DateError(f"cadence '{text}' is not a duration; write e.g. 45d, 6w or 3m")
        days = int(match.group(1)) * _CADENCE_UNIT_DAYS[match.group(2)[0].lower()]
    if days <= 0:
        raise DateError(f"cadence '{value}' must be longer than zero days; write e.g. 45d, 6w or 3m")
    return days


def resolve_today(option: object = None, environ: dict[str, str] | None = None) -> dt.date:
    """The build's "today": `KITH_TODAY` wins, then the given option, then the clock."""
    env = os.environ if environ is None else environ
    for value, origin in ((env.get(TODAY_ENV), TODAY_ENV), (option, "today")):
        if value:
            try:
                return parse_date(value)
            except DateError as error:
                raise DateError(f"{origin}: {error}") from None
    return dt.date.today()

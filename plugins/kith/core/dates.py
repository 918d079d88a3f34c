"""Dates as users write them: ISO dates, birthdays without a year, cadences like `6w`."""

from __future__ import annotations

import datetime as dt
import os
import re
from functools import lru_cache

from .model import Birthday

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.+\-Z ]*)?$")
_MONTH_DAY = re.compile(r"^(?:--)?(\d{1,2})-(\d{1,2})$")
_CADENCE = re.compile(r"^(\d{1,9})\s*(d|days?|w|weeks?|m|months?|y|years?)$", re.IGNORECASE)
_CADENCE_UNIT_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}
# Dates outside these years are typos (`0226-11-20`, `20226-01-01`); refusing them also keeps
# date arithmetic (a date plus a cadence) far from the calendar's end in year 9999.
MIN_YEAR, MAX_YEAR = 1900, 2999
MAX_CADENCE_DAYS = 10 * 365

TODAY_ENV = "KITH_TODAY"


class DateError(ValueError):
    """A value that should be a date and is not; the message says what to write instead."""


def shown(value: object, limit: int = 40) -> str:
    """A user's value as quoted in a message: on one line, and cut when long."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_date(value: object) -> dt.date:
    """A calendar date from `2026-11-20` (a time after it is ignored)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return _date_from_text(str(value).strip())


@lru_cache(maxsize=1 << 14)  # a vault's notes and tasks name the same days over and over
def _date_from_text(text: str) -> dt.date:
    match = _ISO_DATE.match(text)
    if not match:
        raise DateError(f"'{shown(text)}' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-20")
    year, month, day = (int(part) for part in match.groups())
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateError(f"'{shown(text)}' has the year {year}, which looks like a typo; "
                        f"write a year between {MIN_YEAR} and {MAX_YEAR}, as YYYY-MM-DD")
    try:
        return dt.date(year, month, day)
    except ValueError as error:
        raise DateError(f"'{shown(text)}' is not a real date ({error}); write it as YYYY-MM-DD") from None


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
                f"birthday '{shown(text)}' is not a real day; write MM-DD (e.g. 04-17) or YYYY-MM-DD"
            ) from None
        return Birthday(month, day)
    if not _ISO_DATE.match(text):
        raise DateError(f"birthday '{shown(text)}' is not a date; write MM-DD (e.g. 04-17) or YYYY-MM-DD")
    try:
        date = parse_date(text)
    except DateError as error:
        raise DateError(f"birthday {error}; or write MM-DD (e.g. 04-17) if the year is not known") from None
    return Birthday(date.month, date.day, date.year)


def parse_cadence(value: object) -> int:
    """Days between contacts from `45d`, `6w`, `3m`, `1y` or a bare number of days."""
    if isinstance(value, bool):
        raise DateError(f"cadence '{shown(value)}' is not a duration; write e.g. 45d, 6w or 3m")
    if isinstance(value, int):
        days = value
    else:
        text = str(value).strip()
        match = _CADENCE.match(text)
        if not match:
            raise DateError(f"cadence '{shown(text)}' is not a duration; write e.g. 45d, 6w or 3m")
        days = int(match.group(1)) * _CADENCE_UNIT_DAYS[match.group(2)[0].lower()]
    if days <= 0:
        raise DateError(f"cadence '{shown(value)}' must be longer than zero days; write e.g. 45d, 6w or 3m")
    if days > MAX_CADENCE_DAYS:
        raise DateError(f"cadence '{shown(value)}' is longer than 10 years; write e.g. 6m or 1y, "
                        "or remove 'circle' and 'cadence' to stop tracking this person")
    return days


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RELATIVE_DAYS = {"today": 0, "tomorrow": 1, "yesterday": -1}


def parse_when(value: str, today: dt.date, *, past: bool = False) -> dt.date:
    """A date as typed on the command line: `2026-12-01`; `today`, `tomorrow`, `yesterday`; a
    weekday (`friday`: the next one after today, or with `past` the last one before it; `fri`
    too); a time from today (`3d`, `2w`, `1m`: days, weeks, months of 30 days; back from today
    with `past`); or English words (`next friday`, `in 2 weeks`, `15 december`, `dec 15`, `last
    tuesday`), read by dateparser towards the future (or with `past`, the past). Numbers alone,
    such as `05/12`, are refused: day and month could be either way round."""
    text = " ".join(str(value).split()).lower()
    direction = -1 if past else 1
    if text in _RELATIVE_DAYS:
        return today + dt.timedelta(days=_RELATIVE_DAYS[text])
    if len(text) >= 3 and text.isalpha():
        for number, day in enumerate(_WEEKDAYS):
            if day.startswith(text):
                if past:
                    return today - dt.timedelta(days=(today.weekday() - number - 1) % 7 + 1)
                return today + dt.timedelta(days=(number - today.weekday() - 1) % 7 + 1)
    if _CADENCE.match(text):
        try:
            return today + direction * dt.timedelta(days=parse_cadence(text))
        except DateError:
            pass
    try:
        return parse_date(text)
    except DateError:
        pass
    found = _date_in_words(text, today, past) if any(c.isalpha() for c in text) else None
    if found is None:
        raise DateError(f"'{shown(value)}' is not a date; write YYYY-MM-DD (e.g. 2026-12-01), today, "
                        "tomorrow, a weekday (friday), a time from today (3d, 2w, 1m), or words "
                        "(next friday, in 2 weeks, 15 december)")
    return found


_MONTH_ONLY = re.compile(r"^(?:(?:next|this|last)\s+)?"
                         r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s+\d{4})?$")


_ORDINAL_DAY = re.compile(r"^(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)$")


def _day_of_month(day: int, today: dt.date, past: bool) -> dt.date | None:
    """The next day numbered `day` after today (or with `past`, the last one before it)."""
    year, month = today.year, today.month
    for _ in range(13):
        try:
            found = dt.date(year, month, day)
        except ValueError:
            found = None  # the 31st in a month of 30 days: the month after
        if found is not None and (found < today if past else found > today):
            return found
        month += -1 if past else 1
        if not 1 <= month <= 12:
            year, month = (year - 1, 12) if past else (year + 1, 1)
    return None


def _date_in_words(text: str, today: dt.date, past: bool) -> dt.date | None:
    """`next friday`, `15 dec`, `in 3 weeks`, read by dateparser (imported only for these: it takes
    a tenth of a second to load) in English, relative to `today`."""
    if len(text) > 60 or _MONTH_ONLY.match(text):
        return None  # `december` names no day (dateparser would take today's day of the month)
    ordinal = _ORDINAL_DAY.match(text)
    if ordinal:  # `the 3rd`: dateparser would read a month (March)
        return _day_of_month(int(ordinal.group(1)), today, past)
    import dateparser

    settings = {"RELATIVE_BASE": dt.datetime.combine(today, dt.time()), "RETURN_AS_TIMEZONE_AWARE": False,
                "PREFER_DATES_FROM": "past" if past else "future"}
    try:
        found = dateparser.parse(text, languages=["en"], settings=settings)
    except (ValueError, OverflowError):
        return None
    if found is None or not MIN_YEAR <= found.year <= MAX_YEAR:
        return None
    if past and found.date() > today:
        return None  # `--date "next week"`: a talk that has not happened yet
    return found.date()


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

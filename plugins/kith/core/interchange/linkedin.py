"""LinkedIn's Connections.csv (Settings > Data privacy > Get a copy of your data) as records.

Today's export opens with a `Notes:` preamble before the header row; older ones start with the
header. Columns are found by name, so their order and any extra columns do not matter.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from . import ContactRecord, Problem, decode_lines, normalize_date

__all__ = ["read_linkedin_csv"]

# Header cell (lower-case) -> record field. Older exports said "E-mail Address" or "Title".
_COLUMNS = {
    "first name": "first",
    "last name": "last",
    "url": "url",
    "profile url": "url",
    "email address": "email",
    "e-mail address": "email",
    "email": "email",
    "company": "company",
    "position": "role",
    "title": "role",
    "connected on": "met",
}

# English month names, matched by hand: strptime's %b follows the locale, LinkedIn's does not.
_MONTHS = {name: number for number, name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[\s-]+([A-Za-z]{3})[A-Za-z]*\.?[\s,-]+(\d{4})$")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")


def parse_connected_on(text: str) -> str | None:
    """`20 Nov 2026`, `11/20/26` (US order, as LinkedIn wrote it) or `2026-11-20` -> YYYY-MM-DD."""
    text = text.strip()
    match = _DAY_MONTH_YEAR.match(text)
    try:
        if match and match.group(2).lower() in _MONTHS:
            day, month, year = int(match.group(1)), _MONTHS[match.group(2).lower()], int(match.group(3))
            return dt.date(year, month, day).isoformat()
        match = _US_DATE.match(text)
        if match:
            month, day, year = (int(part) for part in match.groups())
            year += 2000 if year < 100 else 0  # LinkedIn started in 2003: no 19xx connections
            return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
    return normalize_date(text)


def _header_fields(row: list[str]) -> dict[int, str] | None:
    fields = {index: _COLUMNS[cell.strip().lower()] for index, cell in enumerate(row)
              if cell.strip().lower() in _COLUMNS}
    names = set(fields.values())
    return fields if {"first", "last"} <= names else None


def read_linkedin_csv(data: bytes | str,
                      source: str = "") -> tuple[list[ContactRecord], list[Problem]]:
    """The connections in a LinkedIn export, and the problems met as (line, message).

    `source` names the input in messages. Rows without a name are skipped with a problem;
    nothing raises on bad input.
    """
    lines, problems = decode_lines(data, source)
    # strict: an unterminated quote is an error instead of a field swallowing the rest of the file.
    reader = csv.reader(io.StringIO("\n".join(lines) + "\n", newline=""), strict=True)
    records: list[ContactRecord] = []
    fields: dict[int, str] | None = None
    row_start = 1
    try:
        for row in reader:
            start, row_start = row_start, reader.line_num + 1  # a quoted field may span lines
            if fields is None:
                fields = _header_fields(row)  # everything before the header is preamble
                continue
            if not any(cell.strip() for cell in row):
                continue
            values: dict[str, str] = {}
            for index, field_name in fields.items():
                # One line each: a position typed with line breaks would look odd in YAML.
                cell = " ".join(row[index].split()) if index < len(row) else ""
                if cell and field_name not in values:
                    values[field_name] = cell
            record = _record(values, start, problems)
            if record is not None:
                records.append(record)
    except csv.Error as error:
        problems.append((row_start, f"cannot read the CSV from here ({error}); this row and "
                         "the rows after it were not imported"))
    if fields is None:
        problems.append((None, "no LinkedIn header row found (expected columns like "
                         "First Name, Last Name, URL, Email Address, Company, Position, "
                         "Connected On)"))
    return records, problems


def _record(values: dict[str, str], line: int, problems: list[Problem]) -> ContactRecord | None:
    name = " ".join(part for part in (values.get("first"), values.get("last")) if part)
    if not name:
        # LinkedIn leaves names empty for members who have left or hidden their profile.
        problems.append((line, "connection has no name (member left LinkedIn or hid their "
                         "profile?); skipped"))
        return None
    met = None
    if "met" in values:
        met = parse_connected_on(values["met"])
        if met is None:
            problems.append((line, f"'Connected On' value '{values['met']}' is not a date "
                             "(expected e.g. 20 Nov 2026); left out"))
    return ContactRecord(
        name=name,
        company=values.get("company"),
        role=values.get("role"),
        emails=[values["email"]] if "email" in values else [],
        links={"linkedin": values["url"]} if "url" in values else {},
        met=met,
        source_line=line,
    )

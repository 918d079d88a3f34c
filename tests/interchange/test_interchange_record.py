"""ContactRecord <-> front matter, and the shared normalisers."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from kith.core.interchange import (
    ContactRecord,
    normalize_birthday,
    normalize_date,
    normalize_tag,
)


def test_front_matter_order_types_and_omissions() -> None:
    record = ContactRecord(
        name="Aisha Rahman", company="Northwind Health", role="Head of Digital",
        emails=["aisha@example.org"], phones=["+44 113 496 0000", "+44 7700 900123"],
        links={"linkedin": "https://www.linkedin.com/in/a", "website": ""},
        birthday="04-17", location="Leeds", met="2024-03-12", tags=["digital-health"],
        note="Body text.", source_line=7,
    )
    meta = record.front_matter()
    assert list(meta) == ["name", "company", "role", "email", "phone", "links", "location",
                          "tags", "met", "birthday"]
    assert meta == {
        "name": "Aisha Rahman",
        "company": "Northwind Health",
        "role": "Head of Digital",
        "email": "aisha@example.org",  # one: a string
        "phone": ["+44 113 496 0000", "+44 7700 900123"],  # several: a list
        "links": {"linkedin": "https://www.linkedin.com/in/a"},  # empty URL left out
        "location": "Leeds",
        "tags": ["digital-health"],
        "met": dt.date(2024, 3, 12),  # YAML writes a plain date, as DESIGN.md shows
        "birthday": "04-17",
    }
    dumped = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
    assert "met: 2024-03-12\n" in dumped and "birthday: 04-17\n" in dumped
    assert ContactRecord(name="Only").front_matter() == {"name": "Only"}
    assert ContactRecord(name="B", birthday="1990-04-17").front_matter()["birthday"] == dt.date(
        1990, 4, 17)


@pytest.mark.parametrize(("value", "expected"), [
    ("1990-04-17", "1990-04-17"), ("19900417", "1990-04-17"), (dt.date(1990, 4, 17), "1990-04-17"),
    (dt.datetime(1990, 4, 17, 9, 30), "1990-04-17"), ("04-17", "04-17"), ("4-17", "04-17"),
    ("--04-17", "04-17"), ("--0417", "04-17"), ("02-29", "02-29"), ("02-30", None),
    ("0417", None), ("April 17", None), ("1990-13-01", None),
])
def test_normalize_birthday(value: object, expected: str | None) -> None:
    assert normalize_birthday(value) == expected


def test_normalize_date() -> None:
    assert normalize_date("2024-03-12T10:00:00Z") == "2024-03-12"
    assert normalize_date("12/03/2024") is None


@pytest.mark.parametrize(("tag", "slug"), [
    ("Digital Health", "digital-health"), ("#NHS / Digital", "nhs/digital"),
    ("Friends & Family", "friends-family"), ("under_score", "under-score"), ("  ", ""),
    ("Café", "café"),
])
def test_normalize_tag(tag: str, slug: str) -> None:
    assert normalize_tag(tag) == slug


@given(st.text())
def test_normalize_tag_is_idempotent(tag: str) -> None:
    assert normalize_tag(normalize_tag(tag)) == normalize_tag(tag)

"""Writing vCard 3.0, and the round trip write_vcards -> read_vcards."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kith.core.interchange import ContactRecord, normalize_tag
from kith.core.interchange.vcard import read_vcards, write_vcards
from kith.core.names import NameParts, split_name

FIXTURES = Path(__file__).parent.parent / "fixtures" / "interchange"

AISHA = ContactRecord(
    name="Aisha Rahman",
    company="Northwind Health",
    role="Head of Digital, Strategy",
    emails=["aisha@example.org", "aisha.rahman@northwind.example"],
    phones=["+44 113 496 0000"],
    links={"linkedin": "https://www.linkedin.com/in/aisha-rahman-example",
           "website": "https://aisha.example.org"},
    birthday="04-17",
    location="Leeds",
    met="2024-03-12",
    tags=["digital-health", "leadership"],
    note="Runs the contact-centre review; wants the procurement template.",
)


def test_exact_output() -> None:
    assert write_vcards([AISHA]) == (
        "BEGIN:VCARD\r\n"
        "VERSION:3.0\r\n"
        "PRODID:-//kith//kith//EN\r\n"
        "N:Rahman;Aisha;;;\r\n"
        "FN:Aisha Rahman\r\n"
        "ORG:Northwind Health\r\n"
        "TITLE:Head of Digital\\, Strategy\r\n"
        "EMAIL;TYPE=INTERNET:aisha@example.org\r\n"
        "EMAIL;TYPE=INTERNET:aisha.rahman@northwind.example\r\n"
        "TEL:+44 113 496 0000\r\n"
        "item1.URL:https://www.linkedin.com/in/aisha-rahman-example\r\n"
        "item1.X-ABLabel:linkedin\r\n"
        "item2.URL:https://aisha.example.org\r\n"
        "item2.X-ABLabel:website\r\n"
        "ADR:;;;Leeds;;;\r\n"
        "BDAY:--04-17\r\n"
        "X-KITH-MET:2024-03-12\r\n"
        "CATEGORIES:digital-health,leadership\r\n"
        "NOTE:Runs the contact-centre review\\; wants the procurement template.\r\n"
        "END:VCARD\r\n"
    )


def test_minimal_and_company_cards() -> None:
    assert write_vcards([ContactRecord(name="Prince")]) == (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//kith//kith//EN\r\nN:;Prince;;;\r\n"
        "FN:Prince\r\nEND:VCARD\r\n")
    text = write_vcards([ContactRecord(name="Northwind Health", company="Northwind Health",
                                       birthday="1990-04-17")])
    assert "N:;;;;\r\n" in text and "X-ABShowAs:COMPANY\r\n" in text
    assert "BDAY:1990-04-17\r\n" in text


@pytest.mark.parametrize(("name", "parts"), [
    ("Aisha Rahman", NameParts("Rahman", "Aisha")),
    ("Mary Ann Evans", NameParts("Evans", "Mary", "Ann")),
    ("Ludwig van Beethoven", NameParts("van Beethoven", "Ludwig")),
    ("Dr. Kim Osei", NameParts("Osei", "Kim", prefix="Dr.")),
    ("Martin Luther King Jr.", NameParts("King", "Martin", "Luther", suffix="Jr.")),
    ("Cher", NameParts("", "Cher")),
    # A title, a middle initial and a suffix; and the "Last, First" address books sort by.
    ("Dr. John Q. Public, Jr.", NameParts("Public", "John", "Q.", "Dr.", "Jr.")),
    ("Prof. Dr. Anna Maria van der Berg", NameParts("van der Berg", "Anna", "Maria", "Prof. Dr.")),
    ("Public, John Q.", NameParts("Public", "John", "Q.")),
    ("Doe, Jane, Jr.", NameParts("Doe", "Jane", suffix="Jr.")),
    ("Smith, Dr. John", NameParts("Smith", "John", prefix="Dr.")),
    ("Jane Doe, MD, PhD", NameParts("Doe", "Jane", suffix="MD, PhD")),
    ("John Smith III", NameParts("Smith", "John", suffix="III")),
    ("J. R. R. Tolkien", NameParts("Tolkien", "J.", "R. R.")),
    ("Anh Do", NameParts("Do", "Anh")),
    ("Dr. Smith", NameParts("Smith", prefix="Dr.")),
])
def test_split_name(name: str, parts: NameParts) -> None:
    assert split_name(name) == parts


@pytest.mark.parametrize(("name", "n_line"), [
    ("Dr. John Q. Public, Jr.", "N:Public;John;Q.;Dr.;Jr."),
    ("Public, John Q.", "N:Public;John;Q.;;"),
    ("Jane Doe, MD, PhD", "N:Doe;Jane;;;MD,PhD"),
    ("Prof. Dr. Anna Maria van der Berg", "N:van der Berg;Anna;Maria;Prof. Dr.;"),
])
def test_a_guessed_n_has_its_parts_in_their_places(name: str, n_line: str) -> None:
    text = write_vcards([ContactRecord(name=name)])
    assert n_line + "\r\n" in text
    card = vobject.readOne(text)
    assert card.fn.value == name


def test_folding_at_75_octets_never_inside_a_character() -> None:
    record = ContactRecord(name="Ørjan Ødegård", note="Zoë 🎉 " * 60 + "end")
    text = write_vcards([record])
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    physical = text.split("\r\n")[:-1]
    assert max(len(line.encode("utf-8")) for line in physical) == 75
    assert all(line.encode("utf-8").decode("utf-8") == line for line in physical)
    assert read_vcards(text)[0][0].note == record.note


def test_vobject_reads_our_output() -> None:
    # Another reader's opinion: the output is valid 3.0 as vobject sees it.
    card = vobject.readOne(write_vcards([AISHA]))
    assert card.fn.value == "Aisha Rahman"
    assert card.n.value.family == "Rahman" and card.n.value.given == "Aisha"
    assert card.org.value == ["Northwind Health"]
    assert card.title.value == "Head of Digital, Strategy"
    assert [e.value for e in card.contents["email"]] == AISHA.emails
    assert card.categories.value == ["digital-health", "leadership"]


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.vcf")))
def test_fixtures_survive_a_round_trip(name: str) -> None:
    records, _ = read_vcards((FIXTURES / name).read_bytes())
    again, problems = read_vcards(write_vcards(records))
    assert problems == []
    assert [_without_line(r) for r in again] == [_without_line(r) for r in records]


def _without_line(record: ContactRecord) -> ContactRecord:
    return dataclasses.replace(record, source_line=None)


# ---- property-based round trip -----------------------------------------------------------------

_TRICKY = ["Smith, Jones; & Co", "Zoë Ångström-Ødegård", "李小龍", "مريم الصالح", "🎉 Party 🎉",
           "a\\b\\n", "x:y;z,w", "O'Brien \"The Boss\"", "ÅÄÖ;;,,\\\\", "👩‍👩‍👧 family"]
_TEXT = st.one_of(
    st.sampled_from(_TRICKY),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=60),
).map(str.strip).filter(bool)
_NOTE = st.lists(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=90),
                 min_size=1, max_size=4).map(lambda lines: "\n".join(lines).strip())
_DATES = st.dates(dt.date(1900, 1, 1), dt.date(2030, 12, 31))
_BIRTHDAY = st.one_of(
    st.none(),
    _DATES.map(dt.date.isoformat),
    st.dates(dt.date(2000, 1, 1), dt.date(2000, 12, 31)).map(lambda d: d.strftime("%m-%d")),
)
_PHONE = st.from_regex(r"\+?[0-9][0-9 ()\-,]{2,18}[0-9]", fullmatch=True)
_LABELS = ["linkedin", "website", "website2", "twitter", "github", "blog", "mastodon", "cv"]
_URL = st.tuples(st.from_regex(r"[a-z][a-z0-9-]{0,15}\.[a-z]{2,6}", fullmatch=True),
                 st.from_regex(r"[A-Za-z0-9_~@%.-]{0,20}", fullmatch=True)).map(
    lambda parts: f"https://{parts[0]}/{parts[1]}")
_TAG = st.text(min_size=1, max_size=20).map(normalize_tag).filter(
    lambda tag: tag and tag not in ("mycontacts", "starred"))


@st.composite
def records(draw: st.DrawFn) -> ContactRecord:
    urls = draw(st.lists(_URL, max_size=len(_LABELS), unique_by=lambda u: u.lower().rstrip("/")))
    labels = draw(st.permutations(_LABELS))[:len(urls)]
    return ContactRecord(
        name=draw(_TEXT),
        company=draw(st.none() | _TEXT),
        role=draw(st.none() | _TEXT),
        emails=draw(st.lists(st.emails(), max_size=3, unique_by=str.lower)),
        phones=draw(st.lists(_PHONE.map(str.strip), max_size=3, unique=True)),
        links=dict(zip(labels, urls, strict=True)),
        birthday=draw(_BIRTHDAY),
        location=draw(st.none() | _TEXT),
        met=draw(st.none() | _DATES.map(dt.date.isoformat)),
        tags=draw(st.lists(_TAG, max_size=4, unique=True)),
        note=draw(st.none() | _NOTE.filter(bool)),
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(records(), min_size=1, max_size=3), st.booleans())
def test_round_trip_preserves_fields(originals: list[ContactRecord], use_vobject: bool) -> None:
    again, problems = read_vcards(write_vcards(originals), use_vobject=use_vobject)
    assert problems == []
    assert [_without_line(r) for r in again] == originals


@pytest.mark.parametrize("name", ["", ",", " , ", ", Jr.", ",,,", "a,,b", "Jr.", "Dr.", "PhD, MD", "\u200b"])
def test_odd_names_still_make_cards_another_reader_reads(name: str) -> None:
    split_name(name)
    text = write_vcards([ContactRecord(name=name or "?")])
    assert vobject.readOne(text).fn.value == (name or "?").strip()

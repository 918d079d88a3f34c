"""LinkedIn's Connections.csv, today's (with the Notes: preamble) and older ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from kith.core.interchange import ContactRecord
from kith.core.interchange.linkedin import parse_connected_on, read_linkedin_csv

FIXTURES = Path(__file__).parent.parent / "fixtures" / "interchange"
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"


def test_current_export_with_preamble() -> None:
    data = (FIXTURES / "linkedin_connections.csv").read_bytes()
    records, problems = read_linkedin_csv(data, "Connections.csv")
    assert records == [
        ContactRecord(
            name="Aisha Rahman",
            company="Northwind Health",
            role="Head of Digital",
            emails=["aisha@example.org"],
            links={"linkedin": "https://www.linkedin.com/in/aisha-rahman-example"},
            met="2026-11-20",
            source_line=5,
        ),
        ContactRecord(  # no email: the member does not share it
            name="Kim Osei",
            company="Osei & Partners, LLP",
            role="Partner, Procurement & Sourcing",
            links={"linkedin": "https://www.linkedin.com/in/kimosei"},
            met="2025-03-03",
            source_line=6,
        ),
        ContactRecord(
            name="Jürgen Müller",
            company="Bäckerei Müller & Söhne GmbH",
            role="Geschäftsführer",
            links={"linkedin": "https://www.linkedin.com/in/juergen-mueller-example"},
            met="2023-01-01",
            source_line=8,
        ),
        ContactRecord(  # a quoted field spanning two lines; the next row's line still counts
            name="Chen Wei, PhD",
            company="Harbour Robotics",
            role="Research Engineer (Autonomy)",
            links={"linkedin": "https://www.linkedin.com/in/chen-wei-example"},
            met="2022-09-05",
            source_line=9,
        ),
        ContactRecord(
            name="Grace Okafor",
            emails=["grace.okafor@example.ng"],
            links={"linkedin": "https://www.linkedin.com/in/grace-okafor-example"},
            source_line=11,
        ),
    ]
    assert problems == [
        (7, "connection has no name (member left LinkedIn or hid their profile?); skipped"),
        (11, "'Connected On' value 'sometime in 2021' is not a date (expected e.g. "
             "20 Nov 2026); left out"),
    ]


def test_older_export_without_preamble_or_url() -> None:
    data = (FIXTURES / "linkedin_connections_old.csv").read_bytes()
    records, problems = read_linkedin_csv(data)
    assert problems == []
    assert records == [
        ContactRecord(name="Aisha Rahman", company="Northwind Health", role="Head of Digital",
                      emails=["aisha@example.org"], met="2016-11-20", source_line=2),
        ContactRecord(name="Ben Ade", company="Contoso Analytics, Ltd", role="Data Lead",
                      met="2017-04-03", source_line=3),
        ContactRecord(name="Priya Sharma", company="Infosys",
                      emails=["priya.sharma@example.in"], met="2018-06-30", source_line=4),
    ]


def test_bom_crlf_reordered_columns_and_str_input() -> None:
    text = ("\ufeffConnected On,Position,Company,Last Name,First Name,Email Address,URL\r\n"
            "1 Feb 2024,CTO,Acme,Ade,Ben,ben@example.com,https://www.linkedin.com/in/ben\r\n")
    for data in (text, text.encode("utf-8")):
        records, problems = read_linkedin_csv(data)
        assert problems == []
        assert records == [ContactRecord(
            name="Ben Ade", company="Acme", role="CTO", emails=["ben@example.com"],
            links={"linkedin": "https://www.linkedin.com/in/ben"}, met="2024-02-01",
            source_line=2)]


def test_only_a_first_name_and_short_rows() -> None:
    records, problems = read_linkedin_csv(f"{HEADER}\nMadonna,,,,,\n")
    assert problems == []
    assert records == [ContactRecord(name="Madonna", source_line=2)]


def test_windows_1252_export_is_read_and_reported() -> None:
    data = f"{HEADER}\nJosé,Núñez,,,Café Olé,,1 Feb 2024\n".encode("cp1252")
    records, problems = read_linkedin_csv(data, "Connections.csv")
    assert [(r.name, r.company) for r in records] == [("José Núñez", "Café Olé")]
    assert problems == [(2, "Connections.csv is not valid UTF-8; read as Windows-1252 (Latin-1), "
                            "so check accented characters")]


def test_not_a_linkedin_file() -> None:
    records, problems = read_linkedin_csv("Name,Phone\nA,1\n")
    assert records == []
    assert problems == [(None, "no LinkedIn header row found (expected columns like First Name, "
                               "Last Name, URL, Email Address, Company, Position, Connected On)")]


def test_unterminated_quote_keeps_the_rows_before_it() -> None:
    records, problems = read_linkedin_csv(f'{HEADER}\nA,B,,,,,\nC,"D,,,,,\nE,F,,,,,\n')
    assert [r.name for r in records] == ["A B"]
    assert problems == [(3, "cannot read the CSV from here (unexpected end of data); this row "
                            "and the rows after it were not imported")]


@pytest.mark.parametrize(("text", "expected"), [
    ("20 Nov 2026", "2026-11-20"),
    ("5 Sep 2022", "2022-09-05"),
    ("05-Sep-2022", "2022-09-05"),
    ("20 November 2026", "2026-11-20"),
    ("11/20/26", "2026-11-20"),
    ("4/3/17", "2017-04-03"),
    ("11/20/2026", "2026-11-20"),
    ("2026-11-20", "2026-11-20"),
    ("31 Feb 2026", None),
    ("20 Foo 2026", None),
    ("13/20/26", None),
    ("", None),
])
def test_connected_on(text: str, expected: str | None) -> None:
    assert parse_connected_on(text) == expected

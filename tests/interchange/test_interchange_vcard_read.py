"""Reading vCards as real apps export them; every fixture is read by vobject and by the hand parser."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kith.core.interchange import ContactRecord
from kith.core.interchange.vcard import read_vcards

FIXTURES = Path(__file__).parent.parent / "fixtures" / "interchange"

# Both tokenisers must give the same records: the hand parser is what runs when vobject gives up.
PARSERS = pytest.mark.parametrize("use_vobject", [True, False], ids=["vobject", "hand"])


def read(name: str, use_vobject: bool = True) -> tuple[list[ContactRecord], list]:
    return read_vcards((FIXTURES / name).read_bytes(), name, use_vobject=use_vobject)


@PARSERS
def test_apple_contacts(use_vobject: bool) -> None:
    records, problems = read("apple_contacts_3.0.vcf", use_vobject)
    assert problems == []
    assert records == [
        ContactRecord(
            name="Aisha Rahman",
            company="Northwind Health",
            role="Head of Digital",
            # the pref-flagged address comes first, whatever its place in the card
            emails=["aisha.rahman@northwind.example", "aisha@example.org"],
            phones=["+44 7700 900123", "+44 113 496 0000"],
            links={
                "linkedin": "https://www.linkedin.com/in/aisha-rahman-example",
                "website": "https://aisha.example.org",  # Apple's _$!<HomePage>!$_ label
                "twitter": "https://x.com/aisharahman",  # X-SOCIALPROFILE with x-apple: handle
            },
            birthday="04-17",  # X-APPLE-OMIT-YEAR=1604: the year is unknown
            location="Leeds",
            note="Met at NHS Expo 2024, stand 42 — she runs the contact-centre review for the "
            "trust.\nAsk about the procurement template.",
            source_line=1,
        ),
        ContactRecord(
            name="Northwind Health",
            company="Northwind Health",
            phones=["+44 113 496 0100"],
            links={"website": "https://northwind.example"},
            source_line=30,
        ),
        ContactRecord(
            name="Kim Osei",
            company="Osei & Partners, LLP",  # first ORG component, escaped comma
            role="Partner",
            emails=["kim@osei-partners.example"],
            links={
                "linkedin": "http://www.linkedin.com/in/kimosei",
                "blog": "https://osei-partners.example/blog",
            },
            birthday="1985-11-02",
            source_line=42,
        ),
    ]


@PARSERS
def test_google_contacts(use_vobject: bool) -> None:
    records, problems = read("google_contacts_3.0.vcf", use_vobject)
    assert problems == []
    assert records == [
        ContactRecord(
            name="Ben Ade",
            company="Contoso Analytics",
            role="Data Lead",
            emails=["ben.ade@example.com", "b.ade@contoso.example"],
            phones=["+44 7700 900456"],
            links={
                "linkedin": "https://www.linkedin.com/in/ben-ade-example",  # https\: unescaped
                "github": "https://github.com/benade-example",  # empty label: from the host
            },
            birthday="04-17",
            location="Manchester",
            tags=["friends", "data-analytics"],  # myContacts and starred dropped
            note="Introduced by Kim at the Leeds meetup.\nPlays bass; likes jazz, cycling.",
            source_line=1,
        ),
        ContactRecord(
            name="Priya Sharma",
            emails=["priya.sharma@example.in"],
            birthday="1990-04-17",
            source_line=21,
        ),
    ]


@PARSERS
def test_outlook_21_quoted_printable(use_vobject: bool) -> None:
    records, problems = read("outlook_2.1.vcf", use_vobject)
    assert problems == []
    assert records == [
        ContactRecord(
            name="Jürgen Müller",
            company="Bäckerei Müller & Söhne GmbH",  # soft break splits the value
            role="Geschäftsführer",
            emails=["j.mueller@baeckerei-mueller.example"],
            phones=["+49 30 901820", "+49 151 23456789"],
            links={"website": "http://www.baeckerei-mueller.example"},
            birthday="1972-03-05",  # BDAY:19720305
            location="Berlin",
            note="Kennengelernt auf der DMEA in Berlin, Stand 4.2 — möchte über "
            "Lieferketten-Software sprechen.\nNächster Schritt: Einladung zum Workshop im März.",
            source_line=1,
        ),
        ContactRecord(
            name="Hélène Lefèvre",  # quoted-printable in CHARSET=Windows-1252
            company="Cabinet Lefevre",
            role="Avocate",
            emails=["helene@cabinet-lefevre.example"],
            location="Paris",
            source_line=24,
        ),
    ]


@PARSERS
def test_android_21(use_vobject: bool) -> None:
    records, problems = read("android_2.1.vcf", use_vobject)
    assert problems == []
    assert records == [
        ContactRecord(
            name="Ayşe Öztürk",
            company="Bosphorus Labs",
            role="CTO",
            emails=["ayse@example.com.tr"],
            phones=["+905321234567", "+902121234567"],  # TEL;CELL;PREF bare types
            links={"linkedin": "https://www.linkedin.com/in/ayse-ozturk-example"},
            birthday="1988-09-03",
            # the soft breaks fall inside UTF-8 sequences; 2.1 does not escape ';'
            note="İstanbul'da tanıştık, yapay zekâ konferansında. Bir sonraki konferansı "
            "planlıyor; Mart'ta tekrar görüşelim.",
            source_line=1,
        ),
        ContactRecord(name="Tomas Novak", phones=["+420 601 234 567"], source_line=19),  # N only
        ContactRecord(  # empty FN and N: named after the ORG
            name="Prague Coffee Roasters",
            company="Prague Coffee Roasters",
            phones=["+420 222 333 444"],
            source_line=24,
        ),
    ]


@PARSERS
def test_vcard_40(use_vobject: bool) -> None:
    records, problems = read("vcard_4.0.vcf", use_vobject)
    assert problems == []
    assert records == [
        ContactRecord(
            name="Chen Wei",
            # Family name first, as written: N says which part is which, and is kept.
            name_parts={"family": ["Chen"], "given": ["Wei"]},
            company="Harbour Robotics",
            role="Research Engineer",
            emails=["chenwei@example.net", "wei.chen@harbour-robotics.example"],  # PREF=1 first
            phones=["+44-7700-900789", "+44-117-496-0000 ext. 204"],  # tel: URIs
            links={
                "website": "https://harbour-robotics.example",
                "linkedin": "https://www.linkedin.com/in/chen-wei-example/",
            },
            birthday="04-17",  # --0417
            location="Bristol",
            tags=["robotics", "conference-2025"],
            note="Spoke on warehouse automation at ROSCon UK.\nSend him the procurement deck.",
            source_line=1,
        ),
        ContactRecord(
            name="Grace Okafor",
            emails=["grace.okafor@example.ng"],  # mailto: dropped
            birthday="1990-04-17",  # 19900417
            source_line=20,
        ),
    ]


@PARSERS
def test_latin1_file_is_read_and_reported(use_vobject: bool) -> None:
    records, problems = read("latin1_3.0.vcf", use_vobject)
    assert [r.name for r in records] == ["José Núñez", "Anna Berg"]
    jose = records[0]
    assert jose.company == "Café Olé S.L."
    assert jose.role == "Director de Innovación"
    assert jose.location == "Málaga"
    assert jose.note == "Conocido en el congreso “eSalud 2024” – muy amable."  # cp1252 quotes
    assert problems == [
        (3, "latin1_3.0.vcf is not valid UTF-8 (so are 5 more lines); read as Windows-1252 "
            "(Latin-1), so check accented characters"),
    ]


@PARSERS
def test_broken_cards_are_skipped_and_named(use_vobject: bool) -> None:
    records, problems = read("broken_card.vcf", use_vobject)
    assert [(r.name, r.source_line) for r in records] == [
        ("Aisha Rahman", 1), ("Ben Ade", 12), ("Kim Osei", 21)]
    assert problems == [
        (10, "'this line lost its property name' is not a vCard property (NAME:value); "
             "card skipped"),
        (17, "card has no END:VCARD before the next card at line 21 (cut short?); skipped"),
        (26, "card has no name (no FN, N, ORG or EMAIL); skipped"),
    ]


# ---- the details, one at a time ----------------------------------------------------------------


def card(*lines: str, end: str = "\r\n") -> str:
    return end.join(["BEGIN:VCARD", *lines, "END:VCARD"]) + end


def one(text: str | bytes, use_vobject: bool = True) -> ContactRecord:
    records, problems = read_vcards(text, use_vobject=use_vobject)
    assert problems == []
    assert len(records) == 1
    return records[0]


@PARSERS
def test_bom_lf_and_folding_with_space_or_tab(use_vobject: bool) -> None:
    text = card("VERSION:3.0", "FN:Aisha", " Rahman", "ORG:North", "\twind", end="\n")
    record = one(b"\xef\xbb\xbf" + text.encode(), use_vobject)
    assert (record.name, record.company) == ("AishaRahman", "Northwind")


@PARSERS
def test_escapes(use_vobject: bool) -> None:
    record = one(card("VERSION:3.0", r"FN:Smith\, Jones \; Co\\", r"ORG:A\;B;Unit",
                      r"NOTE:one\ntwo\Nthree C:\Users", r"TITLE:x\:y"), use_vobject)
    assert record.name == "Smith, Jones ; Co\\"
    assert record.company == "A;B"
    assert record.note == "one\ntwo\nthree C:\\Users"  # an undefined escape keeps its backslash
    assert record.role == "x:y"


@PARSERS
def test_name_from_n_with_middle_names(use_vobject: bool) -> None:
    record = one(card("VERSION:3.0", "N:García Márquez;Gabriel;José,de la;Sr.;"), use_vobject)
    assert record.name == "Gabriel José de la García Márquez"
    assert record.name_parts == {"family": ["García Márquez"], "given": ["Gabriel"],
                                 "middle": ["José", "de la"], "prefix": ["Sr."]}


@PARSERS
def test_org_only_and_email_only(use_vobject: bool) -> None:
    assert one(card("VERSION:3.0", "ORG:Acme Widgets;Sales"), use_vobject).name == "Acme Widgets"
    assert one(card("VERSION:3.0", "EMAIL:who@example.org"), use_vobject).name == "who@example.org"


@pytest.mark.parametrize(("line", "expected"), [
    ("BDAY:1990-04-17", "1990-04-17"),
    ("BDAY:19900417", "1990-04-17"),
    ("BDAY:1990-04-17T00:00:00Z", "1990-04-17"),
    ("BDAY:--04-17", "04-17"),
    ("BDAY:--0417", "04-17"),
    ("BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-17", "04-17"),
    ("BDAY;X-APPLE-OMIT-YEAR=1604:1604-02-29", "02-29"),
    ("BDAY;VALUE=date:2000-02-29", "2000-02-29"),
])
def test_birthdays(line: str, expected: str) -> None:
    assert one(card("VERSION:3.0", "FN:A", line)).birthday == expected


def test_bad_birthday_is_reported_not_fatal() -> None:
    records, problems = read_vcards(card("VERSION:4.0", "FN:A", "BDAY;VALUE=text:circa 1800"))
    assert records[0].birthday is None
    assert problems == [(4, "birthday 'circa 1800' is not a date (expected YYYY-MM-DD or "
                            "--MM-DD); ignored")]
    records, problems = read_vcards(card("VERSION:3.0", "FN:A", "BDAY:1990-02-30"))
    assert records[0].birthday is None and problems[0][0] == 4


def test_links_labels_and_duplicates() -> None:
    record = one(card(
        "VERSION:3.0", "FN:A",
        "URL:https://example.org",
        "URL;TYPE=WORK:https://example.com/team",
        "item1.URL:https://www.linkedin.com/in/a/",
        "item1.X-ABLabel:_$!<HomePage>!$_",
        "X-SOCIALPROFILE;type=linkedin;x-user=a:https://linkedin.com/in/a",  # same profile
        "X-SOCIALPROFILE;type=github:x-apple:a-dev",
        "URL;TYPE=blog:https://a.example/blog",
        "item2.URL:https://mastodon.social/@a",
        "item2.X-ABLabel:Mastodon",
    ))
    assert record.links == {
        "website": "https://example.org",
        "website2": "https://example.com/team",
        "linkedin": "https://www.linkedin.com/in/a/",
        "github": "https://github.com/a-dev",
        "blog": "https://a.example/blog",
        "mastodon": "https://mastodon.social/@a",
    }


def test_categories_become_slug_tags() -> None:
    record = one(card("VERSION:3.0", "FN:A",
                      r"CATEGORIES:myContacts,Digital Health,Friends & Family,starred,a\,b",
                      "CATEGORIES:digital-health,NHS/Digital"))
    # Commas separate categories whether escaped or not (Thunderbird escapes them).
    assert record.tags == ["digital-health", "friends-family", "a", "b", "nhs/digital"]


def test_address_city_else_region_else_country() -> None:
    assert one(card("VERSION:3.0", "FN:A", "ADR:;;;;;;Kenya")).location == "Kenya"
    assert one(card("VERSION:3.0", "FN:A", "ADR;TYPE=home:;;1 Road;;Yorkshire;;UK",
                    "ADR;TYPE=work,pref:;;;Leeds;;;")).location == "Leeds"


@PARSERS
def test_quoted_printable_with_bad_charset_falls_back(use_vobject: bool) -> None:
    records, problems = read_vcards(card(
        "VERSION:2.1", "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Ren=E9e Dubois",
        "ORG;CHARSET=x-unknown;ENCODING=QUOTED-PRINTABLE:Caf=C3=A9",
        "TITLE;quoted-printable:Cheffe =\r\nde cuisine"), use_vobject=use_vobject)
    assert (records[0].name, records[0].company, records[0].role) == (
        "Renée Dubois", "Café", "Cheffe de cuisine")
    assert problems == [(3, "FN is not valid UTF-8; read as Windows-1252 (Latin-1), so check "
                            "accented characters")]


def test_utf16_and_str_input() -> None:
    text = card("VERSION:3.0", "FN:Zoë Ångström")
    assert one(text.encode("utf-16")).name == "Zoë Ångström"
    assert one("\ufeff" + text).name == "Zoë Ångström"


def test_photo_and_agent_are_ignored() -> None:
    record = one(card(
        "VERSION:2.1", "FN:Boss",
        "PHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQSkZJRgABAQ", " AAAQABAAD/2wBDAAgGBgcGBQ", "",
        "AGENT:", "BEGIN:VCARD", "VERSION:2.1", "FN:Assistant", "END:VCARD",
        "TEL:+1 555 0100"))
    assert (record.name, record.phones) == ("Boss", ["+1 555 0100"])


def test_no_cards_and_stray_text() -> None:
    assert read_vcards(b"") == ([], [(None, "no vCard found: there is no BEGIN:VCARD line")])
    assert read_vcards("Name,Email\nA,a@example.org\n")[1] == [
        (None, "no vCard found: there is no BEGIN:VCARD line")]
    records, problems = read_vcards("junk\n" + card("FN:A") + "END:VCARD\nmore junk\n")
    assert [r.name for r in records] == ["A"]
    assert problems == [
        (1, "text outside BEGIN:VCARD ... END:VCARD (and 1 more lines); ignored"),
        (5, "END:VCARD without a BEGIN:VCARD; ignored"),
    ]


def test_truncated_last_card() -> None:
    records, problems = read_vcards(card("FN:A") + "BEGIN:VCARD\r\nFN:B\r\n")
    assert [r.name for r in records] == ["A"]
    assert problems == [(4, "card has no END:VCARD (file cut short?); skipped")]


# ---- never crash -------------------------------------------------------------------------------

_FRAGMENTS = [
    "BEGIN:VCARD", "END:VCARD", "VERSION:2.1", "VERSION:3.0", "FN:Aisha", "N:a;b;c;d;e", "N:;;",
    "ORG:;", "EMAIL;PREF;INTERNET:a@b", "TEL;VALUE=uri:tel:;ext", "TEL:tel:", "URL:http://[::1",
    "item1.URL:", "item1.X-ABLabel:_$!<>!$_", "BDAY:--13-45", "BDAY;X-APPLE-OMIT-YEAR=:--",
    "X-SOCIALPROFILE;type=:x-apple:", "X-SOCIALPROFILE;x-user=@:", "CATEGORIES:,,\\,",
    "ADR:;;;;;;;;;;", "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=nope:=ZZ=", "AGENT:",
    "PHOTO;ENCODING=b:AAAA", " folded", "\tfolded", "", "no colon here", ";:", ":", "a.b.c:d",
    'TEL;TYPE="unclosed:+1', "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=", "=", "\\",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=30)), max_size=30),
       st.booleans(), st.booleans())
def test_arbitrary_input_never_raises(lines: list[str], wrap: bool, use_vobject: bool) -> None:
    text = "\r\n".join(["BEGIN:VCARD", *lines, "END:VCARD"] if wrap else lines)
    for data in (text, text.encode("utf-8", "surrogatepass"), text.encode("latin-1", "replace")):
        records, problems = read_vcards(data, use_vobject=use_vobject)
        assert all(record.name for record in records)
        # the safety net is for the unforeseen; these inputs are all foreseen
        assert not [p for p in problems if "could not be read" in p[1]]

"""The domain core without MkDocs: reading a vault, resolving links, and the network's indexes.

One small vault is written once per module (files as a user types them, so line numbers are
known) and loaded with the real loader; each test asks it one kind of question.
"""

from __future__ import annotations

import datetime as dt

import pytest
from kith.core.dates import DateError, parse_birthday, parse_cadence, parse_date
from kith.core.links import find_links
from kith.core.loader import Vault as LoadedVault
from kith.core.loader import load_vault
from kith.core.model import Birthday, Severity
from kith.core.network import Network
from kith.core.slugs import name_key, slugify, tag_key
from kith_vault import Vault

FILES = {
    "contacts/aisha-rahman.md": """\
---
name: Aisha Rahman
aliases: [Aisha, "Dr R"]
organization: Northwind Health
title: Head of Digital
emails: [aisha@example.org, a.rahman@example.net]
phone: "+44 113 496 0000"
links: {linkedin: "https://www.linkedin.com/in/aisha-example"}
tags: [Digital Health, "#Leadership"]
circle: close
met: 2024-03-12
introduced_by: "[[Kim Osei]]"
birthday: 04-17
---
Aisha leads the digital team. She knows [[kim-osei|Kim]] well.
""",
    "contacts/kim-osei.md": """\
---
first_name: Kim
last_name: Osei
company: "[[Northwind Trust]]"
---
""",
    # In a subfolder: the loader reads folders recursively, the slug is the file name.
    "contacts/suppliers/Ben Ade.md": """\
---
name: Ben Ade
role: Procurement
introduced_by: kim osei
---
""",
    "contacts/cara-lane.md": """\
---
name: Cara Lane
aliases: [aisha]
---
""",
    # Same name as kim-osei.md, in another case: a clash, reported on the later file.
    "contacts/zz/kim.md": """\
---
name: KIM OSEI
colleagues: ["[[Aisha]]", "[[Nobody Listed]]", "[[Aishah]]"]
---
""",
    "contacts/dan-nameless.md": """\
---
company: Nobody Ltd
role: Missing
---
""",
    "contacts/pat-private.md": """\
---
name: Pat Private
private: true
---
""",
    "contacts/broken-yaml.md": """\
---
name: Broken
company: "Acme
role: Chief
---
""",
    "notes/2026-11-20-coffee-with-aisha.md": """\
---
date: 2026-11-20
title: Coffee after the book launch
with: ["[[Aisha Rahman]]", kim-osei]
kind: coffee
tags: [partnerships]
---
Talked about [[Kim Osei]]'s review and [[Ben Ade|Ben]]'s template.
See also [[2026-09-01-intro]] and [[The first call]].
Nobody called [[Zed Unknown]] was there.

```
[[Inside Code]] is not a link
```
""",
    "notes/2026-09-01-intro.md": """\
---
date: 2026-09-01
kind: introduction
people: [aisha, Ben Ade]
---
# Aisha meets Ben
I introduced them.
""",
    "notes/2025-06-02-first-call.md": """\
---
date: 2025-06-02
title: The first call
participants: [AISHA RAHMAN, kim-osei]
kind: call
---
Call about [[Ben Ade]] and [[dr r|the doctor]].
""",
    "notes/2026-10-10-ben-only.md": """\
---
date: 2026-10-10
with: "[[Ben Ade]]"
kind: meeting
---
Ben told me about [[Aisha]].
""",
    "notes/2026-08-08-no-date-field.md": """\
---
with: [kim-osei]
---
The date comes from the file name.
""",
    "notes/undated-thoughts.md": """\
---
with: [kim-osei]
---
No date anywhere.
""",
    "notes/2026-07-07-bad-date.md": """\
---
date: 2026-13-45
with: [kim-osei]
---
""",
    "notes/2026-05-05-private.md": """\
---
date: 2026-12-01
with: ["[[Pat Private]]", aisha]
private: true
---
Secret.
""",
    "notes/2026-04-04-front-link.md": """\
---
date: 2026-04-04
with: [kim-osei]
location: "[[Nowhere Person]]"
follow_up: not-a-date
---
""",
    # A link one or two edits from someone's name: a person was meant, and misspelt.
    "notes/2026-03-03-typo.md": """\
---
date: 2026-03-03
with: [Aisha Rahmna]
---
Then [[Kim Oesi]] arrived, and [[Nobody Near]] did not.
""",
}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> LoadedVault:
    vault = Vault(tmp_path_factory.mktemp("core") / "vault")
    for relative, text in FILES.items():
        vault.write(relative, text)
    return load_vault(vault.root)


@pytest.fixture(scope="module")
def network(loaded: LoadedVault) -> Network:
    return Network(loaded)


def problems_of(loaded: LoadedVault, path: str) -> list[tuple[int | None, str]]:
    return [(p.line, p.message) for p in loaded.problems if p.path == path]


# Loader, fields and synonyms.


def test_loader_reads_folders_recursively_and_keeps_private_records(loaded: LoadedVault) -> None:
    assert sorted(loaded.contacts) == [
        "aisha-rahman", "ben-ade", "cara-lane", "dan-nameless", "kim", "kim-osei", "pat-private"]
    assert sorted(loaded.notes) == [
        "2025-06-02-first-call", "2026-03-03-typo", "2026-04-04-front-link", "2026-05-05-private",
        "2026-08-08-no-date-field", "2026-09-01-intro", "2026-10-10-ben-only", "2026-11-20-coffee-with-aisha"]
    ben = loaded.contacts["ben-ade"]
    assert ben.source.path == "contacts/suppliers/Ben Ade.md"
    assert loaded.contacts["pat-private"].private and loaded.notes["2026-05-05-private"].private
    assert not loaded.contacts["aisha-rahman"].private


def test_contact_fields_and_synonyms(loaded: LoadedVault) -> None:
    aisha = loaded.contacts["aisha-rahman"]
    assert aisha.name == "Aisha Rahman"
    assert aisha.aliases == ["Aisha", "Dr R"]
    assert (aisha.company, aisha.role) == ("Northwind Health", "Head of Digital")  # organization, title
    assert aisha.emails == ["aisha@example.org", "a.rahman@example.net"]
    assert aisha.phones == ["+44 113 496 0000"]
    assert aisha.links == {"linkedin": "https://www.linkedin.com/in/aisha-example"}
    assert aisha.tags == ["digital-health", "leadership"]
    assert aisha.circle == "close"
    assert aisha.met == dt.date(2024, 3, 12) and isinstance(aisha.met, dt.date)
    assert aisha.birthday == Birthday(4, 17)
    assert aisha.introduced_by == ["kim-osei"]
    assert aisha.body.startswith("Aisha leads the digital team.")
    assert aisha.body_line == 15
    # first_name + last_name make the name.
    assert loaded.contacts["kim-osei"].name == "Kim Osei"
    # A participant or introducer may be written as a plain name, case and all.
    assert loaded.contacts["ben-ade"].introduced_by == ["kim-osei"]
    assert loaded.contacts["ben-ade"].role == "Procurement"


def test_a_field_under_several_names_is_read_from_its_first_name_with_a_value(tmp_path) -> None:
    """The order of the field's names decides, not the order of the lines; an empty value is skipped."""
    vault = Vault(tmp_path)
    vault.write("contacts/ines.md", "---\ntitle: CTO\nname: Inês Duarte\nrole: Founder\n"
                "organization: ''\nemployer: Acme\norg: Globex\nalias: [Nes]\n---\n")
    vault.write("notes/2026-11-02 Lunch.md", "---\ntype: dinner\nkind: lunch\npeople: [Nes]\n"
                "participants: []\n---\n")
    loaded = load_vault(tmp_path)
    ines = loaded.contacts["ines"]
    assert (ines.role, ines.company, ines.aliases) == ("Founder", "Globex", ["Nes"])
    lunch = loaded.notes["2026-11-02-lunch"]
    assert (lunch.kind, lunch.participants) == ("lunch", ["ines"])


def test_note_fields_synonyms_and_titles(loaded: LoadedVault) -> None:
    coffee = loaded.notes["2026-11-20-coffee-with-aisha"]
    assert coffee.date == dt.date(2026, 11, 20) and isinstance(coffee.date, dt.date)
    assert (coffee.title, coffee.kind, coffee.tags) == (
        "Coffee after the book launch", "coffee", ["partnerships"])
    assert coffee.participants == ["aisha-rahman", "kim-osei"]  # a [[link]] and a slug
    intro = loaded.notes["2026-09-01-intro"]
    assert intro.participants == ["aisha-rahman", "ben-ade"]  # `people:`, an alias and a name
    assert intro.title == "Aisha meets Ben"  # from the first heading
    call = loaded.notes["2025-06-02-first-call"]
    assert call.participants == ["aisha-rahman", "kim-osei"]  # `participants:`, upper case
    assert loaded.notes["2026-10-10-ben-only"].participants == ["ben-ade"]  # one value, not a list
    dated_by_name = loaded.notes["2026-08-08-no-date-field"]
    assert dated_by_name.date == dt.date(2026, 8, 8)
    assert dated_by_name.title == "No date field"  # from the file name, without its date


# Problems: each a record with file and line; the rest of the vault still loads.


def test_yaml_that_does_not_parse(loaded: LoadedVault) -> None:
    found = problems_of(loaded, "contacts/broken-yaml.md")
    assert len(found) == 1
    line, message = found[0]
    assert line == 3 and "not valid YAML" in message and "quote" in message
    assert all(p.severity == Severity.ERROR for p in loaded.problems if p.path == "contacts/broken-yaml.md")
    assert "broken-yaml" not in loaded.contacts
    # The file still holds a name, from its `name:` line: links to it find it.
    assert loaded.broken["broken-yaml"].name == "Broken"
    assert loaded.resolver.resolve("Broken").kind == "broken"


def test_contact_without_name_is_called_by_its_file_name(loaded: LoadedVault) -> None:
    assert problems_of(loaded, "contacts/dan-nameless.md") == []
    assert loaded.contacts["dan-nameless"].name == "Dan Nameless"


def test_note_without_date(loaded: LoadedVault) -> None:
    found = problems_of(loaded, "notes/undated-thoughts.md")
    assert len(found) == 1 and found[0][0] == 2 and "no date" in found[0][1]
    assert "undated-thoughts" not in loaded.notes
    # A date in the file name is the note's date: nothing to report.
    assert problems_of(loaded, "notes/2026-08-08-no-date-field.md") == []


def test_bad_date_values(loaded: LoadedVault) -> None:
    found = problems_of(loaded, "notes/2026-07-07-bad-date.md")
    assert len(found) == 1 and found[0][0] == 2 and "2026-13-45" in found[0][1]
    assert "2026-07-07-bad-date" not in loaded.notes  # a note must have a real date
    follow = [(line, message) for line, message in problems_of(loaded, "notes/2026-04-04-front-link.md")
              if "follow_up" in message]
    assert len(follow) == 1 and follow[0][0] == 5 and "not-a-date" in follow[0][1]
    assert loaded.notes["2026-04-04-front-link"].follow_up is None


def test_links_to_pages_that_do_not_exist_are_normal_unless_a_person_is_meant(loaded: LoadedVault) -> None:
    # Obsidian makes a page on first click: a link to nothing yet is not a problem...
    assert problems_of(loaded, "notes/2026-11-20-coffee-with-aisha.md") == []
    assert [m for _, m in problems_of(loaded, "notes/2026-04-04-front-link.md") if "Nowhere" in m] == []
    assert problems_of(loaded, "contacts/kim-osei.md") == []
    # ...unless a person is meant: in a people field, or one or two edits from someone's name.
    typo = problems_of(loaded, "notes/2026-03-03-typo.md")
    assert [(line, "did you mean" in message) for line, message in typo] == [(3, True), (5, True)], typo
    assert "'aisha rahman'" in typo[0][1] and "'kim osei'" in typo[1][1]


def test_two_contacts_claiming_one_alias(loaded: LoadedVault) -> None:
    found = problems_of(loaded, "contacts/cara-lane.md")
    assert len(found) == 1
    line, message = found[0]
    assert line == 3 and "'aisha'" in message and "contacts/aisha-rahman.md" in message
    # The first claim wins, so the link keeps going where it went.
    assert loaded.resolver.contact("aisha") == "aisha-rahman"


def test_every_problem_is_expected(loaded: LoadedVault) -> None:
    """No spurious problems: only the files written to be wrong are reported."""
    assert {p.path for p in loaded.problems} == {
        "contacts/broken-yaml.md", "contacts/cara-lane.md", "contacts/zz/kim.md",
        "notes/undated-thoughts.md", "notes/2026-07-07-bad-date.md", "notes/2026-04-04-front-link.md",
        "notes/2026-03-03-typo.md"}
    assert all(p.line is not None and p.line >= 1 for p in loaded.problems)


# Links.


def test_resolver_names_aliases_slugs_any_case(loaded: LoadedVault) -> None:
    contact = loaded.resolver.contact
    for reference in ("Aisha Rahman", "aisha rahman", "AISHA  RAHMAN", "aisha-rahman", "Aisha", "dr r",
                      "[[Aisha Rahman]]", "[[Dr R]]"):
        assert contact(reference) == "aisha-rahman", reference
    assert contact("Kim Osei") == contact("kim-osei") == "kim-osei"
    assert contact("ben ade") == "ben-ade"
    assert contact("Nobody") is None
    resolve = loaded.resolver.resolve
    assert resolve("2026-09-01-intro").kind == "note"
    assert resolve("the first call") == resolve("2025-06-02-first-call")
    assert resolve("The first call").slug == "2025-06-02-first-call"
    assert resolve("Nobody") is None
    assert "Aisha Rahman".casefold() in [c.casefold() for c in loaded.resolver.candidates("Aisha Rahmann")]


def test_links_in_note_bodies(loaded: LoadedVault) -> None:
    coffee = loaded.notes["2026-11-20-coffee-with-aisha"]
    links = [(link.target, link.label, link.line, link.contact, link.note) for link in coffee.body_links]
    assert links == [
        ("Kim Osei", None, 8, "kim-osei", None),
        ("Ben Ade", "Ben", 8, "ben-ade", None),
        ("2026-09-01-intro", None, 9, None, "2026-09-01-intro"),
        ("The first call", None, 9, None, "2025-06-02-first-call"),
        ("Zed Unknown", None, 10, None, None),
    ]  # and nothing from the fenced code block
    assert coffee.mentioned == ["kim-osei", "ben-ade"]
    call = loaded.notes["2025-06-02-first-call"]
    assert [(link.label, link.contact) for link in call.body_links] == [
        (None, "ben-ade"), ("the doctor", "aisha-rahman")]


def test_links_in_contact_bodies() -> None:
    text = ("a [[x|y]]\n```\n[[in code]]\n```\n~~~\n[[also code]]\n~~~\nz [[w]] [[v#part|label]]\n"
            "type `[[Name]]` or ``[[Other]]`` to link [[u]]")
    found = find_links(text, 5)
    assert [(link.target, link.label, link.line) for link in found] == [
        ("x", "y", 5), ("w", None, 12), ("v", "label", 12), ("u", None, 13)]


def test_contact_body_link_resolves(loaded: LoadedVault) -> None:
    links = loaded.contacts["aisha-rahman"].body_links
    assert [(link.target, link.label, link.contact, link.line) for link in links] == [
        ("kim-osei", "Kim", "kim-osei", 15)]


# Dates and slugs.


def test_dates() -> None:
    assert parse_date("2026-11-20") == dt.date(2026, 11, 20)
    assert parse_date(dt.date(2026, 1, 2)) == dt.date(2026, 1, 2)
    assert parse_date("2026-11-20T10:30") == dt.date(2026, 11, 20)
    for bad in ("20 Nov 2026", "2026-02-30", "0226-11-20", "", "tomorrow"):
        with pytest.raises(DateError):
            parse_date(bad)
    assert parse_birthday("04-17") == Birthday(4, 17)
    assert parse_birthday("1990-02-28") == Birthday(2, 28, 1990)
    assert parse_birthday("02-29") == Birthday(2, 29)
    with pytest.raises(DateError):
        parse_birthday("13-01")
    assert [parse_cadence(v) for v in ("45d", "6w", "3m", 10, "1y")] == [45, 42, 90, 10, 365]
    with pytest.raises(DateError):
        parse_cadence("soon")
    assert Birthday(2, 29).next_on_or_after(dt.date(2027, 1, 1)) == dt.date(2027, 2, 28)


def test_slugs() -> None:
    assert slugify("Aisha Rahman") == "aisha-rahman"
    assert slugify("  Émile  O'Brien ") == "emile-o-brien"
    assert slugify("José Núñez") == "jose-nunez" and slugify("北京") == "beijing"
    assert slugify("../etc/passwd") == "etc-passwd"
    assert slugify("!!!") == "untitled"
    assert len(slugify("x" * 500).encode()) <= 100 and slugify("x" * 500) != slugify("x" * 499)
    assert tag_key("#NHS / Digital Health") == "nhs/digital-health"
    assert name_key("  Aisha   RAHMAN ") == name_key("aisha rahman")


# The network's indexes.


def test_timeline_newest_first_and_private_left_out(network: Network) -> None:
    assert [n.slug for n in network.timeline["aisha-rahman"]] == [
        "2026-11-20-coffee-with-aisha", "2026-09-01-intro", "2025-06-02-first-call"]
    assert [n.slug for n in network.timeline["kim-osei"]] == [
        "2026-11-20-coffee-with-aisha", "2026-08-08-no-date-field", "2026-04-04-front-link",
        "2025-06-02-first-call"]
    assert "pat-private" not in network.contacts and "2026-05-05-private" not in network.notes
    dates = [n.date for n in network.notes_by_date]
    assert dates == sorted(dates, reverse=True)
    everything = Network(network.vault, include_private=True)
    assert everything.timeline["pat-private"][0].slug == "2026-05-05-private"


def test_mention_is_not_participation(network: Network) -> None:
    # Ben is only mentioned in the coffee and the first call, and took part in two notes.
    assert [n.slug for n in network.mentions["ben-ade"]] == [
        "2026-11-20-coffee-with-aisha", "2025-06-02-first-call"]
    assert [n.slug for n in network.timeline["ben-ade"]] == ["2026-10-10-ben-only", "2026-09-01-intro"]
    # Kim is linked in the coffee's body but took part: a participant, not a mention.
    assert all(n.slug != "2026-11-20-coffee-with-aisha" for n in network.mentions.get("kim-osei", []))
    assert [n.slug for n in network.mentions["aisha-rahman"]] == ["2026-10-10-ben-only"]


def test_last_contact_is_the_newest_participation(network: Network) -> None:
    assert network.last_contact["aisha-rahman"] == dt.date(2026, 11, 20)
    # The private note of Dec 1 with Aisha does not count on the published site.
    assert Network(network.vault, include_private=True).last_contact["aisha-rahman"] == dt.date(2026, 12, 1)
    # Ben is mentioned on Nov 20, but last took part on Oct 10.
    assert network.last_contact["ben-ade"] == dt.date(2026, 10, 10)
    assert "cara-lane" not in network.last_contact


def test_introductions(network: Network) -> None:
    [to_aisha] = network.introductions["aisha-rahman"]
    assert (to_aisha.note, to_aisha.date, to_aisha.people) == (
        "2026-09-01-intro", dt.date(2026, 9, 1), ["ben-ade"])
    assert [(i.note, i.people) for i in network.introductions["ben-ade"]] == [
        ("2026-09-01-intro", ["aisha-rahman"])]
    assert "kim-osei" not in network.introductions
    # introduced_by on the contacts, and its inverse.
    assert network.introduced["kim-osei"] == ["aisha-rahman", "ben-ade"]
    assert "aisha-rahman" not in network.introduced


def test_met_with_counts(network: Network) -> None:
    assert network.met_with["aisha-rahman"] == {"kim-osei": 2, "ben-ade": 1}
    assert network.met_with["kim-osei"] == {"aisha-rahman": 2}
    assert network.often_met_with("aisha-rahman") == [("kim-osei", 2), ("ben-ade", 1)]
    assert "pat-private" not in network.met_with["aisha-rahman"]


def test_two_contacts_claiming_one_name_and_links_in_list_values(loaded: LoadedVault) -> None:
    found = problems_of(loaded, "contacts/zz/kim.md")
    clash = [(line, message) for line, message in found if "already used" in message]
    assert len(clash) == 1 and clash[0][0] == 2 and "contacts/kim-osei.md" in clash[0][1]
    assert loaded.resolver.contact("Kim Osei") == "kim-osei"
    assert loaded.resolver.contact("kim") == "kim"  # still reachable by its own slug
    # A [[link]] inside a list value of the front matter is checked like any other: a misspelt
    # name is reported, a page that does not exist yet is not.
    unknown = [(line, message) for line, message in found if "[[Aishah]]" in message]
    assert [line for line, _ in unknown] == [3] and "did you mean 'aisha'" in unknown[0][1]
    assert len(found) == 2


def test_unquoted_links_in_front_matter(vault: Vault) -> None:
    """`with: [[Kim Osei]]` without quotes is a list in a list to YAML; it is read as the link."""
    vault.write("contacts/kim-osei.md", "---\nname: Kim Osei\n---\n")
    vault.write("contacts/aisha-rahman.md", "---\nname: Aisha Rahman\nintroduced_by: [[Kim Osei]]\n---\n")
    vault.write("notes/2026-01-01-a.md", "---\ndate: 2026-01-01\nwith: [[Aisha Rahman|Aisha]]\n---\n")
    vault.write("notes/2026-01-02-b.md",
                "---\ndate: 2026-01-02\nwith:\n  - [[Aisha Rahman]]\n  - [[kim-osei]]\n---\n")
    vault.write("notes/2026-01-03-c.md", "---\ndate: 2026-01-03\nwith: [[Nobody Here]]\n---\n")
    loaded = load_vault(vault.root)
    assert loaded.contacts["aisha-rahman"].introduced_by == ["kim-osei"]
    assert loaded.notes["2026-01-01-a"].participants == ["aisha-rahman"]
    assert loaded.notes["2026-01-02-b"].participants == ["aisha-rahman", "kim-osei"]
    unknown = "'Nobody Here' is not a known contact"
    assert [(p.path, p.line, unknown in p.message) for p in loaded.problems] == [
        ("notes/2026-01-03-c.md", 3, True)]


def test_numbers_read_as_written(vault: Vault) -> None:
    """An unquoted phone number is a YAML integer; it must keep its `+` and leading zero."""
    vault.write("contacts/kim-osei.md",
                "---\nname: Kim Osei\nphone: [+447700900123, 0777]\ncadence: 45\ncircle: close\n---\n")
    vault.write("contacts/ben-ade.md", "---\nname: Ben Ade\nmobile: 07700900123\n---\n")
    loaded = load_vault(vault.root)
    assert loaded.contacts["kim-osei"].phones == ["+447700900123", "0777"]
    assert loaded.contacts["kim-osei"].cadence_days == 45
    assert loaded.contacts["ben-ade"].phones == ["07700900123"]
    assert loaded.problems == []


def test_links_in_titles_read_as_plain_text(vault: Vault) -> None:
    vault.write("contacts/kim-osei.md", "---\nname: Kim Osei\n---\n")
    vault.write("contacts/pat.md", "---\nname: Pat Hidden\nprivate: true\n---\n")
    vault.write("notes/2026-01-01-a.md", "---\ndate: 2026-01-01\nwith: [kim-osei]\n---\n"
                "# Coffee with [[kim-osei]] and [[Kim Osei|K]]\n")
    vault.write("notes/2026-01-02-b.md", "---\ndate: 2026-01-02\nwith: [kim-osei]\n"
                "title: Lunch with [[Pat Hidden]] and [[Nobody]]\n---\n")
    vault.write("notes/2026-01-03-c.md",
                "---\ndate: 2026-01-03\nwith: [pat]\nprivate: true\ntitle: Lunch with [[pat]]\n---\n")
    loaded = load_vault(vault.root)
    assert loaded.notes["2026-01-01-a"].title == "Coffee with Kim Osei and K"
    # A public note does not name a private person, even in its title; a private note may.
    assert loaded.notes["2026-01-02-b"].title == "Lunch with (private) and Nobody"
    assert loaded.notes["2026-01-03-c"].title == "Lunch with Pat Hidden"

"""Reading notes as Obsidian and its plugins write them, for the whole class of each shape: every
name of every field in kith's table, every way a file name dates a note, every Tasks status and
sign, the typos that break YAML. Real files in a temporary vault, read by the loader."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from kith.core.fields import CONTACT_FIELDS, NOTE_FIELDS, field_of
from kith.core.loader import Vault, load_vault
from kith.core.model import Severity
from kith.core.tasks import parse_task_line


def vault_of(tmp_path: Path, files: dict[str, str], contacts: str | list[str] = "People",
             notes: str | list[str] = "Meetings") -> Vault:
    for relative, text in files.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    for folder in [contacts] if isinstance(contacts, str) else contacts:
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    for folder in [notes] if isinstance(notes, str) else notes:
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    return load_vault(tmp_path, contacts, notes)


def problems(vault: Vault, path: str | None = None) -> list[tuple[str, int | None, str]]:
    return [(p.path, p.line, p.message) for p in vault.problems if path is None or p.path == path]


# Names and titles.

@pytest.mark.parametrize(("file", "text", "name"), [
    ("Mira Castell.md", "", "Mira Castell"),
    ("José Núñez.md", "Met in Lisbon.\n", "José Núñez"),
    ("mira-castell.md", "# Mira Castell\n\nFriend.\n", "Mira Castell"),  # Foam: a slug and a heading
    ("mira-castell.md", "Friend.\n", "Mira Castell"),
    ("Mira Castell.md", "---\nname: Mira C. Castell\n---\n", "Mira C. Castell"),
    ("Mira Castell.md", "---\nfirst_name: Mira\nlast_name: Castell-Ruiz\n---\n", "Mira Castell-Ruiz"),
    ("carl.md", "---\nname:\n  first: Carl\n  last: Johnson\n---\n", "Carl Johnson"),
    ("carl.md", "---\nFN: Carl Johnson\nN.GN: Carl\nN.FN: Johnson\n---\n", "Carl Johnson"),
    ("carl.md", "---\nN.GN: Carl\nN.FN: Johnson\n---\n", "Carl Johnson"),
    ("Mira Castell.md", "---\ncategories:\n  - \"[[People]]\"\n---\n# About her\n", "Mira Castell"),
])
def test_a_persons_name(file: str, text: str, name: str, tmp_path: Path) -> None:
    vault = vault_of(tmp_path, {f"People/{file}": text})
    assert [c.name for c in vault.contacts.values()] == [name]
    assert problems(vault) == []


def test_addresses_are_ascii_and_unique_and_files_keep_their_names(tmp_path: Path) -> None:
    vault = vault_of(tmp_path, {"People/José Núñez.md": "",
                                "People/Clients/jose-nunez.md": "---\nname: J. N.\n---\n",
                                "People/Ærø Łódź.md": ""})
    assert {slug: c.source.path for slug, c in vault.contacts.items()} == {
        "jose-nunez": "People/José Núñez.md", "jose-nunez-2": "People/Clients/jose-nunez.md",
        "aero-lodz": "People/Ærø Łódź.md"}
    [(path, line, message)] = problems(vault)
    assert (path, line) == ("People/Clients/jose-nunez.md", 1)
    assert "same address 'jose-nunez' as People/José Núñez.md" in message


@pytest.mark.parametrize(("file", "date", "title"), [
    ("2024-05-21.md", "2024-05-21", "Conversation on 21 May 2024"),
    ("2024-05-21_1415.md", "2024-05-21", "Conversation on 21 May 2024"),
    ("2024-05-21 14.15 Call.md", "2024-05-21", "Call"),
    ("20240521 Call.md", "2024-05-21", "Call"),
    ("20240521.md", "2024-05-21", "Conversation on 21 May 2024"),
    ("2024_05_21.md", "2024-05-21", "Conversation on 21 May 2024"),  # Logseq's journals
    ("2024.05.21 Lunch with Ada.md", "2024-05-21", "Lunch with Ada"),
    ("2026-04-14 Call with Tomas Berg.md", "2026-04-14", "Call with Tomas Berg"),
    ("2026-11-20-coffee-with-aisha.md", "2026-11-20", "Coffee with aisha"),
    ("2024-05-21T1415 Standup.md", "2024-05-21", "Standup"),
])
def test_a_note_without_front_matter_is_dated_and_titled_by_its_file_name(file: str, date: str, title: str,
                                                                          tmp_path: Path) -> None:
    vault = vault_of(tmp_path, {f"Meetings/{file}": "Talked.\n"})
    [note] = vault.notes.values()
    assert (note.date.isoformat(), note.title) == (date, title)
    assert problems(vault) == []


@pytest.mark.parametrize("file", ["Call 2024-05-21.md", "2024-13-01 Call.md", "Weekly sync.md"])
def test_a_note_with_no_date_anywhere_is_reported(file: str, tmp_path: Path) -> None:
    vault = vault_of(tmp_path, {f"Meetings/{file}": "Talked.\n"})
    assert vault.notes == {}
    [(path, line, message)] = problems(vault)
    assert (path, line) == (f"Meetings/{file}", 1) and message.startswith("note has no date")


def test_a_notes_date_comes_from_created_when_nothing_else_dates_it(tmp_path: Path) -> None:
    vault = vault_of(tmp_path, {
        "Meetings/Weekly sync.md": "---\ncreated: 2026-08-15 10:32\n---\n",
        "Meetings/2026-08-14 Call.md": "---\ncreated: 2026-08-15\n---\n",  # the file name wins
        "Meetings/Retro.md": "---\ndate: 2026-08-01\ncreated: 2026-08-15\n---\n",  # `date` wins
    })
    assert sorted((n.title, n.date.isoformat()) for n in vault.notes.values()) == [
        ("Call", "2026-08-14"), ("Retro", "2026-08-01"), ("Weekly sync", "2026-08-15")]


# Fields under every name kith's table gives them.

def _synonyms(record: str, name: str) -> list[str]:
    return list(field_of(record, name).keys)


@pytest.mark.parametrize("key", _synonyms("contact", "company"))
@pytest.mark.parametrize(("written", "company", "past"), [
    ("Northwind Ltd", "Northwind Ltd", []),
    ('"[[Northwind Ltd]]"', "[[Northwind Ltd]]", []),
    ('["[[Harbour Labs]]", "[[Northwind Ltd]]"]', "[[Harbour Labs]]", ["[[Northwind Ltd]]"]),
    ("\n  - Harbour Labs\n  - Acme", "Harbour Labs", ["Acme"]),
])
def test_company_under_any_name_as_text_link_or_list(key: str, written: str, company: str, past: list[str],
                                                     tmp_path: Path) -> None:
    vault = vault_of(tmp_path, {"People/Mira Castell.md": f"---\n{key}: {written}\n---\n",
                                "Companies/Northwind Ltd.md": ""})
    contact = vault.contacts["mira-castell"]
    assert (contact.company, contact.past_companies) == (company, past)
    assert problems(vault) == []  # a company's page, or one not written yet: no problem


@pytest.mark.parametrize(("name", "value", "attribute", "expected"), [
    *[("role", "Head of Research", "role", key) for key in _synonyms("contact", "role")],
    *[("location", "Lisbon", "location", key) for key in _synonyms("contact", "location")],
    *[("birthday", "1988-12-01", "birthday", key) for key in _synonyms("contact", "birthday")],
    *[("last_contacted", "2026-09-30", "last_contacted", key)
      for key in _synonyms("contact", "last_contacted")],
    *[("next_follow_up", "2026-08-03", "follow_up", key) for key in _synonyms("contact", "next_follow_up")],
])
def test_contact_fields_under_every_name(name: str, value: str, attribute: str, expected: str,
                                         tmp_path: Path) -> None:
    key = expected
    vault = vault_of(tmp_path, {"People/Mira Castell.md": f"---\n{key}: {value}\n---\n"})
    contact = vault.contacts["mira-castell"]
    shown = getattr(contact, attribute)
    shown = shown.iso() if name == "birthday" else shown.isoformat() if isinstance(shown, dt.date) else shown
    assert shown == value, key
    assert problems(vault) == []


@pytest.mark.parametrize("key", _synonyms("note", "with"))
def test_a_notes_people_under_every_name(key: str, tmp_path: Path) -> None:
    vault = vault_of(tmp_path, {
        "People/Mira Castell.md": "", "People/Tomas Berg.md": "",
        "Meetings/2026-04-14 Call.md": f'---\n{key}: ["[[Mira Castell]]", "[[People/Tomas Berg.md]]"]\n---\n',
    })
    assert vault.notes["2026-04-14-call"].participants == ["mira-castell", "tomas-berg"]
    assert problems(vault) == []


def test_every_field_kith_reads_is_known_and_other_fields_pass_without_a_word(tmp_path: Path) -> None:
    vault = vault_of(tmp_path, {
        "People/Mira Castell.md": "---\ncategories: ['[[People]]']\ncreated: 2023-09-12\n"
                                  "status: active\n---\n",
        "Meetings/2026-04-14 Call.md": "---\ntopics: ['[[Systems thinking]]']\nloc: [Remote]\n---\n",
    })
    assert problems(vault) == []
    assert dict(vault.ignored_fields) == {("contact", "categories"): 1, ("contact", "created"): 1,
                                          ("contact", "status"): 1, ("note", "topics"): 1, ("note", "loc"): 1}

    # Every name in the table is read: none of them is counted as ignored.
    def every_key(fields) -> str:
        return "".join(f"{key}:\n" for f in fields for key in f.keys)

    everything = vault_of(tmp_path / "all", {
        "People/Mira Castell.md": f"---\n{every_key(CONTACT_FIELDS)}---\n",
        "Meetings/2026-04-14.md": f"---\n{every_key(NOTE_FIELDS)}---\n"})
    assert len(everything.contacts) == len(everything.notes) == 1
    assert dict(everything.ignored_fields) == {}


def test_numbered_vcard_fields(tmp_path: Path) -> None:
    vault = vault_of(tmp_path, {"People/John Doe.md": (
        "---\nFN: John Doe\nEMAIL[1]: john@example.com\nEMAIL[2:WORK]: j@acme.example\n"
        "TEL[1:CELL]: +1-555-123-4567\nTEL[2:HOME]: +1-555-000-0000\nURL[1]: https://john.example.org\n"
        "ORG: Acme\nTITLE: Engineer\nBDAY: 1985-12-09\nUID: 1234\n---\n")})
    john = vault.contacts["john-doe"]
    assert (john.emails, john.phones, john.links) == (
        ["john@example.com", "j@acme.example"], ["+1-555-123-4567", "+1-555-000-0000"],
        {"link": "https://john.example.org"})
    assert (john.company, john.role, john.birthday.iso()) == ("Acme", "Engineer", "1985-12-09")
    assert dict(vault.ignored_fields) == {("contact", "uid"): 1}


# Dataview's inline fields.

def test_inline_fields_at_the_top_count_as_front_matter_and_leave_the_text(tmp_path: Path) -> None:
    vault = vault_of(tmp_path, {
        "People/Tomas Berg.md": "# Tomas Berg\n\nCompany:: [[Fjord Analytics]]\nJob title:: Data Lead\n"
                                "\nRuns the guild.\nrole:: not a field here\n",
        "People/Ada Lovell.md": "---\nrole: COO\n---\nrole:: Intern\norg:: Harbour Labs\n",
        "Meetings/2024-05-21.md": "date:: 2024-05-22\npeople:: [[Tomas Berg]], [[Ada Lovell]]\n"
                                  "type:: call\nsummary:: Agreed the plan\n\nNotes.\n",
    })
    tomas, ada = vault.contacts["tomas-berg"], vault.contacts["ada-lovell"]
    assert (tomas.company, tomas.role) == ("[[Fjord Analytics]]", "Data Lead")
    assert " ".join(tomas.body.split()) == "# Tomas Berg Runs the guild. role:: not a field here"
    assert (ada.role, ada.company) == ("COO", "Harbour Labs")  # the front matter wins
    note = vault.notes["2024-05-21"]
    assert (note.date.isoformat(), note.participants, note.kind, note.summary) == (
        "2024-05-22", ["tomas-berg", "ada-lovell"], "call", "Agreed the plan")
    assert note.body.strip() == "Notes."
    assert problems(vault) == []


# Links.

def test_links_name_a_person_by_name_address_or_path(tmp_path: Path) -> None:
    links = ["[[Mira Castell]]", "[[mira-castell]]", "[[People/Mira Castell.md]]", "[[People/Mira Castell]]",
             "[[MIRA castell|her]]", "[[Mira]]", "[[Mira Castell#Work]]"]
    vault = vault_of(tmp_path, {
        "People/Mira Castell.md": "---\naliases: [Mira]\n---\n",
        "Meetings/2026-04-14 Call.md": "\n".join(f"- {link}" for link in links) + "\n",
    })
    found = [link.contact for link in vault.notes["2026-04-14-call"].body_links]
    assert found == ["mira-castell"] * len(links)
    assert problems(vault) == []


def test_links_to_other_pages_embeds_and_pages_not_written_yet_are_no_problem(tmp_path: Path) -> None:
    body = ("[[Northwind Ltd]] [[Companies/Northwind Ltd.md]] ![[Reading.base#Author]] ![[Mira Castell]] "
            "![[Mira Castel]] [[Systems thinking]] [[Art]] [[Jazz]] [[2024-05-21]]\n")
    vault = vault_of(tmp_path, {
        "People/Mira Castell.md": "", "People/Ari Berg.md": "---\naliases: [Ari, Jaz]\n---\n",
        "Companies/Northwind Ltd.md": "", "Meetings/2026-04-14 Call.md": body,
        ".trash/Systems thinking.md": "", "site/Art.md": "",
    })
    assert problems(vault) == []
    note = vault.notes["2026-04-14-call"]
    assert note.mentioned == []  # an embed is never a person


@pytest.mark.parametrize(("link", "meant"), [
    ("Mira Castel", "mira castell"),  # one letter out
    ("Mria Castell", "mira castell"),  # two, in a long name
    ("Tomas Brg", "tomas berg"),
    ("mira-castel", "mira-castell"),
])
def test_a_link_a_letter_or_two_from_a_name_is_a_misspelt_person(link: str, meant: str,
                                                                  tmp_path: Path) -> None:
    vault = vault_of(tmp_path, {"People/Mira Castell.md": "", "People/Tomas Berg.md": "",
                                "Meetings/2026-04-14 Call.md": f"Talked with [[{link}]].\n"})
    [(path, line, message)] = problems(vault)
    assert (path, line) == ("Meetings/2026-04-14 Call.md", 1)
    assert message == f"[[{link}]] links to nobody; did you mean '{meant}'?"


def test_a_people_field_must_name_a_contact(tmp_path: Path) -> None:
    attendees = '["[[Harbour Labs]]", "[[Mira Castell]]", "[[Ola Nordmann]]"]'
    vault = vault_of(tmp_path, {"People/Mira Castell.md": "", "Companies/Harbour Labs.md": "",
                                "Meetings/2026-04-14 Call.md": f"---\nattendees: {attendees}\n---\n"})
    assert vault.notes["2026-04-14-call"].participants == ["mira-castell"]
    found = problems(vault)
    assert [(line, message.split(";")[0]) for _, line, message in found] == [
        (2, "'Harbour Labs' is not a known contact: no contact has that name, alias or file name"),
        (2, "'Ola Nordmann' is not a known contact: no contact has that name, alias or file name")]


def test_a_note_kind_from_a_list_or_a_link(tmp_path: Path) -> None:
    vault = vault_of(tmp_path, {"Meetings/2026-04-14 Lunch.md": '---\ntype:\n  - "[[Lunch]]"\n---\n',
                                "Meetings/2026-04-15 Sync.md": "---\ntype: []\n---\n",
                                "Meetings/2026-04-16 One on one.md": "---\ntype: One on one\n---\n"})
    assert sorted((n.title, n.kind) for n in vault.notes.values()) == [
        ("Lunch", "lunch"), ("One on one", "one on one"), ("Sync", None)]
    assert problems(vault) == []


# A contact file that cannot be read.

@pytest.mark.parametrize(("front", "line", "words"), [
    ("type: contact\ncompany: Fjord\nrole: Analyst\nemail: k@x.org\ntags:\n  - lead\n - warm\nnote: x\n", 8,
     "did not find expected key"),
    ("company Fjord\nrole: Analyst\nemail: k@x.org\n", 2, "this line has no ':' after its field name"),
    ("company: \"Fjord\nrole: Analyst\nemail: k@x.org\n", 2, "a quote opened on this line is never closed"),
    ("role: Head of R&D: Europe\nemail: k@x.org\n", 2, "put values containing ': ' or ' #' in quotes"),
    ("telegram: @kimosei\nemail: k@x.org\n", 2, "a value starting with '@' must be in quotes"),
    ("tags: [lead, warm\nemail: k@x.org\nrole: x\n", 2, "did not find expected ',' or ']'"),
    ("company: [[Fjord]] Analytics\nrole: x\n", 2, "put [[links]] in quotes"),
    ("created: {{date}}\nrole: x\n", 2, "template's placeholder"),
    ("tags:\n\t- lead\nrole: x\n", 3, "YAML does not allow tabs"),
])
def test_a_yaml_typo_is_reported_where_it_starts_and_the_file_still_holds_its_name(
        front: str, line: int, words: str, tmp_path: Path) -> None:
    review = '---\nwith: ["[[Kim Osei]]"]\n---\nWith [[kim osei]].\n'
    vault = vault_of(tmp_path, {"People/Kim Osei.md": f"---\n{front}---\n",
                                "Meetings/2026-11-01 Review.md": review})
    [(path, at, message)] = problems(vault, "People/Kim Osei.md")
    assert at == line and words in message, message
    assert vault.contacts == {} and vault.broken["kim-osei"].name == "Kim Osei"
    found = problems(vault, "Meetings/2026-11-01 Review.md")
    assert [at for _, at, _ in found] == [2, 4]
    for _, _, message in found:
        assert f"is the contact in People/Kim Osei.md, whose file could not be read (line {line}: " in message
    assert all(p.severity == Severity.WARNING for p in vault.problems if p.path.startswith("Meetings/"))


# Obsidian Tasks.

@pytest.mark.parametrize(("line", "status", "done", "text", "dates"), [
    ("- [ ] Send the deck 📅 2026-11-27", "to do", False, "Send the deck", {"due": "2026-11-27"}),
    ("- [/] Draft the plan ⏳ 2026-11-30 🔼", "in progress", False, "Draft the plan",
     {"scheduled": "2026-11-30"}),
    ("- [x] Booked ✅ 2026-09-04", "done", True, "Booked", {"done": "2026-09-04"}),
    ("- [X] Booked", "done", True, "Booked", {}),
    ("- [-] Old plan ❌ 2026-05-02", "cancelled", True, "Old plan", {"cancelled": "2026-05-02"}),
    ("- [>] Numbers 🛫 2026-12-01 ⏳ 2026-12-15", "to do", False, "Numbers",
     {"start": "2026-12-01", "scheduled": "2026-12-15"}),
    ("- [!] Budget (due:: 2026-11-10)", "to do", False, "Budget", {"due": "2026-11-10"}),
    ("- [?] API limits ➕ 2026-11-01 🔽", "to do", False, "API limits", {"created": "2026-11-01"}),
    ("* [ ] Report 🔁 every month 📅 2026-11-30 🔺", "to do", False, "Report", {"due": "2026-11-30"}),
    ("1. [ ] Charter [due:: 2024-06-01] [priority:: high]", "to do", False, "Charter", {"due": "2024-06-01"}),
    ("- [ ] Ship due:: 2026-12-05", "to do", False, "Ship", {"due": "2026-12-05"}),
    ("- [ ] Ship due:2026-12-05 ⏬ ^block-1", "to do", False, "Ship", {"due": "2026-12-05"}),
    ("- [ ] #waiting Ines to send the JD 📅 2026-11-26 ⏫", "to do", False, "Ines to send the JD",
     {"due": "2026-11-26"}),
])
def test_a_task_line_as_obsidian_tasks_writes_it(line: str, status: str, done: bool, text: str,
                                                 dates: dict[str, str]) -> None:
    task = parse_task_line(line)
    assert task is not None
    assert (task.status, task.done, task.text) == (status, done, text)
    assert {name: date.isoformat() for name, date in task.dates.items()} == dates


def test_a_scheduled_task_is_dated_by_its_schedule_and_a_cancelled_one_is_done(tmp_path: Path) -> None:
    vault = vault_of(tmp_path, {"Meetings/2026-04-14 Call.md": (
        "- [/] Draft ⏳ 2026-11-30\n- [-] Old 📅 2026-05-01\n- [ ] Later 🛫 2026-12-01\n"
        "- [ ] Report ⏳ 2026-12-15 📅 2026-12-01\n")})
    tasks = vault.notes["2026-04-14-call"].tasks
    assert [(t.text, t.done, t.due and t.due.isoformat(), t.status) for t in tasks] == [
        ("Draft", False, "2026-11-30", "in progress"), ("Old", True, "2026-05-01", "cancelled"),
        ("Later", False, None, "to do"), ("Report", False, "2026-12-01", "to do")]


def test_role_and_location_as_lists_of_links_and_attendees_as_a_calendar_writes_them(tmp_path: Path) -> None:
    vault = vault_of(tmp_path, {
        "People/Ada Lovell.md": '---\ntype: person\ncompany:\n  - "[[Harbour Labs]]"\nrole:\n'
                                '  - "[[Engineering Manager]]"\n  - "[[Tech Lead]]"\nlocation: ["[[Oslo]]"]\n'
                                "email: Ada@Harbour.example\n---\n",
        "People/Tomas Berg.md": "",
        "Meetings/2026-01-02 Sync.md": (
            "---\nattendees:\n  - name: Tomas Berg\n    email: t@fjord.example\n"
            "  - email: ada@harbour.example\n  - {email: guest@elsewhere.example}\n---\n"),
    })
    ada = vault.contacts["ada-lovell"]
    assert (ada.company, ada.role, ada.location) == (
        "[[Harbour Labs]]", "[[Engineering Manager]]", "[[Oslo]]")
    assert vault.notes["2026-01-02-sync"].participants == ["tomas-berg", "ada-lovell"]
    [(path, line, message)] = problems(vault)
    assert (path, line) == ("Meetings/2026-01-02 Sync.md", 2)
    assert message.startswith("'guest@elsewhere.example' is not a known contact: no contact has that e-mail")


def test_files_that_are_not_people_or_talks_among_them_are_left_alone(tmp_path: Path) -> None:
    template = "---\ndate: {{date}}\npeople: []\n---\n"
    vault = vault_of(tmp_path, {
        "People/Mira Castell.md": "",
        "People/People.md": "![[People.base]]\n",  # the Folder Notes plugin's page of the folder
        "People/Templates/Person.md": "---\nname: <% tp.file.title %>\n---\n",
        "People/Drawing 2024-05-21 14.15.excalidraw.md": "---\nexcalidraw-plugin: parsed\n---\n",
        "Meetings/Board.md": "---\nkanban-plugin: board\n---\n## To do\n- [ ] Call [[Mira Castell]]\n",
        "Meetings/_templates/Meeting.md": template,
        "Meetings/Setup/Standup.md": template,  # Templater's folder, as its settings name it
        ".obsidian/plugins/templater-obsidian/data.json": '{"templates_folder": "Meetings/Setup/"}',
        "Meetings/2026-04-14 Call.md": "With [[Mira Castell]] about [[Board]] and [[People]].\n",
    })
    assert list(vault.contacts) == ["mira-castell"] and list(vault.notes) == ["2026-04-14-call"]
    assert problems(vault) == []
    links = vault.notes["2026-04-14-call"].body_links
    assert [link.contact for link in links] == ["mira-castell", None, None]
    assert vault.resolver.resolve("Board").kind == "page"

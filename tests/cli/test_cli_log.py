"""`kith log`: people found by name, alias or slug; candidates when not; a new note, never overwriting."""

from __future__ import annotations

import datetime as dt
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest
from kith.core.loader import load_vault
from kith_cli import KITH_SCRIPT, TODAY, invoke, snapshot


@pytest.fixture
def people(vault):
    vault.contact("aisha-rahman", name="Aisha Rahman", aliases=["Aisha", "AR"])
    vault.contact("kim-osei", name="Kim Osei")
    vault.contact("kim-lee", name="Kim Lee")
    vault.contact("ben-adeyemi", name="Ben Adeyemi", aliases=["Ben Ade"])
    return vault


@pytest.mark.parametrize("reference", ["Aisha Rahman", "aisha rahman", "  AISHA   Rahman ", "Aisha", "ar",
                                       "aisha-rahman", "[[Aisha Rahman]]"])
def test_a_person_is_found_by_name_alias_or_slug_in_any_case(people, kith, reference: str) -> None:
    result = kith("log", reference, "--no-edit")
    assert result.exit_code == 0, result.stderr
    vault = load_vault(people.root)
    assert vault.problems == []
    (note,) = vault.notes.values()
    assert note.participants == ["aisha-rahman"]
    assert note.date.isoformat() == TODAY  # KITH_TODAY is today for commands too
    assert note.source.path == f"notes/{TODAY}-conversation-with-aisha-rahman.md"
    assert result.stdout.strip() == f"Created {note.source.path}"


def test_log_writes_every_option_and_the_people_as_links(people, kith) -> None:
    result = kith("log", "Aisha", "kim-osei", "ben ade", "aisha-rahman", "--kind", "coffee",
                  "--tag", "Partnerships", "--tag", "health/NHS", "--date", "2026-11-20",
                  "--follow-up", "2026-12-01", "--no-edit")
    assert result.exit_code == 0, result.stderr
    path = people.root / "notes" / "2026-11-20-coffee-with-aisha-rahman-kim-osei-and-ben-adeyemi.md"
    text = path.read_text("utf-8")
    assert 'with: ["[[Aisha Rahman]]", "[[Kim Osei]]", "[[Ben Adeyemi]]"]\n' in text
    assert "date: 2026-11-20\n" in text and "follow_up: 2026-12-01\n" in text
    vault = load_vault(people.root)
    assert vault.problems == []
    note = vault.notes[path.stem]
    assert note.participants == ["aisha-rahman", "kim-osei", "ben-adeyemi"]  # the same person once
    assert note.kind == "coffee"
    assert note.tags == ["partnerships", "health/nhs"]
    assert note.title == "Coffee with Aisha Rahman, Kim Osei and Ben Adeyemi"
    assert note.follow_up == dt.date(2026, 12, 1)


def test_a_title_names_the_file_and_a_taken_name_gets_a_suffix(people, kith) -> None:
    first = people.note("2026-11-20-book-launch", "My own words.\n", date="2026-11-20", title="Mine",
                        **{"with": ["Aisha"]})
    original = first.read_bytes()
    for expected in ("2026-11-20-book-launch-2.md", "2026-11-20-book-launch-3.md"):
        result = kith("log", "Aisha", "--title", "Book launch", "--date", "2026-11-20", "--no-edit")
        assert result.exit_code == 0, result.stderr
        assert result.stdout.strip() == f"Created notes/{expected}"
    assert first.read_bytes() == original
    vault = load_vault(people.root)
    assert vault.problems == []
    assert {n.title for n in vault.notes.values()} == {"Mine", "Book launch"}


def test_an_unknown_name_lists_the_closest_candidates_and_writes_nothing(people, kith) -> None:
    before = snapshot(people.root)
    result = kith("log", "Kimm", "Aisha Rahmen", "--no-edit")
    assert result.exit_code == 1
    assert result.stdout == ""
    stderr = result.stderr
    # Both unknown names are reported, each with the people it might mean and their files.
    assert "nobody called 'Kimm'" in stderr and "nobody called 'Aisha Rahmen'" in stderr
    kim_part, aisha_part = stderr.split("Aisha Rahmen", 1)
    assert "Kim Osei" in kim_part and "Kim Lee" in kim_part and "contacts/kim-lee.md" in kim_part
    assert "Aisha Rahman" in aisha_part and "contacts/aisha-rahman.md" in aisha_part
    assert snapshot(people.root) == before


def test_nobody_close_suggests_adding_them(people, kith) -> None:
    result = kith("log", "Zebedee Quux", "--no-edit")
    assert result.exit_code == 1
    assert 'kith add "Zebedee Quux"' in result.stderr


def test_a_name_two_people_answer_to_is_ambiguous(people, kith) -> None:
    people.contact("ben-okafor", name="Ben Okafor", aliases=["Ben Ade"])  # an alias clash
    before = snapshot(people.root)
    result = kith("log", "Ben Ade", "--no-edit")
    assert result.exit_code == 2
    assert "ambiguous" in result.stderr
    assert "contacts/ben-adeyemi.md" in result.stderr and "contacts/ben-okafor.md" in result.stderr
    assert snapshot(people.root) == before
    # The slug always says which one.
    assert kith("log", "ben-okafor", "--no-edit").exit_code == 0


def test_bad_dates_are_refused(people, kith) -> None:
    for option, value in (("--date", "2026-13-01"), ("--date", "next week"), ("--follow-up", "someday"),
                          ("--due", "2026-02-30")):
        args = ["--task", "Send the deck"] if option == "--due" else []
        bad_date = kith("log", "Aisha", *args, option, value, "--no-edit")
        assert bad_date.exit_code == 1 and option in bad_date.stderr, (option, value)
    assert not list((people.root / "notes").iterdir())


def _editor(tmp_path: Path) -> Path:
    """An $EDITOR that appends a task to the file it is given, as a person typing would."""
    script = tmp_path / "editor.py"
    script.write_text("import sys\nwith open(sys.argv[-1], 'a', encoding='utf-8') as f:\n"
                      "    f.write('- [ ] Send the deck \\U0001F4C5 2026-11-30\\n')\n", "utf-8")
    wrapper = tmp_path / "editor.sh"
    wrapper.write_text(f"#!/bin/sh\nexec {sys.executable} {script} \"$@\"\n", "utf-8")
    wrapper.chmod(0o755)
    return wrapper


def test_the_editor_is_not_opened_when_not_on_a_terminal(people, kith, tmp_path: Path) -> None:
    result = kith("log", "Aisha", env={"EDITOR": str(_editor(tmp_path)), "VISUAL": None})
    assert result.exit_code == 0, result.stderr
    (note,) = load_vault(people.root).notes.values()
    assert note.tasks == []


def test_on_a_terminal_the_note_opens_in_the_editor(people, tmp_path: Path) -> None:
    output, code = _on_a_terminal(people, ["log", "Aisha"], {"EDITOR": str(_editor(tmp_path))})
    assert code == 0, output
    (note,) = load_vault(people.root).notes.values()
    assert [(task.text, task.due) for task in note.tasks] == [("Send the deck", dt.date(2026, 11, 30))]


def test_log_help_has_an_example() -> None:
    result = invoke("log", "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout and "kith log" in result.stdout


@pytest.fixture
def private_and_public(vault):
    vault.contact("private-person", name="Private Person", aliases=["Priv"], private=True)
    vault.contact("hidden-heidi", name="Hidden Heidi", private=True)
    vault.contact("public-person", name="Public Person")
    return vault


def written_note(vault) -> tuple[Path, str]:
    (path,) = (vault.root / "notes").iterdir()
    return path, path.read_text("utf-8")


def test_the_default_title_and_file_name_leave_private_people_out(private_and_public, kith) -> None:
    result = kith("log", "Private Person", "Public Person", "--kind", "coffee", "--no-edit")
    assert result.exit_code == 0, result.stderr
    path, text = written_note(private_and_public)
    assert path.name == f"{TODAY}-coffee-with-public-person.md"
    assert "title: Coffee with Public Person\n" in text
    assert "private" not in path.name and "Private Person" not in text.split("with:")[0]
    assert 'with: ["[[Private Person]]", "[[Public Person]]"]\n' in text  # both were there
    assert "private: true" not in text  # a public person was there: the note stays public
    assert result.stdout.strip() == f"Created notes/{path.name}"
    note = load_vault(private_and_public.root).notes[path.stem]
    assert note.participants == ["private-person", "public-person"] and not note.private


def test_a_note_with_only_private_people_has_no_names_and_is_private(private_and_public, kith) -> None:
    result = kith("log", "Priv", "hidden-heidi", "--no-edit")
    assert result.exit_code == 0, result.stderr
    path, text = written_note(private_and_public)
    assert path.name == f"{TODAY}-conversation.md"
    assert "title: Conversation\n" in text and "private: true\n" in text
    assert "Private" not in path.name and "Heidi" not in path.name
    assert result.stdout.strip() == (f"Created notes/{path.name} as a private note (everyone in it is "
                                     "private; remove 'private: true' to publish it)")
    note = load_vault(private_and_public.root).notes[path.stem]
    assert note.private and note.title == "Conversation"


@pytest.mark.parametrize(("kind", "title"), [("coffee", "Coffee"), ("introduction", "Introduction"),
                                             ("call", "Call")])
def test_a_private_persons_note_is_titled_by_its_kind_alone(private_and_public, kith, kind: str,
                                                            title: str) -> None:
    assert kith("log", "Private Person", "--kind", kind, "--no-edit").exit_code == 0
    path, text = written_note(private_and_public)
    assert path.name == f"{TODAY}-{kind}.md" and f"title: {title}\n" in text


def test_a_typed_title_is_kept_with_a_word_when_it_names_a_private_person(private_and_public,
                                                                         kith) -> None:
    result = kith("log", "Private Person", "Public Person", "--title", "Lunch with Priv and Public",
                  "--no-edit")
    assert result.exit_code == 0, result.stderr
    path, text = written_note(private_and_public)
    assert path.name == f"{TODAY}-lunch-with-priv-and-public.md"
    assert "title: Lunch with Priv and Public\n" in text
    assert result.stderr.strip() == ("Note: the title names Private Person, who is private; the site "
                                     "shows the title as written")


# Capture in one command: tasks, what they owe you, dates as typed, the text, any kind.

def test_tasks_and_waiting_items_each_with_the_due_date_after_it(people, kith) -> None:
    result = kith("log", "Aisha", "--kind", "lunch", "--task", "Send the deck", "--due", "2026-11-27",
                  "--waiting", "Aisha to send the slides", "--due", "friday", "--task", "Book a table",
                  "--task", "Share the notes 📅 2026-12-01", "--follow-up", "3w",
                  "--body", "Talked about the pilot.", "--no-edit")
    assert result.exit_code == 0, result.stderr
    path = people.root / "notes" / f"{TODAY}-lunch-with-aisha-rahman.md"
    assert path.read_text("utf-8") == (
        "---\ndate: 2026-11-22\ntitle: Lunch with Aisha Rahman\nwith: [\"[[Aisha Rahman]]\"]\nkind: lunch\n"
        "follow_up: 2026-12-13\n---\nTalked about the pilot.\n\n"
        "- [ ] Send the deck 📅 2026-11-27\n"
        "- [ ] Aisha to send the slides #waiting 📅 2026-11-27\n"  # KITH_TODAY is a Sunday: Friday the 27th
        "- [ ] Book a table\n"
        "- [ ] Share the notes 📅 2026-12-01\n")
    vault = load_vault(people.root)
    assert vault.problems == []
    note = vault.notes[path.stem]
    assert [(t.text, t.waiting, t.due) for t in note.tasks if not t.synthetic] == [
        ("Send the deck", False, dt.date(2026, 11, 27)),
        ("Aisha to send the slides", True, dt.date(2026, 11, 27)),
        ("Book a table", False, None), ("Share the notes", False, dt.date(2026, 12, 1))]
    assert note.kind == "lunch" and note.follow_up == dt.date(2026, 12, 13)


@pytest.mark.parametrize(("args", "says"), [
    (["--due", "2026-11-27", "--task", "Send the deck"], "--due 2026-11-27 comes before any --task"),
    (["--task", "Send the deck", "--due", "2026-11-27", "--due", "2026-11-28"], "two --due dates"),
])
def test_a_due_date_without_its_task_is_refused(people, kith, args: list[str], says: str) -> None:
    result = kith("log", "Aisha", *args, "--no-edit")
    assert result.exit_code == 2 and says in result.stderr
    assert not list((people.root / "notes").iterdir())


def test_a_date_given_twice_or_an_empty_task_is_refused(people, kith) -> None:
    twice = kith("log", "Aisha", "--task", "Send the deck due:2026-12-01", "--due", "friday", "--no-edit")
    assert twice.exit_code == 2 and "has a due date already" in twice.stderr
    empty = kith("log", "Aisha", "--task", "📅 2026-12-01", "--no-edit")
    assert empty.exit_code == 2 and "says nothing to do" in empty.stderr
    assert not list((people.root / "notes").iterdir())


def test_the_text_from_standard_input(people, kith) -> None:
    text = "Line one.\nLine two with [[Kim Osei]].\n"
    result = kith("log", "Aisha", "--body", "-", "--no-edit", input=text)
    assert result.exit_code == 0, result.stderr
    (path,) = (people.root / "notes").iterdir()
    assert path.read_text("utf-8").split("---\n", 2)[2] == "Line one.\nLine two with [[Kim Osei]].\n"
    (note,) = load_vault(people.root).notes.values()
    assert note.mentioned == ["kim-osei"]


def test_a_new_note_starts_with_a_template_the_site_never_shows(people, kith) -> None:
    assert kith("log", "Aisha", "--task", "Send the deck", "--no-edit").exit_code == 0
    (path,) = (people.root / "notes").iterdir()
    text = path.read_text("utf-8")
    body = text.split("---\n", 2)[2]
    assert body.startswith("<!-- ") and "#waiting" in body and "- [ ] Send the deck\n" in body
    # The template holds no task and no link: only the one given is a task.
    vault = load_vault(people.root)
    assert vault.problems == []
    (note,) = vault.notes.values()
    assert [t.text for t in note.tasks] == ["Send the deck"] and note.body_links == []
    result = people.build(strict=True)
    assert result.returncode == 0, result.log
    page = result.page(f"notes/{path.stem}/")
    assert "never shown" not in page and "#waiting" not in page and "Send the deck" in page


def test_the_kinds_kith_knows_are_those_with_an_icon() -> None:
    from kith.core.model import NOTE_KINDS
    from kith.site.render import KIND_ICONS

    assert set(NOTE_KINDS) == set(KIND_ICONS)
    assert {"lunch", "dinner", "drinks", "conference", "webinar", "video"} <= set(KIND_ICONS)


@pytest.mark.parametrize("kind", ["lunch", "dinner", "drinks", "conference", "webinar", "video", "boat trip"])
def test_any_word_is_a_kind(people, kith, kind: str) -> None:
    result = kith("log", "Aisha", "--kind", kind.upper(), "--no-edit")
    assert result.exit_code == 0, result.stderr
    (note,) = load_vault(people.root).notes.values()
    assert note.kind == kind and note.title == f"{kind.capitalize()} with Aisha Rahman"
    check = kith("check", "--strict", "--no-duplicates")
    assert check.exit_code == 0, check.stdout


def test_with_no_editor_set_kith_says_where_the_note_is(people, tmp_path: Path) -> None:
    """On a terminal, with neither $VISUAL nor $EDITOR: no editor is started (no vi), the note is
    written, and kith says how to open it."""
    output, code = _on_a_terminal(people, ["log", "Aisha"], {})
    assert code == 0, output
    (path,) = (people.root / "notes").iterdir()
    assert f"open notes/{path.name} in yours" in output.decode("utf-8", "replace")


def test_visual_comes_before_editor(people, tmp_path: Path) -> None:
    visual = _editor(tmp_path)
    broken = tmp_path / "not-an-editor.sh"
    broken.write_text("#!/bin/sh\nexit 3\n", "utf-8")
    broken.chmod(0o755)
    output, code = _on_a_terminal(people, ["log", "Aisha"], {"VISUAL": str(visual), "EDITOR": str(broken)})
    assert code == 0, output
    (note,) = load_vault(people.root).notes.values()
    assert [task.text for task in note.tasks] == ["Send the deck"]


def _on_a_terminal(vault, args: list[str], editors: dict[str, str]) -> tuple[bytes, int]:  # type: ignore[no-untyped-def]
    controller, terminal = pty.openpty()
    environment = {**os.environ, "KITH_TODAY": TODAY, **editors}
    for name in ("VISUAL", "EDITOR"):
        if name not in editors:
            environment.pop(name, None)
    process = subprocess.Popen([str(KITH_SCRIPT), "--vault", str(vault.root), *args],
                               stdin=terminal, stdout=terminal, stderr=terminal, env=environment)
    os.close(terminal)
    output = b""
    while True:  # drain the terminal so the command never blocks writing to it
        ready, _, _ = select.select([controller], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(controller, 1024)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    code = process.wait(timeout=60)
    os.close(controller)
    return output, code


# Today is Sunday 2026-11-22 (KITH_TODAY). (what is typed, as --date, as --due)
DATES_IN_WORDS = [
    ("tuesday", "2026-11-17", "2026-11-24"),  # the last one for when it happened, the next one to come
    ("last friday", "2026-11-20", None),
    ("3 nov", "2026-11-03", "2027-11-03"),
    ("next friday", None, "2026-11-27"),
    ("in 2 weeks", None, "2026-12-06"),
    ("15 December", None, "2026-12-15"),
    ("dec 15", None, "2026-12-15"),
    ("the 3rd", "2026-11-03", "2026-12-03"),  # a day of the month, not March
    ("31st", "2026-10-31", "2026-12-31"),  # November has no 31st
]


@pytest.mark.parametrize(("typed", "as_date", "as_due"), DATES_IN_WORDS)
def test_dates_in_words(people, kith, typed: str, as_date: str | None, as_due: str | None) -> None:
    if as_date is not None:
        result = kith("log", "Aisha", "--date", typed, "--no-edit")
        assert result.exit_code == 0, result.stderr
        (note,) = load_vault(people.root).notes.values()
        assert note.date.isoformat() == as_date
        (people.root / note.source.path).unlink()
    if as_due is not None:
        result = kith("log", "Aisha", "--task", "Send the deck", "--due", typed, "--no-edit")
        assert result.exit_code == 0, result.stderr
        (note,) = load_vault(people.root).notes.values()
        (task,) = note.tasks
        assert task.due is not None and task.due.isoformat() == as_due


@pytest.mark.parametrize("typed", ["05/12", "december", "next blursday", "15/12"])
def test_dates_that_say_no_day_or_could_be_read_two_ways_are_refused(people, kith, typed: str) -> None:
    before = snapshot(people.root)
    result = kith("log", "Aisha", "--task", "Send the deck", "--due", typed, "--no-edit")
    assert result.exit_code != 0
    assert f"'{typed}' is not a date" in result.stderr and "YYYY-MM-DD" in result.stderr
    snoozed = kith("snooze", "Aisha", typed)
    assert snoozed.exit_code == 1 and f"'{typed}' is not a date" in snoozed.stderr
    assert snapshot(people.root) == before

"""`kith done`, `kith snooze`, `kith pause`, `kith resume`: one line of the user's file changed in
place, every other byte as it was, checked byte for byte; ids that stay the same from run to run;
`--dry-run` diffs; a file changed meanwhile is never overwritten.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from kith.cli import act
from kith.core.loader import load_vault
from kith.core.tasks import follow_up_id, task_id
from kith_cli import run_script, snapshot

NOTE = "notes/2026-10-01-coffee-with-ana.md"
# Written as people write files: a byte-order mark, CRLF line ends, a comment, odd spacing, a task
# in progress, Dataview's due date, trailing spaces and no final line end.
NOTE_BYTES = ("\ufeff---\r\ndate: 2026-10-01   # the day we met\r\ntitle: Coffee with Ana\r\n"
              "with: [\"[[Ana Alvarez]]\"]\r\nfollow_up: 2026-11-15\r\n---\r\n"
              "We talked.  \r\n\r\n"
              "- [ ] Send Ana the report 📅 2026-11-10\r\n"
              "- [/] Draft the budget [due:: 2026-11-12]  \r\n"
              "- [ ] Send Ana the report 📅 2026-11-20\r\n"
              "- [x] Post the card\r\n"
              "* [ ] Ana to send the slides #waiting due:2026-11-25").encode("utf-8")


@pytest.fixture
def files(vault) -> Path:
    vault.contact("ana-alvarez", name="Ana Alvarez", aliases=["Ana"], circle="close")
    vault.write("contacts/kim-osei.md", "---\nname: Kim Osei\ncircle: regular # weekly at first\n"
                                         "next_follow_up: 2026-11-01\n---\nMet at the expo.\n")
    vault.write("contacts/jose-nunez.md",
                "---\r\nname: José Núñez\r\ncircle: close\r\nmet: 2026-01-01\r\n---\r\n")
    vault.write("contacts/Mira Castell.md", "Job title:: CTO\n\nMira's notes, no front matter.\n")
    vault.write(NOTE, NOTE_BYTES)
    return vault.root


def due_json(kith) -> dict:  # type: ignore[no-untyped-def]
    result = kith("due", "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def ids_by_text(data: dict) -> dict[str, str]:
    return {item["summary"] + (" " + item["due"] if item["due"] else ""): item["id"]
            for key in ("overdue", "due_soon", "waiting", "undated") for item in data[key]}


def test_ids_are_made_from_path_and_text_and_stay_the_same(files, kith) -> None:
    first = ids_by_text(due_json(kith))
    relative = NOTE
    assert first == {
        "Send Ana the report 2026-11-10": task_id(relative, "Send Ana the report", 0),
        "Draft the budget 2026-11-12": task_id(relative, "Draft the budget"),
        "Send Ana the report 2026-11-20": task_id(relative, "Send Ana the report", 1),  # the same text twice
        "Ana to send the slides 2026-11-25": task_id(relative, "Ana to send the slides"),
        "Follow up with Ana Alvarez 2026-11-15": follow_up_id(relative),
        "Follow up with Kim Osei 2026-11-01": follow_up_id("contacts/kim-osei.md"),
    }
    assert len(set(first.values())) == 6
    # Lines added above, a due date changed: the ids stay.
    path = files / NOTE
    path.write_bytes(path.read_bytes().replace(b"We talked.", b"New line.\r\nWe talked.")
                     .replace("📅 2026-11-10".encode(), "📅 2026-11-11".encode()))
    again = ids_by_text(due_json(kith))
    assert again["Send Ana the report 2026-11-11"] == first["Send Ana the report 2026-11-10"]
    assert {k: v for k, v in again.items() if "11-11" not in k} == {
        k: v for k, v in first.items() if "11-10" not in k}
    # The text output shows each id in brackets, first, as `kith done` takes it.
    text = kith("due").stdout
    budget = first["Draft the budget 2026-11-12"]
    assert f"[{budget}] 2026-11-12 (overdue by 10 days)  Draft the budget" in text


def test_done_ticks_one_task_and_keeps_every_other_byte(files, kith) -> None:
    ids = ids_by_text(due_json(kith))
    before = snapshot(files)
    dry = kith("done", ids["Draft the budget 2026-11-12"], "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert "-- [/] Draft the budget [due:: 2026-11-12]  " in dry.stdout.splitlines()
    assert "+- [x] Draft the budget [due:: 2026-11-12] [completion:: 2026-11-22]  " in dry.stdout.splitlines()
    assert snapshot(files) == before

    result = kith("done", ids["Draft the budget 2026-11-12"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Done: Draft the budget  {NOTE}:10\n"
    # Dataview's due date, so Dataview's done date (`completion`), before the trailing spaces.
    expected = NOTE_BYTES.replace(b"- [/] Draft the budget [due:: 2026-11-12]  ",
                                  b"- [x] Draft the budget [due:: 2026-11-12] [completion:: 2026-11-22]  ")
    assert (files / NOTE).read_bytes() == expected
    others = {k: v for k, v in before.items() if k != NOTE}
    assert {k: v for k, v in snapshot(files).items() if k != NOTE} == others

    # The second of two identical tasks, by its own id; the first stays open with the same id.
    second = ids["Send Ana the report 2026-11-20"]
    assert kith("done", second).exit_code == 0
    expected = expected.replace("- [ ] Send Ana the report 📅 2026-11-20".encode(),
                                "- [x] Send Ana the report 📅 2026-11-20 ✅ 2026-11-22".encode())
    assert (files / NOTE).read_bytes() == expected
    first = ids["Send Ana the report 2026-11-10"]
    assert ids_by_text(due_json(kith))["Send Ana the report 2026-11-10"] == first

    # Done already, no such id, not an id at all.
    again = kith("done", second)
    assert again.exit_code == 1 and "is done already" in again.stderr
    unknown = kith("done", "zzzzzz")
    assert unknown.exit_code == 1 and "no open or done task has the id zzzzzz" in unknown.stderr
    assert kith("done", "not-an-id").exit_code == 2
    assert (files / NOTE).read_bytes() == expected


# (the Tasks plugin's settings, or None; the task line; the line once done on 2026-11-22)
DONE_LINES = [
    (None, "- [ ] Call Ana 📅 2026-11-10", "- [x] Call Ana 📅 2026-11-10 ✅ 2026-11-22"),
    (None, "- [ ] Call Ana ⏫ 📅 2026-11-10 ^call-ana",
     "- [x] Call Ana ⏫ 📅 2026-11-10 ✅ 2026-11-22 ^call-ana"),
    (None, "- [ ] Call Ana (due:: 2026-11-10)",
     "- [x] Call Ana (due:: 2026-11-10) [completion:: 2026-11-22]"),
    (None, "- [ ] Call Ana due:2026-11-10", "- [x] Call Ana due:2026-11-10"),  # kith's own: no Tasks
    (None, "- [ ] Call [[Ana Alvarez]]", "- [x] Call [[Ana Alvarez]]"),
    ({}, "- [ ] Call [[Ana Alvarez]]", "- [x] Call [[Ana Alvarez]] ✅ 2026-11-22"),  # Tasks' defaults
    ({"setDoneDate": False}, "- [ ] Call Ana 📅 2026-11-10", "- [x] Call Ana 📅 2026-11-10"),
    ({"taskFormat": "dataview", "setDoneDate": True}, "- [ ] Call Ana [due:: 2026-11-10]",
     "- [x] Call Ana [due:: 2026-11-10] [completion:: 2026-11-22]"),
    ({"taskFormat": "tasksPluginEmoji"}, "- [/] Call Ana 📅 2026-11-10 ✅ 2026-11-09",
     "- [x] Call Ana 📅 2026-11-10 ✅ 2026-11-09"),  # a done date already: not a second one
]


@pytest.mark.parametrize(("settings", "line", "ticked"), DONE_LINES)
def test_done_writes_the_done_date_as_the_tasks_plugin_would(vault, kith, settings, line, ticked) -> None:
    vault.contact("ana-alvarez", name="Ana Alvarez", circle="close")
    if settings is not None:
        vault.write(".obsidian/plugins/obsidian-tasks-plugin/data.json", json.dumps(settings))
    path = vault.write("notes/2026-11-01-call.md", f"---\ndate: 2026-11-01\nwith: [Ana Alvarez]\n---\n"
                                                    f"Notes.\n{line}\r\nMore.\n")
    (task,) = [item for key in ("overdue", "due_soon", "undated") for item in due_json(kith)[key]
               if item["file"] == "notes/2026-11-01-call.md" and not item["follow_up"]]
    result = kith("done", task["id"])
    assert result.exit_code == 0, result.stderr
    assert path.read_bytes() == (f"---\ndate: 2026-11-01\nwith: [Ana Alvarez]\n---\nNotes.\n{ticked}\r\n"
                                 "More.\n").encode()
    assert not [item for key in ("overdue", "due_soon", "undated") for item in due_json(kith)[key]
                if item["id"] == task["id"]]


def test_done_on_a_follow_up_date_takes_the_line_out(files, kith) -> None:
    ids = ids_by_text(due_json(kith))
    assert kith("done", ids["Follow up with Ana Alvarez 2026-11-15"]).exit_code == 0
    assert (files / NOTE).read_bytes() == NOTE_BYTES.replace(b"follow_up: 2026-11-15\r\n", b"")
    result = kith("done", ids["Follow up with Kim Osei 2026-11-01"])
    assert result.exit_code == 0, result.stderr
    assert (files / "contacts/kim-osei.md").read_text("utf-8") == (
        "---\nname: Kim Osei\ncircle: regular # weekly at first\n---\nMet at the expo.\n")
    assert "Follow up" not in json.dumps(due_json(kith)["overdue"])


def test_a_file_changed_meanwhile_is_left_as_the_user_saved_it(files, kith, monkeypatch) -> None:
    ids = ids_by_text(due_json(kith))
    path = files / NOTE
    edited = NOTE_BYTES + b"\r\n- [ ] Something new"
    ticked = act._ticked

    def user_saves_meanwhile(*args):  # type: ignore[no-untyped-def]
        change = ticked(*args)
        path.write_bytes(edited)  # the user's editor saves between kith's read and its write
        return change

    monkeypatch.setattr(act, "_ticked", user_saves_meanwhile)
    result = kith("done", ids["Draft the budget 2026-11-12"])
    assert result.exit_code == 1 and "changed while kith was reading it; nothing was written" in result.stderr
    assert path.read_bytes() == edited


def test_a_recurring_task_is_refused(vault, kith) -> None:
    vault.contact("ana-alvarez", name="Ana Alvarez")
    note = vault.note("2026-11-01-call", "- [ ] Call Ana 🔁 every week 📅 2026-11-10\n", date="2026-11-01",
                      **{"with": ["Ana Alvarez"]})
    before = note.read_bytes()
    (item,) = due_json(kith)["overdue"]
    result = kith("done", item["id"])
    assert result.exit_code == 1 and "recurring" in result.stderr
    assert note.read_bytes() == before


def test_snooze_pause_and_resume_change_one_field_and_round_trip(files, kith) -> None:
    path = files / "contacts/jose-nunez.md"
    original = path.read_bytes()
    dry = kith("snooze", "jose", "2w", "--dry-run")  # a first name without its accent; two weeks
    assert dry.exit_code == 0, dry.stderr
    assert "+snooze_until: 2026-12-06" in dry.stdout.splitlines() and path.read_bytes() == original

    snoozed = kith("snooze", "jose", "2w")
    assert snoozed.exit_code == 0, snoozed.stderr
    assert snoozed.stdout.startswith("Snoozed José Núñez until Sun 6 Dec 2026")
    met = b"met: 2026-01-01\r\n"
    assert path.read_bytes() == original.replace(met, met + b"snooze_until: 2026-12-06\r\n")
    again = kith("snooze", "José Núñez", "2027-01-10")  # a second snooze replaces the date in place
    assert again.exit_code == 0, again.stderr
    assert path.read_bytes() == original.replace(met, met + b"snooze_until: 2027-01-10\r\n")
    assert load_vault(files).contacts["jose-nunez"].snooze_until.isoformat() == "2027-01-10"

    assert kith("pause", "nunez").exit_code == 0
    assert path.read_bytes().endswith(b"snooze_until: 2027-01-10\r\npaused: true\r\n---\r\n")
    already = kith("pause", "José")
    assert already.exit_code == 0 and "paused already" in already.stdout
    assert load_vault(files).contacts["jose-nunez"].paused

    resumed = kith("resume", "jose")
    assert resumed.exit_code == 0, resumed.stderr
    assert path.read_bytes() == original  # byte for byte as before
    nothing = kith("resume", "jose")
    assert nothing.exit_code == 0 and "neither paused nor snoozed" in nothing.stdout


def test_a_value_written_otherwise_is_changed_where_it_is(files, kith) -> None:
    path = files / "contacts/kim-osei.md"
    path.write_text("---\nname: Kim Osei\npaused: false   # back from leave\n"
                    "snoozed_until: 2026-11-01\n---\n", "utf-8")
    assert kith("pause", "Kim").exit_code == 0
    assert path.read_text("utf-8") == ("---\nname: Kim Osei\npaused: true   # back from leave\n"
                                       "snoozed_until: 2026-11-01\n---\n")
    assert kith("snooze", "kim", "2026-12-24").exit_code == 0  # under the other name it is written as
    assert path.read_text("utf-8") == ("---\nname: Kim Osei\npaused: true   # back from leave\n"
                                       "snoozed_until: 2026-12-24\n---\n")
    assert kith("resume", "kim osei").exit_code == 0
    assert path.read_text("utf-8") == "---\nname: Kim Osei\n---\n"


def test_a_contact_without_front_matter_gets_one(files, kith) -> None:
    path = files / "contacts/Mira Castell.md"
    assert load_vault(files).contacts["mira-castell"].role == "CTO"  # a Dataview field at the top
    assert kith("pause", "Mira").exit_code == 0
    assert path.read_text("utf-8") == ("---\npaused: true\n---\n"
                                       "Job title:: CTO\n\nMira's notes, no front matter.\n")
    contact = load_vault(files).contacts["mira-castell"]
    assert contact.paused and contact.role == "CTO"


def test_bad_dates_and_names_change_nothing(files, kith) -> None:
    before = snapshot(files)
    past = kith("snooze", "jose", "2026-11-01")
    assert past.exit_code == 1 and "is not after today" in past.stderr and "kith resume jose" in past.stderr
    assert kith("snooze", "jose", "soon").exit_code == 1
    assert kith("pause", "Nobody Known").exit_code == 1
    assert snapshot(files) == before


def test_the_plan_follows_a_snooze(files, kith) -> None:
    plan = [person["slug"] for person in due_json(kith)["plan"]]
    assert plan == ["ana-alvarez", "kim-osei", "jose-nunez"]  # José: out of touch since he was met
    assert kith("snooze", "Kim", "1m").exit_code == 0
    data = due_json(kith)
    assert [person["slug"] for person in data["plan"]] == ["ana-alvarez", "jose-nunez"]
    ana = data["plan"][0]
    why = "You owe them 4 promises, the oldest overdue by 12 days · out of touch for 52 days"
    assert ana["why"] == why  # as the site says it
    assert [task["id"] for task in ana["mine"]] == ana["owed"]
    text = kith("due").stdout.splitlines()
    assert text[2] == "This week (2)"
    assert text[3] == f"  1. Ana Alvarez [close]: {why}"


def test_the_installed_command_ticks_off_as_a_user_runs_it(files) -> None:
    data = json.loads(run_script("due", "--json", cwd=files).stdout)
    (item,) = [i for i in data["overdue"] if i["text"] == "Draft the budget"]
    result = run_script("done", f"[{item['id'].upper()}]", cwd=files)  # in any case, brackets and all
    assert result.exit_code == 0, result.stderr
    assert (files / NOTE).read_bytes() == NOTE_BYTES.replace(
        b"- [/] Draft the budget [due:: 2026-11-12]  ",
        b"- [x] Draft the budget [due:: 2026-11-12] [completion:: 2026-11-22]  ")

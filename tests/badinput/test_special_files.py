"""Whatever sits in a vault folder, a build and `kith check` finish, report it, and read the rest:
named pipes, devices, huge files, upper-case `.MD`, linked folders (read once; loops reported),
and names reserved for listing pages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from kith.core.loader import load_vault

KITH = Path(sys.executable).parent / "kith"
TODAY = "2026-11-22"


def kith_check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(KITH), "--vault", str(root), "check"], capture_output=True, text=True,
                          env={**os.environ, "KITH_TODAY": TODAY}, timeout=60, stdin=subprocess.DEVNULL)


def base(vault) -> None:
    vault.contact("aisha-rahman", "Aisha.\n", name="Aisha Rahman")
    vault.note("2026-11-20-coffee", "Coffee.\n", date="2026-11-20", title="Coffee",
               **{"with": ["Aisha Rahman"]})


def test_a_fifo_a_device_and_a_huge_file_are_reported_never_read(vault) -> None:
    base(vault)
    os.mkfifo(vault.root / "notes" / "pipe.md")
    os.symlink("/dev/zero", vault.root / "contacts" / "zero.md")
    with open(vault.root / "contacts" / "huge.md", "wb") as huge:
        huge.write(b"---\nname: Huge\n---\n")
        huge.truncate(40 * 1024 * 1024)
    problems = {p.path: p for p in load_vault(vault.root).problems}
    assert "named pipe" in problems["notes/pipe.md"].message
    assert "character device" in problems["contacts/zero.md"].message
    assert "MB" in problems["contacts/huge.md"].message
    check = kith_check(vault.root)  # within the timeout: no hang on the pipe, no MemoryError
    assert check.returncode == 1 and "Traceback" not in check.stderr
    assert "notes/pipe.md: error: is a named pipe (FIFO), not a regular file" in check.stdout
    result = vault.build(today=TODAY)
    assert result.returncode == 0, result.log
    assert result.exists("contacts/aisha-rahman/") and result.exists("notes/2026-11-20-coffee/")
    assert "contacts/zero.md" in result.log


def test_pipes_where_obsidian_keeps_its_settings_hang_nothing(vault) -> None:
    """kith reads the template folders and the Tasks plugin's settings from `.obsidian/`: pipes
    there (or a huge file) are passed over as if the settings were not there."""
    base(vault)
    vault.write("notes/2026-11-21-call.md", "---\ndate: 2026-11-21\nwith: [Aisha Rahman]\n---\n"
                "- [ ] Send Aisha the plan 📅 2026-11-21\n")
    plugins = vault.root / ".obsidian" / "plugins"
    (plugins / "obsidian-tasks-plugin").mkdir(parents=True)
    (plugins / "templater-obsidian").mkdir()
    os.mkfifo(vault.root / ".obsidian" / "templates.json")
    os.mkfifo(plugins / "obsidian-tasks-plugin" / "data.json")
    with open(plugins / "templater-obsidian" / "data.json", "wb") as huge:
        huge.truncate(8 * 1024 * 1024)
    run = {"capture_output": True, "text": True, "env": {**os.environ, "KITH_TODAY": TODAY}, "timeout": 60,
           "stdin": subprocess.DEVNULL}
    due = subprocess.run([str(KITH), "--vault", str(vault.root), "due", "--json"], **run)
    assert due.returncode == 0, due.stderr
    (task,) = [item for item in json.loads(due.stdout)["overdue"] if item["text"] == "Send Aisha the plan"]
    done = subprocess.run([str(KITH), "--vault", str(vault.root), "done", task["id"]], **run)
    assert done.returncode == 0, done.stderr
    # No Tasks settings could be read: the line's own emoji says how to write the done date.
    assert "- [x] Send Aisha the plan 📅 2026-11-21 ✅ 2026-11-22\n" in (
        vault.root / "notes/2026-11-21-call.md").read_text("utf-8")
    assert kith_check(vault.root).returncode == 0
    result = vault.build(today=TODAY)
    assert result.returncode == 0, result.log


def test_upper_case_md_files_are_read(vault) -> None:
    vault.write("contacts/Kim Osei.MD", "---\nname: Kim Osei\n---\nKim.\n")
    vault.write("notes/2026-11-20-call.Md", "---\ndate: 2026-11-20\nwith: [Kim Osei]\n---\nCall.\n")
    loaded = load_vault(vault.root)
    assert [c.name for c in loaded.contacts.values()] == ["Kim Osei"]
    assert loaded.notes["2026-11-20-call"].participants == ["kim-osei"]


def test_a_linked_folder_is_read_once_and_loops_are_reported(vault, tmp_path: Path) -> None:
    base(vault)
    elsewhere = tmp_path / "clients"
    elsewhere.mkdir()
    (elsewhere / "ben-ade.md").write_text("---\nname: Ben Ade\n---\n", "utf-8")
    os.symlink(elsewhere, vault.root / "contacts" / "clients")
    os.symlink(elsewhere, vault.root / "contacts" / "clients-again")
    os.symlink(elsewhere, elsewhere / "back-up")  # a loop: the folder links to itself
    loaded = load_vault(vault.root)
    assert sorted(loaded.contacts) == ["aisha-rahman", "ben-ade"]
    problems = {p.path: p.message for p in loaded.problems}
    assert "a second link" in problems["contacts/clients-again"], problems
    assert "a loop" in problems["contacts/clients/back-up"], problems
    assert len(problems) == 2, problems
    check = kith_check(vault.root)
    assert "contacts/clients-again: warning: is a link to contacts/clients" in check.stdout


@pytest.mark.parametrize("meta", [{"met_at": "Index"}, {"met_at": "[[index]]"}])
def test_an_event_named_index_does_not_replace_the_events_listing(vault, meta) -> None:
    vault.contact("aisha-rahman", name="Aisha Rahman", **meta)
    vault.contact("kim-osei", name="Kim Osei", met_at="NHS Expo")
    result = vault.build(today=TODAY)
    assert result.returncode == 0, result.log
    listing = result.page("events/")
    assert "NHS Expo" in listing and 'events/index-2/"' in listing
    assert result.exists("events/index-2/") and "Aisha Rahman" in result.page("events/index-2/")


def test_a_contact_file_named_index_keeps_the_contacts_listing(vault) -> None:
    vault.contact("index", name="Index Person")
    vault.contact("aisha-rahman", name="Aisha Rahman")
    result = vault.build(today=TODAY)
    listing = result.page("contacts/")
    assert "Aisha Rahman" in listing and "Index Person" in listing
    assert result.exists("contacts/index-2/")
    assert any("reserved" in line for line in result.warnings())

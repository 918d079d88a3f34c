"""The `kith` command on notes people already keep (tests/fixtures/vaults/, described in
tests/obsidian_vaults.py): `kith check` names only real problems, `kith due` lists every follow-up,
a contact file that cannot be read still holds its name, and `kith init --existing` adds kith to a
vault without writing a note or over a file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from kith_cli import TODAY, invoke, snapshot
from obsidian_vaults import SOUND, VAULTS, copied


def kith(root: Path, *args: str):
    return invoke("--vault", str(root), *args)


@pytest.mark.parametrize("name", list(VAULTS))
def test_kith_check_names_only_real_problems(name: str, tmp_path: Path) -> None:
    expected = VAULTS[name]
    checked = kith(copied(name, tmp_path), "check")
    if not expected.problems:
        assert checked.exit_code == 0 and checked.stdout.startswith("No problems in"), checked.stdout
        return
    assert checked.exit_code == 1
    lines = checked.stdout.splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [where for where, _ in expected.problems]
    for (_, words), line in zip(expected.problems, lines, strict=True):
        assert words in line, line


@pytest.mark.parametrize("name", list(VAULTS))
def test_kith_due_lists_every_follow_up(name: str, tmp_path: Path) -> None:
    expected = VAULTS[name]
    due = kith(copied(name, tmp_path), "due", "--days", "3650", "--json")
    assert due.exit_code == 0, due.stderr
    report = json.loads(due.stdout)
    dated = {(task["summary"], task["due"]) for section in ("overdue", "due_soon", "waiting")
             for task in report[section] if task["due"]}
    assert expected.follow_ups <= dated, expected.follow_ups - dated
    every = {task["summary"] for section in ("overdue", "due_soon", "waiting", "undated")
             for task in report[section]}
    assert not expected.not_listed & every


def test_a_contacts_own_follow_up_in_kith_due_and_show(tmp_path: Path) -> None:
    root = copied("crm", tmp_path)
    report = json.loads(kith(root, "due", "--json").stdout)
    own = [task for task in report["overdue"] if task["note"] is None]
    assert [(task["summary"], task["due"], task["file"], task["line"], task["contact"]) for task in own] == [
        ("Follow up with Mira Castell", "2026-08-03", "Contacts/Mira Castell.md", 9,
         {"slug": "mira-castell", "name": "Mira Castell"})]
    shown = kith(root, "show", "Mira Castell")
    assert "2026-08-03 (overdue by 111 days)  Follow up with Mira Castell  Contacts/Mira Castell.md:9" \
        in shown.stdout
    # Tomas's own `last_contacted: 2026-11-15` is older than the lunch of 2026-11-18.
    assert "Last contact:   2026-11-18 (4 days ago, Lunch)" in kith(root, "show", "Tomas Berg").stdout


def test_last_contacted_newer_than_any_note(tmp_path: Path) -> None:
    root = copied("dataview", tmp_path)
    shown = kith(root, "show", "Ines Duarte")
    # `Last contact:: 2026-03-02` is newer than the two notes of 2024 with her.
    assert "Last contact:   2026-03-02 (265 days ago, last_contacted in their file)" in shown.stdout


def test_kith_check_fields_counts_the_fields_kith_does_not_read(tmp_path: Path) -> None:
    root = copied("kepano", tmp_path)
    (root / "People" / "Ana Lima.md").write_text("---\ncompnay: Harbour Labs\ncategories: []\n---\n", "utf-8")
    listed = kith(root, "check", "--fields")
    assert listed.exit_code == 0
    assert listed.stdout.splitlines() == [
        "Front-matter fields kith does not read (kept in the files, shown nowhere):",
        "",
        "In contacts:",
        "  categories  4 files",
        "  created     3 files",
        "  compnay     1 file  (did you mean 'company'?)",
        "",
        "In notes:",
        "  categories  2 files",
        "  topics      2 files",
        "  loc         1 file",
        "  org         1 file",
    ]
    # None of them is a problem.
    assert kith(root, "check").stdout.startswith("No problems")
    assert kith(copied("dataview", tmp_path), "check", "--fields").stdout == (
        "kith reads every front-matter field in the contacts and notes.\n")


BROKEN = ("Kim Osei has a contact file, Contacts/Kim Osei.md, but it could not be read: "
          "Contacts/Kim Osei.md:8:")


@pytest.mark.parametrize("command", [
    ("add", "Kim Osei"), ("add", "kim osei"), ("add", "K. Osei", "--alias", "Kim Osei"), ("add", "kim-osei"),
    ("show", "Kim Osei"), ("show", "kim-osei"), ("log", "Kim Osei", "--no-edit"),
])
def test_a_broken_contact_file_still_holds_its_name(command: tuple[str, ...], tmp_path: Path) -> None:
    root = copied("crm", tmp_path)
    before = snapshot(root)
    result = kith(root, *command)
    assert result.exit_code == 1
    assert BROKEN in result.stderr and "kith add" not in result.stderr, result.stderr
    assert snapshot(root) == before


def test_a_name_near_a_broken_file_points_at_it(tmp_path: Path) -> None:
    root = copied("crm", tmp_path)
    result = kith(root, "log", "Kim", "--no-edit")  # the first name of the broken file's person
    assert result.exit_code == 1
    assert "Kim Osei has a contact file, Contacts/Kim Osei.md, but it could not be read" in result.stderr
    assert "kith add" not in result.stderr
    near = kith(root, "log", "Kym Osei", "--no-edit")  # a typo
    assert near.exit_code == 1
    assert "Kim Osei — Contacts/Kim Osei.md (could not be read; see kith check)" in near.stderr
    assert "kith add" not in near.stderr


@pytest.mark.parametrize(("vault", "name", "owner"), [
    ("crm", "Mira Castell", "Contacts/Mira Castell.md"),
    ("kepano", "José Núñez", "People/José Núñez.md"),  # the name is the file name
    ("kepano", "jose nunez", "People/José Núñez.md"),  # the address it would have
    ("dataview", "Tomas Berg", "People/Tomas Berg.md"),  # no front matter at all
])
def test_add_refuses_a_name_whose_file_has_another_file_name(vault: str, name: str, owner: str,
                                                             tmp_path: Path) -> None:
    root = copied(vault, tmp_path)
    before = snapshot(root)
    result = kith(root, "add", name)
    assert result.exit_code == 1 and owner in result.stderr, result.stderr
    assert snapshot(root) == before


def _as_found(root: Path) -> dict[str, bytes]:
    """The vault as a user has it before kith: no mkdocs.yml, no site_src/."""
    (root / "mkdocs.yml").unlink()
    shutil.rmtree(root / "site_src")
    return snapshot(root)


def _strict_build(root: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KITH_TODAY": TODAY}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root,
                          capture_output=True, text=True, env=environment, timeout=600)


@pytest.mark.parametrize("name", list(VAULTS))
def test_init_existing_adds_kith_and_writes_no_note(name: str, tmp_path: Path) -> None:
    root = copied(name, tmp_path)
    wanted = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))["plugins"][1]["kith"]
    before = _as_found(root)
    result = invoke("init", "--existing", str(root))
    assert result.exit_code == 0, result.stderr
    after = snapshot(root)
    assert set(after) - set(before) == {"mkdocs.yml", "site_src/index.md"}
    assert {path: after[path] for path in before} == before  # nothing else touched
    config = yaml.safe_load(after["mkdocs.yml"])
    found = config["plugins"][1]["kith"]
    assert found == wanted  # the folders, in the order a user would list them (Meetings before Daily)
    assert config["site_name"] == name and config["docs_dir"] == "site_src"
    people = len(VAULTS[name].people)
    assert f"kith reads {people} contact{'s' if people != 1 else ''} in " in result.stdout
    build = _strict_build(root)
    assert (build.returncode == 0) == (name in SOUND), build.stdout + build.stderr


def test_init_existing_leaves_a_mkdocs_yml_alone_and_says_what_to_add(tmp_path: Path) -> None:
    root = copied("dataview", tmp_path)
    _as_found(root)
    (root / "mkdocs.yml").write_text("site_name: My notes\nplugins:\n  - search\n", "utf-8")
    before = snapshot(root)
    result = invoke("init", "--existing", str(root))
    assert result.exit_code == 1 and snapshot(root) == before
    assert "exists already, and kith never rewrites it" in result.stderr
    assert "- kith:" in result.stderr and "contacts_dir: [People, Clients]" in result.stderr
    assert "notes_dir: [Meetings, Daily]" in result.stderr and "nothing was written" in result.stderr
    # One that has kith already: nothing to add.
    again = invoke("init", "--existing", str(copied("kepano", tmp_path)))
    assert again.exit_code == 1 and "uses kith already" in again.stderr


def test_init_existing_finds_no_folder_and_says_how_to_name_them(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    (root / ".obsidian").mkdir(parents=True)
    (root / "Notes").mkdir()
    (root / "Notes" / "Mira Castell.md").write_text("Met at the meetup.\n", "utf-8")
    before = snapshot(root)
    result = invoke("init", "--existing", str(root))
    assert result.exit_code == 1 and snapshot(root) == before
    assert "found no folder of people notes (--contacts) and no folder of conversation notes" in result.stderr
    assert "--contacts People --notes Meetings" in result.stderr
    for options, message in [
        (("--contacts", "Notes", "--notes", "Notes"), "cannot hold both people and conversations"),
        (("--contacts", "Nobody", "--notes", "Notes"), "--contacts Nobody: there is no folder Nobody"),
        (("--contacts", "../elsewhere", "--notes", "Notes"), "is outside the vault"),
    ]:
        refused = invoke("init", "--existing", str(root), *options)
        assert refused.exit_code == 1 and message in refused.stderr, refused.stderr
        assert snapshot(root) == before
    # A plain `kith init` would put a sample contact among the notes: it points at --existing.
    plain = invoke("init", str(root))
    assert plain.exit_code == 1 and "kith init --existing" in plain.stderr and snapshot(root) == before


def test_init_existing_with_folders_named_and_a_site_folder_of_notes(tmp_path: Path) -> None:
    root = copied("crm", tmp_path)
    _as_found(root)
    (root / "Interactions").rename(root / "Log")
    (root / "site").mkdir()
    (root / "site" / "Launch plan.md").write_text("# Launch plan\n", "utf-8")
    result = invoke("init", "--existing", str(root), "--contacts", "Contacts", "--notes", "Log/")
    assert result.exit_code == 0, result.stderr
    config = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))
    assert config["plugins"][1]["kith"] == {"contacts_dir": "Contacts", "notes_dir": "Log"}
    assert config["site_dir"] == "_site"  # MkDocs empties its site folder: not the one of notes
    _strict_build(root)
    assert (root / "site" / "Launch plan.md").read_text("utf-8") == "# Launch plan\n"
    assert (root / "_site" / "contacts" / "mira-castell" / "index.html").is_file()
    assert "Leave _site/ (the built site) out of git" in result.stdout

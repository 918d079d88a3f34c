"""`kith show NAME` (a person's summary) and `kith check` (every problem, and the exit status)."""

from __future__ import annotations

import re

import pytest
from kith.core.loader import load_vault
from kith.core.model import Severity
from kith_cli import invoke, run_script


def write_people(vault) -> None:
    vault.contact("aisha-rahman", "She runs digital at Northwind.\n", name="Aisha Rahman", aliases=["Aisha"],
                  company="Northwind Health", role="Head of Digital", email="aisha@example.org",
                  phone="+44 113 496 0000", links={"linkedin": "https://www.linkedin.com/in/aisha"},
                  tags=["digital-health"], circle="close", met="2024-03-12", birthday="04-17")
    vault.contact("kim-osei", name="Kim Osei")
    for number in range(1, 8):  # seven notes with Aisha, the newest on 2026-11-07
        vault.note(f"2026-11-0{number}-note-{number}", "", date=f"2026-11-0{number}",
                   title=f"Talk number {number}", kind="call", **{"with": ["Aisha", "kim-osei"]})
    vault.note("2026-10-01-promises", (
        "- [ ] Send [[Aisha]] the report 📅 2026-11-27\n"
        "- [ ] Aisha to share the template #waiting\n"
        "- [x] Thank Aisha\n"
        "- [ ] Ask [[Kim Osei]] about the budget\n"
    ), date="2026-10-01", title="Promises", **{"with": ["Aisha"]})


def test_show_gives_details_last_contact_next_due_follow_ups_and_recent_notes(vault, kith) -> None:
    write_people(vault)
    result = kith("show", "aisha")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("Aisha Rahman")
    assert "contacts/aisha-rahman.md" in out
    for detail in ("Head of Digital at Northwind Health", "aisha@example.org", "+44 113 496 0000",
                   "https://www.linkedin.com/in/aisha", "digital-health", "close (every 30 days)",
                   "2024-03-12", "04-17"):
        assert detail in out, detail
    assert re.search(r"Last contact:\s+2026-11-07 \(15 days ago, Talk number 7\)", out)
    assert re.search(r"Next due:\s+2026-12-07 \(in 15 days\)", out)
    follow_ups = out.split("Open follow-ups (2)")[1].split("Recent notes")[0]
    # `[[Aisha]]` reads as her name, as on the site.
    assert "2026-11-27 (in 5 days)  Send Aisha Rahman the report" in follow_ups
    assert "waiting: Aisha to share the template" in follow_ups
    assert "Thank Aisha" not in out and "budget" not in out  # done, and Kim's
    recent = out.split("Recent notes (5 of 8)")[1]
    shown = re.findall(r"Talk number (\d)", recent)
    assert shown == ["7", "6", "5", "4", "3"]  # newest first, five by default
    assert "with Kim Osei" in recent


def test_show_notes_option_and_a_person_never_met(vault, kith) -> None:
    write_people(vault)
    assert "Recent notes (8 of 8)" in kith("show", "aisha-rahman", "--notes", "20").stdout
    vault.contact("zoe-brennan", name="Zoe Brennan")
    out = kith("show", "Zoe Brennan").stdout
    assert "none logged yet" in out and "not tracked" in out and 'kith log "Zoe Brennan"' in out


def test_show_unknown_person_is_an_error_with_candidates(vault, kith) -> None:
    write_people(vault)
    result = kith("show", "Aisha Rahmen")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "Aisha Rahman" in result.stderr and "contacts/aisha-rahman.md" in result.stderr


def test_check_clean_vault_exits_0_with_a_short_line(vault, kith) -> None:
    write_people(vault)
    result = kith("check")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "No problems in 2 contacts and 8 notes."
    assert kith("check", "--strict").exit_code == 0


def test_check_warnings_fail_only_with_strict(vault, kith) -> None:
    write_people(vault)
    vault.note("2026-11-10-typo", "Met [[Kim Osie]] today.\n", date="2026-11-10", **{"with": ["Aisha"]})
    plain = kith("check")
    assert plain.exit_code == 0
    assert re.search(r"^notes/2026-11-10-typo\.md:\d+: warning: \[\[Kim Osie\]\] links to nobody.*Kim Osei",
                     plain.stdout, re.MULTILINE | re.IGNORECASE)
    assert "0 errors, 1 warning" in plain.stderr
    strict = kith("check", "--strict")
    assert strict.exit_code == 1
    assert strict.stdout == plain.stdout


def test_check_prints_every_loader_problem_and_fails_on_errors(vault) -> None:
    write_people(vault)
    vault.write("contacts/broken.md", "---\nname: Broken\ncompany: [unclosed\n---\n")
    vault.write("notes/2026-11-11-no-date.md", "---\ntitle: Undated\nwith: [Aisha]\ndate: 2026-02-30\n---\n")
    vault.contact("nameless", company="Nobody Inc")
    problems = load_vault(vault.root).problems
    assert any(p.severity == Severity.ERROR for p in problems)
    result = run_script("check", cwd=vault.root / "contacts")
    assert result.exit_code == 1
    printed = result.stdout.splitlines()
    assert printed == [f"{p.location()}: {p.severity.value}: {p.message}" for p in problems]
    for line in printed:
        assert re.match(r"^(contacts|notes)/[^:]+\.md(:\d+)?: (error|warning): ", line), line
    assert f"{sum(p.severity == Severity.ERROR for p in problems)} error" in result.stderr
    # The other commands still work on what could be read, and say that something could not.
    due = run_script("due", cwd=vault.root)
    assert due.exit_code == 0
    assert due.stderr == "(the vault's files have problems; see them with: kith check)\n"


@pytest.mark.parametrize("command", ["show", "check", "due"])
def test_help_has_an_example(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert f"kith {command}" in result.stdout.split("Examples:")[1]
